#include "service/status_changes.h"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>

#include "domain/business_calendar.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/workflow.h"
#include "service/audit.h"
#include "service/business_calendar_service.h"
#include "service/class_capacity.h"
#include "service/jurisdiction.h"
#include "service/policy_service.h"
#include "service/proof_files.h"
#include "service/status_change_dropouts.h"
#include "service/student_history.h"
#include "service/student_record_writer.h"
#include "service/summary.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

using domain::Role;

constexpr const char* kType = "status_change";
constexpr const char* kStates[] = {"open", "approved", "refused", "cancelled"};

// What a stored request asks for.
struct Change {
  int64_t id = 0;
  int64_t student_id = 0;
  std::string type, from_status, to_status, reason, grade_code;
  int64_t class_id = 0;
  domain::Date effective_date;
};

std::optional<domain::Date> OptDate(const store::Row& r, size_t i) {
  auto text = r.OptText(i);
  return text ? domain::ParseDate(*text) : std::nullopt;
}

std::optional<domain::Instant> OptInstant(const store::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return domain::Instant{r.Int(i)};
}

std::vector<StatusChangeStep> LoadSteps(store::Tx& tx, int64_t id, domain::Date today) {
  std::vector<StatusChangeStep> out;
  for (const auto& r :
       tx.Query("SELECT s.name, s.owner_org, s.owner_role, s.state, s.opened_on, s.due, "
                "COALESCE(u.username, ''), s.decided_at, s.reason FROM workflow_step s "
                "LEFT JOIN app_user u ON u.id = s.decided_by WHERE s.request_id = $1 "
                "ORDER BY s.seq",
                {id})) {
    StatusChangeStep s{r.Text(0), r.Text(1), r.Text(2), r.Text(3), OptDate(r, 4), OptDate(r, 5)};
    s.overdue = s.state == "open" && s.due && today > *s.due;
    s.decided_by = r.Text(6);
    s.decided_at = OptInstant(r, 7);
    s.reason = r.Text(8);
    out.push_back(std::move(s));
  }
  return out;
}

StatusChangeInfo LoadInfo(store::Tx& tx, int64_t id, domain::Date today) {
  auto r = tx.QueryOne(
      "SELECT c.student_id, COALESCE(st.student_number, ''), st.name, c.school_code, o.name, "
      "c.authority_code, c.type, c.from_status, c.to_status, c.reason, c.effective_date, "
      "c.until_date, c.grade_code, COALESCE(c.class_id, 0), COALESCE(cl.name, ''), r.state, "
      "u.username, r.created_at, r.ended_at, c.applied_at FROM status_change c "
      "JOIN student st ON st.id = c.student_id JOIN org o ON o.code = c.school_code "
      "JOIN workflow_request r ON r.id = c.request_id JOIN app_user u ON u.id = r.initiator "
      "LEFT JOIN school_class cl ON cl.id = c.class_id WHERE c.request_id = $1",
      {id});
  StatusChangeInfo i;
  i.id = id;
  i.student_id = r->Int(0);
  i.student_number = r->Text(1);
  i.student_name = r->Text(2);
  i.school_code = r->Text(3);
  i.school_name = r->Text(4);
  i.authority_code = r->Text(5);
  i.type = r->Text(6);
  i.type_label = domain::StatusChangeLabel(i.type);
  i.from_status = r->Text(7);
  i.to_status = r->Text(8);
  i.reason = r->Text(9);
  i.effective_date = *domain::ParseDate(r->Text(10));
  i.until_date = OptDate(*r, 11);
  i.grade_code = r->Text(12);
  i.class_id = r->Int(13);
  i.class_name = r->Text(14);
  i.state = r->Text(15);
  i.initiated_by = r->Text(16);
  i.created_at = domain::Instant{r->Int(17)};
  i.ended_at = OptInstant(*r, 18);
  i.applied_at = OptInstant(*r, 19);
  i.steps = LoadSteps(tx, id, today);
  for (const auto& p :
       tx.Query("SELECT proof_id FROM status_change_proof WHERE request_id = $1 ORDER BY proof_id",
                {id})) {
    i.proof_ids.push_back(p.Int(0));
  }
  return i;
}

