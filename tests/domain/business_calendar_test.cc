// R-CAL-1, R-CAL-2: working days around 春节, 国庆 and the 调休 weekends of
// 2025 and 2026, on the shipped data/holidays.csv read through the same
// reader and parser as `xueji init` and the CLI.

#include "domain/business_calendar.h"

#include <gtest/gtest.h>

#include "io/csv.h"

namespace xueji::domain {
namespace {

const BusinessCalendar& Shipped() {
  static const BusinessCalendar calendar = [] {
    auto rows = io::ReadCsvFile(std::string(XUEJI_SOURCE_DIR) + "/data/holidays.csv");
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    auto parsed = ParseHolidayRows(*rows, "holidays.csv");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return parsed.ok() ? *parsed : BusinessCalendar();
  }();
  return calendar;
}

Date D(const char* text) {
  auto d = ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Date{});
}

TEST(BusinessCalendar, R_CAL_1_shipped_data_covers_2004_to_2026) {
  const auto& years = Shipped().years();
  ASSERT_FALSE(years.empty());
  EXPECT_EQ(*years.begin(), 2004);
  EXPECT_EQ(*years.rbegin(), 2026);
  EXPECT_EQ(years.size(), 23u);
}

TEST(BusinessCalendar, R_CAL_1_working_days_around_spring_festival_and_national_day) {
  struct Case {
    const char* date;
    bool working;
    const char* why;
  };
  const Case cases[] = {
      {"2025-01-24", true, "2025 春节前的周五"},
      {"2025-01-25", false, "普通周六"},
      {"2025-01-26", true, "2025 春节调休上班（周日）"},
      {"2025-01-27", true, "周一"},
      {"2025-01-28", false, "2025 春节（除夕）"},
      {"2025-02-04", false, "2025 春节最后一天（周二）"},
      {"2025-02-05", true, "节后第一天"},
      {"2025-02-08", true, "2025 春节调休上班（周六）"},
      {"2025-02-09", false, "普通周日"},
      {"2025-09-27", false, "普通周六"},
      {"2025-09-28", true, "2025 国庆调休上班（周日）"},
      {"2025-10-01", false, "2025 国庆节"},
      {"2025-10-06", false, "2025 中秋（国庆假期内）"},
      {"2025-10-08", false, "2025 国庆最后一天（周三）"},
      {"2025-10-09", true, "节后第一天"},
      {"2025-10-11", true, "2025 国庆调休上班（周六）"},
      {"2025-10-12", false, "普通周日"},
      {"2026-01-02", false, "2026 元旦（周五）"},
      {"2026-01-04", true, "2026 元旦调休上班（周日）"},
      {"2026-02-13", true, "2026 春节前的周五"},
      {"2026-02-14", true, "2026 春节调休上班（周六）"},
      {"2026-02-15", false, "2026 春节第一天（周日）"},
      {"2026-02-16", false, "2026 春节（周一）"},
      {"2026-02-23", false, "2026 春节最后一天（周一）"},
      {"2026-02-24", true, "节后第一天"},
      {"2026-02-28", true, "2026 春节调休上班（周六）"},
      {"2026-03-01", false, "普通周日"},
      {"2026-03-04", true, "普通周三"},
      {"2026-09-20", true, "2026 国庆调休上班（周日）"},
      {"2026-09-25", false, "2026 中秋（周五）"},
      {"2026-10-07", false, "2026 国庆最后一天（周三）"},
      {"2026-10-08", true, "节后第一天"},
      {"2026-10-10", true, "2026 国庆调休上班（周六）"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.date) + " " + c.why);
    auto working = Shipped().IsWorkingDay(D(c.date));
    ASSERT_TRUE(working.ok()) << working.error().message;
    EXPECT_EQ(*working, c.working);
  }
}

