// Student registrations (学籍建立, R-REG-1, R-REG-3, R-REG-4) through the
// whole HTTP stack against the raw SQLite single-row insert transaction rate
// measured in the same run on the same file (goal: at least 0.5×).
//
//   build/bench/registration_bench [--seconds S] [--clients N] [--classes C]
//
// The school registrar of 贵阳市南明区第一小学 submits synthetic first-graders
// (io::SyntheticStudents: valid ID numbers never issued twice, one or two
// parents) from N keep-alive connections for S seconds, spread over C new
// first-grade classes. Each request authenticates the session, checks the
// CSRF token and the school's jurisdiction, validates the record against the
// stored code tables, de-duplicates it (national_id_index and the
// suspected-duplicate finder) and inserts the student, its family members
// and the audit entry in one transaction. Then, on the same database, the
// service alone (SubmitRegistration from N threads, no HTTP) for S seconds,
// and the raw engine: BEGIN IMMEDIATE; one INSERT of a student-sized row (the
// columns of `student`, values copied from the registered rows) into a
// scratch table; COMMIT — one thread, the server connection's settings (WAL,
// synchronous=NORMAL) — for S seconds.
//
// Prints `name value` lines: registrations, failures, raw_row_columns,
// raw_row_bytes (the copied rows' mean size), registrations_per_s,
// service_registrations_per_s, raw_insert_tx_per_s, ratio
// (registrations_per_s / raw_insert_tx_per_s).

#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "domain/student_record.h"
#include "service/account_service.h"
#include "service/jurisdiction.h"
#include "service/org_service.h"
#include "service/registration.h"

namespace {

using namespace xueji;
using bench::Clock;

constexpr const char* kSchool = "5201020001";
constexpr const char* kRegistrar = "school_registrar";

// The JSON body of POST /api/v1/schools/{code}/students: every field of
// domain::StudentFields() and domain::GuardianFields(), the class, the family.
std::string StudentBody(const domain::StudentInput& s) {
  boost::json::object body;
  for (const auto& f : domain::StudentFields()) body[f.name] = s.*f.member;
  body["class_id"] = s.class_id;
  boost::json::array guardians;
  for (const auto& g : s.guardians) {
    boost::json::object o;
    for (const auto& f : domain::GuardianFields()) o[f.name] = g.*f.member;
    guardians.push_back(std::move(o));
  }
  body["guardians"] = std::move(guardians);
  return boost::json::serialize(body);
}

// First-graders of the current school year from the counties of 贵阳市, placed in
// the given classes in turn; shared by all client threads.
class FirstGraders {
 public:
  FirstGraders(std::vector<io::SyntheticCounty> counties, domain::Date today,
               std::vector<int64_t> classes)
      : gen_(20261130, std::move(counties), today), classes_(std::move(classes)) {}

  domain::StudentInput Next() {
    std::lock_guard<std::mutex> lock(mu_);
    domain::StudentInput s = gen_.Next("11");
    s.class_id = classes_[next_class_++ % classes_.size()];
    return s;
  }

