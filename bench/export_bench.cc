// Export throughput and memory (R-IO-3): one school of N generated students
// exported as .xlsx through service::ExportStudents (paged reads, the
// constant-memory writer, masking, the audit entry), next to the raw engine
// reading the same rows in the same order in the same run.
//
//   build/bench/export_bench [--rows N] [--kind roster|basic_info] [--seed X] [--db URL]
//
// --db names an empty PostgreSQL database (e.g. scripts/with-pg's
// XUEJI_TEST_PG) to measure there instead of a scratch SQLite file: the fill
// then goes through the store (prepared statements, 20,000 students per
// transaction, then ANALYZE) and the raw read is libpq in single-row mode.
//
// Fill (not measured): a SQLite file with the schema and the demo data; then,
// in a child process so that its memory is not the export's, N students of
// io::SyntheticStudents in the demo school 5201020001, 50 to a class across
// the six primary grades, bulk-inserted with a prepared statement (journal
// off) and the indexes as the migrations define them.
//
// Measured, in this process: the export to a file in the scratch directory,
// then `raw` — one prepared SELECT of the export's columns over the same rows
// ordered by grade, class and name, every column read, nothing written.
// Prints `name value` lines: rows, export_s, export_rows_per_s, file_mb,
// peak_rss_mb (this process's maximum resident set, the fill excluded),
// raw_rows_per_s and ratio (export / raw).

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_support.h"
#include "domain/student_record.h"
#include "io/name_keys.h"
#include "service/exports.h"
#include "store/sqlite_database.h"

namespace {

using namespace xueji;
using bench::Clock;

constexpr const char* kSchool = "5201020001";
constexpr const char* kGrades[] = {"11", "12", "13", "14", "15", "16"};
constexpr int64_t kClassSize = 50;
constexpr int64_t kStudentsPerTransaction = 200'000;

std::string StudentColumns() {
  std::string out =
      "registration, status, school_code, class_id, id_number_norm, name_simplified, "
      "name_pinyin, submitted_by, submitted_at, updated_at";
  for (const auto& f : domain::StudentFields()) out += std::string(", ") + f.name;
  return out;
}

size_t ColumnCount(const std::string& columns) {
  return static_cast<size_t>(std::count(columns.begin(), columns.end(), ',')) + 1;
}

// Classes of kClassSize for n students, grade by grade; returns their ids.
std::vector<int64_t> CreateClasses(sqlite3* db, int64_t n) {
  sqlite3_stmt* st = bench::SqlitePrepare(
      db,
      "INSERT INTO school_class (school_code, grade_code, name, capacity, created_at) "
      "VALUES (?1, ?2, ?3, ?4, 0)");
  std::vector<int64_t> ids;
  for (int64_t k = 0; k * kClassSize < n; ++k) {
    std::string grade = kGrades[k % std::size(kGrades)];
    bench::SqliteRun(
        db, st,
        {std::string(kSchool), grade, "B" + std::to_string(k / std::size(kGrades) + 1) + "班",
         int64_t{kClassSize}});
    ids.push_back(sqlite3_last_insert_rowid(db));
  }
  sqlite3_finalize(st);
  return ids;
}

// The fill, run in a child process (see the header comment).
void Fill(const std::string& file, int64_t n, uint64_t seed) {
  std::vector<io::SyntheticCounty> counties;
  int64_t user = 0;
  {
    auto store = store::OpenDatabase("sqlite:" + file);
    counties = bench::StoredCounties(*store, "5201");
    auto tx = store->BeginRead();
    user = tx->QueryOne("SELECT id FROM app_user WHERE username = 'school_registrar'")->Int(0);
  }
  io::SyntheticStudents gen(seed, counties, *domain::ParseDate("2026-11-30"));
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  bench::SqliteExec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN");
  auto classes = CreateClasses(db, n);
  std::string cols = StudentColumns();
  sqlite3_stmt* st =
      bench::SqlitePrepare(db, store::SqliteParams("INSERT INTO student (" + cols + ") VALUES (" +
                                                   bench::Placeholders(ColumnCount(cols)) + ")"));
  std::unordered_map<std::string, std::pair<std::string, std::string>> keys;
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0 && i % kStudentsPerTransaction == 0) bench::SqliteExec(db, "COMMIT; BEGIN");
    size_t k = static_cast<size_t>(i / kClassSize);
    domain::StudentInput s = gen.Next(kGrades[k % std::size(kGrades)]);
    auto it = keys.find(s.name);
    if (it == keys.end()) {
      it = keys.emplace(s.name, std::make_pair(io::SimplifiedName(s.name), io::PinyinKey(s.name)))
               .first;
    }
    std::vector<store::Value> v = {std::string("pending_school"),
                                   std::string("pending"),
                                   std::string(kSchool),
                                   classes[k],
                                   s.id_number,
                                   it->second.first,
                                   it->second.second,
                                   user,
                                   int64_t{0},
                                   int64_t{0}};
    for (const auto& f : domain::StudentFields()) v.push_back(s.*f.member);
    bench::SqliteRun(db, st, v);
  }
  bench::SqliteExec(db, "COMMIT; PRAGMA journal_mode=WAL; ANALYZE");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

