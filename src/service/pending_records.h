#pragma once

// Records a bulk import (R-IO-1) is about to write, as the suspected-
// duplicate finder (R-REG-4, service/duplicate_candidates.h) sees them, held
// in memory so that the finder can look up an import's records among each
// other away from the import's write transaction: with the stored records
// read in a snapshot taken before the first of them is written, the two
// together are what the write transaction would see.
//
// Each record gets a provisional id, kFirstId onward in the order added, the
// order the import writes them in; every stored record's id is below
// kFirstId and below the ids the records get when written, so the ids of a
// look-up sort alike either way. The import maps a provisional id to the
// real one (ordinal = id - kFirstId) once the record is written.
//
// Memory: some 100 bytes a record (an import of 100,000 records holds them
// all while it writes): the fields packed into one buffer, and per look-up
// a sorted array of (key hash, ordinal).
//
// Not thread-safe: one thread adds and looks up.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/duplicate_candidates.h"

namespace xueji::service {

class PendingRecords {
 public:
  static constexpr int64_t kFirstId = int64_t{1} << 62;
  static bool IsPending(int64_t id) { return id >= kFirstId; }

  // `expected`: how many records will be added, to size the memory once
  // rather than by doubling (0: unknown).
  explicit PendingRecords(size_t expected = 0);

  // Adds `subjects` in order under the next provisional ids, which are
  // written into their student_id.
  void Add(std::vector<DuplicateSubject>& subjects);

  // The subject of provisional id `id` (registration pending_school), or
  // nullopt.
  std::optional<DuplicateSubject> Find(int64_t id) const;

  // The provisional ids, ascending, of the records sharing with `s` the key
  // of one of the finder's look-ups: name_simplified + birth_date + sex;
  // name_pinyin + birth_date; family member's ID number `number` (each
  // record once per number).
  std::vector<int64_t> WithName(const domain::DuplicateSummary& s) const;
  std::vector<int64_t> WithPinyin(const domain::DuplicateSummary& s) const;
  std::vector<int64_t> WithGuardian(const std::string& number) const;

  // Calls f(id) for the records whose normalized ID number has code
  // `id_code` (service/stored_id_numbers.h).
  template <typename F>
  void ForEachWithIdCode(uint64_t id_code, F&& f) const {
    // Most of the 169 neighbours of a number are no record's: the filter
    // answers those without a search.
    uint64_t bit = FilterBit(id_code);
    if ((id_filter_[bit / 64] >> (bit % 64) & 1) == 0) return;
    for (auto it = First(by_id_code_, id_code); it != by_id_code_.end() && it->key == id_code;
         ++it) {
      f(IdOf(it->ordinal));
    }
  }

  size_t size() const { return starts_.size(); }

 private:
  struct Entry {
    uint64_t key;
    uint32_t ordinal;
    bool operator<(const Entry& o) const {
      return key != o.key ? key < o.key : ordinal < o.ordinal;
    }
  };
  using Index = std::vector<Entry>;  // sorted

  // A record's fields in the buffer: the summary's six texts, then the
  // family members' numbers.
  static constexpr size_t kFixedFields = 6;

  static int64_t IdOf(uint32_t ordinal) { return kFirstId + ordinal; }
  static uint64_t FilterBit(uint64_t id_code);
  static Index::const_iterator First(const Index& index, uint64_t key);
  // Sorts the entries from `from` on into the rest of `index`.
  static void Merge(Index& index, size_t from);
  std::vector<std::string_view> FieldsOf(uint32_t ordinal) const;
  // The ordinals under `key` whose fields `same` accepts, as ids, ascending.
  template <typename Same>
  std::vector<int64_t> Matching(const Index& index, uint64_t key, Same&& same) const;

  size_t expected_;
  std::string packed_;            // every record's fields, each ended by '\x1f'
  std::vector<uint32_t> starts_;  // by ordinal: where its fields start in packed_
  Index by_name_, by_pinyin_, by_guardian_, by_id_code_;
  static constexpr uint64_t kFilterBits = uint64_t{1} << 22;
  std::vector<uint64_t> id_filter_ = std::vector<uint64_t>(kFilterBits / 64);
};

}  // namespace xueji::service
