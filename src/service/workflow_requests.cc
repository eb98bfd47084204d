#include "service/workflow_requests.h"

#include <algorithm>
#include <utility>

#include "domain/org.h"
#include "service/business_calendar_service.h"
#include "service/policy_service.h"
#include "store/bulk_insert.h"

namespace xueji::service {
namespace {

using domain::Step;
using domain::StepState;
using domain::WorkflowRequest;

store::Value DateOrNull(const std::optional<domain::Date>& d) {
  return d ? store::Value(domain::FormatDate(*d)) : store::Null();
}

store::Value InstantOrNull(const std::optional<domain::Instant>& t) {
  return t ? store::Value(t->micros) : store::Null();
}

std::optional<domain::Date> OptDate(const store::Row& r, size_t i) {
  auto text = r.OptText(i);
  return text ? domain::ParseDate(*text) : std::nullopt;
}

std::string OrderName(domain::StepOrder order) {
  return order == domain::StepOrder::kInOrder ? "in_order" : "any_order";
}

const std::vector<std::string> kStepColumns = {
    "request_id", "seq",           "name",  "owner_org", "owner_path", "escalate_to",
    "owner_role", "deadline_days", "state", "opened_on", "due"};

void AppendStepRow(std::vector<store::Value>& out, int64_t id, size_t seq, const Step& s) {
  out.insert(
      out.end(),
      {id, static_cast<int64_t>(seq), s.spec.name, s.spec.owner.org_code, s.spec.owner.org_path,
       domain::EscalationPath(s.spec.owner), std::string(domain::RoleName(s.spec.owner.role)),
       static_cast<int64_t>(s.spec.deadline_working_days),
       std::string(domain::StepStateName(s.state)), DateOrNull(s.opened_on), DateOrNull(s.due)});
}

Step StepFromRow(const store::Row& r) {
  Step s;
  s.spec.name = r.Text(0);
  s.spec.owner = {r.Text(1), r.Text(2), domain::ParseRole(r.Text(3)).value()};
  s.spec.deadline_working_days = static_cast<int>(r.Int(4));
  s.state = domain::ParseStepState(r.Text(5)).value();
  s.opened_on = OptDate(r, 6);
  s.due = OptDate(r, 7);
  s.decided_by = r.Int(8);
  if (r.OptText(9)) s.decided_at = domain::Instant{r.Int(9)};
  s.reason = r.Text(10);
  return s;
}

// Writes the steps and the request state that `after` changed. A step is
// updated only from the state `before` had, so a decision that lost a race
// changes nothing (STEP_NOT_OPEN).
Status SaveChanges(store::Tx& tx, int64_t id, const WorkflowRequest& before,
                   const WorkflowRequest& after) {
  for (size_t i = 0; i < after.steps.size(); ++i) {
    const Step& a = after.steps[i];
    const Step& b = before.steps[i];
    if (a.state == b.state && a.due == b.due) continue;
    int64_t changed = tx.Exec(
        "UPDATE workflow_step SET state = $1, opened_on = $2, due = $3, decided_by = $4, "
        "decided_at = $5, reason = $6 WHERE request_id = $7 AND seq = $8 AND state = $9",
        {std::string(domain::StepStateName(a.state)), DateOrNull(a.opened_on), DateOrNull(a.due),
         a.decided_by ? store::Value(a.decided_by) : store::Null(), InstantOrNull(a.decided_at),
         a.reason, id, static_cast<int64_t>(i), std::string(domain::StepStateName(b.state))});
    if (changed == 0) return Conflict("STEP_NOT_OPEN", "该步骤已由他人审核，请刷新后查看");
  }
  if (after.state != before.state) {
    int64_t changed = tx.Exec(
        "UPDATE workflow_request SET state = $1, ended_at = $2 WHERE id = $3 AND state = 'open'",
        {std::string(domain::RequestStateName(after.state)), InstantOrNull(after.ended_at), id});
    if (changed == 0) return Conflict("REQUEST_ENDED", "该申请已办结，请刷新后查看");
  }
  return Ok();
}

PendingStep PendingFromRow(const store::Row& r, domain::Date today) {
  PendingStep p;
  p.request_id = r.Int(0);
  p.type = r.Text(1);
  if (r.OptText(2)) p.subject_student_id = r.Int(2);
  p.step = static_cast<size_t>(r.Int(3));
  p.name = r.Text(4);
  p.owner_org = r.Text(5);
  p.opened_on = OptDate(r, 6);
  p.due = OptDate(r, 7);
  p.overdue = p.due && today > *p.due;
  p.student_name = r.Text(8);
  p.student_number = r.Text(9);
  p.owner_org_name = r.Text(10);
  p.payload = r.Text(11);
  return p;
}

// Requests about a record under arbitration or cancelled wait or are moot.
constexpr const char* kSelectPending =
    "SELECT r.id, r.type, r.subject_student_id, s.seq, s.name, s.owner_org, s.opened_on, s.due, "
    "COALESCE(st.name, ''), COALESCE(st.student_number, ''), o.name, r.payload "
    "FROM workflow_step s JOIN workflow_request r ON r.id = s.request_id "
    "JOIN org o ON o.code = s.owner_org LEFT JOIN student st ON st.id = r.subject_student_id "
    "WHERE (st.id IS NULL OR st.registration NOT IN ('problem', 'cancelled')) AND ";

// R-TR-2: the working days left of each listed step with a due date, on the
// calendar of the years from the earliest to the latest date involved.
void CountDaysLeft(store::Tx& tx, std::vector<PendingStep>& steps, domain::Date today) {
  int first = today.year, last = today.year;
  for (const PendingStep& p : steps) {
    if (!p.due) continue;
    first = std::min(first, p.due->year);
    last = std::max(last, p.due->year);
  }
  auto calendar = LoadBusinessCalendar(tx, first, last);
  auto between = [&](domain::Date a, domain::Date b) { return calendar.WorkingDaysBetween(a, b); };
  for (PendingStep& p : steps) {
    if (!p.due) continue;
    auto left = domain::WorkingDaysLeft(today, *p.due, between);
    if (left.ok()) p.days_left = *left;
  }
}

int ClampLimit(int limit) { return limit < 1 ? 1 : limit > 500 ? 500 : limit; }

}  // namespace

std::vector<int64_t> InsertWorkflowRequests(store::Tx& tx, const Context& ctx,
                                            const WorkflowRequest& request,
                                            const std::vector<std::optional<int64_t>>& subjects,
                                            const std::string& payload) {
  std::vector<int64_t> ids = store::ReserveIds(tx, "workflow_request", subjects.size());
  std::vector<store::Value> requests, steps;
  for (size_t i = 0; i < subjects.size(); ++i) {
    requests.insert(
        requests.end(),
        {ids[i], request.type, subjects[i] ? store::Value(*subjects[i]) : store::Null(),
         OrderName(request.order), ctx.actor->user_id, ctx.actor->org_code,
         std::string(domain::RequestStateName(request.state)), payload, ctx.now.micros});
    for (size_t s = 0; s < request.steps.size(); ++s) {
      AppendStepRow(steps, ids[i], s, request.steps[s]);
    }
  }
  store::InsertRows(tx, "workflow_request",
                    {"id", "type", "subject_student_id", "step_order", "initiator", "initiator_org",
                     "state", "payload", "created_at"},
                    std::move(requests));
  if (!steps.empty()) store::InsertRows(tx, "workflow_step", kStepColumns, std::move(steps));
  return ids;
}

int64_t InsertWorkflowRequest(store::Tx& tx, const Context& ctx, const WorkflowRequest& request,
                              std::optional<int64_t> subject_student_id,
                              const std::string& payload) {
  return InsertWorkflowRequests(tx, ctx, request, {subject_student_id}, payload).front();
}

std::optional<StoredWorkflow> LoadWorkflowRequest(store::Tx& tx, int64_t id, bool for_update) {
  auto r = tx.QueryOne(
      "SELECT type, subject_student_id, step_order, initiator, initiator_org, state, payload, "
      "created_at, ended_at FROM workflow_request WHERE id = $1" +
          std::string(for_update ? tx.ForUpdate() : ""),
      {id});
  if (!r) return std::nullopt;
  StoredWorkflow out;
  out.id = id;
  if (r->OptText(1)) out.subject_student_id = r->Int(1);
  out.initiator_org = r->Text(4);
  out.payload = r->Text(6);
  out.created_at = domain::Instant{r->Int(7)};
  WorkflowRequest& w = out.request;
  w.type = r->Text(0);
  w.order = r->Text(2) == "in_order" ? domain::StepOrder::kInOrder : domain::StepOrder::kAnyOrder;
  w.initiator = r->Int(3);
  w.state = domain::ParseRequestState(r->Text(5)).value();
  if (r->OptText(8)) w.ended_at = domain::Instant{r->Int(8)};
  for (const auto& s :
       tx.Query("SELECT name, owner_org, owner_path, owner_role, deadline_days, state, "
                "opened_on, due, decided_by, decided_at, reason FROM workflow_step "
                "WHERE request_id = $1 ORDER BY seq",
                {id})) {
    w.steps.push_back(StepFromRow(s));
  }
  return out;
}

// R-TR-2, R-SEC-4
Result<StoredWorkflow> DecideWorkflowStep(store::Tx& tx, const Context& ctx, int64_t id,
                                          size_t step, bool approve, const std::string& reason,
                                          const domain::AddWorkingDaysFn& add_working_days) {
  if (!ctx.actor) return Unauthenticated();
  auto stored = LoadWorkflowRequest(tx, id, true);
  if (!stored) return NotFound("申请不存在");
  domain::WorkflowActor actor{ctx.actor->user_id, ctx.actor->org_code, ctx.actor->role};
  XUEJI_ASSIGN_OR_RETURN(auto after,
                         domain::DecideStep(stored->request, step, actor, approve, reason, ctx.now,
                                            domain::CstDate(ctx.now), add_working_days));
  XUEJI_RETURN_IF_ERROR(SaveChanges(tx, id, stored->request, after));
  stored->request = std::move(after);
  return *stored;
}

Result<StoredWorkflow> CancelWorkflowRequest(store::Tx& tx, const Context& ctx, int64_t id) {
  if (!ctx.actor) return Unauthenticated();
  auto stored = LoadWorkflowRequest(tx, id, true);
  if (!stored) return NotFound("申请不存在");
  XUEJI_ASSIGN_OR_RETURN(auto after,
                         domain::CancelRequest(stored->request, ctx.actor->user_id, ctx.now));
  XUEJI_RETURN_IF_ERROR(SaveChanges(tx, id, stored->request, after));
  stored->request = std::move(after);
  return *stored;
}

domain::AddWorkingDaysFn StoredWorkingDays(store::Tx& tx) {
  // A step's deadline is at most kMaxStepDeadline working days: the next year
  // is the furthest it reaches.
  return [&tx](domain::Date from, int n) {
    return LoadBusinessCalendar(tx, from.year, from.year + 1).AddWorkingDays(from, n);
  };
}

// R-CAL-1
Result<int> ResolvePendingDues(store::Tx& tx) {
  auto add = StoredWorkingDays(tx);
  int resolved = 0;
  for (const auto& r : tx.Query("SELECT request_id, seq, deadline_days, opened_on FROM "
                                "workflow_step WHERE state = 'open' AND due IS NULL AND "
                                "opened_on IS NOT NULL ORDER BY request_id, seq")) {
    Step s;
    s.state = StepState::kOpen;
    s.spec.deadline_working_days = static_cast<int>(r.Int(2));
    s.opened_on = domain::ParseDate(r.Text(3));
    XUEJI_ASSIGN_OR_RETURN(bool done, domain::ResolveDue(s, add));
    if (!done) continue;
    tx.Exec("UPDATE workflow_step SET due = $1 WHERE request_id = $2 AND seq = $3 AND due IS NULL",
            {DateOrNull(s.due), r.Int(0), r.Int(1)});
    ++resolved;
  }
  return resolved;
}

Result<domain::WorkflowSpec> SchoolAndAuthoritySpec(store::Tx& tx, const std::string& type,
                                                    const std::string& school_code) {
  auto r = tx.QueryOne(
      "SELECT o.path, sc.authority_code, a.path, a.level FROM school sc JOIN org o ON o.code = "
      "sc.code JOIN org a ON a.code = sc.authority_code WHERE sc.code = $1",
      {school_code});
  if (!r) return NotFound("学校不存在");
  auto level = domain::ParseOrgLevel(r->Text(3));
  std::optional<domain::Role> registrar;
  for (domain::Role role : domain::AllRoles()) {
    if (level && domain::IsAuthorityRegistrar(role) && domain::RoleAllowedAtLevel(role, *level)) {
      registrar = role;
    }
  }
  if (!registrar) return NotFound("学籍主管部门不存在");
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, school_code));
  int days = policy.review_step_working_days;
  return domain::WorkflowSpec{
      type,
      domain::StepOrder::kInOrder,
      {{"学校审核", {school_code, r->Text(0), domain::Role::kSchoolApprover}, days},
       {"学籍主管部门核准", {r->Text(1), r->Text(2), *registrar}, days}}};
}

