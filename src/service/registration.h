#pragma once

// Registering a new student (学籍建立, R-REG-1..3, R-REG-5, R-REG-8, R-NO-2):
// the school registrar submits → the school approver approves → the record
// authority 核准s; only then is the record active and numbered. A rejection
// at either step returns the record to the registrar with its reason.
//
// National exact de-duplication runs at submission and again at 核准, inside
// the transaction that activates the record: an ID number already held by an
// active record makes the new one a 问题学籍 (problem record) with both
// schools named and the arbitrating authority set, never a second active
// record — also when two schools in different provinces are approved at the
// same moment (national_id_index's primary key decides).
//
// The steps run on the approval workflow (R-TR-2, docs/workflow.md): a
// submission or resubmission starts a `registration` request (学校审核, then
// 学籍主管部门核准), and each decision writes its step in the transaction that
// moves student.registration; a return refuses the request.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/student_record.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

struct RegistrationResult {
  int64_t student_id = 0;
  std::string registration;    // pending_school | pending_authority | active | returned | problem
  std::string student_number;  // once active
  std::optional<int64_t> problem_id;
  std::vector<domain::Warning> warnings;
};

// R-REG-1, R-REG-3: validates the record (R-INFO-1..5, code tables from the
// store), checks the class belongs to `school` and the grade, and saves it
// with its family members, pending the school approver — or, when its ID
// number is held by an active record, as a problem record.
Result<RegistrationResult> SubmitRegistration(store::Database& db, const Context& ctx,
                                              const OrgRef& school, domain::StudentInput input);

// R-REG-2: the school approver's decision; refusing needs a reason, and
// nobody decides on a record they submitted (R-SEC-4).
Result<RegistrationResult> DecideAtSchool(store::Database& db, const Context& ctx,
                                          int64_t student_id, bool approve,
                                          const std::string& reason);

// R-REG-2, R-REG-3, R-NO-2, R-NO-4: the record authority's 核准. Approval
// de-duplicates nationally and, if the number is free, activates the record
// with an L number (a J number when the student has no 居民身份证).
Result<RegistrationResult> DecideAtAuthority(store::Database& db, const Context& ctx,
                                             int64_t student_id, bool approve,
                                             const std::string& reason);

// R-REG-1, R-REG-2, R-REG-3: sends a returned record, corrected by the
// registrar of its school, back to the school approver; de-duplicates again.
// R-SPEC-2025: its province values must meet the province's current
// definitions, else the validation error (every field in details, "extra.NAME")
// and nothing changes — the registrar corrects them by an edit first.
Result<RegistrationResult> ResubmitRegistration(store::Database& db, const Context& ctx,
                                                int64_t student_id);

}  // namespace xueji::service
