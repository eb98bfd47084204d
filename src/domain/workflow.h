#pragma once

// One approval-workflow model for every request: registration, key-data
// change, status change, transfer, and later exports and deletions (SPEC §6,
// §7; R-TR-2, R-ST-1).
//
// A request has a type and an initiator, and a list of steps. Each step is
// owned by an organization and a role there, and is decided by a user holding
// that role at that organization. Steps run in order (each opens when the one
// before is approved) or in any order (all open when the request starts).
// "同意" approves a step; "不同意" needs a reason and ends the request at
// once. A step must be decided within its deadline in working days, counted
// from the day it opened; an open step past its deadline is overdue and is
// shown to the level above its owner (escalation). The initiator may cancel
// an open request.
//
// Pure: today's date (China Standard Time, R-CAL-2) and the working-day
// arithmetic (the business calendar, R-CAL-1) come in as values. A deadline
// that reaches a year the calendar does not cover yet does not stop a
// request: the step opens with its due date pending (期限待定) and gets it
// when that year is entered (ResolveDue). Storing a
// request, and letting exactly one of two concurrent deciders record a
// decision, belong to the store (a conditional update of the step's row).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/role.h"
#include "domain/time.h"

namespace xueji::domain {

enum class StepOrder { kInOrder, kAnyOrder };

// Who decides a step.
struct StepOwner {
  std::string org_code;
  std::string org_path;  // materialized path of org_code (escalation goes to its parent)
  Role role = Role::kSchoolApprover;
};

struct StepSpec {
  std::string name;  // Chinese, shown to people: 转入学校审核, 学籍主管部门核准 …
  StepOwner owner;
  int deadline_working_days = 10;  // R-TR-2: 10 working days per transfer step by default
};

struct WorkflowSpec {
  std::string type;  // "registration", "key_change", "status_change", "transfer" …
  StepOrder order = StepOrder::kInOrder;
  std::vector<StepSpec> steps;
};

inline constexpr size_t kMaxWorkflowSteps = 8;
inline constexpr int kMaxStepDeadline = 60;  // working days

// kWaiting: an in-order step whose predecessor is undecided. kClosed: the
// request ended (refused or cancelled) before the step was decided.
enum class StepState { kWaiting, kOpen, kApproved, kRefused, kClosed };
enum class RequestState { kOpen, kApproved, kRefused, kCancelled };

std::string_view StepStateName(StepState s);        // "waiting", "open" …
std::string_view RequestStateName(RequestState s);  // "open", "approved" …
std::optional<StepState> ParseStepState(std::string_view name);
std::optional<RequestState> ParseRequestState(std::string_view name);

struct Step {
  StepSpec spec;
  StepState state = StepState::kWaiting;
  std::optional<Date> opened_on;
  // The last working day on which a decision is on time; nullopt on an open
  // step while the calendar lacks the year it reaches (期限待定), and on steps
  // opened before deadlines were recorded.
  std::optional<Date> due;
  int64_t decided_by = 0;
  std::optional<Instant> decided_at;
  std::string reason;
};

struct WorkflowRequest {
  std::string type;
  StepOrder order = StepOrder::kInOrder;
  int64_t initiator = 0;
  RequestState state = RequestState::kOpen;
  std::optional<Instant> ended_at;
  std::vector<Step> steps;
};

// The date `n` working days after `from` (R-CAL-1), or the calendar's error
// (e.g. a year the calendar does not cover).
using AddWorkingDaysFn = std::function<Result<Date>(Date from, int n)>;

// A user deciding or cancelling.
struct WorkflowActor {
  int64_t user_id = 0;
  std::string org_code;
  Role role = Role::kSchoolApprover;
};

// Starts a request of `spec` for `initiator` on `today`: the first step opens
// (in order) or every step does (any order), each due `deadline_working_days`
// after today — or with its due date pending when the calendar answers
// CALENDAR_YEAR_MISSING (R-CAL-1); any other calendar error is returned. A spec with no steps, more
// than kMaxWorkflowSteps, a deadline outside 1..kMaxStepDeadline or two steps of the same owner is
// a programming error reported as Invalid("WORKFLOW_SPEC", …).
Result<WorkflowRequest> StartRequest(const WorkflowSpec& spec, int64_t initiator, Date today,
                                     const AddWorkingDaysFn& add_working_days);

// The open steps `actor` may decide now, in step order.
std::vector<size_t> DecidableSteps(const WorkflowRequest& request, const WorkflowActor& actor);

// R-TR-2, R-SEC-4: `actor` decides step `step`. Approving the last undecided
// step approves the request; in order, approving opens the next step (due
// counted from `today`). Refusing needs a reason (REASON_REQUIRED) and
// refuses the request, closing its other undecided steps. Errors:
// REQUEST_ENDED / STEP_NOT_OPEN (Conflict) when the request or step is no
// longer open — what the second of two concurrent deciders sees; Forbidden
// when the actor does not own the step or initiated the request.
Result<WorkflowRequest> DecideStep(WorkflowRequest request, size_t step, const WorkflowActor& actor,
                                   bool approve, std::string_view reason, Instant now, Date today,
                                   const AddWorkingDaysFn& add_working_days);

// The initiator withdraws an open request: every undecided step closes.
// REQUEST_ENDED (Conflict) once it has ended; Forbidden for anyone else.
Result<WorkflowRequest> CancelRequest(WorkflowRequest request, int64_t user_id, Instant now);

// R-CAL-1, R-TR-2: gives an open step whose due date is pending (and whose
// opening day is known) its due date, counted from the day it opened. Returns
// whether it did: false when the step has its due date already, is not open,
// has no opening day, or the calendar still lacks the year
// (CALENDAR_YEAR_MISSING); any other calendar error is returned.
Result<bool> ResolveDue(Step& step, const AddWorkingDaysFn& add_working_days);

// R-TR-2: the working days from `today` until `due` — 0 on the due day itself,
// negative once overdue (at least -1 from the day after it, -2 on the second
// working day after it …) — by
// `working_days_between` (the business calendar's WorkingDaysBetween).
using WorkingDaysBetweenFn = std::function<Result<int>(Date a, Date b)>;
Result<int> WorkingDaysLeft(Date today, Date due, const WorkingDaysBetweenFn& working_days_between);

// R-TR-2: the open steps whose deadline has passed on `today`, in step order.
std::vector<size_t> OverdueSteps(const WorkflowRequest& request, Date today);

// R-TR-2: the organization path an overdue step escalates to: the parent of
// its owner's path ("" for the ministry, which has none).
std::string EscalationPath(const StepOwner& owner);

}  // namespace xueji::domain
