#include "domain/status_change.h"

#include <algorithm>

#include "domain/policy.h"
#include "domain/school.h"

namespace xueji::domain {
namespace {

using S = StudentStatus;
using P = ProofKind;

Error Rule(std::string code, std::string field, std::string message) {
  return Error{ErrorKind::kRuleViolation, std::move(code), std::move(field), std::move(message)};
}

std::string Label(std::string_view type) { return StatusChangeLabel(std::string(type)); }

// "在籍在读或休学"
std::string StatusList(const std::vector<StudentStatus>& statuses) {
  std::string out;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (i > 0) out += i + 1 == statuses.size() ? "或" : "、";
    out += StudentStatusChinese(statuses[i]);
  }
  return out;
}

std::string_view RuleIdOf(std::string_view type) {
  if (type == "suspend" || type == "resume") return "R-ST-2";
  if (type == "abroad" || type == "back_from_abroad") return "R-ST-3";
  if (type == "death") return "R-ST-4";
  if (type == "drop_out") return "R-ST-5";
  return "R-ST-6";
}

// "一年级（小学）"
std::string GradeText(const GradeInfo& g) {
  static const char* kStage[] = {"小学", "初中", "高中"};
  return std::string(g.chinese) + "（" + kStage[static_cast<int>(g.stage)] + "）";
}

Status CheckFrom(const StatusChangeRule& rule, StudentStatus current) {
  if (std::find(rule.from.begin(), rule.from.end(), current) != rule.from.end()) return Ok();
  return Rule("STATUS_CHANGE_FROM", "type",
              "该生当前学籍状态为「" + std::string(StudentStatusChinese(current)) + "」，不能办理" +
                  Label(rule.type) + "（" + std::string(RuleIdOf(rule.type)) + "：" +
                  Label(rule.type) + "仅适用于学籍状态为" + StatusList(rule.from) + "的学生）");
}

// R-ST-5, R-ST-6
Status CheckStage(const StatusChangeRule& rule, const std::string& grade_code) {
  const GradeInfo* grade = FindGrade(grade_code);
  if (grade == nullptr) return Ok();  // a record always holds a grade; nothing to decide on
  bool compulsory = IsCompulsoryGrade(grade_code);
  if (rule.never_compulsory && compulsory) {
    return Rule("COMPULSORY_NO_WITHDRAWAL", "type",
                "该生就读" + GradeText(*grade) + "，属义务教育阶段，不能办理" + Label(rule.type) +
                    "（R-ST-6：义务教育阶段学校不得开除学生，也不受理义务教育阶段学生退学）");
  }
  if (rule.compulsory_only && !compulsory) {
    return Rule("DROPOUT_NOT_COMPULSORY", "type",
                "该生就读" + GradeText(*grade) +
                    "，不属义务教育阶段，不能登记辍学（R-ST-5：辍学登记仅适用于义务教育阶段学生）");
  }
  return Ok();
}

// R-ST-2: 休学 ends after it starts and at most one year later.
Status CheckUntil(const StatusChangeInput& in) {
  if (!in.until_date) {
    return Invalid("UNTIL_DATE_REQUIRED", "until_date", "请填写休学截止日期（R-ST-2）");
  }
  Date start = *in.effective_date;
  if (*in.until_date <= start) {
    return Rule("UNTIL_BEFORE_START", "until_date",
                "休学截止日期" + FormatDate(*in.until_date) + "应晚于开始日期" + FormatDate(start) +
                    "（R-ST-2）");
  }
  Date limit = SuspensionLimit(start);
  if (*in.until_date > limit) {
    return Rule("SUSPEND_TOO_LONG", "until_date",
                "休学期限最长一年（R-ST-2）：自" + FormatDate(start) + "起至多到" +
                    FormatDate(limit) + "，申请的截止日期为" + FormatDate(*in.until_date) +
                    "；需要继续休学的，到期前另行申请");
  }
  return Ok();
}

// R-ST-2: the grade the school chooses, and a class of it.
Status CheckPlacement(const StatusChangeRule& rule, const StatusChangeInput& in) {
  if (rule.placement == Placement::kNone) return Ok();
  bool given = !in.grade_code.empty() || in.class_id != 0;
  if (rule.placement == Placement::kOptional && !given) return Ok();
  if (in.grade_code.empty()) {
    return Invalid(
        "GRADE_REQUIRED", "grade_code",
        "请选择" + Label(rule.type) + "后就读的年级（" + std::string(RuleIdOf(rule.type)) + "）");
  }
  if (FindGrade(in.grade_code) == nullptr) {
    return Invalid("GRADE_UNKNOWN", "grade_code", "年级代码" + in.grade_code + "不存在");
  }
  if (in.class_id <= 0) {
    return Invalid("CLASS_REQUIRED", "class_id", "请选择" + Label(rule.type) + "后就读的班级");
  }
  return Ok();
}

// R-ST-4: the date of death is not after today.
Status CheckDeathDate(const StatusChangeInput& in, Date today) {
  if (*in.effective_date <= today) return Ok();
  return Rule(
      "DEATH_DATE_FUTURE", "effective_date",
      "死亡日期" + FormatDate(*in.effective_date) + "晚于今天" + FormatDate(today) + "（R-ST-4）");
}

}  // namespace