void FillPostgres(const std::string& url, int64_t n, uint64_t seed);

void FillInChild(const std::string& url, int64_t n, uint64_t seed) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0)
    _exit(bench::RunMain([&] {
      if (url.rfind("sqlite:", 0) == 0) {
        Fill(url.substr(7), n, seed);
      } else {
        FillPostgres(url, n, seed);
      }
      return 0;
    }));
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    throw bench::BenchFailure("the fill failed");
  }
}

// The fill on PostgreSQL, through the store (see the header comment).
void FillPostgres(const std::string& url, int64_t n, uint64_t seed) {
  auto db = store::OpenDatabase(url);
  auto counties = bench::StoredCounties(*db, "5201");
  int64_t user = db->BeginRead()
                     ->QueryOne("SELECT id FROM app_user WHERE username = 'school_registrar'")
                     ->Int(0);
  io::SyntheticStudents gen(seed, counties, *domain::ParseDate("2026-11-30"));
  std::string cols = StudentColumns();
  std::string insert =
      "INSERT INTO student (" + cols + ") VALUES (" + bench::Placeholders(ColumnCount(cols)) + ")";
  std::unordered_map<std::string, std::pair<std::string, std::string>> keys;
  int64_t class_id = 0;
  auto tx = db->BeginWrite();
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0 && i % 20'000 == 0) {
      tx->Commit();
      tx = db->BeginWrite();
    }
    size_t k = static_cast<size_t>(i / kClassSize);
    std::string grade = kGrades[k % std::size(kGrades)];
    if (i % kClassSize == 0) {
      class_id = tx->QueryOne(
                       "INSERT INTO school_class (school_code, grade_code, name, capacity, "
                       "created_at) VALUES ($1, $2, $3, $4, 0) RETURNING id",
                       {std::string(kSchool), grade,
                        "B" + std::to_string(k / std::size(kGrades) + 1) + "班", kClassSize})
                     ->Int(0);
    }
    domain::StudentInput s = gen.Next(grade);
    auto it = keys.find(s.name);
    if (it == keys.end()) {
      it = keys.emplace(s.name, std::make_pair(io::SimplifiedName(s.name), io::PinyinKey(s.name)))
               .first;
    }
    std::vector<store::Value> v = {std::string("pending_school"),
                                   std::string("pending"),
                                   std::string(kSchool),
                                   class_id,
                                   s.id_number,
                                   it->second.first,
                                   it->second.second,
                                   user,
                                   int64_t{0},
                                   int64_t{0}};
    for (const auto& f : domain::StudentFields()) v.push_back(s.*f.member);
    tx->Exec(insert, v);
  }
  tx->Commit();
  tx = db->BeginWrite();
  tx->ExecScript("ANALYZE");
  tx->Commit();
}

// The raw read on PostgreSQL: libpq, one query, rows fetched one at a time.
int64_t RawReadPostgres(const std::string& url, const std::string& sql) {
  std::string conninfo = url.rfind("pg:", 0) == 0 ? url.substr(3) : url;
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK || !PQsendQuery(conn, sql.c_str()) ||
      !PQsetSingleRowMode(conn)) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw bench::BenchFailure("raw read: " + message);
  }
  int64_t rows = 0;
  size_t bytes = 0;
  bool ok = true;
  while (PGresult* res = PQgetResult(conn)) {
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_SINGLE_TUPLE) {
      for (int c = 0; c < PQnfields(res); ++c) bytes += static_cast<size_t>(PQgetlength(res, 0, c));
      ++rows;
    } else if (status != PGRES_TUPLES_OK) {
      ok = false;
    }
    PQclear(res);
  }
  PQfinish(conn);
  if (!ok || bytes == 0) throw bench::BenchFailure("raw read returned nothing");
  return rows;
}

