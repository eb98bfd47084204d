#pragma once

// The business calendar as data (R-CAL-1, R-CAL-2): loading the shipped
// data/holidays.csv, reading the stored calendar for working-day arithmetic,
// and the system administrator's entry of a year.
//
// Who may enter a year is decided by the HTTP route (permission
// manage_calendar, scope: the ministry); the functions here trust their
// caller, like the other services. Each write is one transaction with its
// audit entry.

#include <string>
#include <vector>

#include "domain/business_calendar.h"
#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

// R-CAL-1: data/holidays.csv read and checked (domain::ParseHolidayRows): the
// shipped calendar, for LoadHolidayFile and for the CLI without a database.
Result<domain::BusinessCalendar> ReadHolidayFile(const std::string& path);

// R-CAL-1: stores every year of the file that the database has no calendar
// for yet (source "package"), in one transaction with one audit entry. Years
// already stored are left alone, whatever the file says now: after the first
// load the database is the authority, and a year the administrator entered or
// corrected stays so. The whole file is checked before anything is written.
// Returns the number of years loaded (0: nothing written, no audit entry).
Result<int> LoadHolidayFile(store::Database& db, const Context& ctx, const std::string& path);

// R-CAL-1: the stored calendar of the years first_year..last_year, inside the
// caller's transaction; those of them the database has are covered, any other
// year is not.
domain::BusinessCalendar LoadBusinessCalendar(store::Tx& tx, int first_year, int last_year);

// R-CAL-1: the n-th working day strictly after `from` on the stored calendar
// (domain::BusinessCalendar::AddWorkingDays: n = 0 gives `from`;
// CALENDAR_YEAR_MISSING names the first year reached that is not stored).
Result<domain::Date> AddWorkingDays(store::Database& db, domain::Date from, int n);

struct CalendarYear {
  int year = 0;
  bool covered = false;
  std::string source;  // "package" (data/holidays.csv) | "admin"; "" when not covered
  domain::Instant updated_at;
  std::vector<domain::CalendarDay> days;  // by date; empty when not covered
};

// R-CAL-1: one year as stored. A year not entered is covered = false, not an
// error; a year outside kMinCalendarYear..kMaxCalendarYear is CALENDAR_YEAR.
Result<CalendarYear> GetCalendarYear(store::Database& db, int year);

struct CalendarYearSave {
  CalendarYear saved;
  bool created = false;   // the year was not covered before
  bool changed = false;   // false when the stored days were exactly these already
  int resolved_dues = 0;  // workflow steps whose pending due date this entry gave
};

// R-CAL-1: the system administrator enters `year`'s holidays and make-up
// workdays, or corrects a stored year (one from data/holidays.csv too): the
// days are checked with domain::ValidateCalendarYear, then replace the year's
// in one transaction with an audit entry that lists the dates added and
// removed; the year's source becomes "admin". A request that changes nothing
// (the same dates, kinds and names) writes nothing. In the same transaction,
// every open workflow step whose due date was pending (期限待定) gets the
// date the calendar now allows (ResolvePendingDues).
Result<CalendarYearSave> SaveCalendarYear(store::Database& db, const Context& ctx, int year,
                                          std::vector<domain::CalendarDay> days);

}  // namespace xueji::service