// Appends the action's audit entry, commits `tx` and returns the request as
// it now stands.
StatusChangeInfo Conclude(store::Tx& tx, const Context& ctx, const std::string& action, int64_t id,
                          const std::string& summary) {
  AppendAudit(tx, ctx, {action, std::to_string(id), "ok", summary});
  auto info = LoadInfo(tx, id, domain::CstDate(ctx.now));
  tx.Commit();
  return info;
}

// R-CAL-1: working days on the stored calendar of the years from..to.
domain::AddWorkingDaysFn Calendar(store::Tx& tx, int from_year, int to_year) {
  auto calendar =
      std::make_shared<domain::BusinessCalendar>(LoadBusinessCalendar(tx, from_year, to_year));
  return [calendar](domain::Date d, int n) { return calendar->AddWorkingDays(d, n); };
}

Role RegistrarAt(domain::OrgLevel level) {
  switch (level) {
    case domain::OrgLevel::kMinistry:
      return Role::kMinistryRegistrar;
    case domain::OrgLevel::kProvince:
      return Role::kProvinceRegistrar;
    case domain::OrgLevel::kCity:
      return Role::kCityRegistrar;
    default:
      return Role::kCountyRegistrar;
  }
}

// R-ST-1: 学校审核 → 学籍主管部门核准, in order.
Result<domain::WorkflowSpec> Spec(store::Tx& tx, const StoredStudent& student) {
  XUEJI_ASSIGN_OR_RETURN(OrgRef school, LoadOrg(tx, student.school_code));
  XUEJI_ASSIGN_OR_RETURN(OrgRef authority, LoadOrg(tx, student.authority_code));
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, school.code));
  int days = policy.review_step_working_days;  // R-POL-1
  return domain::WorkflowSpec{
      kType,
      domain::StepOrder::kInOrder,
      {{"学校审核", {school.code, school.path, Role::kSchoolApprover}, days},
       {"学籍主管部门核准", {authority.code, authority.path, RegistrarAt(authority.level)}, days}}};
}

// R-ST-2, R-POL-2: the chosen class is one of the school's, of the chosen
// grade, and has a seat unless it is the student's own class
// (`current_class_id`), whose seat was kept.
Status CheckClass(store::Tx& tx, const std::string& school, int64_t class_id,
                  const std::string& grade, int64_t current_class_id) {
  auto facts = LoadClassFacts(tx, school, class_id);
  if (!facts.ok()) {
    if (facts.error().kind != ErrorKind::kNotFound) return facts.error();
    return Invalid("CLASS_NOT_IN_SCHOOL", "class_id", "所选班级不属于本校");
  }
  if (facts.value().grade_code != grade) {
    return Invalid("CLASS_GRADE", "class_id", "所选班级不属于所选年级");
  }
  if (class_id == current_class_id) return Ok();
  return domain::CheckReturnClassRoom(facts.value().cap, facts.value().size);
}

// The proofs must be this student's uploads and hold what the type needs.
Result<std::vector<int64_t>> CheckProofIds(store::Tx& tx, int64_t student_id,
                                           const domain::StatusChangeRule& rule,
                                           const std::vector<int64_t>& proof_ids) {
  std::set<int64_t> unique(proof_ids.begin(), proof_ids.end());
  std::vector<int64_t> ids(unique.begin(), unique.end());
  std::vector<domain::ProofKind> kinds;
  for (const ProofInfo& p : ProofsOfStudent(tx, student_id, ids)) kinds.push_back(p.kind);
  if (kinds.size() != ids.size()) {
    return Invalid("PROOF_NOT_FOUND", "proof_ids", "所附证明材料中有不存在或不属于该学生的文件");
  }
  XUEJI_RETURN_IF_ERROR(domain::CheckStatusChangeProofs(rule, kinds));
  return ids;
}

