#include "service/business_calendar_service.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "io/csv.h"
#include "service/audit.h"
#include "service/summary.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

using domain::CalendarDay;

void InsertDays(store::Tx& tx, int year, const std::vector<CalendarDay>& days) {
  for (const auto& d : days) {
    tx.Exec("INSERT INTO calendar_day (day, year, kind, name) VALUES ($1, $2, $3, $4)",
            {domain::FormatDate(d.date), int64_t{year}, std::string(domain::DayKindName(d.kind)),
             d.name});
  }
}

// "2027-01-01 holiday 元旦;…" for the audit summary.
std::string DayList(const std::vector<CalendarDay>& days) {
  std::string out;
  for (const auto& d : days) {
    out += (out.empty() ? "" : ";") + domain::FormatDate(d.date) + " " +
           std::string(domain::DayKindName(d.kind)) + " " + d.name;
  }
  return out;
}

// The entries of `a` that `b` does not have (dates, kinds and names compared).
std::vector<CalendarDay> Missing(const std::vector<CalendarDay>& a,
                                 const std::vector<CalendarDay>& b) {
  std::vector<CalendarDay> out;
  for (const auto& d : a) {
    if (std::find(b.begin(), b.end(), d) == b.end()) out.push_back(d);
  }
  return out;
}

int Count(const std::vector<CalendarDay>& days, domain::DayKind kind) {
  return static_cast<int>(
      std::count_if(days.begin(), days.end(), [&](const auto& d) { return d.kind == kind; }));
}

// Replaces the stored year (or adds it) with `days`, source "admin".
void WriteYear(store::Tx& tx, const Context& ctx, int year, bool exists,
               const std::vector<CalendarDay>& days) {
  std::vector<store::Value> params = {int64_t{year}, ctx.now.micros, ctx.ActorName()};
  if (exists) {
    tx.Exec(
        "UPDATE calendar_year SET source = 'admin', updated_at = $2, updated_by = $3 "
        "WHERE year = $1",
        params);
    tx.Exec("DELETE FROM calendar_day WHERE year = $1", {int64_t{year}});
  } else {
    tx.Exec(
        "INSERT INTO calendar_year (year, source, updated_at, updated_by) "
        "VALUES ($1, 'admin', $2, $3)",
        params);
  }
  InsertDays(tx, year, days);
}

}  // namespace

// R-CAL-1
Result<domain::BusinessCalendar> ReadHolidayFile(const std::string& path) {
  XUEJI_ASSIGN_OR_RETURN(auto rows, io::ReadCsvFile(path));
  return domain::ParseHolidayRows(rows, std::filesystem::path(path).filename().string());
}

// R-CAL-1
Result<int> LoadHolidayFile(store::Database& db, const Context& ctx, const std::string& path) {
  XUEJI_ASSIGN_OR_RETURN(auto calendar, ReadHolidayFile(path));
  auto tx = db.BeginWrite();
  std::string loaded;
  int count = 0;
  size_t days = 0;
  for (int year : calendar.years()) {
    if (tx->QueryOne("SELECT 1 FROM calendar_year WHERE year = $1", {int64_t{year}})) continue;
    tx->Exec(
        "INSERT INTO calendar_year (year, source, updated_at, updated_by) "
        "VALUES ($1, 'package', $2, $3)",
        {int64_t{year}, ctx.now.micros, ctx.ActorName()});
    auto year_days = calendar.DaysOf(year);
    InsertDays(*tx, year, year_days);
    days += year_days.size();
    loaded += (loaded.empty() ? "" : ",") + std::to_string(year);
    ++count;
  }
  if (count == 0) return 0;
  AppendAudit(*tx, ctx,
              {"calendar.load", "calendar", "ok",
               Summary({{"years", loaded}, {"days", std::to_string(days)}})});
  tx->Commit();
  return count;
}

