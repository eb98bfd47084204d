#include "service/duplicate_candidates.h"

#include <algorithm>
#include <functional>
#include <type_traits>
#include <unordered_map>

#include "service/pending_records.h"
#include "store/sql_text.h"

namespace xueji::service {
namespace {

// The keys of one look-up with the subjects (by index) that hold them,
// sorted by key: a batch has some 85,000 ID neighbours, too many for a node
// per key. A text key of several parts joins them with '\x1f'.
template <typename Key>
class KeyedSubjects {
 public:
  void Add(Key key, size_t subject) { entries_.emplace_back(std::move(key), subject); }
  void Seal() {
    std::sort(entries_.begin(), entries_.end());
    entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  }
  // Every distinct key, in order.
  template <typename F>
  void ForEachKey(F&& f) const {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (i == 0 || entries_[i].first != entries_[i - 1].first) f(entries_[i].first);
    }
  }
  template <typename F>
  void ForEachSubjectOf(const Key& key, F&& f) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const auto& e, const Key& k) { return e.first < k; });
    for (; it != entries_.end() && it->first == key; ++it) f(it->second);
  }

 private:
  std::vector<std::pair<Key, size_t>> entries_;
};

// Values per IN (…) list or VALUES table: large enough that a batch of new
// records takes few statements, small enough for either engine.
constexpr size_t kProbeBatch = 1024;

// Pads `params`, `keys` keys (1 to kProbeBatch) of `width` values each, by
// repeating the last key up to the next of a few list sizes, and returns
// the padded key count: the statements of a look-up are then a few texts,
// each prepared once per connection and kept in its statement cache,
// whatever the number of keys. A repeated key matches what it matched once.
size_t PadToListSize(std::vector<store::Value>& params, size_t keys, size_t width) {
  size_t padded = kProbeBatch;
  for (size_t size : {1, 4, 16, 64, 256}) {
    if (keys <= size) {
      padded = size;
      break;
    }
  }
  std::vector<store::Value> last(params.end() - static_cast<std::ptrdiff_t>(width), params.end());
  for (; keys < padded; ++keys) params.insert(params.end(), last.begin(), last.end());
  return padded;
}

std::string JoinKey(const std::vector<std::string>& parts) {
  std::string key;
  for (size_t i = 0; i < parts.size(); ++i) key += (i ? "\x1f" : "") + parts[i];
  return key;
}

// Runs `sql(n)` for the keys of `keyed` in batches of n, each key of `width`
// parts ('\x1f'-separated in the map) bound in order, and calls `each` with
// every result row.
template <typename Key>
void Probe(store::Tx& tx, const KeyedSubjects<Key>& keyed, size_t width,
           const std::function<std::string(size_t)>& sql,
           const std::function<void(const store::Row&)>& each) {
  std::vector<store::Value> params;
  size_t keys = 0;
  auto flush = [&] {
    if (keys == 0) return;
    size_t padded = PadToListSize(params, keys, width);
    for (const auto& r : tx.Query(sql(padded), params)) each(r);
    params.clear();
    keys = 0;
  };
  keyed.ForEachKey([&](const Key& key) {
    if constexpr (std::is_same_v<Key, uint64_t>) {
      params.emplace_back(IdNumberOfCode(key));
    } else {
      size_t start = 0;
      for (size_t part = 0; part < width; ++part) {
        size_t end = width == 1 ? key.size() : key.find('\x1f', start);
        params.emplace_back(key.substr(start, end - start));
        start = end + 1;
      }
    }
    if (++keys == kProbeBatch) flush();
  });
  flush();
}

// "WITH v(k0, k1, …) AS (VALUES (…), …) " for n keys of `width` parts.
std::string ValuesTable(size_t width, size_t n) {
  std::string sql = "WITH v(";
  for (size_t c = 0; c < width; ++c) sql += (c ? ", k" : "k") + std::to_string(c);
  sql += ") AS (VALUES ";
  for (size_t i = 0; i < n; ++i) {
    sql += (i ? ", (" : "(") + store::Placeholders(i * width + 1, width) + ")";
  }
  return sql + ") ";
}

