// The import crash test (R-SEC-5, R-IO-1; docs/crash_test.md): the real
// server is killed with SIGKILL at random moments of a mode-A import and
// restarted on the same database, which must then hold the whole submission
// or none of it, with the server answering and nothing left running.
//
// Environment: XUEJI_CRASH_KILLS (kills per backend, default 10),
// XUEJI_CRASH_SEED (the moments' seed, printed; default from the clock),
// XUEJI_CRASH_ROWS (rows of the workbook; default 2000 on SQLite and 1000 on
// PostgreSQL, whose final transaction is several times slower per row, so
// that ten kills take about as long on each).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/api_client.h"
#include "crash/crash_checks.h"
#include "crash/crash_workbook.h"
#include "crash/import_job_watch.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Kill moments are drawn over [0, kSpan) of the unkilled run's duration, so
// that some fall after the job has ended.
constexpr double kSpan = 1.2;
constexpr auto kJobTimeout = std::chrono::minutes(5);

int64_t EnvNumber(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::stoll(v) : fallback;
}

uint64_t Seed() {
  static const uint64_t seed = static_cast<uint64_t>(EnvNumber(
      "XUEJI_CRASH_SEED", std::chrono::system_clock::now().time_since_epoch().count() % 1000000));
  return seed;
}

const CrashWorkbook& WorkbookFor(store::Dialect dialect) {
  static std::map<store::Dialect, CrashWorkbook> workbooks;
  auto it = workbooks.find(dialect);
  if (it == workbooks.end()) {
    int64_t rows = EnvNumber("XUEJI_CRASH_ROWS", dialect == store::Dialect::kSqlite ? 2000 : 1000);
    it = workbooks.emplace(dialect, MakeCrashWorkbook(rows)).first;
  }
  return it->second;
}

double MillisSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// One kill, for the summary.
struct KillRecord {
  double fraction = 0;  // of the unkilled duration
  JobSight seen;        // the last sight of the job before the kill
  bool all = false;     // the whole submission was in after the restart
  double restart_ms = 0;
};

ApiClient LoggedInAt(unsigned short port, const std::string& username) {
  ApiClient client(port);
  auto r = client.Login(username, kDemoPassword);
  EXPECT_EQ(r.status, 200) << username << ": " << r.body;
  return client;
}

// The classes the workbook's rows name (some exist in the demo data).
void AddClasses(unsigned short port, const CrashWorkbook& workbook) {
  ApiClient moe = LoggedInAt(port, "moe_registrar");
  for (const char* grade : kCrashGrades) {
    for (int k = 1; k <= workbook.classes_per_grade; ++k) {
      auto r = moe.Post(std::string("/api/v1/schools/") + kCrashSchool + "/classes",
                        std::string(R"({"grade_code":")") + grade + R"(","name":")" +
                            std::to_string(k) + "班\"}");
      ASSERT_TRUE(r.status == 201 || r.ErrorCode() == "CLASS_EXISTS") << r.body;
    }
  }
}

// Sends the workbook as `client` from its own thread; the thread ends when
// the server answers — at once or when the job has ended — or dies.
std::thread StartUpload(ApiClient client, const CrashWorkbook& workbook) {
  return std::thread([client, &workbook]() mutable {
    try {
      client.Post(
          std::string("/api/v1/schools/") + kCrashSchool + "/imports?name=students.xlsx&mode=A",
          workbook.bytes);
    } catch (const std::exception&) {
      // The server was killed before it answered.
    }
  });
}

