#include "crash/import_job_watch.h"

namespace xueji::testing {

namespace {
constexpr auto kPollInterval = std::chrono::milliseconds(5);
}  // namespace

const char* PhaseName(ImportPhase phase) {
  switch (phase) {
    case ImportPhase::kNoJob:
      return "no job yet";
    case ImportPhase::kStarting:
      return "job starting";
    case ImportPhase::kValidating:
      return "validating";
    case ImportPhase::kFinal:
      return "final transaction";
    case ImportPhase::kEnded:
      return "ended";
  }
  return "?";
}

JobSight LookAtNewestJob(store::Tx& tx) {
  JobSight s;
  auto r = tx.QueryOne(
      "SELECT id, state, rows_processed, rows_total FROM import_job ORDER BY id DESC LIMIT 1");
  if (!r) return s;
  s.job_id = r->Int(0);
  s.state = r->Text(1);
  s.rows_processed = r->Int(2);
  s.rows_total = r->Int(3);
  if (s.state != "queued" && s.state != "running") {
    s.phase = ImportPhase::kEnded;
  } else if (s.rows_processed == 0) {
    s.phase = ImportPhase::kStarting;
  } else if (s.rows_processed < s.rows_total) {
    s.phase = ImportPhase::kValidating;
  } else {
    s.phase = ImportPhase::kFinal;
  }
  return s;
}

ImportJobWatch::ImportJobWatch(store::Database& db) : db_(db) {
  first_seen_[static_cast<int>(ImportPhase::kNoJob)] = Clock::now();
  thread_ = std::thread([this] { Poll(); });
}

ImportJobWatch::~ImportJobWatch() { Stop(); }

void ImportJobWatch::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

JobSight ImportJobWatch::Last() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_;
}

std::optional<ImportJobWatch::Clock::time_point> ImportJobWatch::FirstSeen(
    ImportPhase phase) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return first_seen_[static_cast<int>(phase)];
}

void ImportJobWatch::Poll() {
  while (!stop_) {
    JobSight s;
    try {
      auto tx = db_.BeginRead();
      s = LookAtNewestJob(*tx);
    } catch (const store::StoreError&) {
      // A read refused by a busy database is tried again at the next poll.
      std::this_thread::sleep_for(kPollInterval);
      continue;
    }
    auto now = Clock::now();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_ = s;
      auto& first = first_seen_[static_cast<int>(s.phase)];
      if (!first) first = now;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace xueji::testing
