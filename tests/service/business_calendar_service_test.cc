// The business calendar against real databases (R-CAL-1): the shipped years
// loaded once at init, working days counted on the stored calendar, and the
// system administrator's entry and correction of a year, each one
// transaction with its audit entry.

#include "service/business_calendar_service.h"

#include <gtest/gtest.h>

#include "service/audit.h"
#include "service/clock.h"
#include "service/setup.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

using domain::CalendarDay;
using domain::DayKind;

const std::string kHolidays = std::string(XUEJI_SOURCE_DIR) + "/data/holidays.csv";

domain::Date D(const char* text) { return domain::ParseDate(text).value_or(domain::Date{}); }

class BusinessCalendarService : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    store::Migrate(*db_);
    auto loaded = LoadHolidayFile(*db_, Cli(), kHolidays);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_EQ(*loaded, 23);  // 2004..2026
  }
  Context Cli() { return Context{std::nullopt, "test", clock_.Now()}; }
  int64_t AuditEntries() { return VerifyAudit(*db_).entries; }
  std::string LastAudit(int column) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT action, subject, summary FROM audit_log ORDER BY seq DESC LIMIT 1")
        ->Text(column);
  }
  // Holidays 元旦 and 春节 of a year to come, and one 调休 Saturday.
  std::vector<CalendarDay> Days2027() {
    return {{D("2027-01-01"), DayKind::kHoliday, "元旦"},
            {D("2027-02-06"), DayKind::kHoliday, "春节"},
            {D("2027-02-08"), DayKind::kHoliday, "春节"},
            {D("2027-02-20"), DayKind::kWorkday, "春节"}};
  }

  ManualClock clock_{*domain::ParseInstant("2026-11-20T09:00:00+08:00")};
  std::unique_ptr<store::Database> db_;
};

TEST_P(BusinessCalendarService, R_CAL_1_init_loads_the_shipped_years_once) {
  auto db = testing::NewTestDatabase(GetParam());
  auto init = InitDatabase(*db, Cli(), std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv");
  ASSERT_TRUE(init.ok()) << init.error().message;
  EXPECT_EQ(init->calendar_years_loaded, 23);
  auto y2026 = GetCalendarYear(*db, 2026);
  ASSERT_TRUE(y2026.ok());
  EXPECT_TRUE(y2026->covered);
  EXPECT_EQ(y2026->source, "package");
  EXPECT_EQ(y2026->days.size(), 39u);
  EXPECT_EQ(y2026->days.front(), (CalendarDay{D("2026-01-01"), DayKind::kHoliday, "元旦"}));
  int64_t entries = VerifyAudit(*db).entries;
  auto again = InitDatabase(*db, Cli(), std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->calendar_years_loaded, 0);
  EXPECT_EQ(VerifyAudit(*db).entries, entries);  // nothing to load: nothing written
}

TEST_P(BusinessCalendarService, R_CAL_1_the_stored_calendar_is_the_shipped_file) {
  auto file = ReadHolidayFile(kHolidays);
  ASSERT_TRUE(file.ok());
  auto tx = db_->BeginRead();
  auto stored = LoadBusinessCalendar(*tx, 2000, 2030);
  tx.reset();
  EXPECT_EQ(stored.years(), file->years());
  for (int year : file->years()) {
    SCOPED_TRACE(year);
    EXPECT_EQ(stored.DaysOf(year), file->DaysOf(year));
  }
  struct Case {
    const char* from;
    int n;
    const char* expected;
  };
  const Case cases[] = {
      {"2026-02-13", 1, "2026-02-14"},   {"2026-02-13", 2, "2026-02-24"},
      {"2025-09-30", 1, "2025-10-09"},   {"2025-12-31", 1, "2026-01-04"},
      {"2004-01-02", 255, "2005-01-07"},  // a long count over a year boundary
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " + " + std::to_string(c.n));
    auto date = AddWorkingDays(*db_, D(c.from), c.n);
    ASSERT_TRUE(date.ok()) << date.error().message;
    EXPECT_EQ(domain::FormatDate(*date), c.expected);
    EXPECT_EQ(domain::FormatDate(*file->AddWorkingDays(D(c.from), c.n)), c.expected);
  }
}

