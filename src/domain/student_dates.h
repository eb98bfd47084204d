#pragma once

// Dates in a student record (R-INFO-2), age against grade (R-INFO-3), and the
// first-grade enrollment age (R-POL-5).

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

// A finding that does not block: shown to the registrar and listed by data
// quality checks.
struct Warning {
  std::string code;
  std::string field;
  std::string message;
};

struct YearMonth {
  int year = 0;
  int month = 0;
  auto operator<=>(const YearMonth&) const = default;
};

// R-INFO-2: 出生日期 is a real date, not after today and not before 1900.
Status ValidateBirthDate(Date birth, Date today, std::string_view field = "birth_date");

// R-INFO-2: 入学年月 as the template writes it ("201409", "2014-09", "2014年9月"
// are accepted), not before the month of birth and not later than the
// month after `today`.
Result<YearMonth> ParseEntryMonth(std::string_view text, Date birth, Date today,
                                  std::string_view field = "entry_month");

// R-INFO-3: the usual age for a grade is 6 in 一年级 up to 17 in 高三, counted
// on 1 September of the school year that contains `today`; more than one year
// younger or two years older is implausible — a warning, not a rejection.
std::optional<Warning> AgeForGradeWarning(std::string_view grade_code, Date birth, Date today);

// R-POL-5: a child may enter first grade in `intake_year` when born on or
// before the cut-off day (month/day, the province's value) of intake_year − 6,
// inclusive. Refusal names the cut-off date and the first intake year open to
// the child (ENROLL_AGE).
Status CheckFirstGradeAge(Date birth, int intake_year, int cutoff_month, int cutoff_day,
                          std::string_view field = "birth_date");

}  // namespace xueji::domain
