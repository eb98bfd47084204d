#pragma once

// Transfers (转学, SPEC §7; seed 004, 第十四条, 第十五条).
//
// A transfer moves a student's record from the sending school (转出学校) to
// the receiving school (转入学校). It is one workflow request (domain/
// workflow.h); by default of four steps decided in any order (R-TR-2): the receiving
// school's approver, the receiving record authority (学籍主管部门), the
// sending school's approver and the sending authority; when both schools
// have the same authority it approves once for both sides (R-TR-4). The same
// request covers in-county, in-province and cross-province transfers; only
// the authorities differ. A province may add its cities' and its own
// approval on each side and fix the steps' order (R-POL-4, TransferWorkflow
// below), and set seasons outside which no transfer starts.
//
// The start checks refuse with errors that name the rule and its figures:
// the initiating side set by the province (R-TR-1, R-POL-4), the student's
// status (R-TR-5), one open transfer per student (R-TR-5), the freeze window
// (R-TR-6, R-POL-6, R-POL-7), the windows of cross-province progression after
// graduation (R-TR-8) and the receiving class's cap (R-TR-7).
//
// Pure: today's date is a China Standard Time calendar date passed in
// (R-CAL-2).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/org.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "domain/student_status.h"
#include "domain/time.h"
#include "domain/workflow.h"

