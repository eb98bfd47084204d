#pragma once

// The business calendar (R-CAL-1): which days are working days (工作日), and
// deadlines counted in them.
//
// A day is a working day when it is a Monday to Friday that is not an official
// holiday (节假日), or a Saturday or Sunday worked instead of a holiday day
// (调休上班). Those exceptions come from the State Council's yearly notice:
// shipped as data/holidays.csv (generated from npm chinese-days), and entered
// by the system administrator for years the data does not have yet.
//
// A calendar covers whole years. Asking about a day of a year it does not
// cover is the error CALENDAR_YEAR_MISSING, never a weekends-only guess.
// Dates are calendar dates in China Standard Time (R-CAL-2): callers turn an
// instant into a date with CstDate. Nothing here reads a clock.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

enum class DayKind {
  kHoliday,  // 放假: no work, whatever the day of the week
  kWorkday,  // 调休上班: a Saturday or Sunday worked
};

std::string_view DayKindName(DayKind kind);  // "holiday" | "workday"
std::optional<DayKind> ParseDayKind(std::string_view name);

// One exception to the weekly rhythm.
struct CalendarDay {
  Date date;
  DayKind kind = DayKind::kHoliday;
  std::string name;  // 春节, 国庆节 …; for a workday, the holiday it makes up for
  bool operator==(const CalendarDay&) const = default;
};

// 0 = Sunday, 1 = Monday … 6 = Saturday.
int Weekday(Date d);
bool IsWeekend(Date d);

inline constexpr int kMinCalendarYear = 1990;
inline constexpr int kMaxCalendarYear = 2100;
inline constexpr int kMaxWorkingDays = 3650;    // the largest n of AddWorkingDays
inline constexpr int kMaxCalendarDayName = 40;  // characters

// A working-day count as typed (a query parameter, a command-line argument):
// decimal digits, 0..kMaxWorkingDays; otherwise Invalid CALENDAR_DAYS_RANGE on
// "days".
Result<int> ParseWorkingDays(std::string_view text);

// R-CAL-1: the error for a day of a year the calendar does not cover:
// kRuleViolation CALENDAR_YEAR_MISSING, naming the year and telling the system
// administrator to enter it.
Error CalendarYearMissing(int year);

class BusinessCalendar {
 public:
  BusinessCalendar() = default;  // covers no year

  // Makes `year` covered with exactly these exceptions, replacing any it had.
  // Every day must lie in `year` (ValidateCalendarYear checks that).
  void SetYear(int year, const std::vector<CalendarDay>& days);

  bool Covers(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }
  // The exceptions of one year, by date (empty for a year not covered).
  std::vector<CalendarDay> DaysOf(int year) const;

  // R-CAL-1: whether `d` is a working day. CALENDAR_YEAR_MISSING when its
  // year is not covered.
  Result<bool> IsWorkingDay(Date d) const;

  // R-CAL-1, the deadline convention: "n working days after d" is the n-th
  // working day strictly after d; d itself never counts, whether or not it
  // is a working day. n = 0 gives d unchanged. n outside 0..kMaxWorkingDays
  // is Invalid CALENDAR_DAYS_RANGE on "days"; reaching a day of a year not
  // covered is CALENDAR_YEAR_MISSING for that year.
  Result<Date> AddWorkingDays(Date d, int n) const;

  // R-CAL-1: the working days after a up to and including b, so that
  // WorkingDaysBetween(d, AddWorkingDays(d, n)) == n; negative when b is
  // before a (the count from b to a, negated); 0 when a == b.
  // CALENDAR_YEAR_MISSING when the span reaches a year not covered.
  Result<int> WorkingDaysBetween(Date a, Date b) const;

 private:
  std::map<int64_t, CalendarDay> days_;  // by DaysFromCivil of the date
  std::set<int> years_;
};

// R-CAL-1: a year a calendar may hold, kMinCalendarYear..kMaxCalendarYear;
// otherwise Invalid CALENDAR_YEAR on "year".
Status CheckCalendarYear(int year);
// The same for a year as typed: exactly four decimal digits.
Result<int> ParseCalendarYear(std::string_view text);

// R-CAL-1: checks one year's exceptions as they are entered, and sorts them
// by date. `year` passes CheckCalendarYear. For days[i] (fields
// "days[i].date", "days[i].name"): the date lies in `year`
// (CALENDAR_DAY_YEAR); no date twice (CALENDAR_DAY_DUPLICATE); a workday is a
// Saturday or Sunday (CALENDAR_WORKDAY_WEEKDAY: a Monday to Friday is worked
// anyway); the name, trimmed of spaces, has at most kMaxCalendarDayName
// characters (TOO_LONG, TEXT_ENCODING). A holiday may fall on any day: the
// notice lists the whole break, weekends included. At least one holiday
// (CALENDAR_NO_HOLIDAY on "days"): every year has 元旦.
Status ValidateCalendarYear(int year, std::vector<CalendarDay>& days);

// R-CAL-1: reads the rows of a holiday file (header `date,kind,name`, one
// exception per row, see scripts/data/gen_holidays.mjs). The years that have
// rows are the years covered, each checked with ValidateCalendarYear. Errors
// are Invalid("CALENDAR_FILE", "", …) naming `file` and, for a bad row, the
// 1-based line, e.g. "节假日文件 holidays.csv 第3行：日期无效：2026-02-30".
Result<BusinessCalendar> ParseHolidayRows(const std::vector<std::vector<std::string>>& rows,
                                          std::string_view file);

}  // namespace xueji::domain
