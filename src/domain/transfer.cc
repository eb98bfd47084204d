#include "domain/transfer.h"

#include <algorithm>
#include <string>

#include "domain/school.h"

namespace xueji::domain {
namespace {

Error Rule(std::string code, std::string field, std::string message) {
  return Error{ErrorKind::kRuleViolation, std::move(code), std::move(field), std::move(message)};
}

std::string TwoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string MonthDay(Date d) { return TwoDigits(d.month) + "-" + TwoDigits(d.day); }

std::string Province(const std::string& county_code) { return county_code.substr(0, 2); }

int DaysInMonth(int year, int month) {
  for (int day = 31; day > 28; --day) {
    if (IsValidDate(year, month, day)) return day;
  }
  return 28;
}

// One step of a side's chain before names are final: `side` is 转入, 转出 or,
// for an authority shared by both sides, 转入、转出.
struct ChainStep {
  std::string side;
  std::string label;  // 学校, 地学籍主管部门, 地市级教育行政部门 …
  StepOwner owner;
};

const std::vector<ChainApprover>& NoneAbove() {
  static const std::vector<ChainApprover> kNone;
  return kNone;
}

// R-POL-4: a side's school, record authority and the policy's extra levels.
std::vector<ChainStep> SideChain(const TransferSide& s, const std::string& side,
                                 const std::vector<ChainApprover>& above, const Policy& policy) {
  std::vector<ChainStep> out = {
      {side, "学校", {s.school_code, s.school_path, Role::kSchoolApprover}},
      {side,
       "地学籍主管部门",
       {s.authority_code, s.authority_path, AuthorityRegistrarRole(s.authority_level)}}};
  for (const ChainApprover& a : above) {
    if (!policy.transfer_chain_levels.count(a.level) || a.code == s.authority_code) continue;
    out.push_back({side,
                   a.level == OrgLevel::kCity ? "地市级教育行政部门" : "地省级教育行政部门",
                   {a.code, a.path, AuthorityRegistrarRole(a.level)}});
  }
  return out;
}

}  // namespace

std::string_view TransferKindName(TransferKind k) {
  switch (k) {
    case TransferKind::kInCounty:
      return "in_county";
    case TransferKind::kInProvince:
      return "in_province";
    case TransferKind::kCrossProvince:
      return "cross_province";
  }
  return "";
}

std::string_view TransferKindChinese(TransferKind k) {
  switch (k) {
    case TransferKind::kInCounty:
      return "县内转学";
    case TransferKind::kInProvince:
      return "省内转学";
    case TransferKind::kCrossProvince:
      return "跨省转学";
  }
  return "";
}

// R-TR-4
TransferKind ClassifyTransfer(const TransferSide& from, const TransferSide& to) {
  if (from.county_code == to.county_code) return TransferKind::kInCounty;
  if (Province(from.county_code) == Province(to.county_code)) return TransferKind::kInProvince;
  return TransferKind::kCrossProvince;
}

Role AuthorityRegistrarRole(OrgLevel level) {
  switch (level) {
    case OrgLevel::kProvince:
      return Role::kProvinceRegistrar;
    case OrgLevel::kCity:
      return Role::kCityRegistrar;
    case OrgLevel::kMinistry:
      return Role::kMinistryRegistrar;
    default:
      return Role::kCountyRegistrar;
  }
}

// R-TR-2, R-TR-4
WorkflowSpec TransferWorkflow(const TransferSide& from, const TransferSide& to,
                              int step_working_days) {
  Policy policy;
  policy.transfer_step_working_days = step_working_days;
  return TransferWorkflow(from, to, policy, {}, {});
}

// R-POL-4, R-TR-2, R-TR-4
WorkflowSpec TransferWorkflow(const TransferSide& from, const TransferSide& to,
                              const Policy& policy, const std::vector<ChainApprover>& from_above,
                              const std::vector<ChainApprover>& to_above) {
  bool widen = ClassifyTransfer(from, to) != TransferKind::kInCounty;
  std::vector<ChainStep> chain = SideChain(to, "转入", widen ? to_above : NoneAbove(), policy);
  for (ChainStep& s : SideChain(from, "转出", widen ? from_above : NoneAbove(), policy)) {
    auto same = std::find_if(chain.begin(), chain.end(), [&](const ChainStep& c) {
      return c.owner.org_code == s.owner.org_code && c.owner.role == s.owner.role;
    });
    if (same == chain.end()) {
      chain.push_back(std::move(s));
    } else {
      same->side = "转入、转出";
    }
  }
  WorkflowSpec spec{std::string(kTransferRequestType),
                    policy.transfer_chain_ordered ? StepOrder::kInOrder : StepOrder::kAnyOrder,
                    {}};
  for (const ChainStep& c : chain) {
    spec.steps.push_back(
        StepSpec{c.side + c.label + "审核", c.owner, policy.transfer_step_working_days});
  }
  return spec;
}

// R-TR-1, R-POL-4
Status CheckTransferInitiator(const Policy& policy, TransferStarter starter) {
  bool receiving = policy.transfer_initiator == TransferInitiator::kReceiving;
  if (receiving == (starter == TransferStarter::kReceivingSchool)) return Ok();
  return Rule("TRANSFER_INITIATOR", "",
              std::string("R-TR-1：本省规定转学由") + (receiving ? "转入学校" : "转出学校") +
                  "发起，当前学校不能发起");
}

// R-TR-5
Status CheckTransferStatus(StudentStatus status, bool progression) {
  switch (status) {
    case StudentStatus::kEnrolled:
    case StudentStatus::kAbroad:
    case StudentStatus::kWithdrawn:
    case StudentStatus::kExpelled:
    case StudentStatus::kCompleted:
    case StudentStatus::kIncomplete:
      return Ok();
    case StudentStatus::kGraduated:
      if (progression) return Ok();
      return Rule("TRANSFER_STATUS", "progression",
                  "R-TR-5：学生当前学籍状态为“毕业”，只能办理毕业后升学");
    case StudentStatus::kSuspended:
    case StudentStatus::kStopped:
      return Rule("TRANSFER_STATUS", "",
                  "R-TR-5：学生当前学籍状态为“" + std::string(StudentStatusChinese(status)) +
                      "”，须先办理复学后才能转学");
    default:
      return Rule("TRANSFER_STATUS", "",
                  "R-TR-5：学生当前学籍状态为“" + std::string(StudentStatusChinese(status)) +
                      "”，不能办理转学");
  }
}

// R-TR-5
Status CheckNoOpenTransfer(std::optional<int64_t> open_request_id) {
  if (!open_request_id) return Ok();
  return Rule("TRANSFER_OPEN", "",
              "R-TR-5：该学生已有办理中的转学申请（编号 " + std::to_string(*open_request_id) +
                  "），同一时间只能有一个");
}

// R-TR-6, R-POL-6, R-POL-7
Status CheckTransferFreeze(const Policy& policy, Date today) {
  auto window = policy.FreezeOn(today);
  if (!window) return Ok();
  return Rule("TRANSFER_FREEZE", "",
              "R-TR-6：" + MonthDay(window->first) + "至" + MonthDay(window->last) + "（" +
                  FormatDate(window->first) + " 至 " + FormatDate(window->last) +
                  "）为毕业升级期，不能发起转学；此前已发起的申请照常办理");
}

// R-POL-4
Status CheckTransferSeason(const Policy& policy, Date today, bool progression) {
  if (progression || policy.TransferSeasonOn(today)) return Ok();
  std::string seasons;
  for (const MonthDayRange& r : policy.transfer_seasons) {
    seasons += (seasons.empty() ? "" : "、") + r.Format();
  }
  return Rule(
      "TRANSFER_SEASON", "",
      "R-POL-4：本省规定转学只能在每年 " + seasons + " 发起（今天是 " + FormatDate(today) + "）");
}

// R-TR-8
Status CheckProgressionWindow(const Policy& policy, Date today, TransferKind kind,
                              bool progression) {
  if (!progression || kind != TransferKind::kCrossProvince || policy.ProgressionOpenOn(today)) {
    return Ok();
  }
  std::string windows;
  for (const MonthDayRange& r : policy.progression_windows) {
    windows += (windows.empty() ? "" : "、") + r.Format();
  }
  return Rule(
      "TRANSFER_PROGRESSION_WINDOW", "progression",
      "R-TR-8：毕业后跨省升学只能在 " + windows + " 发起（今天是 " + FormatDate(today) + "）");
}

// R-TR-7
Status CheckClassCap(int cap, int size) {
  if (size < cap) return Ok();
  return Rule("CLASS_FULL", "to_class_id",
              "R-TR-7：转入班级已满：班额上限 " + std::to_string(cap) + " 人，现有 " +
                  std::to_string(size) + " 人");
}

Status CheckTransferStart(const Policy& policy, const TransferStartFacts& f) {
  XUEJI_RETURN_IF_ERROR(CheckTransferInitiator(policy, f.starter));
  XUEJI_RETURN_IF_ERROR(CheckTransferStatus(f.status, f.progression));
  XUEJI_RETURN_IF_ERROR(CheckNoOpenTransfer(f.open_request_id));
  XUEJI_RETURN_IF_ERROR(CheckTransferFreeze(policy, f.today));
  XUEJI_RETURN_IF_ERROR(CheckTransferSeason(policy, f.today, f.progression));
  XUEJI_RETURN_IF_ERROR(CheckProgressionWindow(policy, f.today, f.kind, f.progression));
  return CheckClassCap(f.class_cap, f.class_size);
}

std::string_view RecordStayBasisName(RecordStayBasis b) {
  return b == RecordStayBasis::kSpecialEducation ? "special_education" : "specialized_school";
}

// R-TR-12
std::optional<RecordStayBasis> RecordStayBasisFor(std::string_view from_type,
                                                  std::string_view to_type) {
  if (to_type == "specialized" || to_type == "reform") return RecordStayBasis::kSpecializedSchool;
  if ((from_type == "special" && to_type == "regular") ||
      (from_type == "regular" && to_type == "special")) {
    return RecordStayBasis::kSpecialEducation;
  }
  return std::nullopt;
}

// R-TR-12
Result<RecordStayBasis> CheckRecordStays(const RecordStayFacts& f) {
  auto basis = RecordStayBasisFor(f.from_type, f.to_type);
  if (!basis) {
    auto chinese = [](std::string_view code) {
      const SchoolTypeInfo* t = FindSchoolType(code);
      return t ? std::string(t->chinese) : std::string(code);
    };
    return Rule(
        "TRANSFER_RECORD_STAYS_NOT_ALLOWED", "record_stays",
        "R-TR-12：只有特殊教育学校与普通学校之间（随班就读），或转入专门学校（工读学校）时，"
        "学籍才可保留在原学校；本次为" +
            chinese(f.from_type) + "转入" + chinese(f.to_type) + "，学籍须随学生转入");
  }
  if (f.status != StudentStatus::kEnrolled) {
    return Rule("TRANSFER_RECORD_STAYS_STATUS", "record_stays",
                "R-TR-12：学籍保留在原学校只适用于在籍在读的学生（当前学籍状态为“" +
                    std::string(StudentStatusChinese(f.status)) + "”）");
  }
  if (*basis == RecordStayBasis::kSpecialEducation &&
      (f.disability.empty() || f.disability == "0")) {
    return Rule("TRANSFER_RECORD_STAYS_DISABILITY", "record_stays",
                "R-TR-12：特殊教育学校与普通学校之间保留学籍只适用于残疾学生，"
                "该学生学籍中“残疾人类型”为无残疾");
  }
  if (*basis == RecordStayBasis::kSpecializedSchool && !f.agreement) {
    return Rule("TRANSFER_RECORD_STAYS_AGREEMENT", "agreement_proof_id",
                "R-TR-12：进入专门学校（工读学校）的学生，学籍是否转入由原学校与监护人商定；"
                "请附原学校上传的“原学校与监护人学籍去向商定书”");
  }
  return *basis;
}

// R-TR-3
StudentStatus StatusAfterTransfer(StudentStatus) { return StudentStatus::kEnrolled; }

Date AddMonths(Date d, int months) {
  int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, 0};
  out.day = std::min(d.day, DaysInMonth(out.year, out.month));
  return out;
}

// R-TR-9
Status CheckRollbackWindow(Date moved_on, Date today) {
  Date last = AddMonths(moved_on, 6);
  if (today <= last) return Ok();
  return Rule("TRANSFER_ROLLBACK_EXPIRED", "",
              "R-TR-9：只能在调档后六个月内回滚（调档日 " + FormatDate(moved_on) + "，最迟 " +
                  FormatDate(last) + "）");
}

// R-TR-10
Status CheckOfflineDate(Date completed_on, Date today) {
  if (completed_on > today) {
    return Invalid("TRANSFER_OFFLINE_DATE", "completed_on", "线下办结日期不能晚于今天");
  }
  if (completed_on < AddMonths(today, -12)) {
    return Invalid("TRANSFER_OFFLINE_DATE", "completed_on", "线下办结日期不能早于一年前");
  }
  return Ok();
}

}  // namespace xueji::domain
