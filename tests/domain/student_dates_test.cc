#include "domain/student_dates.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

const Date kToday{2026, 11, 23};

TEST(StudentDates, R_INFO_2_birth_date_is_real_and_past) {
  EXPECT_TRUE(ValidateBirthDate({2019, 9, 1}, kToday).ok());
  EXPECT_TRUE(ValidateBirthDate(kToday, kToday).ok());
  EXPECT_EQ(ValidateBirthDate({2026, 11, 24}, kToday).error().code, "BIRTH_FUTURE");
  EXPECT_EQ(ValidateBirthDate({2019, 2, 29}, kToday).error().code, "BIRTH_DATE");
  EXPECT_EQ(ValidateBirthDate({1899, 12, 31}, kToday).error().code, "BIRTH_DATE");
}

TEST(StudentDates, R_INFO_2_entry_month_forms_and_limits) {
  const Date birth{2019, 9, 1};
  struct Case {
    const char* text;
    const char* code;  // "" = accepted
    YearMonth value;
  };
  const Case cases[] = {
      {"202509", "", {2025, 9}},       {"2025-09", "", {2025, 9}},
      {"2025年09月", "", {2025, 9}},   {"2025年9月", "", {2025, 9}},
      {"２０２５０９", "", {2025, 9}}, {"201909", "", {2019, 9}},
      {"202612", "", {2026, 12}},  // next month: registration ahead of the term
      {"202701", "ENTRY_FUTURE", {}},  {"201908", "ENTRY_BEFORE_BIRTH", {}},
      {"202513", "ENTRY_MONTH", {}},   {"2025", "ENTRY_MONTH", {}},
      {"2025/09", "ENTRY_MONTH", {}},  {"", "ENTRY_MONTH", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto ym = ParseEntryMonth(c.text, birth, kToday);
    if (std::string(c.code).empty()) {
      ASSERT_TRUE(ym.ok()) << ym.error().message;
      EXPECT_EQ(*ym, c.value);
    } else {
      ASSERT_FALSE(ym.ok());
      EXPECT_EQ(ym.error().code, c.code);
    }
  }
}

TEST(StudentDates, R_INFO_3_age_for_grade_is_a_warning_only) {
  struct Case {
    const char* grade;
    Date birth;
    bool warns;
  };
  // School year 2026-27: ages counted on 2026-09-01.
  const Case cases[] = {
      {"11", {2020, 8, 31}, false},  // 6, the usual age
      {"11", {2021, 8, 31}, false},  // 5: one year young is plausible
      {"11", {2021, 9, 2}, true},    // 4
      {"11", {2018, 9, 1}, false},   // 8
      {"11", {2017, 9, 1}, true},    // 9
      {"23", {2011, 9, 1}, false},   // 九年级 at 15
      {"33", {2009, 3, 1}, false},   // 高三 at 17
      {"33", {2001, 3, 1}, true},    // 25
      {"99", {2001, 3, 1}, false},   // unknown grade: nothing to say
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.grade) + " " + FormatDate(c.birth));
    auto w = AgeForGradeWarning(c.grade, c.birth, kToday);
    EXPECT_EQ(w.has_value(), c.warns);
    if (w) {
      EXPECT_EQ(w->code, "AGE_GRADE_IMPLAUSIBLE");
    }
  }
}

TEST(StudentDates, R_POL_5_first_grade_cut_off_is_inclusive) {
  struct Case {
    Date birth;
    int intake;
    bool ok;
  };
  // Cut-off 08-31 (the example of R-POL-5).
  const Case cases[] = {
      {{2019, 8, 31}, 2025, true}, {{2019, 9, 1}, 2025, false},
      {{2019, 9, 1}, 2026, true},  {{2018, 1, 1}, 2025, true},  // older children may enter
      {{2020, 1, 1}, 2025, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(FormatDate(c.birth) + " → " + std::to_string(c.intake));
    Status s = CheckFirstGradeAge(c.birth, c.intake, 8, 31);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "ENROLL_AGE");
      EXPECT_EQ(s.error().kind, ErrorKind::kRuleViolation);
    }
  }
  Status late = CheckFirstGradeAge({2019, 9, 1}, 2025, 8, 31);
  EXPECT_NE(late.error().message.find("2019-08-31"), std::string::npos) << late.error().message;
  EXPECT_NE(late.error().message.find("2026年入学"), std::string::npos) << late.error().message;
}

}  // namespace
}  // namespace xueji::domain
