// The xueji command: serve, init, migrate, gen-data (--demo, --students with --xlsx or
// --db), user add, check-id, verify-audit, bench import, and the groups in
// population_commands and calendar_commands.
// Every subcommand calls the same services as the HTTP API.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/bench_import.h"
#include "cli/calendar_commands.h"
#include "cli/gen_data_db.h"
#include "cli/gen_data_xlsx.h"
#include "cli/population_commands.h"
#include "domain/id_number.h"
#include "http/router.h"
#include "http/server.h"
#include "io/csv.h"
#include "service/account_service.h"
#include "service/audit.h"
#include "service/clock.h"
#include "service/import_jobs.h"
#include "service/import_worker.h"
#include "service/jurisdiction.h"
#include "service/setup.h"
#include "store/database.h"
#include "store/migrations.h"

namespace fs = std::filesystem;
using namespace xueji;

namespace {

// Files shipped beside the binary (build/xueji → ../data, ../web/dist) are
// found from the binary's location, so the command works from any directory.
std::string BesideBinary(const std::string& relative) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path candidate = exe.parent_path().parent_path() / relative;
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return relative;
}

int Fail(const Error& e) {
  std::fprintf(stderr, "错误 %s%s%s: %s\n", e.code.c_str(), e.field.empty() ? "" : " ",
               e.field.c_str(), e.message.c_str());
  return 1;
}

std::unique_ptr<service::Clock> MakeClock(const std::string& now_text) {
  std::string text = now_text;
  if (text.empty()) {
    if (const char* env = std::getenv("XUEJI_NOW")) text = env;
  }
  if (text.empty()) return std::make_unique<service::SystemClock>();
  auto start = domain::ParseInstant(text);
  if (!start) {
    throw CLI::ValidationError("--now", "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|+08:00]");
  }
  spdlog::warn("clock set to {} (CST) by --now/XUEJI_NOW", domain::FormatCst(*start));
  return std::make_unique<service::ShiftedClock>(*start);
}

service::Context CliContext(const service::Clock& clock) {
  return service::Context{std::nullopt, "cli", clock.Now()};
}

// Prints a refusal on stdout, where check-id's verdict belongs.
int Refuse(const Error& e) {
  std::printf("%s %s\n", e.code.c_str(), e.message.c_str());
  return 1;
}

