#pragma once

// Writing one imported record (R-IO-1, R-REG-1): the rows SubmitRegistration
// writes (service/student_insert.h), its `registration` workflow request, the
// near matches listed for review (R-REG-4) and one history row of its
// registration state, inside the import's single transaction; the import
// audits the whole submission once.

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
