#pragma once

// Key-data change requests (SPEC §5: R-CHG-2, R-CHG-3, R-ARC-3, R-NO-4,
// R-NO-5, R-NO-7).
//
// Key data (关键数据: the default set of R-CHG-2 widened by the province,
// R-POL-3) change through a request: the registrar of the record's school
// files the guardian's application with its proofs → the school approver →
// the record authority. Graduates' data change only to correct a user's entry
// error, by request. Ordinary fields are edited directly
// (service/student_changes.h).
//
// An approved request writes one history row per field
// (service/student_history.h) in the transaction that applies it, with its
// audit entry; a refused action writes nothing (R-SEC-5), except that a failed
// re-check keeps the verification answer and the refusal.
//
// The steps run on the approval workflow (R-TR-2, docs/workflow.md): filing
// starts a `key_change` request (学校审核, then 学籍主管部门核准), each decision
// writes its step and a withdrawal cancels it, in the transaction that moves
// key_change_request.state.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct KeyChangeRequestInfo {
  int64_t id = 0;
  int64_t student_id = 0;
  std::string student_number, student_name, school_code, school_name;
  std::string authority_code;  // the school's record authority, who decides last
  std::string state;  // pending_school | pending_authority | approved | rejected | cancelled
  std::vector<domain::FieldChange> changes;
  std::string reason;
  bool entry_error = false;
  std::string requested_by;  // username
  domain::Instant requested_at;
  std::string school_decided_by, school_reason;
  std::optional<domain::Instant> school_decided_at;
  std::string authority_decided_by, authority_reason;
  std::optional<domain::Instant> decided_at;
  std::vector<int64_t> proof_ids;
};

// R-CHG-2, R-ARC-3, R-CHG-3: the registrar of the record's school files a
// change of key fields (`changes`: field → new value) with the guardian's
// reason and proofs already uploaded for this student. Every changed field
// needs its proofs (PROOF_MISSING per field, naming the missing kind); one
// open request per student (KEY_CHANGE_OPEN). `entry_error`: the request
// corrects an error made by the system's users — the only change a
// graduate's record takes, and then of any field.
Result<KeyChangeRequestInfo> RequestKeyChange(store::Database& db, const Context& ctx,
                                              int64_t student_id,
                                              const std::map<std::string, std::string>& changes,
                                              const std::string& reason,
                                              const std::vector<int64_t>& proof_ids,
                                              bool entry_error = false);

// R-CHG-2: the school approver of the record's school decides; nobody
// decides on their own request (R-SEC-4). Refusing needs a reason (at most
// 500 characters) and ends the request.
Result<KeyChangeRequestInfo> DecideKeyChangeAtSchool(store::Database& db, const Context& ctx,
                                                     int64_t request_id, bool approve,
                                                     const std::string& reason);

// R-CHG-2, R-NO-4, R-NO-5: the record authority of the school decides. On
// approval the changes take effect with their history — after re-checking
// that the record still holds the old values (KEY_CHANGE_STALE), that the
// merged record is valid, and, for 姓名 or 身份证件号 of a G-numbered record,
// national de-duplication (ID_NUMBER_TAKEN) and identity verification
// against the population database (IDENTITY_NOT_VERIFIED). A failed re-check
// changes neither the record nor the request; the verification answer and
// the refusal are kept (R-NO-7, R-SEC-2). A J-numbered student who now holds
// a 居民身份证 number enters the national de-duplication index, so that the
// spring batch gives the G number (R-NO-4).
Result<KeyChangeRequestInfo> DecideKeyChangeAtAuthority(store::Database& db, const Context& ctx,
                                                        int64_t request_id, bool approve,
                                                        const std::string& reason);

// R-CHG-2: the requester withdraws an open request.
Result<KeyChangeRequestInfo> CancelKeyChange(store::Database& db, const Context& ctx,
                                             int64_t request_id);

// One request, for anyone who may read the record.
Result<KeyChangeRequestInfo> GetKeyChange(store::Database& db, const Context& ctx,
                                          int64_t request_id);

// The requests of records in the subtree at `org_path` (inside the actor's
// own), newest first; `state` "" = every state, `student_id` 0 = every
// student. Approval queues: the school approver lists pending_school, the
// authority pending_authority.
Result<std::vector<KeyChangeRequestInfo>> ListKeyChangeRequests(store::Database& db,
                                                                const Context& ctx,
                                                                const std::string& org_path,
                                                                const std::string& state, int limit,
                                                                int64_t student_id = 0);

// The school holding the record a request is about (for scoping routes).
// `id` is the path text; anything but 1–18 digits names nothing.
std::optional<std::string> SchoolOfKeyChange(store::Tx& tx, const std::string& id);

}  // namespace xueji::service