 private:
  std::mutex mu_;
  io::SyntheticStudents gen_;
  std::vector<int64_t> classes_;
  size_t next_class_ = 0;
};

service::OrgRef School(store::Database& db) {
  auto tx = db.BeginRead();
  return service::LoadOrg(*tx, kSchool).value();
}

// Adds `count` first-grade classes to the school; returns the ids of all its
// first-grade classes.
std::vector<int64_t> FirstGradeClasses(store::Database& db, int count) {
  service::SystemClock clock;
  service::Context ctx{std::nullopt, "bench", clock.Now()};
  service::OrgRef school = School(db);
  for (int i = 0; i < count; ++i) {
    domain::ClassInput c{"11", "新" + std::to_string(i + 1) + "班", "", 0};
    bench::Require(service::CreateClass(db, ctx, school, c), "CreateClass");
  }
  auto listed = service::ListClasses(db, school, "11");
  std::vector<int64_t> ids;
  for (const auto& c : listed.value()) ids.push_back(c.id);
  return ids;
}

struct ApiResult {
  int64_t registrations = 0;
  int64_t failures = 0;
  double per_second = 0;
};

// `clients` keep-alive connections, each submitting one student after another.
ApiResult ApiRegistrations(unsigned short port, const bench::Session& session,
                           FirstGraders& students, int clients, double seconds) {
  std::atomic<int64_t> done{0};
  std::atomic<int64_t> failures{0};
  std::once_flag first_failure;
  const std::string target = std::string("/api/v1/schools/") + kSchool + "/students";
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      bench::HttpConnection conn(port);
      while (Clock::now() < end) {
        auto answer = conn.Send(boost::beast::http::verb::post, target, session,
                                StudentBody(students.Next()));
        if (answer.status == 201) {
          ++done;
          continue;
        }
        ++failures;
        std::call_once(first_failure, [&] {
          std::fprintf(stderr, "first failure: %d %s\n", answer.status, answer.body.c_str());
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = bench::SecondsSince(start);
  return {done.load(), failures.load(), static_cast<double>(done.load()) / elapsed};
}

// The service alone: `threads` threads calling SubmitRegistration, as many as
// the API had clients (the scheduler shares the cores per thread), no HTTP,
// session check or JSON.
double ServiceRegistrationsPerSecond(store::Database& db, FirstGraders& students, int threads,
                                     double seconds) {
  service::SystemClock clock;
  service::Context base{std::nullopt, "bench", clock.Now()};
  auto login = service::Login(db, base, kRegistrar, service::kDemoPassword);
  bench::Require(login, "Login");
  base.actor = login->actor;
  service::OrgRef school = School(db);
  std::atomic<int64_t> done{0};
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      service::Context ctx = base;
      while (Clock::now() < end) {
        ctx.now = clock.Now();
        bench::Require(service::SubmitRegistration(db, ctx, school, students.Next()),
                       "SubmitRegistration");
        ++done;
      }
    });
  }
  for (auto& w : workers) w.join();
  return static_cast<double>(done.load()) / bench::SecondsSince(start);
}

// Up to 1,000 registered student rows, every column, as the engine stores them.
std::vector<std::vector<sqlite3_value*>> SampleRows(sqlite3* db) {
  sqlite3_stmt* st = bench::SqlitePrepare(db, "SELECT * FROM student ORDER BY id LIMIT 1000");
  std::vector<std::vector<sqlite3_value*>> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<sqlite3_value*> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      row.push_back(sqlite3_value_dup(sqlite3_column_value(st, i)));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  return rows;
}

struct RawResult {
  double per_second = 0;
  size_t columns = 0;
  double row_bytes = 0;  // mean of the column values' sizes
};

// The engine alone: one thread, one single-row INSERT transaction after
// another into a scratch table with the columns of `student`.
RawResult RawInsertTxPerSecond(const std::string& file, double seconds) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_busy_timeout(db, 10000);
  bench::SqliteExec(db,
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  bench::SqliteExec(db, "CREATE TABLE bench_insert AS SELECT * FROM student WHERE 0");
  auto rows = SampleRows(db);
  if (rows.empty()) {
    throw bench::BenchFailure("no registered student to copy");
  }
  RawResult result{0, rows[0].size(), 0};
  for (const auto& row : rows) {
    for (auto* v : row) result.row_bytes += sqlite3_value_bytes(v);
  }
  result.row_bytes /= static_cast<double>(rows.size());
  std::string sql = "INSERT INTO bench_insert VALUES (?";
  for (size_t i = 1; i < rows[0].size(); ++i) sql += ", ?";
  sqlite3_stmt* begin = bench::SqlitePrepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* insert = bench::SqlitePrepare(db, sql + ")");
  sqlite3_stmt* commit = bench::SqlitePrepare(db, "COMMIT");
  int64_t n = 0;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  while (Clock::now() < end) {
    const auto& row = rows[n++ % rows.size()];
    sqlite3_step(begin);
    sqlite3_reset(begin);
    for (size_t i = 0; i < row.size(); ++i) {
      sqlite3_bind_value(insert, static_cast<int>(i + 1), row[i]);
    }
    if (sqlite3_step(insert) != SQLITE_DONE || sqlite3_step(commit) != SQLITE_DONE) {
      throw bench::BenchFailure(std::string("raw insert: ") + sqlite3_errmsg(db));
    }
    sqlite3_reset(insert);
    sqlite3_reset(commit);
  }
  double elapsed = bench::SecondsSince(start);
  for (auto* st : {begin, insert, commit}) sqlite3_finalize(st);
  for (auto& row : rows) {
    for (auto* v : row) sqlite3_value_free(v);
  }
  sqlite3_close(db);
  result.per_second = static_cast<double>(n) / elapsed;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::RunMain([&] {
    bench::Flags flags(argc, argv);
    double seconds = flags.Number("--seconds", 10);
    int clients = static_cast<int>(flags.Number("--clients", 8));
    int classes = static_cast<int>(flags.Number("--classes", 100));
    bench::LogToStderr();
    bench::ScratchDir dir("xueji-registration-bench-");
    std::string file = (dir.path() / "bench.db").string();
    bench::CreateDemoDatabase(file);

    auto db = store::OpenDatabase("sqlite:" + file);
    service::SystemClock clock;
    FirstGraders students(bench::StoredCounties(*db, "5201"), domain::CstDate(clock.Now()),
                          FirstGradeClasses(*db, classes));
    ApiResult api;
    {
      bench::InProcessServer server(*db, clock, 8);
      auto session = bench::Login(server.port(), kRegistrar);
      api = ApiRegistrations(server.port(), session, students, clients, seconds);
    }
    double service = ServiceRegistrationsPerSecond(*db, students, clients, seconds);
    RawResult raw = RawInsertTxPerSecond(file, seconds);
    std::printf("clients %d\nseconds %.1f\nregistrations %lld\nfailures %lld\n", clients, seconds,
                static_cast<long long>(api.registrations), static_cast<long long>(api.failures));
    std::printf("raw_row_columns %zu\nraw_row_bytes %.0f\n", raw.columns, raw.row_bytes);
    std::printf(
        "registrations_per_s %.1f\nservice_registrations_per_s %.1f\nraw_insert_tx_per_s %.0f\n"
        "ratio %.4f\n",
        api.per_second, service, raw.per_second, api.per_second / raw.per_second);
    return 0;
  });
}
