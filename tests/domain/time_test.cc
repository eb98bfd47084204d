#include "domain/time.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(Time, R_CAL_2_dates_without_a_zone_are_china_standard_time) {
  auto midnight_cst = ParseInstant("2026-07-15");
  auto same_in_utc = ParseInstant("2026-07-14T16:00:00Z");
  ASSERT_TRUE(midnight_cst && same_in_utc);
  EXPECT_EQ(*midnight_cst, *same_in_utc);
  EXPECT_EQ(FormatCst(*midnight_cst), "2026-07-15 00:00:00");
  EXPECT_EQ(FormatUtc(*midnight_cst), "2026-07-14T16:00:00.000000Z");
}

TEST(Time, RejectsImpossibleDates) {
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-1-1", "x", "",
                          "2026-01-01T25:00:00Z", "2026-01-01T10:00:00+09:00"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseInstant(bad).has_value());
  }
  EXPECT_TRUE(ParseInstant("2024-02-29").has_value());
}

TEST(Time, CivilDaysRoundTrip) {
  for (int64_t day : {-1000000LL, -1LL, 0LL, 1LL, 20000LL, 2932896LL}) {
    int y;
    unsigned m, d;
    CivilFromDays(day, y, m, d);
    EXPECT_EQ(DaysFromCivil(y, m, d), day);
  }
}

}  // namespace
}  // namespace xueji::domain