std::optional<StoredWorkflow> LoadOpenRequestOf(store::Tx& tx, const std::string& type,
                                                int64_t student_id) {
  auto r = tx.QueryOne(
      "SELECT id FROM workflow_request WHERE subject_student_id = $1 AND type = $2 AND "
      "state = 'open' ORDER BY id DESC LIMIT 1",
      {student_id, type});
  if (!r) return std::nullopt;
  return LoadWorkflowRequest(tx, r->Int(0), true);
}

Result<int64_t> StartSchoolAndAuthorityRequest(store::Tx& tx, const Context& ctx,
                                               const std::string& type,
                                               const std::string& school_code, int64_t student_id,
                                               const std::string& payload) {
  if (!ctx.actor) return Unauthenticated();
  XUEJI_ASSIGN_OR_RETURN(auto spec, SchoolAndAuthoritySpec(tx, type, school_code));
  XUEJI_ASSIGN_OR_RETURN(auto request,
                         domain::StartRequest(spec, ctx.actor->user_id, domain::CstDate(ctx.now),
                                              StoredWorkingDays(tx)));
  return InsertWorkflowRequest(tx, ctx, request, student_id, payload);
}

// R-TR-2, R-SEC-4
Result<StoredWorkflow> DecideOpenRequestOf(store::Tx& tx, const Context& ctx,
                                           const std::string& type, int64_t student_id, size_t step,
                                           bool approve, const std::string& reason) {
  auto open = LoadOpenRequestOf(tx, type, student_id);
  if (!open) return Conflict("WORKFLOW_MISSING", "该申请没有进行中的审批流程，请刷新后查看");
  return DecideWorkflowStep(tx, ctx, open->id, step, approve, reason, StoredWorkingDays(tx));
}