class CandidateSets {
 public:
  explicit CandidateSets(const std::vector<DuplicateSubject>& subjects)
      : found_(subjects.size()), guardian_found_(subjects.size()) {
    for (size_t i = 0; i < subjects.size(); ++i) index_of_[subjects[i].student_id] = i;
  }

  // Adds `id` as a candidate of subject `i` unless it is the subject itself
  // or a subject after it.
  void Add(size_t i, int64_t id) {
    if (Allowed(i, id)) found_[i].insert(id);
  }
  // As Add, at most kGuardianCandidateLimit per subject.
  void AddByGuardian(size_t i, int64_t id) {
    if (!Allowed(i, id) || found_[i].count(id) != 0) return;
    if (guardian_found_[i] >= kGuardianCandidateLimit) return;
    ++guardian_found_[i];
    found_[i].insert(id);
  }
  std::vector<std::set<int64_t>> Take() { return std::move(found_); }

 private:
  bool Allowed(size_t i, int64_t id) const {
    auto it = index_of_.find(id);
    return it == index_of_.end() || it->second < i;
  }

  std::unordered_map<int64_t, size_t> index_of_;
  std::vector<std::set<int64_t>> found_;
  std::vector<int64_t> guardian_found_;
};

// Calls each(row) for every result of the exact-key join of `keyed`
// (`width` parts, matched to `conditions` on student s and the VALUES table v).
void ProbeStudents(store::Tx& tx, const KeyedSubjects<std::string>& keyed, size_t width,
                   const std::string& conditions, CandidateSets& sets) {
  std::string select = "SELECT s.id";
  for (size_t c = 0; c < width; ++c) select += ", v.k" + std::to_string(c);
  Probe(
      tx, keyed, width,
      [&](size_t n) {
        return ValuesTable(width, n) + select + " FROM v JOIN student s ON " + conditions;
      },
      [&](const store::Row& r) {
        std::vector<std::string> parts;
        for (size_t c = 0; c < width; ++c) parts.push_back(r.Text(c + 1));
        keyed.ForEachSubjectOf(JoinKey(parts), [&](size_t i) { sets.Add(i, r.Int(0)); });
      });
}

// R-REG-4: the pending records sharing a family member's ID number with the
// subjects, added after the stored ones (`stored_holders`: rows the store
// gave per number). As the store's look-up, each number yields its lowest
// kGuardianCandidateLimit + 1 holders, and all are taken in id order.
void AddPendingGuardians(const PendingRecords& pending, const KeyedSubjects<std::string>& keyed,
                         const std::unordered_map<std::string, int64_t>& stored_holders,
                         CandidateSets& sets) {
  std::vector<std::pair<int64_t, const std::string*>> rows;
  keyed.ForEachKey([&](const std::string& number) {
    auto it = stored_holders.find(number);
    int64_t room = kGuardianCandidateLimit + 1 - (it == stored_holders.end() ? 0 : it->second);
    for (int64_t id : pending.WithGuardian(number)) {
      if (room-- <= 0) break;
      rows.emplace_back(id, &number);
    }
  });
  std::sort(rows.begin(), rows.end());
  for (const auto& [id, number] : rows) {
    keyed.ForEachSubjectOf(*number, [&, id = id](size_t i) { sets.AddByGuardian(i, id); });
  }
}

}  // namespace

