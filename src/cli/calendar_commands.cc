#include "cli/calendar_commands.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "domain/business_calendar.h"
#include "domain/time.h"
#include "service/business_calendar_service.h"
#include "service/clock.h"
#include "store/database.h"
#include "store/migrations.h"

namespace xueji::cli {
namespace {

struct Options {
  std::string day;  // YYYY-MM-DD or an instant; "" = today (is-working-day)
  std::string count;
  std::string holidays;
  std::string db_url;
  std::string now_text;
};

int Fail(const Error& e) {
  std::fprintf(stderr, "错误 %s%s%s: %s\n", e.code.c_str(), e.field.empty() ? "" : " ",
               e.field.c_str(), e.message.c_str());
  return 1;
}

// R-CAL-2: a date as typed, an instant's date in China Standard Time, or
// today's there.
Result<domain::Date> ResolveDay(const Options& o) {
  if (o.day.empty()) {
    std::string text = o.now_text;
    if (const char* env = std::getenv("XUEJI_NOW"); text.empty() && env) text = env;
    if (text.empty()) return domain::CstDate(service::SystemClock().Now());
    auto now = domain::ParseInstant(text);
    if (!now) return Invalid("NOW_FORMAT", "now", "--now 应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SSZ");
    return domain::CstDate(*now);
  }
  if (auto date = domain::ParseDate(o.day)) return *date;
  if (o.day.size() > 10) {
    if (auto instant = domain::ParseInstant(o.day)) return domain::CstDate(*instant);
  }
  return Invalid("DATE_FORMAT", "date",
                 "日期应为有效日期，格式YYYY-MM-DD（或带时区的时刻，如2026-02-14T16:30:00Z）");
}

std::unique_ptr<store::Database> OpenMigrated(const std::string& url) {
  auto db = store::OpenDatabase(url);
  store::Migrate(*db);
  return db;
}

// R-CAL-1: the file's calendar, or the database's.
Result<domain::Date> NthWorkingDayAfter(const Options& o) {
  XUEJI_ASSIGN_OR_RETURN(domain::Date from, ResolveDay(o));
  XUEJI_ASSIGN_OR_RETURN(int n, domain::ParseWorkingDays(o.count));
  if (!o.db_url.empty()) return service::AddWorkingDays(*OpenMigrated(o.db_url), from, n);
  XUEJI_ASSIGN_OR_RETURN(auto calendar, service::ReadHolidayFile(o.holidays));
  return calendar.AddWorkingDays(from, n);
}

// R-CAL-1, R-CAL-2
Result<bool> Working(const Options& o) {
  XUEJI_ASSIGN_OR_RETURN(domain::Date day, ResolveDay(o));
  if (!o.db_url.empty()) {
    auto db = OpenMigrated(o.db_url);
    auto tx = db->BeginRead();
    return service::LoadBusinessCalendar(*tx, day.year, day.year).IsWorkingDay(day);
  }
  XUEJI_ASSIGN_OR_RETURN(auto calendar, service::ReadHolidayFile(o.holidays));
  return calendar.IsWorkingDay(day);
}

int AddWorkingDays(const Options& o) {
  auto date = NthWorkingDayAfter(o);
  if (!date.ok()) return Fail(date.error());
  std::printf("%s\n", domain::FormatDate(*date).c_str());
  return 0;
}

int IsWorkingDay(const Options& o) {
  auto working = Working(o);
  if (!working.ok()) return Fail(working.error());
  std::printf("%s\n", *working ? "yes" : "no");
  return 0;
}

// Runs `command` and ends the parse with its exit status.
[[noreturn]] void Run(int (*command)(const Options&), const Options& o) {
  int status = 3;
  try {
    status = command(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xueji: %s\n", e.what());
  }
  std::fflush(stdout);
  throw CLI::RuntimeError(status);
}

void AddSourceOptions(CLI::App* command, Options& o) {
  command->add_option("--holidays", o.holidays, "Holiday CSV (data/holidays.csv)");
  command->add_option("--db", o.db_url,
                      "Use this database's calendar (sqlite:PATH or postgresql://...)");
}

}  // namespace

void AddCalendarCommands(CLI::App& app, const std::string& default_holidays) {
  auto options = std::make_shared<Options>();
  options->holidays = default_holidays;
  auto* calendar = app.add_subcommand("calendar", "Business calendar: working days (工作日)");
  calendar->require_subcommand(1);

  auto* add =
      calendar->add_subcommand("add-working-days", "Print the N-th working day strictly after DAY");
  add->add_option("DAY", options->day, "YYYY-MM-DD, or an instant read in China Standard Time")
      ->required();
  add->add_option("N", options->count, "Working days, 0 to 3650 (0 prints DAY)")->required();
  AddSourceOptions(add, *options);
  add->callback([options] { Run(AddWorkingDays, *options); });

  auto* is = calendar->add_subcommand("is-working-day", "Print yes or no for DAY");
  is->add_option("DAY", options->day,
                 "YYYY-MM-DD, or an instant read in China Standard Time (default: today there)");
  is->add_option("--now", options->now_text, "Take today from this instant; also env XUEJI_NOW");
  AddSourceOptions(is, *options);
  is->callback([options] { Run(IsWorkingDay, *options); });
}

}  // namespace xueji::cli