service::Context Registrar(store::Database& db) {
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(
      "SELECT u.id, u.display_name, u.role, u.org_code, o.name, o.path, o.level FROM app_user u "
      "JOIN org o ON o.code = u.org_code WHERE u.username = 'school_registrar'");
  service::Actor a{r->Int(0),  "school_registrar", r->Text(1), *domain::ParseRole(r->Text(2)),
                   r->Text(3), r->Text(4),         r->Text(5), *domain::ParseOrgLevel(r->Text(6))};
  service::SystemClock clock;
  return service::Context{a, "bench", clock.Now()};
}

// The raw engine: the export's rows in its order, every column read.
int64_t RawRead(const std::string& url, service::ExportKind kind) {
  std::string cols =
      "COALESCE(st.student_number, ''), st.name, st.sex, st.birth_date, "
      "st.id_number, c.grade_code, c.name, st.status";
  if (kind == service::ExportKind::kBasicInfo) {
    cols.clear();
    for (const auto& f : domain::StudentFields())
      cols += (cols.empty() ? "st." : ", st.") + std::string(f.name);
  }
  std::string sql =
      "SELECT " + cols +
      " FROM student st JOIN school_class c ON c.id = st.class_id WHERE st.school_code = '" +
      kSchool + "' ORDER BY c.grade_code, c.name, c.id, st.name_pinyin, st.name, st.id";
  if (url.rfind("sqlite:", 0) != 0) return RawReadPostgres(url, sql);
  sqlite3* db = nullptr;
  sqlite3_open_v2(url.substr(7).c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = bench::SqlitePrepare(db, sql);
  int64_t rows = 0;
  size_t bytes = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      bytes += static_cast<size_t>(sqlite3_column_bytes(st, i));
      (void)sqlite3_column_text(st, i);
    }
    ++rows;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (bytes == 0) throw bench::BenchFailure("raw read returned nothing");
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::RunMain([&] {
    bench::Flags flags(argc, argv);
    auto n = static_cast<int64_t>(flags.Number("--rows", 1'000'000));
    auto seed = static_cast<uint64_t>(flags.Number("--seed", 20261130));
    std::string kind_name = "roster";
    for (int i = 1; i + 1 < argc; ++i) {
      if (std::string(argv[i]) == "--kind") kind_name = argv[i + 1];
    }
    if (n < 1 || (kind_name != "roster" && kind_name != "basic_info")) {
      throw bench::BenchFailure("--rows must be positive, --kind roster or basic_info");
    }
    auto kind =
        kind_name == "roster" ? service::ExportKind::kRoster : service::ExportKind::kBasicInfo;
    bench::LogToStderr();
    bench::ScratchDir dir("xueji-export-bench-");
    std::string url = flags.Text("--db", "sqlite:" + (dir.path() / "bench.db").string());
    bench::CreateDemoDatabase(url);
    FillInChild(url, n, seed);

    auto db = store::OpenDatabase(url);
    int64_t existing = 0;
    {
      auto tx = db->BeginRead();
      existing = tx->QueryOne("SELECT COUNT(*) FROM student WHERE school_code = $1",
                              {std::string(kSchool)})
                     ->Int(0);
    }
    service::ExportRequest request;
    request.kind = kind;
    request.school_code = kSchool;
    request.path = (dir.path() / "export.xlsx").string();
    request.tmpdir = dir.path().string();
    auto start = Clock::now();
    auto result = service::ExportStudents(*db, Registrar(*db), request);
    double export_s = bench::SecondsSince(start);
    bench::Require(result, "ExportStudents");
    if (result->rows != existing) throw bench::BenchFailure("the export missed rows");
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    double file_mb = static_cast<double>(std::filesystem::file_size(request.path)) / 1e6;

    start = Clock::now();
    int64_t raw_rows = RawRead(url, kind);
    double raw_s = bench::SecondsSince(start);
    if (raw_rows != existing) throw bench::BenchFailure("the raw read missed rows");
    double export_rate = static_cast<double>(result->rows) / export_s;
    double raw_rate = static_cast<double>(raw_rows) / raw_s;
    std::printf("rows %lld\nexport_s %.2f\nexport_rows_per_s %.0f\nfile_mb %.1f\n",
                static_cast<long long>(result->rows), export_s, export_rate, file_mb);
    std::printf("peak_rss_mb %.1f\nraw_rows_per_s %.0f\nratio %.3f\n",
                static_cast<double>(usage.ru_maxrss) / 1024.0, raw_rate, export_rate / raw_rate);
    return 0;
  });
}