// R-REG-4
std::vector<std::set<int64_t>> DuplicateCandidates(store::Tx& tx,
                                                   const std::vector<DuplicateSubject>& subjects,
                                                   const CandidateSources& sources) {
  CandidateSets sets(subjects);
  const PendingRecords* pending = sources.pending;
  KeyedSubjects<std::string> by_name, by_pinyin, by_guardian;
  KeyedSubjects<uint64_t> by_id;
  for (size_t i = 0; i < subjects.size(); ++i) {
    const domain::DuplicateSummary& s = subjects[i].summary;
    by_name.Add(JoinKey({s.name_simplified, s.birth_date, s.sex}), i);
    by_pinyin.Add(JoinKey({s.name_pinyin, s.birth_date}), i);
    if (pending) {
      for (int64_t id : pending->WithName(s)) sets.Add(i, id);
      for (int64_t id : pending->WithPinyin(s)) sets.Add(i, id);
    }
    if (!s.id_number_norm.empty()) {
      domain::ForEachIdTypoNeighbour(s.id_number_norm, [&](std::string_view n) {
        uint64_t code = IdNumberCode(n);
        if (pending) pending->ForEachWithIdCode(code, [&](int64_t id) { sets.Add(i, id); });
        if (sources.stored_ids) {
          sources.stored_ids->ForEachHolder(code, [&](int64_t id) { sets.Add(i, id); });
        } else {
          by_id.Add(code, i);
        }
      });
    }
    for (const auto& g : s.guardian_ids) by_guardian.Add(g, i);
  }
  for (auto* keyed : {&by_name, &by_pinyin, &by_guardian}) keyed->Seal();
  by_id.Seal();
  ProbeStudents(tx, by_name, 3, "s.name_simplified = v.k0 AND s.birth_date = v.k1 AND s.sex = v.k2",
                sets);
  ProbeStudents(tx, by_pinyin, 2, "s.name_pinyin = v.k0 AND s.birth_date = v.k1", sets);
  Probe(
      tx, by_id, 1,
      [](size_t n) {
        return "SELECT id, id_number_norm FROM student WHERE id_number_norm IN (" +
               store::Placeholders(1, n) + ")";
      },
      [&](const store::Row& r) {
        by_id.ForEachSubjectOf(IdNumberCode(r.Text(1)), [&](size_t i) { sets.Add(i, r.Int(0)); });
      });
  // The lowest ids first, so that each subject's limit keeps the same records.
  std::unordered_map<std::string, int64_t> stored_holders;
  Probe(
      tx, by_guardian, 1,
      [](size_t n) {
        return "SELECT student_id, id_number_norm FROM (SELECT student_id, id_number_norm, "
               "ROW_NUMBER() OVER (PARTITION BY id_number_norm ORDER BY student_id) AS n FROM "
               "(SELECT DISTINCT student_id, id_number_norm FROM guardian WHERE id_number_norm "
               "IN (" +
               store::Placeholders(1, n) +
               ")) AS d) AS g WHERE n <= " + std::to_string(kGuardianCandidateLimit + 1) +
               " ORDER BY student_id";
      },
      [&](const store::Row& r) {
        std::string number = r.Text(1);
        if (pending) ++stored_holders[number];
        by_guardian.ForEachSubjectOf(number, [&](size_t i) { sets.AddByGuardian(i, r.Int(0)); });
      });
  if (pending) AddPendingGuardians(*pending, by_guardian, stored_holders, sets);
  return sets.Take();
}

// R-REG-4
std::map<int64_t, DuplicateSubject> LoadDuplicateSubjects(store::Tx& tx,
                                                          const std::vector<int64_t>& ids) {
  std::map<int64_t, DuplicateSubject> out;
  for (size_t start = 0; start < ids.size(); start += kProbeBatch) {
    size_t n = std::min(kProbeBatch, ids.size() - start);
    std::vector<store::Value> params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                     ids.begin() + static_cast<std::ptrdiff_t>(start + n));
    std::string in = "(" + store::Placeholders(1, PadToListSize(params, n, 1)) + ")";
    for (const auto& r : tx.Query(
             "SELECT id, registration, name_simplified, name_pinyin, birth_date, sex, id_type, "
             "COALESCE(id_number_norm, '') FROM student WHERE id IN " +
                 in,
             params)) {
      out[r.Int(0)] =
          DuplicateSubject{r.Int(0),
                           r.Text(1),
                           {r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), {}}};
    }
    for (const auto& r : tx.Query("SELECT student_id, id_number_norm FROM guardian WHERE "
                                  "id_number_norm IS NOT NULL AND student_id IN " +
                                      in + " ORDER BY student_id, seq",
                                  params)) {
      auto it = out.find(r.Int(0));
      if (it != out.end()) it->second.summary.guardian_ids.push_back(r.Text(1));
    }
  }
  return out;
}

}  // namespace xueji::service
