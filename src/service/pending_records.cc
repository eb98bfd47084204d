#include "service/pending_records.h"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <stdexcept>

#include "service/stored_id_numbers.h"

namespace xueji::service {
namespace {

constexpr char kEnd = '\x1f';  // ends each field; no field holds it

// A hash of several texts, each ended by kEnd, so that ("ab", "c") and
// ("a", "bc") differ.
uint64_t HashOf(std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (std::string_view p : parts) {
    joined += p;
    joined += kEnd;
  }
  return std::hash<std::string>{}(joined);
}

uint64_t NameHash(const domain::DuplicateSummary& s) {
  return HashOf({s.name_simplified, s.birth_date, s.sex});
}
uint64_t PinyinHash(const domain::DuplicateSummary& s) {
  return HashOf({s.name_pinyin, s.birth_date});
}
uint64_t GuardianHash(std::string_view number) { return HashOf({number}); }

}  // namespace

uint64_t PendingRecords::FilterBit(uint64_t id_code) {
  return (id_code * 0x9E3779B97F4A7C15ULL) >> 42;  // the top 22 bits: kFilterBits
}

PendingRecords::Index::const_iterator PendingRecords::First(const Index& index, uint64_t key) {
  return std::lower_bound(index.begin(), index.end(), Entry{key, 0});
}

void PendingRecords::Merge(Index& index, size_t from) {
  auto middle = index.begin() + static_cast<std::ptrdiff_t>(from);
  std::sort(middle, index.end());
  std::inplace_merge(index.begin(), middle, index.end());
}

PendingRecords::PendingRecords(size_t expected) : expected_(expected) {
  starts_.reserve(expected);
  by_name_.reserve(expected);
  by_pinyin_.reserve(expected);
  by_id_code_.reserve(expected);
}

void PendingRecords::Add(std::vector<DuplicateSubject>& subjects) {
  size_t names = by_name_.size(), pinyins = by_pinyin_.size();
  size_t guardians = by_guardian_.size(), codes = by_id_code_.size();
  for (auto& subject : subjects) {
    if (starts_.size() >= UINT32_MAX || packed_.size() >= UINT32_MAX / 2) {
      throw std::length_error("PendingRecords: too many records");
    }
    auto ordinal = static_cast<uint32_t>(starts_.size());
    subject.student_id = IdOf(ordinal);
    const domain::DuplicateSummary& s = subject.summary;
    starts_.push_back(static_cast<uint32_t>(packed_.size()));
    for (const std::string* f : {&s.name_simplified, &s.name_pinyin, &s.birth_date, &s.sex,
                                 &s.id_type, &s.id_number_norm}) {
      (packed_ += *f) += kEnd;
    }
    for (const auto& g : s.guardian_ids) (packed_ += g) += kEnd;
    by_name_.push_back({NameHash(s), ordinal});
    by_pinyin_.push_back({PinyinHash(s), ordinal});
    if (uint64_t code = IdNumberCode(s.id_number_norm)) {
      by_id_code_.push_back({code, ordinal});
      uint64_t bit = FilterBit(code);
      id_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    }
    std::vector<std::string_view> numbers(s.guardian_ids.begin(), s.guardian_ids.end());
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    for (std::string_view n : numbers) by_guardian_.push_back({GuardianHash(n), ordinal});
  }
  if (names == 0 && expected_ > starts_.size() && !starts_.empty()) {
    // The rest sized as the first records, with a margin.
    double scale = 1.1 * static_cast<double>(expected_) / static_cast<double>(starts_.size());
    packed_.reserve(static_cast<size_t>(static_cast<double>(packed_.size()) * scale));
    by_guardian_.reserve(static_cast<size_t>(static_cast<double>(by_guardian_.size()) * scale));
  }
  Merge(by_name_, names);
  Merge(by_pinyin_, pinyins);
  Merge(by_guardian_, guardians);
  Merge(by_id_code_, codes);
}

std::vector<std::string_view> PendingRecords::FieldsOf(uint32_t ordinal) const {
  size_t end = ordinal + 1 < starts_.size() ? starts_[ordinal + 1] : packed_.size();
  std::string_view rest(packed_.data() + starts_[ordinal], end - starts_[ordinal]);
  std::vector<std::string_view> fields;
  while (!rest.empty()) {
    size_t stop = rest.find(kEnd);
    fields.push_back(rest.substr(0, stop));
    rest.remove_prefix(stop + 1);
  }
  return fields;
}

std::optional<DuplicateSubject> PendingRecords::Find(int64_t id) const {
  if (!IsPending(id) || id - kFirstId >= static_cast<int64_t>(starts_.size())) return std::nullopt;
  auto f = FieldsOf(static_cast<uint32_t>(id - kFirstId));
  DuplicateSubject s{id,
                     "pending_school",
                     {std::string(f[0]),
                      std::string(f[1]),
                      std::string(f[2]),
                      std::string(f[3]),
                      std::string(f[4]),
                      std::string(f[5]),
                      {}}};
  for (size_t i = kFixedFields; i < f.size(); ++i) s.summary.guardian_ids.emplace_back(f[i]);
  return s;
}

template <typename Same>
std::vector<int64_t> PendingRecords::Matching(const Index& index, uint64_t key, Same&& same) const {
  std::vector<int64_t> ids;
  for (auto it = First(index, key); it != index.end() && it->key == key; ++it) {
    if (same(FieldsOf(it->ordinal))) ids.push_back(IdOf(it->ordinal));
  }
  return ids;  // ascending: the entries of a key are sorted by ordinal
}

std::vector<int64_t> PendingRecords::WithName(const domain::DuplicateSummary& s) const {
  return Matching(by_name_, NameHash(s), [&](const std::vector<std::string_view>& f) {
    return f[0] == s.name_simplified && f[2] == s.birth_date && f[3] == s.sex;
  });
}

std::vector<int64_t> PendingRecords::WithPinyin(const domain::DuplicateSummary& s) const {
  return Matching(by_pinyin_, PinyinHash(s), [&](const std::vector<std::string_view>& f) {
    return f[1] == s.name_pinyin && f[2] == s.birth_date;
  });
}

std::vector<int64_t> PendingRecords::WithGuardian(const std::string& number) const {
  return Matching(by_guardian_, GuardianHash(number), [&](const std::vector<std::string_view>& f) {
    return std::find(f.begin() + kFixedFields, f.end(), number) != f.end();
  });
}

}  // namespace xueji::service
