#include "cli/bench_import.h"

#include <sys/resource.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "cli/bench_raw_engine.h"
#include "cli/gen_data_db.h"
#include "cli/gen_data_xlsx.h"
#include "service/import_jobs.h"
#include "service/setup.h"
#include "store/migrations.h"

namespace xueji::cli {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct Options {
  int64_t rows = 100'000;
  std::string db_url;
  std::string now_text;
  uint64_t seed = 20261130;
  int64_t chunk_rows = service::ImportRunOptions{}.chunk_rows;
};

constexpr const char* kSchool = "5201020001";

// The tables an import writes per record, parents first, each with the
// condition that selects the rows written after the ids `s0` (student) and
// `r0` (workflow_request).
struct WrittenTable {
  const char* name;
  const char* since;  // "%S" stands for s0, "%R" for r0
};
constexpr WrittenTable kWritten[] = {
    {"student", "id > %S"},
    {"guardian", "student_id > %S"},
    {"student_extra", "student_id > %S"},
    {"student_history", "student_id > %S"},
    {"suspected_duplicate", "student_id > %S"},
    {"workflow_request", "id > %R"},
    {"workflow_step", "request_id > %R"},
};

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// User and system time of this process so far (not the PostgreSQL server's).
double CpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void Require(const Status& s, const std::string& what) {
  if (!s.ok()) {
    throw std::runtime_error(what + " failed: " + s.error().code + " " + s.error().message);
  }
}

class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() / ("xueji-bench-import-" + std::to_string(getpid()))) {
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string Condition(const WrittenTable& t, int64_t s0, int64_t r0) {
  std::string out = t.since;
  if (auto p = out.find("%S"); p != std::string::npos) out.replace(p, 2, std::to_string(s0));
  if (auto p = out.find("%R"); p != std::string::npos) out.replace(p, 2, std::to_string(r0));
  return out;
}

int64_t MaxId(store::Database& db, const std::string& table) {
  return db.BeginRead()->QueryOne("SELECT COALESCE(MAX(id), 0) FROM " + table)->Int(0);
}

// The schema, the national tree, the demo data and the workbook's classes.
void SetUp(store::Database& db, const service::Context& system, const std::string& regions,
           const GenXlsxOptions& gen) {
  auto init = service::InitDatabase(db, system, regions);
  Require(init.ok() ? Ok() : Status(init.error()), "InitDatabase");
  auto demo = service::GenerateDemoData(db, system);
  Require(demo.ok() ? Ok() : Status(demo.error()), "GenerateDemoData");
  auto ctx = SchoolRegistrarContext(db, kSchool, system.now);
  Require(ctx.ok() ? Ok() : Status(ctx.error()), "school registrar");
  auto grades = ParseGrades(gen.grades);
  auto school = service::LoadOrg(*db.BeginRead(), kSchool);
  Require(school.ok() ? Ok() : Status(school.error()), "LoadOrg");
  Require(EnsureGeneratedClasses(db, *ctx, *school, *grades, gen.students), "classes");
}

struct ImportFigures {
  double seconds = 0;
  double cpu_seconds = 0;
  double peak_rss_mb = 0;
  // Its phases: the upload (read, stored, queued), the validation in chunks
  // (until the last progress commit), the final transaction.
  double upload_seconds = 0, validate_seconds = 0, final_seconds = 0;
};

// The measured import; throws unless it wrote all `n` records.
ImportFigures TimedImport(store::Database& db, const service::Context& ctx, const std::string& xlsx,
                          const Options& options, int64_t s0) {
  int64_t n = options.rows;
  std::ifstream in(xlsx, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto school = service::LoadOrg(*db.BeginRead(), kSchool);
  Require(school.ok() ? Ok() : Status(school.error()), "LoadOrg");
  double cpu = CpuSeconds();
  auto start = SteadyClock::now();
  auto job = service::CreateImportJob(db, ctx, *school, "bench.xlsx", "A", bytes.str());
  Require(job.ok() ? Ok() : Status(job.error()), "CreateImportJob");
  double uploaded = SecondsSince(start), validated = uploaded;
  auto done = service::RunImportJob(
      db, ctx, job->id,
      service::ImportRunOptions{
          options.chunk_rows, [&](const service::ImportJob&) { validated = SecondsSince(start); }});
  ImportFigures out{SecondsSince(start), CpuSeconds() - cpu, 0};
  out.upload_seconds = uploaded;
  out.validate_seconds = validated - uploaded;
  out.final_seconds = out.seconds - validated;
  Require(done.ok() ? Ok() : Status(done.error()), "RunImportJob");
  int64_t stored =
      db.BeginRead()->QueryOne("SELECT COUNT(*) FROM student WHERE id > $1", {s0})->Int(0);
  if (done->state != "done" || done->imported != n || stored != n) {
    throw std::runtime_error("the import wrote " + std::to_string(stored) + " of " +
                             std::to_string(n) + " records: state " + done->state + ", " +
                             std::to_string(done->rows_invalid) + " invalid rows " + done->error);
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  out.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return out;
}

// The rows the import wrote, read back by the raw engine, parents first.
std::vector<RawTable> ReadWritten(RawEngine& raw, int64_t s0, int64_t r0) {
  std::vector<RawTable> out;
  for (const auto& t : kWritten) {
    RawTable table{t.name, raw.Columns(t.name), {}};
    std::string cols;
    for (const auto& c : table.columns) cols += (cols.empty() ? "" : ", ") + c;
    table.rows = raw.Select("SELECT " + cols + " FROM " + t.name + " WHERE " +
                            Condition(t, s0, r0) + " ORDER BY " + table.columns.front());
    out.push_back(std::move(table));
  }
  return out;
}

// Deletes what ReadWritten read (children first); PostgreSQL then vacuums the
// tables, so that the reinsert meets no dead index entries.
void DeleteWritten(RawEngine& raw, bool postgres, int64_t s0, int64_t r0) {
  raw.Exec("BEGIN");
  for (size_t i = std::size(kWritten); i-- > 0;) {
    raw.Exec(std::string("DELETE FROM ") + kWritten[i].name + " WHERE " +
             Condition(kWritten[i], s0, r0));
  }
  raw.Exec("COMMIT");
  if (!postgres) return;
  for (const auto& t : kWritten) raw.Exec(std::string("VACUUM ANALYZE ") + t.name);
}

std::unique_ptr<service::Clock> ClockOf(std::string text) {
  if (const char* env = std::getenv("XUEJI_NOW"); text.empty() && env) text = env;
  if (text.empty()) return std::make_unique<service::SystemClock>();
  auto start = domain::ParseInstant(text);
  if (!start) throw std::runtime_error("--now: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS");
  return std::make_unique<service::ShiftedClock>(*start);
}

int Run(const Options& options, const std::string& regions) {
  ScratchDir dir;
  std::string url =
      options.db_url.empty() ? "sqlite:" + (dir.path() / "bench.db").string() : options.db_url;
  bool postgres = url.rfind("sqlite:", 0) != 0;
  auto clock = ClockOf(options.now_text);
  service::Context system{std::nullopt, "bench", clock->Now()};
  GenXlsxOptions gen;
  gen.students = options.rows;
  gen.xlsx = (dir.path() / "students.xlsx").string();
  gen.school = kSchool;
  gen.seed = options.seed;
  auto db = store::OpenDatabase(url);
  SetUp(*db, system, regions, gen);
  Require(WriteStudentsXlsx(gen, regions, domain::CstDate(system.now)), "gen-data --xlsx");
  auto ctx = SchoolRegistrarContext(*db, kSchool, system.now);
  Require(ctx.ok() ? Ok() : Status(ctx.error()), "school registrar");
  int64_t s0 = MaxId(*db, "student"), r0 = MaxId(*db, "workflow_request");

  ImportFigures import = TimedImport(*db, *ctx, gen.xlsx, options, s0);

  auto raw = RawEngine::Open(url);
  auto tables = ReadWritten(*raw, s0, r0);
  DeleteWritten(*raw, postgres, s0, r0);
  size_t raw_rows = 0;
  for (const auto& t : tables) raw_rows += t.rows.size();
  double cpu = CpuSeconds();
  auto start = SteadyClock::now();
  raw->InsertAll(tables);
  double raw_s = SecondsSince(start);
  double raw_cpu_s = CpuSeconds() - cpu;
  auto back = raw->Select("SELECT COUNT(*) FROM student WHERE id > " + std::to_string(s0));
  if (store::Row(back.front()).Int(0) != options.rows) {
    throw std::runtime_error("the raw insert did not write every record");
  }
  double import_rate = static_cast<double>(options.rows) / import.seconds;
  double raw_rate = static_cast<double>(options.rows) / raw_s;
  std::printf("chunk_rows %lld\n", static_cast<long long>(options.chunk_rows));
  std::printf("engine %s\nrows %lld\nimport_s %.2f\nimport_cpu_s %.2f\nimport_rows_per_s %.0f\n",
              postgres ? "postgresql" : "sqlite", static_cast<long long>(options.rows),
              import.seconds, import.cpu_seconds, import_rate);
  std::printf("import_upload_s %.2f\nimport_validate_s %.2f\nimport_final_s %.2f\n",
              import.upload_seconds, import.validate_seconds, import.final_seconds);
  std::printf("peak_rss_mb %.1f\nraw_rows %zu\nraw_s %.2f\nraw_cpu_s %.2f\n", import.peak_rss_mb,
              raw_rows, raw_s, raw_cpu_s);
  std::printf("raw_rows_per_s %.0f\nratio %.3f\n", raw_rate, import_rate / raw_rate);
  return 0;
}

}  // namespace

void AddBenchCommands(CLI::App& app, const std::string& regions_csv) {
  auto options = std::make_shared<Options>();
  auto* bench = app.add_subcommand("bench", "Benchmarks (docs/benchmarks.md)");
  bench->require_subcommand(1);
  auto* import = bench->add_subcommand(
      "import", "Import an N-row template end to end, then insert the same rows raw");
  import->add_option("--rows", options->rows, "Students in the workbook")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  import->add_option("--db", options->db_url,
                     "An empty PostgreSQL database (default: a scratch SQLite file)");
  import->add_option("--seed", options->seed, "Generator seed");
  import
      ->add_option("--chunk-rows", options->chunk_rows,
                   "Rows validated between progress commits (default: the service's)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  import->add_option("--now", options->now_text, "Run as if the time were this instant");
  import->callback([options, regions_csv] {
    spdlog::set_default_logger(spdlog::stderr_color_mt("xueji-bench"));
  int status = 1;
  try {
    status = Run(*options, regions_csv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench import: %s\n", e.what());
  }
  std::fflush(stdout);
  throw CLI::RuntimeError(status);
});
}  // namespace xueji::cli

}  // namespace xueji::cli