// Waits until the watch sees a job newer than `after` end.
JobSight WaitForEnd(const ImportJobWatch& watch, int64_t after) {
  auto deadline = Clock::now() + kJobTimeout;
  while (Clock::now() < deadline) {
    auto s = watch.Last();
    if (s.job_id > after && s.phase == ImportPhase::kEnded) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "the import did not end within the timeout";
  return watch.Last();
}

// Uploads the workbook unkilled and checks the whole submission is in.
void UploadAndExpectWhole(TestServer& server, store::Database& db, const CrashWorkbook& workbook,
                          int64_t after) {
  ApiClient client = LoggedInAt(server.port(), "school_registrar");
  ImportJobWatch watch(db);
  std::thread upload = StartUpload(client, workbook);
  JobSight end = WaitForEnd(watch, after);
  upload.join();
  auto tx = db.BeginRead();
  EXPECT_EQ(WorkbookRecordsIn(*tx, workbook), workbook.rows);
  ExpectWholeSubmission(*tx, client, workbook, end);
}

class ImportCrash : public ::testing::TestWithParam<store::Dialect> {
 protected:
  const CrashWorkbook& workbook() const { return WorkbookFor(GetParam()); }

  // A new server on a new database with the demo data and the classes.
  std::unique_ptr<TestServer> NewServer() {
    auto server = std::make_unique<TestServer>(GetParam());
    AddClasses(server->port(), workbook());
    return server;
  }

  // R-IO-1: the unkilled run, checked and timed phase by phase; returns its
  // duration in ms.
  double MeasureUnkilled() {
    auto server = NewServer();
    auto db = store::OpenDatabase(server->db_url());
    ApiClient client = LoggedInAt(server->port(), "school_registrar");
    ImportJobWatch watch(*db);
    auto t0 = Clock::now();
    std::thread upload = StartUpload(client, workbook());
    JobSight end = WaitForEnd(watch, 0);
    upload.join();
    ExpectWholeSubmission(*db->BeginRead(), client, workbook(), end);
    auto at = [&](ImportPhase p) {
      auto t = watch.FirstSeen(p);
      return t ? std::chrono::duration<double, std::milli>(*t - t0).count() : -1.0;
    };
    double total = at(ImportPhase::kEnded);
    std::printf(
        "[crash] %s unkilled: job seen %.0f ms, validating %.0f ms, final transaction "
        "%.0f ms, ended %.0f ms\n",
        BackendName(GetParam()).c_str(), at(ImportPhase::kStarting), at(ImportPhase::kValidating),
        at(ImportPhase::kFinal), total);
    return total;
  }

  KillRecord KillOnce(double fraction, double unkilled_ms);
  void CheckAfterRestart(TestServer& server, store::Database& db, KillRecord& record);
  void PrintSummary(const std::vector<KillRecord>& records, double unkilled_ms);
};

// R-SEC-5: kills the server `fraction` of the unkilled duration after the
// upload starts, restarts it on the same database and checks it.
KillRecord ImportCrash::KillOnce(double fraction, double unkilled_ms) {
  KillRecord record{fraction, {}, false, 0};
  auto server = NewServer();
  auto db = store::OpenDatabase(server->db_url());
  {
    ApiClient client = LoggedInAt(server->port(), "school_registrar");
    ImportJobWatch watch(*db);
    auto t0 = Clock::now();
    std::thread upload = StartUpload(client, workbook());
    std::this_thread::sleep_until(
        t0 + std::chrono::microseconds(static_cast<int64_t>(fraction * unkilled_ms * 1000)));
    server->Kill();
    record.seen = watch.Last();
    upload.join();
  }
  auto t = Clock::now();
  try {
    server->Restart();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "the server does not start after the kill: " << e.what();
    return record;
  }
  record.restart_ms = MillisSince(t);
  CheckAfterRestart(*server, *db, record);
  return record;
}

// R-SEC-5, R-IO-1: all or nothing, nothing running, a sound database, and
// after nothing, the same file goes in whole.
void ImportCrash::CheckAfterRestart(TestServer& server, store::Database& db, KillRecord& record) {
  ApiClient client = LoggedInAt(server.port(), "school_registrar");
  JobSight job;
  {
    auto tx = db.BeginRead();
    ExpectNoJobLeftRunning(*tx);
    int64_t in = WorkbookRecordsIn(*tx, workbook());
    EXPECT_TRUE(in == 0 || in == workbook().rows)
        << in << " of " << workbook().rows << " records are in";
    job = LookAtNewestJob(*tx);
    record.all = in == workbook().rows;
    if (record.all) {
      ExpectWholeSubmission(*tx, client, workbook(), job);
    } else {
      ExpectNothingWritten(*tx, workbook(), job);
    }
    ExpectConsistent(*tx, server.db_url());
  }
  if (!record.all) {
    SCOPED_TRACE("the same file uploaded again");
    UploadAndExpectWhole(server, db, workbook(), job.job_id);
  }
}

void ImportCrash::PrintSummary(const std::vector<KillRecord>& records, double unkilled_ms) {
  std::printf("[crash] %s: seed %llu, %zu kills, %lld rows, unkilled %.0f ms\n",
              BackendName(GetParam()).c_str(), static_cast<unsigned long long>(Seed()),
              records.size(), static_cast<long long>(workbook().rows), unkilled_ms);
  std::printf("[crash] | phase at the kill | kills | all | none |\n");
  for (int p = 0; p <= static_cast<int>(ImportPhase::kEnded); ++p) {
    int kills = 0, all = 0;
    for (const auto& r : records) {
      if (static_cast<int>(r.seen.phase) != p) continue;
      ++kills;
      all += r.all ? 1 : 0;
    }
    std::printf("[crash] | %s | %d | %d | %d |\n", PhaseName(static_cast<ImportPhase>(p)), kills,
                all, kills - all);
  }
  std::vector<double> restarts;
  for (const auto& r : records) restarts.push_back(r.restart_ms);
  std::sort(restarts.begin(), restarts.end());
  if (!restarts.empty()) {
    std::printf("[crash] restart ms: min %.0f, median %.0f, max %.0f\n", restarts.front(),
                restarts[restarts.size() / 2], restarts.back());
  }
  std::fflush(stdout);
}

TEST_P(ImportCrash, R_SEC_5_R_IO_1_an_import_killed_at_any_moment_leaves_all_of_it_or_none) {
  const int kills = static_cast<int>(EnvNumber("XUEJI_CRASH_KILLS", 10));
  std::printf("[crash] seed %llu (XUEJI_CRASH_SEED replays the moments)\n",
              static_cast<unsigned long long>(Seed()));
  RecordProperty("seed", std::to_string(Seed()));
  double unkilled_ms = MeasureUnkilled();
  ASSERT_GT(unkilled_ms, 0) << "the unkilled import did not end";
  std::mt19937_64 rng(Seed());
  std::uniform_real_distribution<double> moment(0, kSpan);
  std::vector<KillRecord> records;
  for (int i = 0; i < kills; ++i) {
    double fraction = moment(rng);
    SCOPED_TRACE("kill " + std::to_string(i + 1) + " of " + std::to_string(kills) + " at " +
                 std::to_string(fraction) + " of the unkilled run, seed " + std::to_string(Seed()));
    records.push_back(KillOnce(fraction, unkilled_ms));
    const auto& r = records.back();
    std::printf(
        "[crash] %s kill %d: %.0f ms (%.2f), seen %s (job %lld %s %lld/%lld) -> %s, "
        "restart %.0f ms\n",
        BackendName(GetParam()).c_str(), i + 1, fraction * unkilled_ms, fraction,
        PhaseName(r.seen.phase), static_cast<long long>(r.seen.job_id), r.seen.state.c_str(),
        static_cast<long long>(r.seen.rows_processed), static_cast<long long>(r.seen.rows_total),
        r.all ? "all" : "none", r.restart_ms);
    std::fflush(stdout);
    if (HasFatalFailure()) break;
  }
  PrintSummary(records, unkilled_ms);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCrash, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
