// The import worker on both backends (R-IO-1): a submitted job runs under
// its uploader's context with the clock's time; a stop during a run ends it
// failed with nothing written; a job the worker did not take stays queued
// and is failed at the next start.

#include "service/import_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "import_fixture.h"
#include "service/audit.h"

namespace xueji::service {
namespace {

using import_test::kSchool;

class ImportWorkerTest : public import_test::ImportFixture {
 protected:
  ImportJob Upload(int rows) {
    auto job = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "a.csv", "A",
                               GoodRows(1, rows));
    EXPECT_TRUE(job.ok()) << (job.ok() ? "" : job.error().message);
    return job.ok() ? *job : ImportJob{};
  }
  ImportJob Job(int64_t id) { return GetImportJob(*db_, As("school_registrar"), id).value(); }
};

TEST_P(ImportWorkerTest, R_IO_1_a_submitted_job_runs_as_its_uploader) {
  int64_t students = Students();
  domain::Instant later = domain::AddMinutes(now_, 30);
  ManualClock clock(later);
  ImportWorker worker(*db_, clock);
  worker.Start();
  auto job = Upload(3);
  ASSERT_TRUE(worker.Submit(job.id, As("school_registrar")));
  worker.WaitIdle();
  auto done = Job(job.id);
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.imported, 3);
  EXPECT_EQ(Students(), students + 3);
  ASSERT_TRUE(done.finished_at.has_value());
  EXPECT_EQ(done.finished_at->micros, later.micros);  // the clock at the run, not the upload
  auto tx = db_->BeginRead();
  auto audit =
      tx->QueryOne("SELECT actor FROM audit_log WHERE action = 'student.import' AND subject = $1",
                   {std::to_string(job.id)});
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->Text(0), "school_registrar");
}

TEST_P(ImportWorkerTest, R_IO_1_a_stop_during_a_run_writes_nothing_and_fails_the_job) {
  int64_t students = Students();
  ManualClock clock(now_);
  std::promise<void> running;
  std::atomic<int> calls{0};
  ImportWorker* self = nullptr;
  ImportWorkerOptions options;
  options.threads = 1;
  options.chunk_rows = 1;
  // The first chunk's progress waits for the stop, so the stop meets a run.
  options.on_progress = [&](const ImportJob&) {
    if (calls++ != 0) return;
    running.set_value();
    while (!self->stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  ImportWorker worker(*db_, clock, options);
  self = &worker;
  worker.Start();
  auto job = Upload(4);
  ASSERT_TRUE(worker.Submit(job.id, As("school_registrar")));
  running.get_future().wait();
  worker.Stop();
  EXPECT_EQ(calls.load(), 1);
  auto ended = Job(job.id);
  EXPECT_EQ(ended.state, "failed");
  EXPECT_EQ(ended.error, "服务停止，导入中断，未写入任何记录");
  EXPECT_EQ(ended.imported, 0);
  EXPECT_EQ(Students(), students);
  EXPECT_FALSE(worker.Submit(job.id, As("school_registrar")));
  EXPECT_EQ(FailInterruptedImports(*db_, Context{std::nullopt, "test", now_}), 0);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(ImportWorkerTest, R_IO_1_a_job_the_stopped_worker_refuses_is_failed_at_the_next_start) {
  ManualClock clock(now_);
  ImportWorker worker(*db_, clock);
  worker.Start();
  worker.Stop();
  auto job = Upload(2);
  EXPECT_FALSE(worker.Submit(job.id, As("school_registrar")));
  EXPECT_EQ(Job(job.id).state, "queued");
  EXPECT_EQ(FailInterruptedImports(*db_, Context{std::nullopt, "test", now_}), 1);
  auto failed = Job(job.id);
  EXPECT_EQ(failed.state, "failed");
  EXPECT_EQ(failed.imported, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportWorkerTest, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