// One open status change or transfer per student (the student row is locked
// by the caller).
Status CheckNoOpenRequest(store::Tx& tx, int64_t student_id) {
  auto open = tx.QueryOne(
      "SELECT type, id FROM workflow_request WHERE subject_student_id = $1 AND state = 'open' "
      "AND type IN ('status_change', 'transfer')",
      {student_id});
  if (!open) {
    // A transfer all four parties approved stays in hand until 调档 (R-TR-3).
    open = tx.QueryOne(
        "SELECT 'transfer', workflow_request_id FROM transfer WHERE student_id = $1 "
        "AND state = 'approved'",
        {student_id});
  }
  if (!open) return Ok();
  std::string what = open->Text(0) == "transfer" ? "转学申请" : "学籍异动申请";
  return Conflict("REQUEST_OPEN", "该学生已有未办结的" + what + "（申请编号" +
                                      std::to_string(open->Int(1)) + "），办结或撤回后才能再申请");
}

void InsertChange(store::Tx& tx, int64_t id, const StoredStudent& student,
                  const domain::StatusChangeInput& in, const std::string& reason,
                  const std::vector<int64_t>& proof_ids) {
  const auto* rule = domain::FindStatusChangeRule(in.type);
  tx.Exec(
      "INSERT INTO status_change (request_id, student_id, school_code, authority_code, type, "
      "from_status, to_status, reason, effective_date, until_date, grade_code, class_id) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {id, student.id, student.school_code, student.authority_code, in.type, student.status,
       std::string(domain::StudentStatusName(rule->to)), reason,
       domain::FormatDate(*in.effective_date),
       in.until_date ? store::Value(domain::FormatDate(*in.until_date)) : store::Null(),
       in.grade_code, in.class_id > 0 ? store::Value(in.class_id) : store::Null()});
  for (int64_t p : proof_ids) {
    tx.Exec("INSERT INTO status_change_proof (request_id, proof_id) VALUES ($1, $2)", {id, p});
  }
}

// R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6: the request is allowed for this record today.
Status CheckRequest(store::Tx& tx, const Context& ctx, const StoredStudent& student,
                    const domain::StatusChangeInput& in) {
  if (student.registration != "active") {
    return Error{ErrorKind::kRuleViolation, "STATUS_CHANGE_NOT_ACTIVE", "",
                 "该学生的学籍尚未注册（核准），不能办理学籍异动（R-ST-1）"};
  }
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, student.school_code));
  XUEJI_RETURN_IF_ERROR(domain::CheckTypeEnabled(in.type, policy.status_changes));
  auto status =
      domain::ParseStudentStatus(student.status).value_or(domain::StudentStatus::kPending);
  XUEJI_RETURN_IF_ERROR(
      domain::CheckStatusChange(in, {status, student.record.grade_code}, domain::CstDate(ctx.now)));
  if (!in.grade_code.empty()) {
    XUEJI_RETURN_IF_ERROR(
        CheckClass(tx, student.school_code, in.class_id, in.grade_code, student.record.class_id));
  }
  return CheckNoOpenRequest(tx, student.id);
}

// R-ST-4: the school's step of a 死亡 is due 10 working days after the date
// of death (第二十一条), whenever the request is filed.
Result<domain::WorkflowRequest> StartWorkflow(store::Tx& tx, const Context& ctx,
                                              const StoredStudent& student,
                                              const domain::StatusChangeInput& in) {
  domain::Date today = domain::CstDate(ctx.now);
  auto days = Calendar(tx, std::min(today, *in.effective_date).year, today.year + 1);
  XUEJI_ASSIGN_OR_RETURN(auto spec, Spec(tx, student));
  XUEJI_ASSIGN_OR_RETURN(auto request, domain::StartRequest(spec, ctx.actor->user_id, today, days));
  if (in.type == "death") {
    XUEJI_ASSIGN_OR_RETURN(request.steps[0].due,
                           days(*in.effective_date, domain::kDeathReportWorkingDays));
  }
  return request;
}

