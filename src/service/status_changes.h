#pragma once

// Status changes (学籍异动 other than transfers, SPEC §6: R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5,
// R-ST-6, R-ST-7).
//
// The registrar of the student's school files a request of a type the
// policy in force at the school enables (R-POL-4), with its reason, dates and
// proofs (domain/status_change.h). It is a workflow request of type
// "status_change" with two steps in order: 学校审核 (the school approver) →
// 学籍主管部门核准 (the registrar of the school's record authority). A student
// has at most one open status change or transfer. The last approval changes
// the record's status at once (R-ST-7) — and its grade and class for a
// 复学 — with a history entry naming the request; the proofs stay in the
// record's archive. An approved 辍学 opens a 控辍保学 case
// (service/dropout_cases.h).
//
// Every write is one transaction with its audit entry; a refused action
// changes nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/status_change.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct StatusChangeStep {
  std::string name;  // 学校审核, 学籍主管部门核准
  std::string owner_org;
  std::string owner_role;
  std::string state;  // waiting | open | approved | refused | closed
  std::optional<domain::Date> opened_on, due;
  bool overdue = false;
  std::string decided_by;  // username
  std::optional<domain::Instant> decided_at;
  std::string reason;
};

struct StatusChangeInfo {
  int64_t id = 0;  // the workflow request's id
  int64_t student_id = 0;
  std::string student_number, student_name, school_code, school_name, authority_code;
  std::string type, type_label;        // suspend, 休学 …
  std::string from_status, to_status;  // 学籍状态 codes
  std::string reason;
  domain::Date effective_date;
  std::optional<domain::Date> until_date;
  std::string grade_code;
  int64_t class_id = 0;
  std::string class_name;
  std::string state;  // open | approved | refused | cancelled
  std::string initiated_by;
  domain::Instant created_at;
  std::optional<domain::Instant> ended_at, applied_at;
  std::vector<StatusChangeStep> steps;
  std::vector<int64_t> proof_ids;
};

// R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6: the school registrar of the record's school files
// a status change with proofs already uploaded for this student. Errors: the domain's
// (STATUS_CHANGE_TYPE, STATUS_CHANGE_DISABLED, STATUS_CHANGE_FROM,
// SUSPEND_TOO_LONG, COMPULSORY_NO_WITHDRAWAL, DROPOUT_NOT_COMPULSORY,
// PROOF_MISSING …), PROOF_NOT_FOUND, CLASS_NOT_IN_SCHOOL / CLASS_GRADE for
// the chosen class, REQUEST_OPEN (Conflict) when the student already has an
// open status change or transfer.
Result<StatusChangeInfo> StartStatusChange(store::Database& db, const Context& ctx,
                                           int64_t student_id,
                                           const domain::StatusChangeInput& input,
                                           const std::vector<int64_t>& proof_ids);

// R-ST-1, R-ST-7: the owner of the open step decides (the school approver,
// then the record authority's registrar); nobody decides their own request.
// "不同意" needs a reason and ends the request. The last approval applies the
// change — after re-checking that the record still has the status the
// request started from (STATUS_CHANGE_STALE). Of two deciders of one step at
// once, one decides and the other gets STEP_NOT_OPEN or REQUEST_ENDED.
Result<StatusChangeInfo> DecideStatusChange(store::Database& db, const Context& ctx,
                                            int64_t request_id, bool approve,
                                            const std::string& reason);

// The initiator withdraws an open request.
Result<StatusChangeInfo> CancelStatusChange(store::Database& db, const Context& ctx,
                                            int64_t request_id);

// One request, for anyone who may read the record (R-ORG-4).
Result<StatusChangeInfo> GetStatusChange(store::Database& db, const Context& ctx,
                                         int64_t request_id);

struct StatusChangeFilter {
  std::string org_path;  // the subtree of schools (inside the actor's own)
  std::string state;     // "" = every state
  std::string type;      // "" = every type
  int64_t student_id = 0;
  int limit = 100;
};

// Requests about records of schools in the subtree, newest first.
Result<std::vector<StatusChangeInfo>> ListStatusChanges(store::Database& db, const Context& ctx,
                                                        const StatusChangeFilter& filter);

// What the registrar may file for a record: every type, whether the policy
// at its school enables it (R-ST-1, R-POL-4) and whether it applies to the
// record now (its status and stage, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6) — with the refusal's
// message when not — the proofs it needs and its extra inputs.
struct StatusChangeOption {
  std::string type, label;
  bool enabled = false;
  bool applicable = false;
  std::string refusal;  // why not, when !enabled or !applicable
  std::vector<domain::ProofKind> proofs;
  bool needs_until = false;
  domain::Placement placement = domain::Placement::kNone;
};
Result<std::vector<StatusChangeOption>> StatusChangeOptions(store::Database& db, const Context& ctx,
                                                            int64_t student_id);

// The school of the record a request is about (for scoping routes). `id` is
// the path text; anything but 1–18 digits names nothing.
std::optional<std::string> SchoolOfStatusChange(store::Tx& tx, const std::string& id);

}  // namespace xueji::service
