#include "service/import_duplicates.h"

#include <algorithm>

namespace xueji::service {
namespace {

// R-REG-4: the finder's view of a record about to be written (what
// LoadDuplicateSubjects would read back once it is).
DuplicateSubject SubjectOf(const domain::ValidatedStudent& v, const NameKeys& keys) {
  DuplicateSubject s{0,
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

// The keys of a name depend on the name alone (R-INFO-5); a grade's list
// repeats names often enough to keep them for the import's length.
const NameKeys& ImportDuplicates::KeysOfName(const std::string& name) {
  if (name_keys_ != nullptr) {
    if (const NameKeys* keys = name_keys_->Find(name)) return *keys;
  }
  auto it = keys_.find(name);
  if (it == keys_.end()) it = keys_.emplace(name, KeysOf(name)).first;
  return it->second;
}

// R-REG-4
void ImportDuplicates::Prepare(store::Tx& tx, ImportBatch& batch) {
  if (!planned_) {
    stored_ids_ =
        StoredIdNumbers::LoadIfAtMost(tx, std::min(kMaxStoredIds, records_ * kProbesPerStoredId));
    planned_ = true;
  }
  batch.keys.clear();
  std::vector<DuplicateSubject> subjects;
  subjects.reserve(batch.records.size());
  for (const auto& v : batch.records) {
    batch.keys.push_back(&KeysOfName(v.record.name));
    subjects.push_back(SubjectOf(v, *batch.keys.back()));
  }
  pending_.Add(subjects);
  batch.duplicates =
      FindSuspectedDuplicatesOf(tx, subjects, {stored_ids_ ? &*stored_ids_ : nullptr, &pending_});
}

}  // namespace xueji::service