std::optional<Change> LoadChange(store::Tx& tx, int64_t id) {
  auto r = tx.QueryOne(
      "SELECT student_id, type, from_status, to_status, reason, grade_code, "
      "COALESCE(class_id, 0), effective_date FROM status_change WHERE request_id = $1",
      {id});
  if (!r) return std::nullopt;
  return Change{id,         r->Int(0),  r->Text(1),
                r->Text(2), r->Text(3), r->Text(4),
                r->Text(5), r->Int(6),  *domain::ParseDate(r->Text(7))};
}

// A request and its record, for an actor who may see the record (R-ORG-4);
// with `lock`, the record's row stays locked for the rest of `tx`.
Result<std::pair<Change, StoredStudent>> FindChange(store::Tx& tx, const Context& ctx, int64_t id,
                                                    bool lock) {
  auto change = LoadChange(tx, id);
  if (!change) return NotFound("学籍异动申请不存在");
  auto student = LoadVisibleStudent(tx, ctx, change->student_id, lock);
  if (!student.ok()) {
    if (student.error().kind == ErrorKind::kNotFound) return NotFound("学籍异动申请不存在");
    return student.error();
  }
  return std::make_pair(std::move(*change), std::move(student).value());
}

// The step `actor` decides: the open one it owns, else any it owns (whose
// decision then reports why it cannot be made); nullopt when none.
std::optional<size_t> OwnedStep(const domain::WorkflowRequest& request, const Actor& actor) {
  std::optional<size_t> any;
  for (size_t i = 0; i < request.steps.size(); ++i) {
    const auto& owner = request.steps[i].spec.owner;
    if (owner.org_code != actor.org_code || owner.role != actor.role) continue;
    if (request.steps[i].state == domain::StepState::kOpen) return i;
    if (!any) any = i;
  }
  return any;
}

std::string StatusChinese(const std::string& code) {
  auto s = domain::ParseStudentStatus(code);
  return s ? std::string(domain::StudentStatusChinese(*s)) : code;
}

// R-ST-2: the grade and class a 复学 (or a return) places the student in.
Status ApplyPlacement(store::Tx& tx, const Change& c, const StoredStudent& student,
                      std::vector<domain::FieldChange>& changes) {
  if (c.grade_code.empty()) return Ok();
  XUEJI_RETURN_IF_ERROR(
      CheckClass(tx, student.school_code, c.class_id, c.grade_code, student.record.class_id));
  if (c.grade_code != student.record.grade_code) {
    changes.push_back({"grade_code", student.record.grade_code, c.grade_code});
  }
  if (c.class_id != student.record.class_id) {
    changes.push_back(
        {"class_id", std::to_string(student.record.class_id), std::to_string(c.class_id)});
  }
  tx.Exec("UPDATE student SET grade_code = $1, class_id = $2 WHERE id = $3",
          {c.grade_code, c.class_id, student.id});
  return Ok();
}