namespace xueji::domain {

inline constexpr std::string_view kTransferRequestType = "transfer";

// R-TR-4: by where the two schools stand.
enum class TransferKind { kInCounty, kInProvince, kCrossProvince };
std::string_view TransferKindName(TransferKind k);     // in_county | in_province | cross_province
std::string_view TransferKindChinese(TransferKind k);  // 县内转学 | 省内转学 | 跨省转学

// One side of a transfer: a school and its record authority (normally its
// county; a city or the province for 市直管/省直管 schools, R-ORG-2).
struct TransferSide {
  std::string school_code;
  std::string school_path;
  std::string county_code;  // where the school stands
  std::string authority_code;
  std::string authority_path;
  OrgLevel authority_level = OrgLevel::kCounty;
};

// R-TR-4: in-county when both schools stand in one county, in-province when
// their counties share the province (the first two digits), else
// cross-province.
TransferKind ClassifyTransfer(const TransferSide& from, const TransferSide& to);

// The registrar role of an authority at `level` (county_registrar …).
Role AuthorityRegistrarRole(OrgLevel level);

// R-TR-2, R-TR-4: the steps, in display order: 转入学校审核 (the receiving
// school's approver), 转入地学籍主管部门审核, 转出学校审核, 转出地学籍主管部门审核 —
// or, when one authority holds both schools, 转入、转出地学籍主管部门审核 once
// after the receiving school. Any order; each due `step_working_days` working
// days after the start.
WorkflowSpec TransferWorkflow(const TransferSide& from, const TransferSide& to,
                              int step_working_days);

// R-POL-4: an authority above a school's record authority on the school's
// path — its city's or its province's education authority.
struct ChainApprover {
  std::string code;
  std::string path;
  OrgLevel level = OrgLevel::kProvince;
};

// R-POL-4, R-TR-2, R-TR-4: the steps the policy in force at the starting
// school sets. Each side is its school, its record authority and — for a
// transfer between counties — the authorities of `policy.
// transfer_chain_levels` among `*_above` (lowest first; one that is the
// record authority already is not asked twice): 转入学校 → 转入县 → 转入市 →
// 转入省 → 转出学校 → 转出县 → 转出市 → 转出省. An authority on both sides
// approves once, at its first place, named 转入、转出地…. In that order when
// policy.transfer_chain_ordered, else in any order; each step due
// policy.transfer_step_working_days working days after it opens. Without
// extra levels and in any order this is the four-step workflow above.
WorkflowSpec TransferWorkflow(const TransferSide& from, const TransferSide& to,
                              const Policy& policy, const std::vector<ChainApprover>& from_above,
                              const std::vector<ChainApprover>& to_above);

// Who starts the request (R-TR-1): the registrar of the receiving school, or
// of the sending school where the province says so.
enum class TransferStarter { kReceivingSchool, kSendingSchool };

// R-TR-1, R-POL-4: the starting side must be the one the policy in force at
// the starting school names (TRANSFER_INITIATOR, naming the side).
Status CheckTransferInitiator(const Policy& policy, TransferStarter starter);

// R-TR-5: a transfer may start for a student 在籍在读, or 出国, 退学, 开除,
// 结业 or 肄业 (who left otherwise, FAQ 10); for a 毕业 student only as
// progression after graduation (`progression`). 休学 and 停学 students must
// first 复学. Refusals name the current status (TRANSFER_STATUS).
Status CheckTransferStatus(StudentStatus status, bool progression);

// R-TR-5: one open transfer per student (TRANSFER_OPEN, naming the request).
Status CheckNoOpenTransfer(std::optional<int64_t> open_request_id);

// R-TR-6, R-POL-6, R-POL-7: no transfer starts on a day of a freeze window
// (TRANSFER_FREEZE, naming the window's first and last day, e.g.
// 07-15至08-14). Requests started before keep going: only the start checks.
Status CheckTransferFreeze(const Policy& policy, Date today);

// R-POL-4: a transfer (other than a progression after graduation, which has
// R-TR-8's windows) starts only on a day of the policy's transfer seasons,
// when it sets any (TRANSFER_SEASON, naming the seasons and today).
Status CheckTransferSeason(const Policy& policy, Date today, bool progression);

// R-TR-8: a cross-province progression after graduation starts only inside
// the policy's progression windows (TRANSFER_PROGRESSION_WINDOW, naming
// them). Other transfers pass.
Status CheckProgressionWindow(const Policy& policy, Date today, TransferKind kind,
                              bool progression);

// R-TR-7: the receiving class holds `size` students; `cap` is the smaller of
// the class's capacity and the policy's cap for its stage. A class at its
// cap is refused (CLASS_FULL, naming cap and size).
Status CheckClassCap(int cap, int size);

struct TransferStartFacts {
  TransferStarter starter = TransferStarter::kReceivingSchool;
  StudentStatus status = StudentStatus::kEnrolled;
  bool progression = false;
  std::optional<int64_t> open_request_id;
  TransferKind kind = TransferKind::kInCounty;
  Date today;
  int class_cap = 0;
  int class_size = 0;
};

// Every start check above, in this order: R-TR-1, R-TR-5 (status, then the
// open request), R-TR-6, R-POL-4 (season), R-TR-8, R-TR-7; the first refusal.
Status CheckTransferStart(const Policy& policy, const TransferStartFacts& facts);

// R-TR-12 (第十七条): 学籍保留在原学校 — the student attends the receiving
// school while the record stays at the sending school; 调档 then records a
// placement (domain/placement.h) instead of moving the record.
// kSpecialEducation: a special-education school and a regular school, either
// direction (随班就读); kSpecializedSchool: the receiving school is a 专门学校
// or 工读学校, where the original school and the guardians decide.
enum class RecordStayBasis { kSpecialEducation, kSpecializedSchool };
std::string_view RecordStayBasisName(RecordStayBasis b);  // special_education | specialized_school

// R-TR-12: the basis on which a transfer between schools of these types
// (SchoolTypeInfo codes) may keep the record at the sending school, or none.
std::optional<RecordStayBasis> RecordStayBasisFor(std::string_view from_type,
                                                  std::string_view to_type);

struct RecordStayFacts {
  std::string from_type, to_type;  // SchoolTypeInfo codes
  StudentStatus status = StudentStatus::kEnrolled;
  std::string disability;  // 残疾人类型 code of the record; "0" = none
  bool agreement = false;  // the original school's and guardians' agreement is attached
};

// R-TR-12: checks, in this order, that the record may stay between these
// types (TRANSFER_RECORD_STAYS_NOT_ALLOWED, naming both types), that the
// student is 在籍在读 (TRANSFER_RECORD_STAYS_STATUS), that a
// special-education transfer is of a student with a disability type
// (TRANSFER_RECORD_STAYS_DISABILITY) and that a 专门学校 transfer carries the
// written agreement (TRANSFER_RECORD_STAYS_AGREEMENT).
Result<RecordStayBasis> CheckRecordStays(const RecordStayFacts& facts);

// R-TR-3: the statuses a student has after 调档 (在籍在读 whatever it was).
StudentStatus StatusAfterTransfer(StudentStatus before);

// R-TR-9: a record moved on `moved_on` may be rolled back through the six
// months after it (the same day six months later included);
// TRANSFER_ROLLBACK_EXPIRED names the last day.
Status CheckRollbackWindow(Date moved_on, Date today);

// The date `months` calendar months after `d` (the month's last day when it
// is shorter): the paper archive's shipping deadline (R-TR-3), the rollback
// window (R-TR-9).
Date AddMonths(Date d, int months);

// R-TR-10: an offline completion's real date is not in the future and not
// more than a year back (TRANSFER_OFFLINE_DATE).
Status CheckOfflineDate(Date completed_on, Date today);

}  // namespace xueji::domain