Result<std::vector<PendingStep>> ListPendingSteps(store::Database& db, const Context& ctx,
                                                  domain::Date today, int limit) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginRead();
  std::vector<PendingStep> out;
  for (const auto& r :
       tx->Query(std::string(kSelectPending) +
                     "s.owner_org = $1 AND s.state = 'open' AND s.owner_role = $2 AND "
                     "r.initiator <> $3 ORDER BY s.due IS NULL, s.due, r.id, s.seq LIMIT $4",
                 {ctx.actor->org_code, std::string(domain::RoleName(ctx.actor->role)),
                  ctx.actor->user_id, static_cast<int64_t>(ClampLimit(limit))})) {
    out.push_back(PendingFromRow(r, today));
  }
  CountDaysLeft(*tx, out, today);
  return out;
}

// R-TR-2
Result<std::vector<PendingStep>> ListEscalatedSteps(store::Database& db, const Context& ctx,
                                                    domain::Date today, int limit) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginRead();
  std::vector<PendingStep> out;
  for (const auto& r : tx->Query(std::string(kSelectPending) +
                                     "s.escalate_to = $2 AND s.state = 'open' AND s.due < $1 "
                                     "ORDER BY s.due, r.id, s.seq LIMIT $3",
                                 {domain::FormatDate(today), ctx.actor->org_path,
                                  static_cast<int64_t>(ClampLimit(limit))})) {
    out.push_back(PendingFromRow(r, today));
  }
  CountDaysLeft(*tx, out, today);
  return out;
}

}  // namespace xueji::service
