#pragma once

// The server's import worker (R-IO-1; docs/import.md "Running, cancelling,
// crash safety"): a few threads owned by the server process and a queue of
// job ids. An upload stores its job as queued (CreateImportJob) and hands
// the id here; a worker thread runs it with RunImportJob under the
// uploader's context, `now` read from the clock when the run starts.
//
// Stop: the queue is dropped (its jobs stay queued) and every running job is
// asked to stop; a run sees the request after its current chunk of rows and
// ends failed with nothing written ("服务停止，导入中断，未写入任何记录"). A
// run already inside its final transaction finishes it (records, end state
// and result commit together, or not at all). Jobs left queued or running
// are marked failed at the next start (FailInterruptedImports).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "service/clock.h"
#include "service/context.h"
#include "service/import_jobs.h"
#include "store/database.h"

namespace xueji::service {

struct ImportWorkerOptions {
  int threads = 2;  // jobs run at once (one per school: IMPORT_BUSY)
  int64_t chunk_rows = 200;
  // Called on the worker thread after each chunk's progress is committed,
  // before the stop request is read (tests observe and pace runs with it).
  std::function<void(const ImportJob&)> on_progress;
  // ImportRunOptions::hold_after_first_batch: `serve --test-import-hold-ms`.
  std::chrono::milliseconds hold_after_first_batch{0};
};

class ImportWorker {
 public:
  ImportWorker(store::Database& db, const Clock& clock, ImportWorkerOptions options = {});
  ~ImportWorker();  // Stop()
  ImportWorker(const ImportWorker&) = delete;
  ImportWorker& operator=(const ImportWorker&) = delete;

  // Starts the threads; once only.
  void Start();

  // Queues the queued job `job_id` to run as `uploader` (the actor and
  // client of the upload). False once stopping: the job stays queued and is
  // failed at the next start.
  bool Submit(int64_t job_id, const Context& uploader);

  // Drops the queue, asks running jobs to stop and joins the threads.
  // Idempotent.
  void Stop();

  // Blocks until the queue is empty and no job runs (tests).
  void WaitIdle();

  // Whether Stop() was called.
  bool stopping();

 private:
  struct Item {
    int64_t job_id = 0;
    Context uploader;
  };
  void Loop();
  void RunOne(const Item& item);

  store::Database& db_;
  const Clock& clock_;
  ImportWorkerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Item> queue_;
  int running_ = 0;
  bool stopping_ = false;
  bool started_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace xueji::service
