#include "domain/time.h"

#include <cstdio>

namespace xueji::domain {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

bool IsValidDate(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

namespace {

std::string Format(int64_t micros, bool utc_suffix) {
  int64_t secs = micros >= 0 ? micros / kMicrosPerSecond : (micros - 999'999) / kMicrosPerSecond;
  int64_t frac = micros - secs * kMicrosPerSecond;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t sod = secs - days * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[64];
  if (utc_suffix) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", y, m, d,
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                  static_cast<int>(sod % 60), static_cast<long long>(frac));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                  static_cast<int>(sod % 60));
  }
  return buf;
}

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ReadInt(s, 0, 4, y) ||
      !ReadInt(s, 5, 2, m) || !ReadInt(s, 8, 2, d) || !IsValidDate(y, m, d)) {
    return std::nullopt;
  }
  return Date{y, m, d};
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Date CstDate(Instant t) {
  int64_t micros = t.micros + kCstOffsetMicros;
  int64_t days = micros >= 0 ? micros / (86400 * kMicrosPerSecond)
                             : (micros - 86400 * kMicrosPerSecond + 1) / (86400 * kMicrosPerSecond);
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

std::string FormatUtc(Instant t) { return Format(t.micros, true); }
std::string FormatCst(Instant t) { return Format(t.micros + kCstOffsetMicros, false); }

std::optional<Instant> ParseInstant(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!ReadInt(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ReadInt(s, 5, 2, mo) ||
      s[7] != '-' || !ReadInt(s, 8, 2, d) || !IsValidDate(y, mo, d)) {
    return std::nullopt;
  }
  int64_t offset = kCstOffsetMicros;
  int64_t frac = 0;
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
    if (!ReadInt(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !ReadInt(s, 14, 2, mi) ||
        s[16] != ':' || !ReadInt(s, 17, 2, se) || h > 23 || mi > 59 || se > 59) {
      return std::nullopt;
    }
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int64_t scale = 100000;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
    }
    std::string_view zone = s.substr(pos);
    if (zone == "Z") {
      offset = 0;
    } else if (zone == "+08:00" || zone.empty()) {
      offset = kCstOffsetMicros;
    } else {
      return std::nullopt;
    }
  }
  int64_t secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  return Instant{secs * kMicrosPerSecond + frac - offset};
}

}  // namespace xueji::domain
