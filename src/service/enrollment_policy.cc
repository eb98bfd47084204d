#include "service/enrollment_policy.h"

#include "domain/policy.h"
#include "domain/student_dates.h"
#include "service/policy_service.h"
#include "service/student_store.h"

namespace xueji::service {
namespace {

// The last day of the month `months` after `ym`.
domain::Date EndOfMonthAfter(domain::YearMonth ym, int months) {
  int index = ym.year * 12 + (ym.month - 1) + months;
  domain::Date out{index / 12, index % 12 + 1, 31};
  while (!domain::IsValidDate(out.year, out.month, out.day)) --out.day;
  return out;
}

}  // namespace

// R-POL-5, 第七条
Status CheckEnrollmentPolicy(store::Tx& tx, const std::string& school_code,
                             domain::ValidatedStudent& v, domain::Date today) {
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, school_code));
  return CheckEnrollmentPolicy(policy, v, today);
}

// R-POL-5, 第七条
Status CheckEnrollmentPolicy(const domain::Policy& policy, domain::ValidatedStudent& v,
                             domain::Date today) {
  if (v.record.grade_code == "11") {
    int intake = v.entry_month.year;
    domain::Date cutoff = policy.FirstGradeCutoff(intake);
    XUEJI_RETURN_IF_ERROR(domain::CheckFirstGradeAge(v.birth, intake, cutoff.month, cutoff.day));
  }
  domain::Date last = EndOfMonthAfter(v.entry_month, policy.registration_months);
  if (today > last) {
    v.warnings.push_back({"REGISTRATION_LATE", "entry_month",
                          "学校应在学生入学之日起" + std::to_string(policy.registration_months) +
                              "个月内建立学籍（入学年月" + std::to_string(v.entry_month.year) +
                              "年" + std::to_string(v.entry_month.month) + "月，最迟" +
                              domain::FormatDate(last) + "），本次注册已超过时限"});
  }
  return Ok();
}

// R-POL-5
Result<std::vector<domain::Warning>> RecheckEnrollmentPolicy(store::Tx& tx, int64_t student_id,
                                                             domain::Date today) {
  auto stored = LoadStoredStudent(tx, student_id);
  if (!stored) return NotFound("学生记录不存在");
  domain::ValidatedStudent v;
  v.record.grade_code = stored->record.grade_code;
  auto birth = domain::ParseDate(stored->record.birth_date);
  if (!birth) return Invalid("WRONG_FORMAT", "birth_date", "出生日期格式错误");
  v.birth = *birth;
  XUEJI_ASSIGN_OR_RETURN(v.entry_month,
                         domain::ParseEntryMonth(stored->record.entry_month, v.birth, today));
  XUEJI_RETURN_IF_ERROR(CheckEnrollmentPolicy(tx, stored->school_code, v, today));
  return std::move(v.warnings);
}

}  // namespace xueji::service
