#pragma once

// The 居民身份证 numbers of the stored records held in memory, for a bulk
// import whose suspected-duplicate look-ups (R-REG-4: some 169 numbers one
// typo away per record) outnumber the stored numbers themselves: one pass
// over the ID index then costs less than the probes, as a query planner
// would choose a hash join over an index loop. On a national database the
// probes stay (LoadIfAtMost declines).
//
// Consistency: loaded in the snapshot the import's look-ups read (service/
// import_duplicates.h); the import's own records are looked up among its
// pending records (service/pending_records.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"

namespace xueji::service {

// A normalized 居民身份证 number (18 characters) as an integer: its 17-digit
// body times 11 plus its check character (X = 10); 0 for anything else.
uint64_t IdNumberCode(std::string_view id_number);
// The number of a code IdNumberCode made (not 0).
std::string IdNumberOfCode(uint64_t code);

class StoredIdNumbers {
 public:
  // Every stored record's normalized ID number, when there are at most
  // `limit`; nullopt (nothing loaded) when there are more.
  static std::optional<StoredIdNumbers> LoadIfAtMost(store::Tx& tx, int64_t limit);

  // The ids of the records holding the number of `code`.
  template <typename F>
  void ForEachHolder(uint64_t code, F&& f) const {
    auto it =
        std::lower_bound(entries_.begin(), entries_.end(), std::pair<uint64_t, int64_t>{code, 0});
    for (; it != entries_.end() && it->first == code; ++it) f(it->second);
  }

  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<uint64_t, int64_t>> entries_;  // (code, student id), sorted
};

}  // namespace xueji::service
