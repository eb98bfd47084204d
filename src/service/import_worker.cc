#include "service/import_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace xueji::service {
namespace {

// Raised from the progress callback when the worker stops: RunImportJob
// ends the job failed with this message; no record has been written yet,
// since progress callbacks run before the final transaction.
class ImportStopped : public std::runtime_error {
 public:
  ImportStopped() : std::runtime_error("服务停止，导入中断，未写入任何记录") {}
};

}  // namespace

ImportWorker::ImportWorker(store::Database& db, const Clock& clock, ImportWorkerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

ImportWorker::~ImportWorker() { Stop(); }

void ImportWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  for (int i = 0; i < std::max(1, options_.threads); ++i) threads_.emplace_back([this] { Loop(); });
}

bool ImportWorker::Submit(int64_t job_id, const Context& uploader) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !started_) return false;
    queue_.push_back({job_id, uploader});
  }
  wake_.notify_one();
  return true;
}

void ImportWorker::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (!queue_.empty()) spdlog::warn("import worker stops with {} queued job(s)", queue_.size());
    queue_.clear();
    threads.swap(threads_);
  }
  wake_.notify_all();
  idle_.notify_all();
  for (auto& t : threads) t.join();
}

void ImportWorker::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return (queue_.empty() && running_ == 0) || stopping_; });
}

bool ImportWorker::stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

void ImportWorker::Loop() {
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    RunOne(item);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
    }
    idle_.notify_all();
  }
}

// R-IO-1: the run of one job under its uploader's context.
void ImportWorker::RunOne(const Item& item) {
  Context ctx = item.uploader;
  ctx.now = clock_.Now();
  ImportRunOptions run;
  run.chunk_rows = options_.chunk_rows;
  run.hold_after_first_batch = options_.hold_after_first_batch;
  run.on_progress = [this](const ImportJob& job) {
    if (options_.on_progress) options_.on_progress(job);
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) throw ImportStopped();
  };
  try {
    auto job = RunImportJob(db_, ctx, item.job_id, run);
    if (!job.ok()) {
      spdlog::warn("import job {} not run: {}", item.job_id, job.error().message);
    } else {
      spdlog::info("import job {} {}: {} imported, {} invalid", item.job_id, job->state,
                   job->imported, job->rows_invalid);
    }
  } catch (const std::exception& e) {
    // The job stays as it was left; the next start marks it failed.
    spdlog::error("import job {}: {}", item.job_id, e.what());
  }
}

}  // namespace xueji::service