TEST_P(BusinessCalendarService, R_CAL_1_the_administrator_enters_a_year_not_in_the_data) {
  auto missing = AddWorkingDays(*db_, D("2026-12-31"), 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "CALENDAR_YEAR_MISSING");
  EXPECT_NE(missing.error().message.find("2027年"), std::string::npos);
  EXPECT_FALSE(GetCalendarYear(*db_, 2027)->covered);

  auto saved = SaveCalendarYear(*db_, Cli(), 2027, Days2027());
  ASSERT_TRUE(saved.ok()) << saved.error().field << " " << saved.error().message;
  EXPECT_TRUE(saved->created);
  EXPECT_TRUE(saved->changed);
  EXPECT_EQ(LastAudit(0), "calendar.create");
  EXPECT_EQ(LastAudit(1), "calendar/2027");
  EXPECT_NE(LastAudit(2).find(R"("added":"2027-01-01 holiday 元旦;2027-02-06 holiday 春节)"),
            std::string::npos)
      << LastAudit(2);

  auto y = GetCalendarYear(*db_, 2027);
  EXPECT_TRUE(y->covered);
  EXPECT_EQ(y->source, "admin");
  EXPECT_EQ(y->updated_at, clock_.Now());
  EXPECT_EQ(y->days, Days2027());
  EXPECT_EQ(domain::FormatDate(*AddWorkingDays(*db_, D("2026-12-31"), 1)), "2027-01-04");
  EXPECT_EQ(domain::FormatDate(*AddWorkingDays(*db_, D("2027-02-05"), 1)), "2027-02-09");
  EXPECT_EQ(domain::FormatDate(*AddWorkingDays(*db_, D("2027-02-19"), 1)), "2027-02-20");

  // The same days again (in another order, with spaces): nothing written.
  int64_t entries = AuditEntries();
  auto days = Days2027();
  std::swap(days[0], days[3]);
  days[1].name = " 春节 ";
  auto same = SaveCalendarYear(*db_, Cli(), 2027, days);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed);
  EXPECT_FALSE(same->created);
  EXPECT_EQ(AuditEntries(), entries);
}

TEST_P(BusinessCalendarService, R_CAL_1_counting_stops_at_a_gap_in_the_entered_years) {
  std::vector<CalendarDay> days_2029 = {{D("2029-01-01"), DayKind::kHoliday, "元旦"}};
  ASSERT_TRUE(SaveCalendarYear(*db_, Cli(), 2029, days_2029).ok());
  auto gap = AddWorkingDays(*db_, D("2026-12-31"), 1);
  ASSERT_FALSE(gap.ok());
  EXPECT_NE(gap.error().message.find("2027年"), std::string::npos);
  // From the last day of a year not entered, the count starts in the next one.
  auto from_gap = AddWorkingDays(*db_, D("2028-12-31"), 1);
  ASSERT_TRUE(from_gap.ok()) << from_gap.error().message;
  EXPECT_EQ(domain::FormatDate(*from_gap), "2029-01-02");
  EXPECT_FALSE(AddWorkingDays(*db_, D("2028-12-30"), 1).ok());
}

TEST_P(BusinessCalendarService, R_CAL_1_a_shipped_year_is_corrected_and_init_keeps_it) {
  auto days = GetCalendarYear(*db_, 2026)->days;
  days.push_back({D("2026-02-24"), DayKind::kHoliday, "春节"});
  auto saved = SaveCalendarYear(*db_, Cli(), 2026, days);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_FALSE(saved->created);
  EXPECT_TRUE(saved->changed);
  EXPECT_EQ(LastAudit(0), "calendar.update");
  EXPECT_NE(LastAudit(2).find(R"("old_source":"package")"), std::string::npos);
  EXPECT_NE(LastAudit(2).find(R"("added":"2026-02-24 holiday 春节","removed":"")"),
            std::string::npos)
      << LastAudit(2);
  EXPECT_EQ(domain::FormatDate(*AddWorkingDays(*db_, D("2026-02-14"), 1)), "2026-02-25");

  auto reload = LoadHolidayFile(*db_, Cli(), kHolidays);
  ASSERT_TRUE(reload.ok());
  EXPECT_EQ(*reload, 0);
  auto y = GetCalendarYear(*db_, 2026);
  EXPECT_EQ(y->source, "admin");
  EXPECT_EQ(y->days.size(), 40u);
}

TEST_P(BusinessCalendarService, R_SEC_5_a_refused_year_changes_nothing) {
  int64_t entries = AuditEntries();
  auto days = Days2027();
  days.push_back({D("2027-02-03"), DayKind::kWorkday, "春节"});  // a Wednesday
  auto refused = SaveCalendarYear(*db_, Cli(), 2027, days);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "CALENDAR_WORKDAY_WEEKDAY");
  EXPECT_EQ(refused.error().field, "days[4].date");
  EXPECT_FALSE(GetCalendarYear(*db_, 2027)->covered);

  auto before = GetCalendarYear(*db_, 2026)->days;
  auto bad_2026 = before;
  bad_2026.push_back(bad_2026.front());
  EXPECT_EQ(SaveCalendarYear(*db_, Cli(), 2026, bad_2026).error().code, "CALENDAR_DAY_DUPLICATE");
  EXPECT_EQ(GetCalendarYear(*db_, 2026)->days, before);
  EXPECT_EQ(GetCalendarYear(*db_, 2026)->source, "package");
  EXPECT_EQ(GetCalendarYear(*db_, 1989).error().code, "CALENDAR_YEAR");
  EXPECT_EQ(AuditEntries(), entries);
}

TEST_P(BusinessCalendarService, R_CAL_1_a_bad_file_is_refused_before_anything_is_written) {
  auto db = testing::NewTestDatabase(GetParam());
  store::Migrate(*db);
  auto missing = LoadHolidayFile(*db, Cli(), "/nonexistent/holidays.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "FILE_READ");
  auto tx = db->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM calendar_year")->Int(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, BusinessCalendarService,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