TEST(BusinessCalendar, R_CAL_1_n_working_days_after_is_the_nth_strictly_after) {
  struct Case {
    const char* from;
    int n;
    const char* expected;
  };
  const Case cases[] = {
      {"2025-01-24", 1, "2025-01-26"},  // the 调休 Sunday counts
      {"2025-01-24", 2, "2025-01-27"},
      {"2025-01-24", 3, "2025-02-05"},  // over the whole 春节 break
      {"2025-01-27", 1, "2025-02-05"},
      {"2025-02-07", 1, "2025-02-08"},  // 调休 Saturday
      {"2025-09-26", 1, "2025-09-28"},  // 调休 Sunday before 国庆
      {"2025-09-30", 1, "2025-10-09"},  // over 国庆 and 中秋
      {"2025-10-10", 1, "2025-10-11"},
      {"2025-10-11", 1, "2025-10-13"},
      {"2025-12-31", 1, "2026-01-04"},  // across the year, into 元旦's 调休 Sunday
      {"2026-02-10", 10, "2026-03-02"},
      {"2026-02-13", 1, "2026-02-14"},
      {"2026-02-13", 2, "2026-02-24"},
      {"2026-02-14", 1, "2026-02-24"},
      {"2026-02-15", 1, "2026-02-24"},  // from a holiday: still strictly after
      {"2026-02-15", 0, "2026-02-15"},  // n = 0: the day itself, working or not
      {"2026-02-27", 1, "2026-02-28"},
      {"2026-09-24", 1, "2026-09-28"},  // over 中秋
      {"2026-09-30", 1, "2026-10-08"},  // over 国庆
      {"2026-10-09", 1, "2026-10-10"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " + " + std::to_string(c.n));
    auto date = Shipped().AddWorkingDays(D(c.from), c.n);
    ASSERT_TRUE(date.ok()) << date.error().message;
    EXPECT_EQ(FormatDate(*date), c.expected);
    auto between = Shipped().WorkingDaysBetween(D(c.from), *date);
    ASSERT_TRUE(between.ok());
    EXPECT_EQ(*between, c.n);
  }
}

TEST(BusinessCalendar, R_CAL_1_working_days_between_counts_after_a_up_to_b) {
  struct Case {
    const char* a;
    const char* b;
    int count;
  };
  const Case cases[] = {
      {"2026-02-13", "2026-02-13", 0},
      {"2026-02-13", "2026-02-23", 1},  // only the 调休 Saturday 02-14
      {"2026-02-13", "2026-02-28", 6},  // 14, 24, 25, 26, 27, 28
      {"2026-02-28", "2026-02-13", -6},
      {"2025-09-30", "2025-10-08", 0},    // the whole 国庆 break
      {"2025-01-01", "2025-12-31", 248},  // 01-01 is 元旦 itself
      {"2026-01-01", "2026-12-31", 248},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " .. " + c.b);
    auto n = Shipped().WorkingDaysBetween(D(c.a), D(c.b));
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, c.count);
  }
}

TEST(BusinessCalendar, R_CAL_1_a_year_not_covered_is_an_error_never_a_guess) {
  auto error_of = [](const auto& result) { return result.ok() ? Error{} : result.error(); };
  struct Case {
    const char* what;
    Error error;
    const char* year;
  };
  const Case cases[] = {
      {"a day of 2027", error_of(Shipped().IsWorkingDay(D("2027-03-03"))), "2027"},
      {"counting into 2027", error_of(Shipped().AddWorkingDays(D("2026-12-31"), 1)), "2027"},
      {"counting from 2003", error_of(Shipped().AddWorkingDays(D("2003-12-30"), 1)), "2003"},
      {"counting across 2027",
       error_of(Shipped().WorkingDaysBetween(D("2026-12-01"), D("2027-01-05"))), "2027"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(c.error.code, "CALENDAR_YEAR_MISSING");
    EXPECT_EQ(c.error.kind, ErrorKind::kRuleViolation);
    EXPECT_NE(c.error.message.find(std::string(c.year) + "年"), std::string::npos)
        << c.error.message;
    EXPECT_NE(c.error.message.find("系统管理员"), std::string::npos);
  }
  auto too_many = Shipped().AddWorkingDays(D("2026-01-01"), kMaxWorkingDays + 1);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, "CALENDAR_DAYS_RANGE");
  EXPECT_FALSE(Shipped().AddWorkingDays(D("2026-01-01"), -1).ok());
}

