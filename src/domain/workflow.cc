#include "domain/workflow.h"

#include <utility>

#include "domain/reason.h"

namespace xueji::domain {
namespace {

Status CheckSpec(const WorkflowSpec& spec) {
  if (spec.steps.empty() || spec.steps.size() > kMaxWorkflowSteps) {
    return Invalid("WORKFLOW_SPEC", "steps", "审批流程应有1至8个步骤");
  }
  for (size_t i = 0; i < spec.steps.size(); ++i) {
    const StepSpec& s = spec.steps[i];
    if (s.deadline_working_days < 1 || s.deadline_working_days > kMaxStepDeadline) {
      return Invalid("WORKFLOW_SPEC", "steps", "步骤“" + s.name + "”的办理时限应为1至60个工作日");
    }
    for (size_t j = 0; j < i; ++j) {
      const StepOwner& o = spec.steps[j].owner;
      if (o.org_code == s.owner.org_code && o.role == s.owner.role) {
        return Invalid("WORKFLOW_SPEC", "steps", "同一单位的同一角色只能审核一个步骤");
      }
    }
  }
  return Ok();
}

bool IsYearMissing(const Error& e) { return e.code == "CALENDAR_YEAR_MISSING"; }

// R-CAL-1: a deadline in a year the calendar lacks leaves the due date pending.
Status Open(Step& step, Date today, const AddWorkingDaysFn& add_working_days) {
  auto due = add_working_days(today, step.spec.deadline_working_days);
  if (!due.ok() && !IsYearMissing(due.error())) return due.error();
  step.state = StepState::kOpen;
  step.opened_on = today;
  step.due = due.ok() ? std::optional<Date>(*due) : std::nullopt;
  return Ok();
}

void End(WorkflowRequest& request, RequestState state, Instant now) {
  request.state = state;
  request.ended_at = now;
  for (Step& s : request.steps) {
    if (s.state == StepState::kWaiting || s.state == StepState::kOpen) s.state = StepState::kClosed;
  }
}

bool Owns(const WorkflowActor& actor, const StepOwner& owner) {
  return actor.org_code == owner.org_code && actor.role == owner.role;
}

// In order: the first waiting step after the approved one opens; when none
// is left, the request is approved.
Status Advance(WorkflowRequest& request, Instant now, Date today,
               const AddWorkingDaysFn& add_working_days) {
  for (Step& s : request.steps) {
    if (s.state == StepState::kOpen) return Ok();
    if (s.state == StepState::kWaiting) return Open(s, today, add_working_days);
  }
  request.state = RequestState::kApproved;
  request.ended_at = now;
  return Ok();
}

}  // namespace

std::string_view StepStateName(StepState s) {
  switch (s) {
    case StepState::kWaiting:
      return "waiting";
    case StepState::kOpen:
      return "open";
    case StepState::kApproved:
      return "approved";
    case StepState::kRefused:
      return "refused";
    case StepState::kClosed:
      return "closed";
  }
  return "";
}

std::string_view RequestStateName(RequestState s) {
  switch (s) {
    case RequestState::kOpen:
      return "open";
    case RequestState::kApproved:
      return "approved";
    case RequestState::kRefused:
      return "refused";
    case RequestState::kCancelled:
      return "cancelled";
  }
  return "";
}

std::optional<StepState> ParseStepState(std::string_view name) {
  for (StepState s : {StepState::kWaiting, StepState::kOpen, StepState::kApproved,
                      StepState::kRefused, StepState::kClosed}) {
    if (StepStateName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<RequestState> ParseRequestState(std::string_view name) {
  for (RequestState s : {RequestState::kOpen, RequestState::kApproved, RequestState::kRefused,
                         RequestState::kCancelled}) {
    if (RequestStateName(s) == name) return s;
  }
  return std::nullopt;
}

Result<WorkflowRequest> StartRequest(const WorkflowSpec& spec, int64_t initiator, Date today,
                                     const AddWorkingDaysFn& add_working_days) {
  XUEJI_RETURN_IF_ERROR(CheckSpec(spec));
  WorkflowRequest request{spec.type, spec.order, initiator, RequestState::kOpen, std::nullopt, {}};
  for (const StepSpec& s : spec.steps) request.steps.push_back(Step{s});
  for (Step& s : request.steps) {
    XUEJI_RETURN_IF_ERROR(Open(s, today, add_working_days));
    if (spec.order == StepOrder::kInOrder) break;
  }
  return request;
}

std::vector<size_t> DecidableSteps(const WorkflowRequest& request, const WorkflowActor& actor) {
  std::vector<size_t> out;
  if (request.state != RequestState::kOpen || !MayDecide(actor.user_id, request.initiator)) {
    return out;
  }
  for (size_t i = 0; i < request.steps.size(); ++i) {
    const Step& s = request.steps[i];
    if (s.state == StepState::kOpen && Owns(actor, s.spec.owner)) out.push_back(i);
  }
  return out;
}

// R-TR-2, R-SEC-4
Result<WorkflowRequest> DecideStep(WorkflowRequest request, size_t step, const WorkflowActor& actor,
                                   bool approve, std::string_view reason, Instant now, Date today,
                                   const AddWorkingDaysFn& add_working_days) {
  if (request.state != RequestState::kOpen) {
    return Conflict("REQUEST_ENDED", "该申请已办结，不能再审核");
  }
  if (step >= request.steps.size()) return NotFound("审批步骤不存在");
  Step& s = request.steps[step];
  if (!Owns(actor, s.spec.owner)) return Forbidden("该步骤不由您审核");
  if (!MayDecide(actor.user_id, request.initiator)) return Forbidden("不能审核自己发起的申请");
  if (s.state != StepState::kOpen) {
    return Conflict("STEP_NOT_OPEN", s.state == StepState::kWaiting
                                         ? "该步骤尚未开始，须待前一步骤审核通过"
                                         : "该步骤已审核");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string why, CheckReason(reason, !approve));
  s.state = approve ? StepState::kApproved : StepState::kRefused;
  s.decided_by = actor.user_id;
  s.decided_at = now;
  s.reason = std::move(why);
  if (!approve) {
    End(request, RequestState::kRefused, now);
    return request;
  }
  XUEJI_RETURN_IF_ERROR(Advance(request, now, today, add_working_days));
  return request;
}

Result<WorkflowRequest> CancelRequest(WorkflowRequest request, int64_t user_id, Instant now) {
  if (request.state != RequestState::kOpen) {
    return Conflict("REQUEST_ENDED", "该申请已办结，不能撤销");
  }
  if (user_id != request.initiator) return Forbidden("只有发起人可以撤销申请");
  End(request, RequestState::kCancelled, now);
  return request;
}

// R-CAL-1, R-TR-2
Result<bool> ResolveDue(Step& step, const AddWorkingDaysFn& add_working_days) {
  if (step.state != StepState::kOpen || step.due || !step.opened_on) return false;
  auto due = add_working_days(*step.opened_on, step.spec.deadline_working_days);
  if (!due.ok()) {
    if (IsYearMissing(due.error())) return false;
    return due.error();
  }
  step.due = *due;
  return true;
}

// R-TR-2
Result<int> WorkingDaysLeft(Date today, Date due,
                            const WorkingDaysBetweenFn& working_days_between) {
  XUEJI_ASSIGN_OR_RETURN(int n, working_days_between(today, due));
  // A weekend right after the due day is overdue too, though no working day passed.
  return today > due && n > -1 ? -1 : n;
}

// R-TR-2
std::vector<size_t> OverdueSteps(const WorkflowRequest& request, Date today) {
  std::vector<size_t> out;
  if (request.state != RequestState::kOpen) return out;
  for (size_t i = 0; i < request.steps.size(); ++i) {
    const Step& s = request.steps[i];
    if (s.state == StepState::kOpen && s.due && today > *s.due) out.push_back(i);
  }
  return out;
}

// R-TR-2
std::string EscalationPath(const StepOwner& owner) {
  const std::string& path = owner.org_path;
  if (path.size() < 2) return "";
  size_t cut = path.rfind('/', path.size() - 2);
  return cut == std::string::npos || cut == 0 ? "" : path.substr(0, cut + 1);
}

}  // namespace xueji::domain
