#include "service/import_insert.h"

#include "service/student_history.h"
#include "service/suspected_duplicates.h"
#include "service/workflow_requests.h"

namespace xueji::service {

// R-REG-1
Result<ImportInserter> ImportInserter::Prepare(store::Tx& tx, const Context& ctx,
                                               const OrgRef& school) {
  if (!ctx.actor) return Unauthenticated();
  XUEJI_ASSIGN_OR_RETURN(auto spec, SchoolAndAuthoritySpec(tx, "registration", school.code));
  XUEJI_ASSIGN_OR_RETURN(auto request,
                         domain::StartRequest(spec, ctx.actor->user_id, domain::CstDate(ctx.now),
                                              StoredWorkingDays(tx)));
  return ImportInserter(std::move(request));
}

// The keys of a name depend on the name alone (R-INFO-5); a grade's list
// repeats names often enough to keep them for the import's length.
const NameKeys& ImportInserter::KeysOfName(const std::string& name) {
  auto it = keys_.find(name);
  if (it == keys_.end()) it = keys_.emplace(name, KeysOf(name)).first;
  return it->second;
}

// R-REG-1, R-REG-4
Result<int64_t> ImportInserter::Insert(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                       const domain::ValidatedStudent& v) {
  int64_t id = InsertNewStudent(tx, ctx, school, v, KeysOfName(v.record.name));
  AppendHistory(tx, ctx, id, {{"registration", "", "pending_school"}}, "批量导入");
  XUEJI_RETURN_IF_ERROR(RecordSuspectedDuplicates(tx, ctx, id));
  InsertWorkflowRequest(tx, ctx, request_, id, "{}");
  return id;
}

}  // namespace xueji::service
