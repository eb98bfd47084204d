#include "cli/population_commands.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "domain/org.h"
#include "domain/time.h"
#include "service/clock.h"
#include "service/formal_number_batch.h"
#include "service/jurisdiction.h"
#include "service/population_reference.h"
#include "store/database.h"
#include "store/migrations.h"

namespace xueji::cli {
namespace {

struct Options {
  std::string db_url;
  std::string now_text;
  std::string file;
  std::string scope = std::string(domain::kMinistryCode);
};

using Command =
    std::function<int(store::Database&, const service::Context&, const service::Clock&)>;

int Fail(const Error& e) {
  std::fprintf(stderr, "错误 %s%s%s: %s\n", e.code.c_str(), e.field.empty() ? "" : " ",
               e.field.c_str(), e.message.c_str());
  return 1;
}

void Print(const char* name, int64_t value) {
  std::printf("%s %lld\n", name, static_cast<long long>(value));
}

// The clock as --now or XUEJI_NOW set it (tests, demos), else the machine's.
std::unique_ptr<service::Clock> MakeClock(const std::string& now_text) {
  std::string text = now_text;
  if (const char* env = std::getenv("XUEJI_NOW"); text.empty() && env) text = env;
  if (text.empty()) return std::make_unique<service::SystemClock>();
  auto start = domain::ParseInstant(text);
  if (!start) {
    throw CLI::ValidationError("--now", "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|+08:00]");
  }
  return std::make_unique<service::ShiftedClock>(*start);
}

// Runs `command` as the system (no actor) on the migrated database and ends
// the parse with its exit status.
[[noreturn]] void Run(const Options& options, const Command& command) {
  int status = 3;
  try {
    auto clock = MakeClock(options.now_text);
    auto db = store::OpenDatabase(options.db_url);
    store::Migrate(*db);
    status = command(*db, service::Context{std::nullopt, "cli", clock->Now()}, *clock);
  } catch (const CLI::Error&) {
    throw;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xueji: %s\n", e.what());
  }
  std::fflush(stdout);
  throw CLI::RuntimeError(status);
}

// R-NO-7: exit 1 when some rows were not imported (listed as bad_row lines).
int Import(const Options& options, store::Database& db, const service::Context& ctx) {
  auto report = service::ImportPopulationFile(db, ctx, options.file);
  if (!report.ok()) return Fail(report.error());
  std::printf("file %s\n", report->source_file.c_str());
  Print("rows", report->rows);
  Print("inserted", report->inserted);
  Print("updated", report->updated);
  Print("unchanged", report->unchanged);
  Print("bad", report->bad);
  Print("chunks", report->chunks);
  for (const auto& bad : report->bad_rows) {
    std::printf("bad_row %lld %s%s%s: %s\n", static_cast<long long>(bad.line), bad.code.c_str(),
                bad.field.empty() ? "" : " ", bad.field.c_str(), bad.message.c_str());
  }
  return report->bad == 0 ? 0 : 1;
}

// R-NO-3, R-YR-4: mismatches and skips are outcomes of a finished batch, not
// failures: exit 0 with the counts.
int FormalBatch(const Options& options, store::Database& db, const service::Context& ctx,
                const service::Clock& clock) {
  auto tx = db.BeginRead();
  auto scope = service::LoadOrg(*tx, options.scope);
  tx.reset();
  if (!scope.ok()) return Fail(scope.error());
  service::BatchOptions batch_options;
  batch_options.clock = &clock;
  auto report = service::RunFormalNumberBatch(db, ctx, scope->path, batch_options);
  if (!report.ok()) return Fail(report.error());
  const service::NumberBatch& b = report->batch;
  Print("batch", b.id);
  std::printf("scope %s\n", b.scope_org.c_str());
  Print("resumed", report->resumed ? 1 : 0);
  Print("considered", b.considered);
  Print("issued", b.issued);
  Print("mismatched", b.mismatched);
  Print("unknown", b.unknown);
  Print("skipped", b.skipped);
  Print("problems_opened", b.problems_opened);
  for (const auto& s : report->skips) {
    std::printf("skip %lld %s %s: %s\n", static_cast<long long>(s.student_id),
                s.student_number.c_str(), s.code.c_str(), s.message.c_str());
  }
  return 0;
}

}  // namespace

void AddPopulationCommands(CLI::App& app) {
  auto options = std::make_shared<Options>();

  auto* population = app.add_subcommand("population", "Population reference (identity checks)");
  population->require_subcommand(1);
  auto* import = population->add_subcommand("import", "Import a population reference CSV");
  import->add_option("--db", options->db_url, "sqlite:PATH or postgresql://...")->required();
  import->add_option("FILE", options->file, "UTF-8 CSV: 身份证件号,姓名,性别,出生日期")->required();
  import->add_option("--now", options->now_text, "Run as if the time were this instant");
  import->callback([options] {
    Run(*options, [&](store::Database& db, const service::Context& ctx, const service::Clock&) {
      return Import(*options, db, ctx);
});
}  // namespace xueji::cli
);

auto* numbers = app.add_subcommand("numbers", "学籍号");
numbers->require_subcommand(1);
auto* batch = numbers->add_subcommand("formal-batch", "Issue formal (G) numbers: spring batch");
batch->add_option("--db", options->db_url, "sqlite:PATH or postgresql://...")->required();
batch->add_option("--scope", options->scope, "Organization code (default 000000: national)");
batch->add_option("--now", options->now_text, "Run as if the time were this instant");
batch->callback([options] {
  Run(*options, [&](store::Database& db, const service::Context& ctx, const service::Clock& clock) {
    return FormalBatch(*options, db, ctx, clock);
  });
});
}

}  // namespace xueji::cli
