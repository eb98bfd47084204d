#pragma once

// Writing one imported record (R-IO-1, R-REG-1): what SubmitRegistration
// (service/registration.cc) writes for one record — the student row pending
// the school approver, its family members, its province values, its
// `registration` workflow request, the near matches listed for review
// (R-REG-4) — plus one history row of its registration state, inside the
// import's single transaction; the import audits the whole submission once.
// Kept apart from registration.cc, whose pieces are private to it.

#include <cstdint>

#include "domain/result.h"
#include "domain/student_record.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// R-REG-1, R-REG-4: writes `v` (validated, its class checked to be the
// school's) in `tx`; returns the new record's id.
Result<int64_t> InsertImportedStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                      const domain::ValidatedStudent& v);

}  // namespace xueji::service
