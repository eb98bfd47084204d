#pragma once

// Status changes (学籍异动 other than transfers, SPEC §6: R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5,
// R-ST-6, R-ST-7; 第十九条–第二十二条): per type, the statuses it starts from and the one it leads
// to, the proofs it needs, its extra inputs, and the checks a request must pass before it is filed.
//
// Pure: today's date (China Standard Time) comes in as a value; what only the
// store knows — whether the chosen class exists at the school, the policy in
// force — is checked or supplied by the service.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/student_status.h"
#include "domain/time.h"

namespace xueji::domain {

// Whether a type takes a grade and class the school chooses.
enum class Placement { kNone, kRequired, kOptional };

struct StatusChangeRule {
  std::string_view type;  // a code of StatusChangeTypes() (domain/policy.h)
  std::vector<StudentStatus> from;
  StudentStatus to = StudentStatus::kEnrolled;
  std::vector<ProofKind> proofs;  // each one required
  bool needs_until = false;       // 休学: the last day of the suspension
  Placement placement = Placement::kNone;
  bool compulsory_only = false;   // R-ST-5: 辍学
  bool never_compulsory = false;  // R-ST-6: 退学, 开除
};

// Every type of StatusChangeTypes(), in the order forms offer them.
const std::vector<StatusChangeRule>& StatusChangeRules();
const StatusChangeRule* FindStatusChangeRule(std::string_view type);

// R-ST-4: the school's step of a 死亡 is due this many working days after
// the date of death (第二十一条); the other steps take the policy's review
// deadline (review_step_working_days, R-POL-1).
inline constexpr int kDeathReportWorkingDays = 10;

// What the school registrar files.
struct StatusChangeInput {
  std::string type;
  std::string reason;
  std::optional<Date> effective_date;  // 生效日期; for 死亡 the date of death
  std::optional<Date> until_date;      // 休学: the last day (R-ST-2)
  std::string grade_code;              // 复学 (and optionally 回国): the grade chosen
  int64_t class_id = 0;                //   and a class of that grade at the school
};

// The record the request is about.
struct StatusChangeSubject {
  StudentStatus status = StudentStatus::kEnrolled;
  std::string grade_code;  // the current grade; its stage decides R-ST-5, R-ST-6
};

// R-ST-1: the type is known (STATUS_CHANGE_TYPE, Invalid) and enabled by the
// policy in force at the school (STATUS_CHANGE_DISABLED).
Status CheckTypeEnabled(const std::string& type, const std::set<std::string>& enabled);

// R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6: whether a type applies to
// `subject` at all — its status is one the type starts from
// (STATUS_CHANGE_FROM) and its stage allows the type
// (COMPULSORY_NO_WITHDRAWAL, DROPOUT_NOT_COMPULSORY).
Status CheckApplicable(const StatusChangeRule& rule, const StatusChangeSubject& subject);

// R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6: the request may be filed for
// `subject` on `today`: its current status is one the type starts from
// (STATUS_CHANGE_FROM, naming the status in Chinese); the type's inputs are
// present and consistent (EFFECTIVE_DATE_REQUIRED, UNTIL_DATE_REQUIRED,
// SUSPEND_TOO_LONG, DEATH_DATE_FUTURE, GRADE_REQUIRED, CLASS_REQUIRED,
// GRADE_UNKNOWN); the student's stage allows it (COMPULSORY_NO_WITHDRAWAL,
// DROPOUT_NOT_COMPULSORY). Every error names the rule and its figures.
Status CheckStatusChange(const StatusChangeInput& in, const StatusChangeSubject& subject,
                         Date today);

// R-ST-1: every proof kind the type needs is among `provided`
// (PROOF_MISSING naming the missing kinds).
Status CheckStatusChangeProofs(const StatusChangeRule& rule,
                               const std::vector<ProofKind>& provided);

// R-ST-2, R-POL-2: a 复学 (or a return from abroad) into another class
// than the student's own needs a free seat: the class holds `size` students
// of `cap` (CLASS_FULL on class_id, naming both). A return into the
// student's own class always fits: the seat was kept.
Status CheckReturnClassRoom(int cap, int size);

// R-ST-2: the latest until-date of a suspension starting on `start`: one year
// later (29 February → 28 February).
Date SuspensionLimit(Date start);

// R-ST-5, R-ST-6: whether a grade is in compulsory education (小学, 初中).
bool IsCompulsoryGrade(std::string_view grade_code);

}  // namespace xueji::domain