// R-INFO-1: `xueji check-id`. Exit 0 and "OK" for a valid number (with a
// warning line when its address code is not in the current division list),
// else exit 1 with the error code and the Chinese message.
int CheckId(const std::string& text, const std::string& birth_text, const std::string& sex_text,
            const std::string& regions, const service::Clock& clock) {
  std::optional<domain::Date> birth;
  if (!birth_text.empty()) {
    birth = domain::ParseDate(birth_text);
    if (!birth)
      return Refuse(Invalid("BIRTH_DATE", "birth", "出生日期应为有效日期，格式YYYY-MM-DD"));
  }
  std::optional<domain::Sex> sex;
  if (sex_text == "男") {
    sex = domain::Sex::kMale;
  } else if (sex_text == "女") {
    sex = domain::Sex::kFemale;
  } else if (!sex_text.empty()) {
    return Refuse(Invalid("SEX_VALUE", "sex", "性别应为“男”或“女”"));
  }
  auto id = domain::ParseIdNumber(text, domain::CstDate(clock.Now()));
  if (!id.ok()) return Refuse(id.error());
  Status matches = domain::CheckIdAgainstRecord(*id, birth, sex);
  if (!matches.ok()) return Refuse(matches.error());
  std::printf("OK\n");
  auto rows = io::ReadCsvFile(regions);
  bool known = false;
  if (rows.ok()) {
    for (const auto& row : *rows) known = known || (!row.empty() && row[0] == id->division);
    if (!known) {
      std::printf(
          "警告 ID_DIVISION_UNKNOWN: "
          "地址码%s不在现行行政区划中（可能是已撤销或调整的旧代码，号码仍然有效）\n",
          id->division.c_str());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xueji — 全国中小学生学籍信息管理系统"};
  app.require_subcommand(1);
  std::string db_url, now_text;
  std::string regions = BesideBinary("data/regions.csv");

  auto* serve = app.add_subcommand("serve", "Serve the API and the web UI");
  std::string web_root = BesideBinary("web/dist");
  std::string address = "0.0.0.0";
  int port = 8080, threads = 8;
  bool secure_cookies = false;
  serve->add_option("--db", db_url, "sqlite:PATH or postgresql://...")->required();
  serve->add_option("--port", port, "TCP port (0 = any free port)")->check(CLI::Range(0, 65535));
  serve->add_option("--address", address, "Address to listen on");
  serve->add_option("--web-root", web_root, "Directory of the built web app");
  serve->add_option("--threads", threads, "Server threads")->check(CLI::Range(1, 256));
  serve->add_option("--now", now_text,
                    "Run as if the time were this instant (tests, demos); also env XUEJI_NOW");
  serve->add_flag("--secure-cookies", secure_cookies, "Mark the session cookie Secure (HTTPS)");
  int64_t import_hold_ms = 0;
  serve
      ->add_option("--test-import-hold-ms", import_hold_ms,
                   "Browser tests only: hold each import after its first batch of records until "
                   "cancelled or this many ms have passed")
      ->check(CLI::Range(int64_t{0}, int64_t{600'000}));

  auto* init = app.add_subcommand("init", "Create the schema and load the organization tree");
  init->add_option("--db", db_url)->required();
  init->add_option("--regions", regions, "Region CSV (data/regions.csv)");

  auto* migrate = app.add_subcommand("migrate", "Apply schema migrations");
  migrate->add_option("--db", db_url)->required();

  auto* gen = app.add_subcommand("gen-data", "Generate data");
  bool demo = false;
  auto* gen_db = gen->add_option("--db", db_url);
  auto* gen_demo =
      gen->add_flag("--demo", demo, "The demo province, schools, classes and accounts");
  gen_demo->needs(gen_db);
  cli::GenXlsxOptions gen_xlsx;
  cli::AddGenXlsxOptions(*gen, gen_xlsx);
  gen->add_option("--now", now_text, "Run as if the time were this instant (birth dates, grades)");
  gen->callback([&] {
    if (!demo && gen_xlsx.students == 0) {
      throw CLI::RequiredError(
          "gen-data: --demo (with --db), --students N --xlsx FILE or --students N --db URL");
    }
    if (gen_xlsx.xlsx.empty() && db_url.empty()) {
      throw CLI::RequiredError("gen-data: --db URL (or --xlsx FILE)");
    }
  });

  auto* user = app.add_subcommand("user", "Accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Create an account (bootstrap)");
  std::string username, password, role, org, display_name, phone;
  user_add->add_option("--db", db_url)->required();
  user_add->add_option("--username", username)->required();
  user_add->add_option("--password", password)->required();
  user_add->add_option("--role", role, "e.g. system_admin, county_registrar")->required();
  user_add->add_option("--org", org, "Organization code")->required();
  user_add->add_option("--name", display_name, "Display name (default: the username)");
  user_add->add_option("--phone", phone);

  auto* check_id = app.add_subcommand("check-id", "Check a 居民身份证 number (GB 11643)");
  std::string id_text, birth_text, sex_text;
  check_id->add_option("ID", id_text, "The number as typed")->required();
  check_id->add_option("--birth", birth_text, "出生日期 YYYY-MM-DD that the number must match");
  check_id->add_option("--sex", sex_text, "性别 男|女 that the number must match");
  check_id->add_option("--regions", regions, "Region CSV, for the unknown-division warning");

  auto* verify = app.add_subcommand("verify-audit", "Check the audit log's hash chain");
  verify->add_option("--db", db_url)->required();

  cli::AddBenchCommands(app, regions);
  cli::AddPopulationCommands(app);
  cli::AddCalendarCommands(app, BesideBinary("data/holidays.csv"));

  CLI11_PARSE(app, argc, argv);
  // Logs go to stderr; stdout carries results (the URL, command output).
  spdlog::set_default_logger(spdlog::stderr_color_mt("xueji"));

  try {
    auto clock = MakeClock(now_text);
    if (*check_id) return CheckId(id_text, birth_text, sex_text, regions, *clock);
    if (*gen && !gen_xlsx.xlsx.empty()) {
      int status = cli::GenerateStudentsXlsx(gen_xlsx, regions, domain::CstDate(clock->Now()));
      if (status != 0 || !demo) return status;
    }
    auto db = store::OpenDatabase(db_url);

    if (*serve) {
      // A closed client socket or log pipe must not kill the server.
      std::signal(SIGPIPE, SIG_IGN);
      store::Migrate(*db);
      // R-IO-1: imports cut off by the previous server's stop (docs/import.md).
      if (int n = service::FailInterruptedImports(*db, {std::nullopt, "server", clock->Now()})) {
        spdlog::warn("{} interrupted import job(s) marked failed", n);
      }
      // Uploaded imports run here; stopped after the requests drain: a running
      // job stops at its next chunk, writing nothing (docs/import.md).
      service::ImportWorkerOptions import_options;
      import_options.hold_after_first_batch = std::chrono::milliseconds(import_hold_ms);
      if (import_hold_ms > 0) {
        spdlog::warn("imports held {} ms after their first batch (--test-import-hold-ms)",
                     import_hold_ms);
      }
      service::ImportWorker imports(*db, *clock, std::move(import_options));
      imports.Start();
      http::Router router(*db, *clock, {web_root, secure_cookies, &imports});
      http::Server server(router, {address, static_cast<unsigned short>(port), threads});
      server.Run([&](unsigned short bound) {
        std::printf("xueji serving %s on http://127.0.0.1:%u/\n", db->Describe().c_str(), bound);
        std::fflush(stdout);
      });
      imports.Stop();
      return 0;
    }
    if (*init) {
      auto report = service::InitDatabase(*db, CliContext(*clock), regions);
      if (!report.ok()) return Fail(report.error());
      std::printf(
          "schema version %d (%d migrations applied); %d regions, %d calendar years and %d code "
          "tables loaded\n",
          store::SchemaVersion(*db), report->migrations_applied, report->regions_loaded,
          report->calendar_years_loaded, report->code_tables_loaded);
      return 0;
    }
    if (*migrate) {
      int n = store::Migrate(*db);
      std::printf("schema version %d (%d migrations applied)\n", store::SchemaVersion(*db), n);
      return 0;
    }
    if (*gen && demo) {
      auto accounts = service::GenerateDemoData(*db, CliContext(*clock));
      if (!accounts.ok()) return Fail(accounts.error());
      std::printf("demo accounts (password %s):\n", service::kDemoPassword);
      for (const auto& a : *accounts) {
        std::printf("  %-18s %-20s %-10s %s\n", a.username.c_str(), a.role.c_str(),
                    a.org_code.c_str(), a.description.c_str());
      }
    }
    if (*gen && gen_xlsx.xlsx.empty() && gen_xlsx.students > 0) {
      return cli::GenerateStudentsIntoDb(*db, gen_xlsx, regions, *clock);
    }
    if (*gen) return 0;
    if (*user_add) {
      auto tx = db->BeginRead();
      auto org_ref = service::LoadOrg(*tx, org);
      tx.reset();
      if (!org_ref.ok()) return Fail(org_ref.error());
      auto added = service::AddUser(
          *db, CliContext(*clock), *org_ref,
          {username, display_name.empty() ? username : display_name, password, role, org, phone});
      if (!added.ok()) return Fail(added.error());
      std::printf("created %s (%s) at %s %s\n", added->username.c_str(), added->role.c_str(),
                  added->org_code.c_str(), added->org_name.c_str());
      return 0;
    }
    if (*verify) {
      auto v = service::VerifyAudit(*db);
      if (v.ok) {
        std::printf("OK %lld entries\n", static_cast<long long>(v.entries));
        return 0;
      }
      std::printf("TAMPERED at entry %lld: %s\n", static_cast<long long>(v.first_bad_seq),
                  v.problem.c_str());
      return 2;
    }
  } catch (const CLI::Error& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xueji: %s\n", e.what());
    return 3;
  }
  return 0;
}