const std::vector<StatusChangeRule>& StatusChangeRules() {
  static const std::vector<StatusChangeRule> kRules = {
      // R-ST-2 (第十九条): from enrolled, or suspended again to extend.
      {"suspend", {S::kEnrolled, S::kSuspended}, S::kSuspended, {P::kGuardianApplication}, true},
      // R-ST-2: back from 休学 or 停学; a dropout returned to school (R-ST-5).
      {"resume",
       {S::kSuspended, S::kStopped, S::kDroppedOut},
       S::kEnrolled,
       {P::kGuardianApplication},
       false,
       Placement::kRequired},
      // R-ST-3 (第二十条)
      {"abroad", {S::kEnrolled}, S::kAbroad, {P::kTravelDocument}},
      {"back_from_abroad",
       {S::kAbroad},
       S::kEnrolled,
       {P::kGuardianApplication},
       false,
       Placement::kOptional},
      // R-ST-5 (第二十二条)
      {"drop_out",
       {S::kEnrolled, S::kSuspended},
       S::kDroppedOut,
       {P::kDropoutReport},
       false,
       Placement::kNone,
       true},
      // R-ST-6
      {"withdraw",
       {S::kEnrolled, S::kSuspended, S::kAbroad},
       S::kWithdrawn,
       {P::kGuardianApplication},
       false,
       Placement::kNone,
       false,
       true},
      {"expel",
       {S::kEnrolled, S::kSuspended},
       S::kExpelled,
       {P::kDisciplinaryDecision},
       false,
       Placement::kNone,
       false,
       true},
      // R-ST-4 (第二十一条)
      {"death",
       {S::kEnrolled, S::kSuspended, S::kDroppedOut, S::kAbroad, S::kStopped},
       S::kDeceased,
       {P::kDeathCertificate}},
  };
  return kRules;
}

const StatusChangeRule* FindStatusChangeRule(std::string_view type) {
  for (const auto& r : StatusChangeRules()) {
    if (r.type == type) return &r;
  }
  return nullptr;
}

bool IsCompulsoryGrade(std::string_view grade_code) {
  const GradeInfo* g = FindGrade(grade_code);
  return g != nullptr && (g->stage == Stage::kPrimary || g->stage == Stage::kJunior);
}

Date SuspensionLimit(Date start) {
  Date limit{start.year + 1, start.month, start.day};
  if (!IsValidDate(limit.year, limit.month, limit.day)) limit.day = 28;
  return limit;
}

// R-ST-1
Status CheckTypeEnabled(const std::string& type, const std::set<std::string>& enabled) {
  if (FindStatusChangeRule(type) == nullptr) {
    return Invalid("STATUS_CHANGE_TYPE", "type", "未知的学籍异动类型：" + type);
  }
  if (enabled.count(type)) return Ok();
  return Rule("STATUS_CHANGE_DISABLED", "type",
              "本省（区、市）未启用「" + Label(type) + "」类学籍异动（R-ST-1、R-POL-4）");
}

// R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6
Status CheckApplicable(const StatusChangeRule& rule, const StatusChangeSubject& subject) {
  XUEJI_RETURN_IF_ERROR(CheckFrom(rule, subject.status));
  return CheckStage(rule, subject.grade_code);
}

// R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6
Status CheckStatusChange(const StatusChangeInput& in, const StatusChangeSubject& subject,
                         Date today) {
  const StatusChangeRule* rule = FindStatusChangeRule(in.type);
  if (rule == nullptr)
    return Invalid("STATUS_CHANGE_TYPE", "type", "未知的学籍异动类型：" + in.type);
  XUEJI_RETURN_IF_ERROR(CheckApplicable(*rule, subject));
  if (!in.effective_date) {
    return Invalid("EFFECTIVE_DATE_REQUIRED", "effective_date",
                   in.type == "death" ? "请填写死亡日期（R-ST-4）" : "请填写异动生效日期");
  }
  if (rule->needs_until) XUEJI_RETURN_IF_ERROR(CheckUntil(in));
  if (rule->type == "death") XUEJI_RETURN_IF_ERROR(CheckDeathDate(in, today));
  return CheckPlacement(*rule, in);
}

// R-ST-2, R-POL-2
Status CheckReturnClassRoom(int cap, int size) {
  if (size < cap) return Ok();
  return Rule("CLASS_FULL", "class_id",
              "所选班级已满：班额上限 " + std::to_string(cap) + " 人，现有 " +
                  std::to_string(size) + " 人，请另选班级（R-ST-2、R-POL-2）");
}

// R-ST-1
Status CheckStatusChangeProofs(const StatusChangeRule& rule,
                               const std::vector<ProofKind>& provided) {
  std::string missing;
  for (ProofKind need : rule.proofs) {
    if (std::find(provided.begin(), provided.end(), need) != provided.end()) continue;
    missing += (missing.empty() ? "" : "、") + std::string(ProofKindChinese(need));
  }
  if (missing.empty()) return Ok();
  return Rule("PROOF_MISSING", "proof_ids",
              Label(rule.type) + "缺少证明材料：需要" + missing + "（R-ST-1）");
}

}  // namespace xueji::domain
