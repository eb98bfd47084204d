#include "crash/crash_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace xueji::testing {
namespace {

// How many of the rows' first column are ID numbers of the workbook.
int64_t CountOfWorkbook(const std::vector<store::Row>& rows, const CrashWorkbook& workbook) {
  int64_t n = 0;
  for (const auto& r : rows) n += workbook.id_numbers.count(r.Text(0)) ? 1 : 0;
  return n;
}

int64_t CountOf(store::Tx& tx, const std::string& sql, const std::vector<store::Value>& params) {
  return tx.QueryOne(sql, params)->Int(0);
}

}  // namespace

int64_t WorkbookRecordsIn(store::Tx& tx, const CrashWorkbook& workbook) {
  return CountOfWorkbook(
      tx.Query("SELECT id_number_norm FROM student WHERE school_code = $1", {kCrashSchool}),
      workbook);
}

void ExpectNoJobLeftRunning(store::Tx& tx) {
  EXPECT_EQ(CountOf(tx, "SELECT count(*) FROM import_job WHERE state IN ('queued', 'running')", {}),
            0)
      << "a job is still queued or running after the restart";
}

void ExpectWholeSubmission(store::Tx& tx, ApiClient& client, const CrashWorkbook& workbook,
                           const JobSight& job) {
  EXPECT_EQ(job.state, "done");
  auto row = tx.QueryOne(
      "SELECT imported, (SELECT COUNT(*) FROM import_job_file f WHERE f.job_id = j.id AND "
      "f.kind = 'result') FROM import_job j WHERE j.id = $1",
      {job.job_id});
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Int(0), workbook.rows) << "imported";
  EXPECT_EQ(row->Int(1), 1) << "the result workbook";
  EXPECT_EQ(CountOf(tx,
                    "SELECT count(*) FROM audit_log WHERE action = 'student.import' AND "
                    "subject = $1 AND outcome = 'ok'",
                    {std::to_string(job.job_id)}),
            1);
  auto requests = tx.Query(
      "SELECT s.id_number_norm FROM workflow_request w JOIN student s ON s.id = "
      "w.subject_student_id WHERE w.type = 'registration' AND s.school_code = $1",
      {kCrashSchool});
  EXPECT_EQ(CountOfWorkbook(requests, workbook), workbook.rows) << "registration requests";
  auto history = tx.Query(
      "SELECT s.id_number_norm FROM student_history h JOIN student s ON s.id = h.student_id "
      "WHERE h.field = 'registration' AND s.school_code = $1",
      {kCrashSchool});
  EXPECT_EQ(CountOfWorkbook(history, workbook), workbook.rows) << "history rows";
  auto seen = client.Get("/api/v1/imports/" + std::to_string(job.job_id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json().at("state").as_string(), "done");
  EXPECT_EQ(seen.Json().at("imported").as_int64(), workbook.rows);
}

void ExpectNothingWritten(store::Tx& tx, const CrashWorkbook& workbook, const JobSight& job) {
  EXPECT_EQ(WorkbookRecordsIn(tx, workbook), 0);
  EXPECT_EQ(CountOf(tx,
                    "SELECT count(*) FROM audit_log WHERE action = 'student.import' AND "
                    "outcome = 'ok'",
                    {}),
            0);
  if (job.job_id != 0) {
    EXPECT_TRUE(job.state == "failed" || job.state == "cancelled") << "job state " << job.state;
  }
}

void ExpectConsistent(store::Tx& tx, const std::string& db_url) {
  if (tx.dialect() == store::Dialect::kSqlite) {
    auto integrity = tx.Query("PRAGMA integrity_check");
    ASSERT_FALSE(integrity.empty());
    EXPECT_EQ(integrity.front().Text(0), "ok");
    EXPECT_TRUE(tx.Query("PRAGMA foreign_key_check").empty()) << "foreign key violations";
  }
  std::string out;
  EXPECT_EQ(TestServer::RunCli("verify-audit --db '" + db_url + "'", &out), 0) << out;
}

}  // namespace xueji::testing