// R-CAL-1
domain::BusinessCalendar LoadBusinessCalendar(store::Tx& tx, int first_year, int last_year) {
  std::map<int, std::vector<CalendarDay>> years;
  std::vector<store::Value> range = {int64_t{first_year}, int64_t{last_year}};
  for (const auto& r :
       tx.Query("SELECT year FROM calendar_year WHERE year BETWEEN $1 AND $2", range)) {
    years[static_cast<int>(r.Int(0))];
  }
  for (const auto& r : tx.Query("SELECT day, kind, name, year FROM calendar_day "
                                "WHERE year BETWEEN $1 AND $2 ORDER BY day",
                                range)) {
    auto date = domain::ParseDate(r.Text(0));
    auto kind = domain::ParseDayKind(r.Text(1));
    if (!date || !kind) throw std::runtime_error("calendar_day holds a bad row: " + r.Text(0));
    years[static_cast<int>(r.Int(3))].push_back(CalendarDay{*date, *kind, r.Text(2)});
  }
  domain::BusinessCalendar calendar;
  for (const auto& [year, days] : years) calendar.SetYear(year, days);
  return calendar;
}

// R-CAL-1: loads the run of stored years that starts at (or just after)
// `from`'s year; counting stops at the first year not stored anyway.
Result<domain::Date> AddWorkingDays(store::Database& db, domain::Date from, int n) {
  auto tx = db.BeginRead();
  int last = from.year;
  for (const auto& r : tx->Query("SELECT year FROM calendar_year WHERE year > $1 ORDER BY year",
                                 {int64_t{from.year}})) {
    if (r.Int(0) != last + 1) break;
    last = static_cast<int>(r.Int(0));
  }
  return LoadBusinessCalendar(*tx, from.year, last).AddWorkingDays(from, n);
}

// R-CAL-1
Result<CalendarYear> GetCalendarYear(store::Database& db, int year) {
  XUEJI_RETURN_IF_ERROR(domain::CheckCalendarYear(year));
  auto tx = db.BeginRead();
  CalendarYear out;
  out.year = year;
  auto row =
      tx->QueryOne("SELECT source, updated_at FROM calendar_year WHERE year = $1", {int64_t{year}});
  if (!row) return out;
  out.covered = true;
  out.source = row->Text(0);
  out.updated_at = domain::Instant{row->Int(1)};
  out.days = LoadBusinessCalendar(*tx, year, year).DaysOf(year);
  return out;
}

// R-CAL-1
Result<CalendarYearSave> SaveCalendarYear(store::Database& db, const Context& ctx, int year,
                                          std::vector<CalendarDay> days) {
  XUEJI_RETURN_IF_ERROR(domain::ValidateCalendarYear(year, days));
  auto tx = db.BeginWrite();
  // Locking the year's row orders concurrent saves of one year.
  auto old_year = tx->QueryOne(
      "SELECT source, updated_at FROM calendar_year WHERE year = $1" + std::string(tx->ForUpdate()),
      {int64_t{year}});
  auto old_days = LoadBusinessCalendar(*tx, year, year).DaysOf(year);
  CalendarYearSave save;
  save.created = !old_year;
  save.saved = CalendarYear{year, true, old_year ? old_year->Text(0) : "admin",
                            old_year ? domain::Instant{old_year->Int(1)} : ctx.now, days};
  if (old_year && old_days == days) return save;
  save.changed = true;
  save.saved.source = "admin";
  save.saved.updated_at = ctx.now;
  WriteYear(*tx, ctx, year, !save.created, days);
  // R-CAL-1: the steps whose deadline waited for this year get it now.
  XUEJI_ASSIGN_OR_RETURN(save.resolved_dues, ResolvePendingDues(*tx));
  AppendAudit(*tx, ctx,
              {save.created ? "calendar.create" : "calendar.update",
               "calendar/" + std::to_string(year), "ok",
               Summary({{"year", std::to_string(year)},
                        {"holidays", std::to_string(Count(days, domain::DayKind::kHoliday))},
                        {"workdays", std::to_string(Count(days, domain::DayKind::kWorkday))},
                        {"old_source", old_year ? old_year->Text(0) : ""},
                        {"added", DayList(Missing(days, old_days))},
                        {"removed", DayList(Missing(old_days, days))},
                        {"resolved_dues", std::to_string(save.resolved_dues)}})});
  tx->Commit();
  return save;
}

}  // namespace xueji::service
