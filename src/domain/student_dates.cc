#include "domain/student_dates.h"

#include <cstdio>

#include "domain/school.h"
#include "domain/text.h"

namespace xueji::domain {
namespace {

// The school year runs from 1 September; a date belongs to the school year
// that started on the last 1 September on or before it.
int SchoolYearStart(Date d) { return d.month >= 9 ? d.year : d.year - 1; }

// Whole years of age on `on`.
int AgeOn(Date birth, Date on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

int UsualAge(std::string_view grade_code) {
  int tens = grade_code[0] - '0', ones = grade_code[1] - '0';
  int offset = tens == 1 ? 0 : tens == 2 ? 6 : 9;  // 小学 11–16, 初中 21–23, 高中 31–33
  return 6 + offset + ones - 1;
}

}  // namespace

// R-INFO-2
Status ValidateBirthDate(Date birth, Date today, std::string_view field) {
  if (!IsValidDate(birth.year, birth.month, birth.day) || birth.year < 1900) {
    return Invalid("BIRTH_DATE", std::string(field), "出生日期不是有效日期");
  }
  if (birth > today) {
    return Invalid("BIRTH_FUTURE", std::string(field), "出生日期" + FormatDate(birth) + "晚于今天");
  }
  return Ok();
}

// R-INFO-2
Result<YearMonth> ParseEntryMonth(std::string_view text, Date birth, Date today,
                                  std::string_view field) {
  std::string s = CompactCode(text);
  std::string digits;
  for (char c : s)
    if (c >= '0' && c <= '9') digits.push_back(c);
  bool shape =
      (digits.size() == 6 && s.size() == 6) ||
      (digits.size() == 6 && (s == digits.substr(0, 4) + "-" + digits.substr(4) ||
                              s == digits.substr(0, 4) + "年" + digits.substr(4) + "月")) ||
      (digits.size() == 5 && s == digits.substr(0, 4) + "年" + digits.substr(4) + "月");
  if (digits.size() == 5) digits.insert(4, "0");
  int year = shape ? std::stoi(digits.substr(0, 4)) : 0;
  int month = shape ? std::stoi(digits.substr(4, 2)) : 0;
  if (!shape || month < 1 || month > 12 || year < 1900) {
    return Invalid("ENTRY_MONTH", std::string(field), "入学年月应为6位数字，如201409（2014年9月）");
  }
  YearMonth ym{year, month};
  if (ym < YearMonth{birth.year, birth.month}) {
    return Invalid("ENTRY_BEFORE_BIRTH", std::string(field), "入学年月早于出生日期");
  }
  YearMonth latest =
      today.month == 12 ? YearMonth{today.year + 1, 1} : YearMonth{today.year, today.month + 1};
  if (ym > latest) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "入学年月%04d%02d晚于下个月", year, month);
    return Invalid("ENTRY_FUTURE", std::string(field), buf);
  }
  return ym;
}

// R-INFO-3
std::optional<Warning> AgeForGradeWarning(std::string_view grade_code, Date birth, Date today) {
  const GradeInfo* grade = FindGrade(grade_code);
  if (grade == nullptr) return std::nullopt;
  Date september_first{SchoolYearStart(today), 9, 1};
  int age = AgeOn(birth, september_first);
  int usual = UsualAge(grade_code);
  if (age >= usual - 1 && age <= usual + 2) return std::nullopt;
  return Warning{"AGE_GRADE_IMPLAUSIBLE", "birth_date",
                 "学生在" + std::to_string(september_first.year) + "年9月1日为" +
                     std::to_string(age) + "岁，" + std::string(grade->chinese) + "学生通常为" +
                     std::to_string(usual - 1) + "至" + std::to_string(usual + 2) +
                     "岁，请核对出生日期和年级"};
}

// R-POL-5
Status CheckFirstGradeAge(Date birth, int intake_year, int cutoff_month, int cutoff_day,
                          std::string_view field) {
  Date cutoff{intake_year - 6, cutoff_month, cutoff_day};
  if (birth <= cutoff) return Ok();
  int first_year =
      birth <= Date{birth.year, cutoff_month, cutoff_day} ? birth.year + 6 : birth.year + 7;
  return Error{ErrorKind::kRuleViolation, "ENROLL_AGE", std::string(field),
               std::to_string(intake_year) + "年入学一年级须在" + FormatDate(cutoff) +
                   "（含）以前出生；该生可于" + std::to_string(first_year) + "年入学"};
}

}  // namespace xueji::domain
