#pragma once

// Watches an import job from outside the server (R-SEC-5 crash test,
// docs/crash_test.md): a thread reads the newest import_job row of a database
// every few milliseconds and keeps the last state seen, so that the moment a
// server is killed can be placed in a phase of the import, and an unkilled
// run can be timed phase by phase.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/database.h"

namespace xueji::testing {

// Where an import stands, as another connection sees it.
enum class ImportPhase {
  kNoJob,       // the upload is sent and read; no job row yet
  kStarting,    // queued, or running with no row validated yet (the file is read again)
  kValidating,  // some rows validated, not all
  kFinal,       // every row validated; the final transaction runs
  kEnded,       // done, failed or cancelled
};

const char* PhaseName(ImportPhase phase);

struct JobSight {
  ImportPhase phase = ImportPhase::kNoJob;
  int64_t job_id = 0;
  std::string state;
  int64_t rows_processed = 0, rows_total = 0;
};

// The newest import job of the database as `tx` sees it.
JobSight LookAtNewestJob(store::Tx& tx);

class ImportJobWatch {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts watching `db` (which must outlive the watch).
  explicit ImportJobWatch(store::Database& db);
  ~ImportJobWatch();
  ImportJobWatch(const ImportJobWatch&) = delete;
  ImportJobWatch& operator=(const ImportJobWatch&) = delete;

  // The last sight, read no more than one poll interval ago.
  JobSight Last() const;
  // When a phase was first seen (nullopt: not yet).
  std::optional<Clock::time_point> FirstSeen(ImportPhase phase) const;
  // Stops the thread; Last() keeps the final sight.
  void Stop();

 private:
  void Poll();

  store::Database& db_;
  mutable std::mutex mutex_;
  JobSight last_;
  std::optional<Clock::time_point> first_seen_[5];
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace xueji::testing