TEST(BusinessCalendar, R_CAL_1_an_entered_year_is_used_and_replaces_what_was_there) {
  BusinessCalendar calendar = Shipped();
  std::vector<CalendarDay> days = {
      {D("2027-01-01"), DayKind::kHoliday, "元旦"},
      {D("2027-02-06"), DayKind::kHoliday, "春节"},  // a Saturday: allowed for holidays
      {D("2027-02-08"), DayKind::kHoliday, "春节"},
      {D("2027-02-20"), DayKind::kWorkday, "春节"},
  };
  ASSERT_TRUE(ValidateCalendarYear(2027, days).ok());
  calendar.SetYear(2027, days);
  EXPECT_TRUE(calendar.Covers(2027));
  EXPECT_EQ(FormatDate(*calendar.AddWorkingDays(D("2026-12-31"), 1)), "2027-01-04");
  EXPECT_EQ(FormatDate(*calendar.AddWorkingDays(D("2027-02-05"), 1)), "2027-02-09");
  EXPECT_TRUE(*calendar.IsWorkingDay(D("2027-02-20")));
  EXPECT_EQ(calendar.DaysOf(2027), days);
  // Correcting a shipped year: 2026-02-24 made a holiday too.
  auto days_2026 = calendar.DaysOf(2026);
  days_2026.push_back({D("2026-02-24"), DayKind::kHoliday, "春节"});
  ASSERT_TRUE(ValidateCalendarYear(2026, days_2026).ok());
  calendar.SetYear(2026, days_2026);
  EXPECT_EQ(FormatDate(*calendar.AddWorkingDays(D("2026-02-14"), 1)), "2026-02-25");
  EXPECT_EQ(calendar.DaysOf(2026).size(), Shipped().DaysOf(2026).size() + 1);
  EXPECT_EQ(calendar.DaysOf(2025), Shipped().DaysOf(2025));
}

TEST(BusinessCalendar, R_CAL_1_entered_years_are_checked_entry_by_entry) {
  struct Case {
    const char* what;
    int year;
    std::vector<CalendarDay> days;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"year too early",
       1989,
       {{D("1989-01-01"), DayKind::kHoliday, "元旦"}},
       "CALENDAR_YEAR",
       "year"},
      {"year too late",
       2101,
       {{D("2101-01-01"), DayKind::kHoliday, "元旦"}},
       "CALENDAR_YEAR",
       "year"},
      {"date of another year",
       2027,
       {{D("2027-01-01"), DayKind::kHoliday, "元旦"}, {D("2028-01-01"), DayKind::kHoliday, "元旦"}},
       "CALENDAR_DAY_YEAR",
       "days[1].date"},
      {"same date twice",
       2027,
       {{D("2027-01-01"), DayKind::kHoliday, "元旦"}, {D("2027-01-01"), DayKind::kHoliday, "新年"}},
       "CALENDAR_DAY_DUPLICATE",
       "days[1].date"},
      {"workday on a Wednesday",
       2027,
       {{D("2027-01-01"), DayKind::kHoliday, "元旦"}, {D("2027-02-03"), DayKind::kWorkday, "春节"}},
       "CALENDAR_WORKDAY_WEEKDAY",
       "days[1].date"},
      {"name too long",
       2027,
       {{D("2027-01-01"), DayKind::kHoliday, std::string(41 * 3, 'x')}},
       "TOO_LONG",
       "days[0].name"},
      {"invalid UTF-8",
       2027,
       {{D("2027-01-01"), DayKind::kHoliday, "\xff"}},
       "TEXT_ENCODING",
       "days[0].name"},
      {"no holiday at all",
       2027,
       {{D("2027-02-20"), DayKind::kWorkday, "春节"}},
       "CALENDAR_NO_HOLIDAY",
       "days"},
      {"empty", 2027, {}, "CALENDAR_NO_HOLIDAY", "days"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto days = c.days;
    Status s = ValidateCalendarYear(c.year, days);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, c.code);
    EXPECT_EQ(s.error().field, c.field);
    EXPECT_FALSE(s.error().message.empty());
  }
  std::vector<CalendarDay> unsorted = {{D("2027-10-01"), DayKind::kHoliday, "  国庆节　"},
                                       {D("2027-01-01"), DayKind::kHoliday, "元旦"}};
  ASSERT_TRUE(ValidateCalendarYear(2027, unsorted).ok());
  EXPECT_EQ(FormatDate(unsorted[0].date), "2027-01-01");
  EXPECT_EQ(unsorted[1].name, "国庆节");
}

