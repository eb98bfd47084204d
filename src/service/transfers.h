#pragma once

// Transfers (转学, SPEC §7; seed 004; domain/transfer.h).
//
// The receiving school's registrar finds the student by 学籍号 (or ID
// number) and name and starts a transfer into one of its classes; the four
// parties decide in any order (R-TR-2); when all agree the receiving
// school's registrar records that the student reported and pulls the record
// (调档, R-TR-3): the record moves to the new school and class in one
// transaction with its history and audit entry, the sending school keeps a
// read-only backup of the e-archive and ships the paper archive, recorded
// with a deadline that its authority watches. An authority may roll a wrong
// move back within six months (R-TR-9); a transfer completed offline is
// entered later with its real date (R-TR-10).
//
// Jurisdiction (R-ORG-4): a transfer is visible to the organizations above
// or at either school (the two schools and their authorities); to anyone
// else it does not exist (NotFound). The receiving side sees the student's
// basic data through the transfer only. Every write is one transaction with
// its audit entry; a refused action changes nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct TransferStartInput {
  std::string student_key;  // 学籍号, or 身份证件号 for a student without one
  std::string name;         // must match the record's 姓名
  std::string to_school;    // "" = the actor's school (the receiving side starts, R-TR-1)
  int64_t to_class_id = 0;
  std::string reason;
  bool progression = false;                   // 毕业后升学 (R-TR-8)
  std::optional<int64_t> statement_proof_id;  // the guardian's statement (R-TR-11)
  // R-TR-12: 学籍保留在原学校 (service/placements.h); the agreement proof
  // (record_location_agreement) for a 专门学校.
  bool record_stays = false;
  std::optional<int64_t> agreement_proof_id;
};

struct TransferStepView {
  size_t seq = 0;
  std::string name;
  std::string owner_org, owner_org_name, owner_role;
  std::string state;  // open | approved | refused | closed
  std::optional<domain::Date> due;
  bool overdue = false;
  std::string decided_by;  // username
  std::optional<domain::Instant> decided_at;
  std::string reason;
};

struct ArchiveShipping {
  domain::Date due;
  std::string method, tracking_no;
  std::optional<domain::Date> shipped_on;
  std::string shipped_by;
};

struct TransferInfo {
  int64_t id = 0;
  std::optional<int64_t> workflow_request_id;  // none for an offline entry (R-TR-10)
  int64_t student_id = 0;
  std::string student_number, student_name;
  std::string kind;  // in_county | in_province | cross_province
  bool progression = false;
  std::string from_school, from_school_name, from_grade, from_class_name, from_status;
  int64_t from_class_id = 0;
  std::string to_school, to_school_name, to_grade, to_class_name;
  int64_t to_class_id = 0;
  std::string reason;
  std::optional<int64_t> statement_proof_id;
  std::string state;  // open | approved | moved | placed | refused | cancelled | rolled_back
  bool offline = false;
  std::string created_by;
  domain::Instant created_at;
  std::string moved_by;
  std::optional<domain::Date> moved_on;
  std::string rolled_back_by, rollback_reason, rollback_responsible;
  std::optional<domain::Instant> rolled_back_at;
  std::vector<TransferStepView> steps;
  std::optional<ArchiveShipping> shipping;
  // R-TR-12: the record stays at the sending school; 调档 records a placement
  // and the state becomes `placed` (service/placements.h).
  bool record_stays = false;
  std::string record_stay_basis;  // special_education | specialized_school
  std::optional<int64_t> agreement_proof_id;
};

// R-TR-1, R-TR-2, R-TR-4, R-TR-5, R-TR-6, R-TR-7, R-TR-8: the registrar of the starting school
// starts a transfer. A student key and name that do not match one record
// are NotFound without saying which part was wrong. The class must belong to
// the receiving school (TRANSFER_CLASS); the reason is required (1..500
// characters). The start checks of domain::CheckTransferStart run against
// the policy in force at the starting school (R-TR-1, R-TR-6) and at the
// receiving school (R-TR-7 cap), today in CST.
Result<TransferInfo> StartTransfer(store::Database& db, const Context& ctx,
                                   const TransferStartInput& input);

