#pragma once

// Instants and China Standard Time (R-CAL-2).
//
// Instants are microseconds since the Unix epoch, UTC. Business dates are read
// in China Standard Time (UTC+8, no daylight saving) whatever the server's
// time zone. Rules never read a clock: the caller passes the instant.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xueji::domain {

struct Instant {
  int64_t micros = 0;  // since 1970-01-01T00:00:00Z
  auto operator<=>(const Instant&) const = default;
};

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kCstOffsetMicros = 8 * 3600 * kMicrosPerSecond;

inline Instant AddMinutes(Instant t, int64_t minutes) {
  return Instant{t.micros + minutes * kMicrosPerMinute};
}

// A calendar date (proleptic Gregorian), e.g. 出生日期 or a business day.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

// "YYYY-MM-DD" → Date, only for real calendar dates.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);  // "YYYY-MM-DD"
// The calendar date of an instant in China Standard Time (R-CAL-2).
Date CstDate(Instant t);

// "2026-11-23T09:31:00.123456Z"
std::string FormatUtc(Instant t);
// "2026-11-23 17:31:00" in China Standard Time.
std::string FormatCst(Instant t);
// Parses "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+08:00)" or "YYYY-MM-DD" (00:00 CST).
std::optional<Instant> ParseInstant(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d);
bool IsValidDate(int y, int m, int d);

}  // namespace xueji::domain
