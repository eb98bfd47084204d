#include "service/import_insert.h"

#include "service/student_history.h"
#include "service/student_insert.h"
#include "service/suspected_duplicates.h"
#include "service/workflow_requests.h"

namespace xueji::service {

// R-REG-1, R-REG-4
Result<int64_t> InsertImportedStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                      const domain::ValidatedStudent& v) {
  int64_t id = InsertNewStudent(tx, ctx, school, v, KeysOf(v.record.name));
  AppendHistory(tx, ctx, id, {{"registration", "", "pending_school"}}, "批量导入");
  XUEJI_RETURN_IF_ERROR(RecordSuspectedDuplicates(tx, ctx, id));
  XUEJI_RETURN_IF_ERROR(
      StartSchoolAndAuthorityRequest(tx, ctx, "registration", school.code, id, "{}"));
  return id;
}

}  // namespace xueji::service
