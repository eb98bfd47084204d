#pragma once

// The name keys (R-INFO-5, R-REG-4: ICU Han-Latin and OpenCC, the costliest
// step of writing a record outside the store) of an import's names, worked
// out on a thread of their own from the start of the run: while the rows are
// validated, and on into the final transaction, which asks for each name's
// keys as it writes the name's record (R-IO-1). The thread works through the
// names in row order, the order the records are written in, so the writer
// seldom waits.
//
// Thread-safe: Find may be called from any thread while the thread runs.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "service/student_insert.h"

namespace xueji::service {

class NameKeysAhead {
 public:
  // Starts the thread on `names` as the file holds them: each is normalized
  // as validation normalizes a name (domain/person_name.h); names that do
  // not normalize are skipped (their rows fail validation).
  explicit NameKeysAhead(std::vector<std::string> names);
  // Stops the thread at its next name and joins it.
  ~NameKeysAhead();
  NameKeysAhead(const NameKeysAhead&) = delete;
  NameKeysAhead& operator=(const NameKeysAhead&) = delete;

  // The keys of normalized name `name`, once the thread has worked them out;
  // nullptr when the thread has ended without them (a name not in the list,
  // or the keys failed: the caller works them out and meets the failure
  // itself). The keys stay valid as long as this object.
  const NameKeys* Find(const std::string& name);

 private:
  void Run(const std::vector<std::string>& names);

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable added_;
  std::unordered_map<std::string, NameKeys> table_;  // node-based: entries never move
  bool ended_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace xueji::service