// R-ST-7: the approved change takes effect at once, with its history entry
// naming the request in its reason; an approved 辍学 opens its 控辍保学 case (R-ST-5), a
// 复学 of a dropout resolves it.
Status Apply(store::Tx& tx, const Context& ctx, const Change& c, const StoredStudent& student) {
  if (student.status != c.from_status) {
    return Conflict("STATUS_CHANGE_STALE",
                    "该生学籍状态已由申请时的「" + StatusChinese(c.from_status) + "」变为「" +
                        StatusChinese(student.status) + "」，请撤回本申请后重新提交");
  }
  std::vector<domain::FieldChange> changes = {{"status", student.status, c.to_status}};
  XUEJI_RETURN_IF_ERROR(ApplyPlacement(tx, c, student, changes));
  tx.Exec("UPDATE student SET status = $1, updated_at = $2 WHERE id = $3",
          {c.to_status, ctx.now.micros, student.id});
  tx.Exec("UPDATE status_change SET applied_at = $1 WHERE request_id = $2", {ctx.now.micros, c.id});
  // The history's request_id names key-data change requests; the status
  // change is named in the reason instead.
  AppendHistory(tx, ctx, student.id, changes,
                "学籍异动（" + domain::StatusChangeLabel(c.type) + "，申请编号" +
                    std::to_string(c.id) + "）：" + c.reason);
  if (c.type == "drop_out") {
    OpenDropoutCase(tx, ctx, student, c.id, c.effective_date, c.reason);
  } else if (c.from_status == "dropped_out" && c.to_status == "enrolled") {
    ResolveDropoutByReturn(tx, ctx, student.id, c.id);
  }
  return Ok();
}

}  // namespace

// R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6
Result<StatusChangeInfo> StartStatusChange(store::Database& db, const Context& ctx,
                                           int64_t student_id,
                                           const domain::StatusChangeInput& input,
                                           const std::vector<int64_t>& proof_ids) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(input.reason, true));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id, true));
  if (!HoldsAtSchool(ctx, Role::kSchoolRegistrar, student)) {
    return Forbidden("只有本校学籍管理员可以提交学籍异动申请");
  }
  XUEJI_RETURN_IF_ERROR(CheckRequest(*tx, ctx, student, input));
  const auto& rule = *domain::FindStatusChangeRule(input.type);
  XUEJI_ASSIGN_OR_RETURN(auto ids, CheckProofIds(*tx, student.id, rule, proof_ids));
  XUEJI_ASSIGN_OR_RETURN(auto request, StartWorkflow(*tx, ctx, student, input));
  int64_t id = InsertWorkflowRequest(*tx, ctx, request, student.id, "{}");
  InsertChange(*tx, id, student, input, why, ids);
  return Conclude(*tx, ctx, "status_change.start", id,
                  Summary({{"student", std::to_string(student.id)},
                           {"type", input.type},
                           {"effective", domain::FormatDate(*input.effective_date)},
                           {"reason", why}}));
}

// R-ST-1, R-ST-7, R-SEC-4
Result<StatusChangeInfo> DecideStatusChange(store::Database& db, const Context& ctx,
                                            int64_t request_id, bool approve,
                                            const std::string& reason) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, !approve));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto found, FindChange(*tx, ctx, request_id, true));
  auto& [change, student] = found;
  auto stored = LoadWorkflowRequest(*tx, request_id, true);
  auto step = OwnedStep(stored->request, *ctx.actor);
  if (!step) return Forbidden("只有该校审核人或其学籍主管部门可以审核该学籍异动申请");
  domain::Date today = domain::CstDate(ctx.now);
  XUEJI_ASSIGN_OR_RETURN(auto decided,
                         DecideWorkflowStep(*tx, ctx, request_id, *step, approve, why,
                                            Calendar(*tx, today.year, today.year + 1)));
  bool done = decided.request.state == domain::RequestState::kApproved;
  if (done) XUEJI_RETURN_IF_ERROR(Apply(*tx, ctx, change, student));
  return Conclude(*tx, ctx, approve ? "status_change.approve" : "status_change.refuse", request_id,
                  Summary({{"student", std::to_string(student.id)},
                           {"step", decided.request.steps[*step].spec.name},
                           {"applied", done ? change.to_status : ""},
                           {"reason", why}}));
}

Result<StatusChangeInfo> CancelStatusChange(store::Database& db, const Context& ctx,
                                            int64_t request_id) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto found, FindChange(*tx, ctx, request_id, true));
  XUEJI_ASSIGN_OR_RETURN(auto cancelled, CancelWorkflowRequest(*tx, ctx, request_id));
  (void)cancelled;
  return Conclude(*tx, ctx, "status_change.cancel", request_id,
                  Summary({{"student", std::to_string(found.second.id)}}));
}

