#include "domain/business_calendar.h"

#include <algorithm>
#include <utility>

#include "domain/text.h"

namespace xueji::domain {
namespace {

int64_t DayNumber(Date d) {
  return DaysFromCivil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
}

Date DateOfDay(int64_t day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

Error DaysRange() {
  return Invalid("CALENDAR_DAYS_RANGE", "days",
                 "工作日数应为0到" + std::to_string(kMaxWorkingDays) + "之间的整数");
}

std::string Field(size_t i, const char* member) {
  return "days[" + std::to_string(i) + "]." + member;
}

// The checks of one entry that need no other entry.
Status ValidateDay(int year, size_t i, CalendarDay& day) {
  std::string date = FormatDate(day.date);
  if (day.date.year != year) {
    return Invalid("CALENDAR_DAY_YEAR", Field(i, "date"),
                   "日期" + date + "不在" + std::to_string(year) + "年内");
  }
  if (day.kind == DayKind::kWorkday && !IsWeekend(day.date)) {
    return Invalid("CALENDAR_WORKDAY_WEEKDAY", Field(i, "date"),
                   "调休上班日" + date + "不是周六或周日（周一至周五本来就是工作日）");
  }
  day.name = TrimSpaces(day.name);
  int length = Utf8Length(day.name);
  if (length < 0) return Invalid("TEXT_ENCODING", Field(i, "name"), "名称含有无效字符");
  if (length > kMaxCalendarDayName) {
    return Invalid("TOO_LONG", Field(i, "name"),
                   "名称不能超过" + std::to_string(kMaxCalendarDayName) + "个字符");
  }
  return Ok();
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
  return kind == DayKind::kWorkday ? "workday" : "holiday";
}

std::optional<DayKind> ParseDayKind(std::string_view name) {
  if (name == "holiday") return DayKind::kHoliday;
  if (name == "workday") return DayKind::kWorkday;
  return std::nullopt;
}

int Weekday(Date d) {
  // 1970-01-01 was a Thursday.
  int64_t w = (DayNumber(d) + 4) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool IsWeekend(Date d) {
  int w = Weekday(d);
  return w == 0 || w == 6;
}

Result<int> ParseWorkingDays(std::string_view text) {
  bool digits = !text.empty() && text.size() <= 9;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) return DaysRange();
  int n = std::stoi(std::string(text));
  if (n > kMaxWorkingDays) return DaysRange();
  return n;
}

// R-CAL-1
Error CalendarYearMissing(int year) {
  std::string y = std::to_string(year);
  return Error{ErrorKind::kRuleViolation, "CALENDAR_YEAR_MISSING", "",
               y + "年的节假日和调休安排尚未录入，无法计算工作日。请系统管理员在“工作日历”中录入" +
                   y + "年的安排"};
}

void BusinessCalendar::SetYear(int year, const std::vector<CalendarDay>& days) {
  auto first = days_.lower_bound(DayNumber(Date{year, 1, 1}));
  auto last = days_.upper_bound(DayNumber(Date{year, 12, 31}));
  days_.erase(first, last);
  for (const auto& d : days) days_[DayNumber(d.date)] = d;
  years_.insert(year);
}

std::vector<CalendarDay> BusinessCalendar::DaysOf(int year) const {
  std::vector<CalendarDay> out;
  auto it = days_.lower_bound(DayNumber(Date{year, 1, 1}));
  for (; it != days_.end() && it->second.date.year == year; ++it) out.push_back(it->second);
  return out;
}

// R-CAL-1
Result<bool> BusinessCalendar::IsWorkingDay(Date d) const {
  if (!Covers(d.year)) return CalendarYearMissing(d.year);
  auto it = days_.find(DayNumber(d));
  if (it != days_.end()) return it->second.kind == DayKind::kWorkday;
  return !IsWeekend(d);
}

// R-CAL-1: the n-th working day strictly after d.
Result<Date> BusinessCalendar::AddWorkingDays(Date d, int n) const {
  if (n < 0 || n > kMaxWorkingDays) return DaysRange();
  int64_t day = DayNumber(d);
  while (n > 0) {
    ++day;
    XUEJI_ASSIGN_OR_RETURN(bool working, IsWorkingDay(DateOfDay(day)));
    if (working) --n;
  }
  return DateOfDay(day);
}

// R-CAL-1: the working days in (a, b].
Result<int> BusinessCalendar::WorkingDaysBetween(Date a, Date b) const {
  if (b < a) {
    XUEJI_ASSIGN_OR_RETURN(int count, WorkingDaysBetween(b, a));
    return -count;
  }
  int count = 0;
  for (int64_t day = DayNumber(a) + 1, end = DayNumber(b); day <= end; ++day) {
    XUEJI_ASSIGN_OR_RETURN(bool working, IsWorkingDay(DateOfDay(day)));
    if (working) ++count;
  }
  return count;
}

Status CheckCalendarYear(int year) {
  if (year < kMinCalendarYear || year > kMaxCalendarYear) {
    return Invalid("CALENDAR_YEAR", "year",
                   "年份应为" + std::to_string(kMinCalendarYear) + "到" +
                       std::to_string(kMaxCalendarYear) + "之间的四位数字");
  }
  return Ok();
}

Result<int> ParseCalendarYear(std::string_view text) {
  bool digits = text.size() == 4;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  int year = digits ? std::stoi(std::string(text)) : 0;
  XUEJI_RETURN_IF_ERROR(CheckCalendarYear(year));
  return year;
}

// R-CAL-1
Status ValidateCalendarYear(int year, std::vector<CalendarDay>& days) {
  XUEJI_RETURN_IF_ERROR(CheckCalendarYear(year));
  std::map<Date, size_t> seen;
  bool has_holiday = false;
  for (size_t i = 0; i < days.size(); ++i) {
    XUEJI_RETURN_IF_ERROR(ValidateDay(year, i, days[i]));
    auto [it, inserted] = seen.emplace(days[i].date, i);
    if (!inserted) {
      return Invalid("CALENDAR_DAY_DUPLICATE", Field(i, "date"),
                     "日期" + FormatDate(days[i].date) + "重复（与第" +
                         std::to_string(it->second + 1) + "项相同）");
    }
    has_holiday = has_holiday || days[i].kind == DayKind::kHoliday;
  }
  if (!has_holiday) {
    return Invalid("CALENDAR_NO_HOLIDAY", "days",
                   std::to_string(year) + "年的安排中没有任何放假日期，请按国务院通知录入");
  }
  std::sort(days.begin(), days.end(),
            [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  return Ok();
}

// R-CAL-1
Result<BusinessCalendar> ParseHolidayRows(const std::vector<std::vector<std::string>>& rows,
                                          std::string_view file) {
  std::string prefix = "节假日文件 " + std::string(file) + " ";
  auto fail = [&](size_t line, const std::string& what) {
    return Invalid("CALENDAR_FILE", "", prefix + "第" + std::to_string(line) + "行：" + what);
  };
  if (rows.empty() || rows[0] != std::vector<std::string>{"date", "kind", "name"}) {
    return fail(1, "表头应为 date,kind,name");
  }
  std::map<int, std::vector<CalendarDay>> years;
  std::map<int, std::vector<size_t>> lines;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() != 3) return fail(i + 1, "应有3列");
    auto date = ParseDate(r[0]);
    if (!date) return fail(i + 1, "日期无效：" + r[0]);
    auto kind = ParseDayKind(r[1]);
    if (!kind) return fail(i + 1, "类型应为 holiday 或 workday：" + r[1]);
    years[date->year].push_back(CalendarDay{*date, *kind, r[2]});
    lines[date->year].push_back(i + 1);
  }
  if (years.empty()) return fail(rows.size() + 1, "没有任何日期");
  BusinessCalendar calendar;
  for (auto& [year, days] : years) {
    Status ok = ValidateCalendarYear(year, days);
    if (!ok.ok()) {
      // The field names the entry of that year ("days[i]…"): report its line.
      const std::string& field = ok.error().field;
      size_t index = field.rfind("days[", 0) == 0 ? std::stoul(field.substr(5)) : 0;
      return fail(lines[year][index], ok.error().message);
    }
    calendar.SetYear(year, days);
  }
  return calendar;
}

}  // namespace xueji::domain
