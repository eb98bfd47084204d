#include "service/import_insert.h"

#include <algorithm>

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

// R-REG-4
void ImportInserter::PlanFor(store::Tx& tx, int64_t records) {
  stored_ids_ =
      StoredIdNumbers::LoadIfAtMost(tx, std::min(kMaxStoredIds, records * kProbesPerStoredId));
}

// The keys of a name depend on the name alone (R-INFO-5); a grade's list
// repeats names often enough to keep them for the import's length.
const NameKeys& ImportInserter::KeysOfName(const std::string& name) {
  if (ahead_ != nullptr) {
    if (const NameKeys* keys = ahead_->Find(name)) return *keys;
  }
  auto it = keys_.find(name);
  if (it == keys_.end()) it = keys_.emplace(name, KeysOf(name)).first;
  return it->second;
}

namespace {

// R-REG-4: the finder's view of a record just written (what
// LoadDuplicateSubjects would read back).
DuplicateSubject SubjectOf(int64_t id, const domain::ValidatedStudent& v, const NameKeys& keys) {
  DuplicateSubject s{id,
                     "pending_school",
                     {keys.simplified,
                      keys.pinyin,
                      v.record.birth_date,
                      v.record.sex,
                      v.record.id_type,
                      v.id ? v.id->normalized : "",
                      {}}};
  for (const auto& g : v.record.guardians) {
    if (g.id_type == domain::kCitizenIdType) s.summary.guardian_ids.push_back(g.id_number);
  }
  return s;
}

}  // namespace

// R-REG-1, R-REG-4
std::vector<int64_t> ImportInserter::InsertBatch(
    store::Tx& tx, const Context& ctx, const OrgRef& school,
    const std::vector<domain::ValidatedStudent>& batch) {
  std::vector<NewStudent> records;
  records.reserve(batch.size());
  for (const auto& v : batch) records.push_back({&v, &KeysOfName(v.record.name)});
  std::vector<int64_t> ids = InsertNewStudents(tx, ctx, school, records);
  AppendHistoryOfEach(tx, ctx, ids, {"registration", "", "pending_school"}, "批量导入");
  std::vector<DuplicateSubject> subjects;
  subjects.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    subjects.push_back(SubjectOf(ids[i], batch[i], *records[i].keys));
  }
  const StoredIdNumbers* stored_ids = nullptr;
  if (stored_ids_) {
    std::vector<std::pair<int64_t, std::string>> written;
    for (const auto& s : subjects) written.emplace_back(s.student_id, s.summary.id_number_norm);
    stored_ids_->Add(written);
    stored_ids = &*stored_ids_;
  }
  RecordSuspectedDuplicatesOf(tx, ctx, subjects, stored_ids);
  InsertWorkflowRequests(tx, ctx, request_, {ids.begin(), ids.end()}, "{}");
  return ids;
}

}  // namespace xueji::service