// R-TR-2: a party decides step `step` (any order); 不同意 needs a reason and
// ends the transfer; the last approval makes it approved.
Result<TransferInfo> DecideTransfer(store::Database& db, const Context& ctx, int64_t id,
                                    size_t step, bool approve, const std::string& reason);

// R-TR-2: the initiator withdraws an open transfer.
Result<TransferInfo> CancelTransfer(store::Database& db, const Context& ctx, int64_t id);

// R-TR-3: 调档. The receiving school's registrar records that the student
// reported, once all parties agreed (TRANSFER_NOT_APPROVED otherwise): the
// record moves to the receiving school and class with its history, its
// status becomes 在籍在读, the sending school gets a read-only backup of the
// record and its history, and the paper archive's shipping falls due
// archive_shipping_months later (the sending authority's policy).
Result<TransferInfo> MoveTransferredRecord(store::Database& db, const Context& ctx, int64_t id);

// R-TR-3, 第十五条: the sending school's registrar records how and when the
// paper archive left (method required; shipped_on not in the future nor
// before the move).
Result<TransferInfo> RecordArchiveShipping(store::Database& db, const Context& ctx, int64_t id,
                                           const std::string& method,
                                           const std::string& tracking_no, domain::Date shipped_on);

// R-TR-3: the transfers whose paper archive is past due and not shipped, of
// the sending schools whose record authority is inside the actor's subtree,
// most overdue first.
Result<std::vector<TransferInfo>> ListUnshippedArchives(store::Database& db, const Context& ctx);

// R-TR-9: the registrar of either side's record authority returns a record
// moved by mistake to the sending school and class, with its former status,
// within six months of the move; the rollback names who made the move
// (谁操作、谁负责). A reason is required.
Result<TransferInfo> RollbackTransfer(store::Database& db, const Context& ctx, int64_t id,
                                      const std::string& reason);

// R-TR-10: a registrar of the receiving school's authority enters a transfer
// completed offline on `completed_on` (its real date, kept as the move's
// date): the record moves at once as in MoveTransferredRecord. The status
// precondition and the one-open-transfer rule hold (R-TR-5); windows were
// the offline procedure's concern.
Result<TransferInfo> RecordOfflineTransfer(store::Database& db, const Context& ctx,
                                           const TransferStartInput& input,
                                           domain::Date completed_on);

Result<TransferInfo> GetTransfer(store::Database& db, const Context& ctx, int64_t id);

struct TransferFilter {
  std::string direction;  // incoming | outgoing | "" (both)
  std::string state;      // "" = any
  int limit = 100;
};

// The transfers visible to the actor, newest first: incoming = into schools
// in its subtree, outgoing = out of them.
Result<std::vector<TransferInfo>> ListTransfers(store::Database& db, const Context& ctx,
                                                const TransferFilter& filter);

struct ArchiveBackup {
  int64_t transfer_id = 0;
  std::string school_code;
  std::string record_json;   // the record as it stood at the move
  std::string history_json;  // its history rows then
  domain::Instant taken_at;
};

// R-TR-3, 第九条: the sending school's read-only backup (visible under the
// sending school only).
Result<ArchiveBackup> GetArchiveBackup(store::Database& db, const Context& ctx, int64_t id);

// R-TR-11: the 学生基本信息表 the receiving school prints for the guardian:
// label → value in form order (ID number masked, R-SEC-3).
struct StudentSheet {
  TransferInfo transfer;
  std::vector<std::pair<std::string, std::string>> rows;
};
Result<StudentSheet> TransferStudentSheet(store::Database& db, const Context& ctx, int64_t id);

}  // namespace xueji::service