TEST(BusinessCalendar, R_CAL_1_holiday_file_errors_name_the_line) {
  using Rows = std::vector<std::vector<std::string>>;
  struct Case {
    Rows rows;
    const char* message_part;
  };
  const Case cases[] = {
      {{{"day", "kind", "name"}}, "第1行：表头应为 date,kind,name"},
      {{{"date", "kind", "name"}}, "没有任何日期"},
      {{{"date", "kind", "name"}, {"2026-02-30", "holiday", "x"}}, "第2行：日期无效：2026-02-30"},
      {{{"date", "kind", "name"}, {"2026-01-01", "rest", "元旦"}}, "第2行：类型应为"},
      {{{"date", "kind", "name"}, {"2026-01-01", "holiday"}}, "第2行：应有3列"},
      {{{"date", "kind", "name"},
        {"2026-01-01", "holiday", "元旦"},
        {"2027-01-01", "holiday", "元旦"},
        {"2027-01-01", "holiday", "元旦"}},
       "第4行：日期2027-01-01重复"},
      {{{"date", "kind", "name"}, {"2026-01-01", "holiday", "元旦"}, {"2026-02-18", "workday", ""}},
       "第3行：调休上班日2026-02-18不是周六或周日"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message_part);
    auto parsed = ParseHolidayRows(c.rows, "holidays.csv");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, "CALENDAR_FILE");
    EXPECT_NE(parsed.error().message.find("节假日文件 holidays.csv "), std::string::npos);
    EXPECT_NE(parsed.error().message.find(c.message_part), std::string::npos)
        << parsed.error().message;
  }
}

TEST(BusinessCalendar, R_CAL_2_an_instant_near_midnight_utc_is_read_in_china_standard_time) {
  struct Case {
    const char* instant;
    const char* cst_date;
    bool working;
  };
  const Case cases[] = {
      // 2026-02-14 16:30 UTC is 2026-02-15 00:30 in Beijing: 春节 has begun,
      // although in UTC (and in New York) it is still the 调休 Saturday.
      {"2026-02-14T16:30:00Z", "2026-02-15", false},
      {"2026-02-14T15:59:59Z", "2026-02-14", true},
      // 2026-02-23 16:00 UTC is the first day back at work in Beijing.
      {"2026-02-23T16:00:00Z", "2026-02-24", true},
      {"2025-09-30T17:00:00Z", "2025-10-01", false},
      {"2025-10-01T00:00:00+08:00", "2025-10-01", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.instant);
    auto instant = ParseInstant(c.instant);
    ASSERT_TRUE(instant.has_value());
    Date date = CstDate(*instant);
    EXPECT_EQ(FormatDate(date), c.cst_date);
    auto working = Shipped().IsWorkingDay(date);
    ASSERT_TRUE(working.ok());
    EXPECT_EQ(*working, c.working);
  }
}

TEST(BusinessCalendar, WeekdaysAndKinds) {
  EXPECT_EQ(Weekday(D("1970-01-01")), 4);
  EXPECT_EQ(Weekday(D("2026-02-15")), 0);
  EXPECT_EQ(Weekday(D("2026-02-14")), 6);
  EXPECT_EQ(Weekday(D("1969-12-31")), 3);
  EXPECT_EQ(DayKindName(DayKind::kWorkday), "workday");
  EXPECT_EQ(ParseDayKind("holiday"), DayKind::kHoliday);
  EXPECT_FALSE(ParseDayKind("Holiday").has_value());
}

}  // namespace
}  // namespace xueji::domain
