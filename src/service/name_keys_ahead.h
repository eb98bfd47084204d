#pragma once

// The name keys (R-INFO-5, R-REG-4: ICU Han-Latin and OpenCC, the costliest
// step of writing a record outside the store) of an import's names, worked
// out on a thread of their own while the import validates its rows on
// another, so that the final transaction finds them ready (R-IO-1).

#include <atomic>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "service/student_insert.h"

namespace xueji::service {

class NameKeysAhead {
 public:
  using Table = std::unordered_map<std::string, NameKeys>;

  // Starts the thread on `names` as the file holds them: each is normalized
  // as validation normalizes a name (domain/person_name.h); names that do
  // not normalize are skipped (their rows fail validation).
  explicit NameKeysAhead(std::vector<std::string> names);
  // Stops the thread at its next name and joins it.
  ~NameKeysAhead();
  NameKeysAhead(const NameKeysAhead&) = delete;
  NameKeysAhead& operator=(const NameKeysAhead&) = delete;

  // Waits for the thread to finish and returns the keys by normalized name;
  // call once.
  Table Take();

 private:
  std::atomic<bool> stop_{false};
  Table table_;
  std::thread thread_;
};

}  // namespace xueji::service
