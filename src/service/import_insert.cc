#include "service/import_insert.h"

#include <stdexcept>

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

// R-REG-1, R-REG-4
std::vector<int64_t> ImportInserter::InsertBatch(store::Tx& tx, const Context& ctx,
                                                 const OrgRef& school, ImportBatch& batch) {
  if (batch.keys.size() != batch.records.size() ||
      batch.duplicates.size() != batch.records.size()) {
    throw std::logic_error("ImportInserter::InsertBatch: the batch was not prepared");
  }
  std::vector<NewStudent> records;
  records.reserve(batch.records.size());
  for (size_t i = 0; i < batch.records.size(); ++i) {
    records.push_back({&batch.records[i], batch.keys[i]});
  }
  std::vector<int64_t> ids = InsertNewStudents(tx, ctx, school, records);
  written_.insert(written_.end(), ids.begin(), ids.end());
  AppendHistoryOfEach(tx, ctx, ids, {"registration", "", "pending_school"}, "批量导入");
  for (auto& found : batch.duplicates) {
    for (auto& d : found) {
      if (!PendingRecords::IsPending(d.other_student_id)) continue;
      d.other_student_id =
          written_.at(static_cast<size_t>(d.other_student_id - PendingRecords::kFirstId));
    }
  }
  RecordSuspectedDuplicatePairs(tx, ctx, ids, batch.duplicates);
  InsertWorkflowRequests(tx, ctx, request_, {ids.begin(), ids.end()}, "{}");
  return ids;
}

}  // namespace xueji::service
