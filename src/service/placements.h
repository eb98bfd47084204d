#pragma once

// 就读安置 (R-TR-12, 第十七条; domain/placement.h): a transfer that keeps
// the record at the sending school (学籍保留在原学校) records, at 调档, that
// the student attends the receiving school instead of moving the record.
//
// The transfer side (service/transfers.cc, transfer_moves.cc) calls the
// hooks below inside its own transaction; the rest are business actions of
// their own, each one transaction with its audit entry and, for a write, a
// history row on the record.
//
// Jurisdiction (R-ORG-4): the attending school's list is scoped to that
// school (its subtree's actors see it); the record's placement is read with
// the record (the record school's subtree); a placement is visible at or
// above either school (NotFound elsewhere) and ended by a registrar of
// either school.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/placement.h"
#include "domain/result.h"
#include "domain/time.h"
#include "domain/transfer.h"
#include "service/context.h"
#include "service/transfers.h"
#include "store/database.h"

namespace xueji::service {

// ---- Hooks of the transfer flow, in the caller's transaction. ----

// R-TR-12: for a start with `in.record_stays`, checks domain::
// CheckRecordStays for the locked student between the two schools — the
// agreement is a proof of kind record_location_agreement on the student's
// record (uploaded by the record school, PROOF_KIND otherwise) — and marks
// the just inserted transfer `transfer_id`. Nothing without record_stays.
Status MarkRecordStays(store::Tx& tx, int64_t transfer_id, int64_t student_id,
                       const std::string& from_school, const std::string& to_school,
                       const TransferStartInput& in);

// R-TR-12: fills record_stays, record_stay_basis and agreement_proof_id of a
// transfer read from the store.
void LoadRecordStay(store::Tx& tx, TransferInfo& t);

// R-TR-12: 调档 of a transfer that keeps the record: ends the student's
// active placement (replaced), records the placement at the receiving school
// and class since `since`, a history row on the record, the transfer
// becomes `placed`, audited (placement.start). The record does not move.
Status PlaceStudent(store::Tx& tx, const Context& ctx, const TransferInfo& t, domain::Date since);

// R-TR-12: transfer `transfer_id` moving the record (调档, offline entry,
// rollback) ends the student's active placement on `moved_on`, with a
// history row, remembering the transfer.
void EndPlacementOnMove(store::Tx& tx, const Context& ctx, int64_t student_id,
                        domain::Date moved_on, int64_t transfer_id);

// R-TR-9, R-TR-12: the rollback of transfer `transfer_id` restores the
// placement its move ended — the student attends there again while the
// record is back at the record school — with a history row, audited
// (placement.restore). A placement made since from the record's new school
// ends with the rollback's move. Nothing when the move ended none.
void RestorePlacementOnRollback(store::Tx& tx, const Context& ctx, int64_t student_id,
                                int64_t transfer_id, domain::Date today);

// ---- Business actions. ----

// R-TR-12: for the start form — whether a transfer of the student with
// `student_key` and `name` into the actor's school may keep the record at
// the sending school, and on which basis (none when it may not). Only the
// registrar of a school; a key and name that do not match are NotFound as
// at the start.
Result<std::optional<domain::RecordStayBasis>> RecordStayOption(store::Database& db,
                                                                const Context& ctx,
                                                                const std::string& student_key,
                                                                const std::string& name);

struct PlacementInfo {
  int64_t id = 0;
  int64_t student_id = 0;
  int64_t transfer_id = 0;
  std::string student_name, student_number;
  std::string id_number_masked;  // R-SEC-3
  std::string record_status;     // the record's 学籍状态 now
  std::string attending_school, attending_school_name;
  int64_t attending_class_id = 0;
  std::string attending_class_name, attending_grade;
  std::string record_school, record_school_name, record_grade, record_class_name;
  std::string basis;  // special_education | specialized_school
  domain::Date since;
  std::string state;  // active | ended
  std::optional<domain::Date> ended_on;
  std::string ended_by, end_reason;
};

// R-TR-12: the active placements at school `school_code` (in the actor's
// subtree: the router checks it), by name. Not for the administrators.
Result<std::vector<PlacementInfo>> ListSchoolPlacements(store::Database& db, const Context& ctx,
                                                        const std::string& school_code);

// R-TR-12: the student's active placement, if any, for who may read the
// record (the record school's subtree).
Result<std::optional<PlacementInfo>> GetStudentPlacement(store::Database& db, const Context& ctx,
                                                         int64_t student_id);

// R-TR-12: a registrar of the attending or of the record school records that
// the student went back to the record school on `ended_on` (from the
// placement's start to today); a reason is required. PLACEMENT_ENDED
// (Conflict) for a placement already ended.
Result<PlacementInfo> EndPlacement(store::Database& db, const Context& ctx, int64_t id,
                                   domain::Date ended_on, const std::string& reason);

}  // namespace xueji::service