Result<StatusChangeInfo> GetStatusChange(store::Database& db, const Context& ctx,
                                         int64_t request_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto found, FindChange(*tx, ctx, request_id, false));
  return LoadInfo(*tx, request_id, domain::CstDate(ctx.now));
}

// R-ORG-4
Result<std::vector<StatusChangeInfo>> ListStatusChanges(store::Database& db, const Context& ctx,
                                                        const StatusChangeFilter& f) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看学生记录");
  if (!domain::IsWithin(ctx.actor->org_path, f.org_path)) return NotFound("单位不存在");
  if (!f.state.empty() &&
      std::find(std::begin(kStates), std::end(kStates), f.state) == std::end(kStates)) {
    return Invalid("STATE", "state", "state应为open、approved、refused或cancelled");
  }
  if (!f.type.empty() && domain::FindStatusChangeRule(f.type) == nullptr) {
    return Invalid("STATUS_CHANGE_TYPE", "type", "未知的学籍异动类型：" + f.type);
  }
  if (f.limit < 1 || f.limit > 500) return Invalid("LIMIT_RANGE", "limit", "limit应在1到500之间");
  auto tx = db.BeginRead();
  std::vector<store::Value> params = {f.org_path, SubtreeUpperBound(f.org_path),
                                      static_cast<int64_t>(f.limit)};
  std::string sql =
      "SELECT c.request_id FROM status_change c JOIN org o ON o.code = c.school_code "
      "JOIN workflow_request r ON r.id = c.request_id WHERE o.path >= $1 AND o.path < $2";
  auto add = [&](const char* column, store::Value v) {
    params.push_back(std::move(v));
    sql += std::string(" AND ") + column + " = $" + std::to_string(params.size());
  };
  if (!f.state.empty()) add("r.state", f.state);
  if (!f.type.empty()) add("c.type", f.type);
  if (f.student_id > 0) add("c.student_id", f.student_id);
  std::vector<StatusChangeInfo> out;
  domain::Date today = domain::CstDate(ctx.now);
  for (const auto& r : tx->Query(sql + " ORDER BY c.request_id DESC LIMIT $3", params)) {
    out.push_back(LoadInfo(*tx, r.Int(0), today));
  }
  return out;
}

// R-ST-1, R-POL-4
Result<std::vector<StatusChangeOption>> StatusChangeOptions(store::Database& db, const Context& ctx,
                                                            int64_t student_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id));
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(*tx, student.school_code));
  auto status =
      domain::ParseStudentStatus(student.status).value_or(domain::StudentStatus::kPending);
  domain::StatusChangeSubject subject{status, student.record.grade_code};
  std::vector<StatusChangeOption> out;
  for (const auto& rule : domain::StatusChangeRules()) {
    StatusChangeOption o{std::string(rule.type), domain::StatusChangeLabel(std::string(rule.type))};
    Status enabled = domain::CheckTypeEnabled(o.type, policy.status_changes);
    Status applies = domain::CheckApplicable(rule, subject);
    o.enabled = enabled.ok();
    o.applicable = applies.ok() && student.registration == "active";
    if (!enabled.ok()) {
      o.refusal = enabled.error().message;
    } else if (!applies.ok()) {
      o.refusal = applies.error().message;
    } else if (!o.applicable) {
      o.refusal = "该学生的学籍尚未注册（核准），不能办理学籍异动（R-ST-1）";
    }
    o.proofs = rule.proofs;
    o.needs_until = rule.needs_until;
    o.placement = rule.placement;
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<std::string> SchoolOfStatusChange(store::Tx& tx, const std::string& id) {
  if (id.empty() || id.size() > 18 || !domain::AllDigits(id)) return std::nullopt;
  auto r = tx.QueryOne("SELECT school_code FROM status_change WHERE request_id = $1",
                       {static_cast<int64_t>(std::stoll(id))});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
