// The approval-workflow model (R-TR-2, R-ST-1, R-SEC-4): steps owned by an
// organization and a role, in order or in any order, "不同意" with a reason
// ending the request, working-day deadlines, overdue steps and escalation.

#include "domain/workflow.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

// A fake calendar: Monday to Friday are working days; 2030 is not covered.
Result<Date> AddWeekdays(Date from, int n) {
  auto missing = [] { return Invalid("CALENDAR_YEAR_MISSING", "", "工作日历缺少2030年"); };
  if (from.year >= 2030) return missing();
  int64_t day = DaysFromCivil(from.year, from.month, from.day);
  while (n > 0) {
    ++day;
    int weekday = static_cast<int>((day % 7 + 10) % 7);  // 0 = Monday; 1970-01-01 was a Thursday
    if (weekday < 5) --n;
  }
  Date to;
  unsigned m = 0, d = 0;
  CivilFromDays(day, to.year, m, d);
  to.month = static_cast<int>(m);
  to.day = static_cast<int>(d);
  if (to.year >= 2030) return missing();
  return to;
}

Date D(const char* text) { return *ParseDate(text); }
Instant At(const char* text) { return *ParseInstant(text); }

constexpr int64_t kInitiator = 1;

// R-TR-2: the four parties of a transfer between two counties.
WorkflowSpec Transfer(StepOrder order = StepOrder::kAnyOrder) {
  return WorkflowSpec{
      "transfer",
      order,
      {
          {"转入学校审核",
           {"5201030001", "/000000/520000/520100/520103/5201030001/", Role::kSchoolApprover},
           10},
          {"转入地学籍主管部门审核",
           {"520103", "/000000/520000/520100/520103/", Role::kCountyRegistrar},
           10},
          {"转出学校审核",
           {"5201020001", "/000000/520000/520100/520102/5201020001/", Role::kSchoolApprover},
           10},
          {"转出地学籍主管部门审核",
           {"520102", "/000000/520000/520100/520102/", Role::kCountyRegistrar},
           10},
      }};
}

WorkflowActor Owner(const WorkflowSpec& spec, size_t step, int64_t user_id) {
  return WorkflowActor{user_id, spec.steps[step].owner.org_code, spec.steps[step].owner.role};
}

WorkflowRequest Started(const WorkflowSpec& spec, const char* today = "2026-03-06") {
  auto r = StartRequest(spec, kInitiator, D(today), AddWeekdays);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return *r;
}

TEST(Workflow, R_TR_2_any_order_opens_every_step_with_ten_working_days) {
  WorkflowRequest r = Started(Transfer());  // Friday 2026-03-06
  EXPECT_EQ(r.state, RequestState::kOpen);
  for (const Step& s : r.steps) {
    SCOPED_TRACE(s.spec.name);
    EXPECT_EQ(s.state, StepState::kOpen);
    EXPECT_EQ(s.opened_on, D("2026-03-06"));
    EXPECT_EQ(s.due, D("2026-03-20"));
  }
}

TEST(Workflow, R_TR_2_every_party_must_agree_in_any_order) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);
  const size_t order[] = {3, 0, 2, 1};
  for (size_t n = 0; n < 4; ++n) {
    SCOPED_TRACE(spec.steps[order[n]].name);
    EXPECT_EQ(r.state, RequestState::kOpen);
    auto next = DecideStep(r, order[n], Owner(spec, order[n], 10 + order[n]), true, "",
                           At("2026-03-09T10:00:00+08:00"), D("2026-03-09"), AddWeekdays);
    ASSERT_TRUE(next.ok()) << next.error().message;
    r = *next;
    EXPECT_EQ(r.steps[order[n]].state, StepState::kApproved);
    EXPECT_EQ(r.steps[order[n]].decided_by, static_cast<int64_t>(10 + order[n]));
  }
  EXPECT_EQ(r.state, RequestState::kApproved);
  EXPECT_EQ(r.ended_at, At("2026-03-09T10:00:00+08:00"));
}

TEST(Workflow, R_ST_1_in_order_a_step_opens_when_the_one_before_is_approved) {
  WorkflowSpec spec = Transfer(StepOrder::kInOrder);
  WorkflowRequest r = Started(spec);
  EXPECT_EQ(r.steps[0].state, StepState::kOpen);
  EXPECT_EQ(r.steps[1].state, StepState::kWaiting);
  EXPECT_FALSE(r.steps[1].due.has_value());
  auto early = DecideStep(r, 1, Owner(spec, 1, 11), true, "", At("2026-03-09T10:00:00+08:00"),
                          D("2026-03-09"), AddWeekdays);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "STEP_NOT_OPEN");
  // Approved on Wednesday 03-11: the next step has ten working days from then.
  auto next = DecideStep(r, 0, Owner(spec, 0, 10), true, "", At("2026-03-11T10:00:00+08:00"),
                         D("2026-03-11"), AddWeekdays);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->steps[1].state, StepState::kOpen);
  EXPECT_EQ(next->steps[1].opened_on, D("2026-03-11"));
  EXPECT_EQ(next->steps[1].due, D("2026-03-25"));
  EXPECT_EQ(next->steps[2].state, StepState::kWaiting);
}

TEST(Workflow, R_TR_2_disagreeing_needs_a_reason_and_ends_the_request) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);
  auto blank = DecideStep(r, 2, Owner(spec, 2, 12), false, "  ", At("2026-03-09T10:00:00+08:00"),
                          D("2026-03-09"), AddWeekdays);
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().code, "REASON_REQUIRED");
  auto refused = DecideStep(r, 2, Owner(spec, 2, 12), false, " 学生仍在本校就读，家长未申请转学 ",
                            At("2026-03-09T10:00:00+08:00"), D("2026-03-09"), AddWeekdays);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->state, RequestState::kRefused);
  EXPECT_EQ(refused->steps[2].state, StepState::kRefused);
  EXPECT_EQ(refused->steps[2].reason, "学生仍在本校就读，家长未申请转学");
  for (size_t i : {0u, 1u, 3u}) EXPECT_EQ(refused->steps[i].state, StepState::kClosed);
  auto after = DecideStep(*refused, 0, Owner(spec, 0, 10), true, "",
                          At("2026-03-09T11:00:00+08:00"), D("2026-03-09"), AddWeekdays);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "REQUEST_ENDED");
  EXPECT_EQ(after.error().kind, ErrorKind::kConflict);
}

TEST(Workflow, R_TR_2_a_step_is_decided_once) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);
  auto first = DecideStep(r, 1, Owner(spec, 1, 11), true, "", At("2026-03-09T10:00:00+08:00"),
                          D("2026-03-09"), AddWeekdays);
  ASSERT_TRUE(first.ok());
  // A second approver of the same authority, deciding on what the first left.
  auto second = DecideStep(*first, 1, Owner(spec, 1, 21), false, "不同意",
                           At("2026-03-09T10:00:01+08:00"), D("2026-03-09"), AddWeekdays);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "STEP_NOT_OPEN");
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
}

TEST(Workflow, R_SEC_4_only_the_owner_decides_and_never_the_initiator) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);
  struct Case {
    const char* what;
    WorkflowActor actor;
  } cases[] = {
      {"another school's approver", {30, "5201030002", Role::kSchoolApprover}},
      {"the owner's school, another role", {31, "5201030001", Role::kSchoolRegistrar}},
      {"the owner who initiated the request", Owner(spec, 0, kInitiator)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto d = DecideStep(r, 0, c.actor, true, "", At("2026-03-09T10:00:00+08:00"), D("2026-03-09"),
                        AddWeekdays);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().kind, ErrorKind::kForbidden);
    EXPECT_TRUE(DecidableSteps(r, c.actor).empty());
  }
  EXPECT_EQ(DecidableSteps(r, Owner(spec, 0, 10)), std::vector<size_t>{0});
}

TEST(Workflow, R_TR_2_the_initiator_cancels_an_open_request) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);
  auto other = CancelRequest(r, 99, At("2026-03-09T10:00:00+08:00"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  auto cancelled = CancelRequest(r, kInitiator, At("2026-03-09T10:00:00+08:00"));
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, RequestState::kCancelled);
  for (const Step& s : cancelled->steps) EXPECT_EQ(s.state, StepState::kClosed);
  auto again = CancelRequest(*cancelled, kInitiator, At("2026-03-09T11:00:00+08:00"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "REQUEST_ENDED");
}

TEST(Workflow, R_TR_2_overdue_steps_escalate_to_the_level_above) {
  WorkflowSpec spec = Transfer();
  WorkflowRequest r = Started(spec);  // due 2026-03-20
  auto d = DecideStep(r, 0, Owner(spec, 0, 10), true, "", At("2026-03-09T10:00:00+08:00"),
                      D("2026-03-09"), AddWeekdays);
  ASSERT_TRUE(d.ok());
  struct Case {
    const char* today;
    std::vector<size_t> overdue;
  } cases[] = {
      {"2026-03-19", {}},
      {"2026-03-20", {}},
      {"2026-03-21", {1, 2, 3}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.today);
    EXPECT_EQ(OverdueSteps(*d, D(c.today)), c.overdue);
  }
  EXPECT_EQ(EscalationPath(spec.steps[2].owner), "/000000/520000/520100/520102/");
  EXPECT_EQ(EscalationPath(spec.steps[3].owner), "/000000/520000/520100/");
  EXPECT_EQ(EscalationPath(StepOwner{"000000", "/000000/", Role::kMinistryRegistrar}), "");
  auto cancelled = CancelRequest(*d, kInitiator, At("2026-03-23T10:00:00+08:00"));
  EXPECT_TRUE(OverdueSteps(*cancelled, D("2026-03-23")).empty());
}

// R-CAL-1: a deadline reaching a year the calendar lacks leaves the due date
// pending (期限待定) instead of refusing the request; any other calendar error
// is still an error.
TEST(Workflow, R_CAL_1_a_deadline_outside_the_calendar_is_pending) {
  struct Case {
    const char* today;
    std::optional<Date> due;
  } cases[] = {
      {"2029-12-14", D("2029-12-28")},
      {"2029-12-18", std::nullopt},  // ten weekdays reach 2030
      {"2030-01-07", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.today);
    auto r = StartRequest(Transfer(StepOrder::kInOrder), kInitiator, D(c.today), AddWeekdays);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->steps[0].state, StepState::kOpen);
    EXPECT_EQ(r->steps[0].opened_on, D(c.today));
    EXPECT_EQ(r->steps[0].due, c.due);
    EXPECT_TRUE(OverdueSteps(*r, D("2031-01-01")).empty() == !c.due.has_value());
  }
  auto broken = [](Date, int) -> Result<Date> {
    return Invalid("CALENDAR_DAYS_RANGE", "days", "天数超出范围");
  };
  auto r = StartRequest(Transfer(), kInitiator, D("2026-03-06"), broken);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CALENDAR_DAYS_RANGE");
}

// R-CAL-1: the step opened in order on approval gets a pending due date too.
TEST(Workflow, R_CAL_1_a_step_opened_by_a_decision_may_have_its_due_pending) {
  WorkflowSpec spec = Transfer(StepOrder::kInOrder);
  WorkflowRequest r = Started(spec, "2029-12-03");
  ASSERT_EQ(r.steps[0].due, D("2029-12-17"));
  auto d = DecideStep(r, 0, Owner(spec, 0, 10), true, "", At("2029-12-20T10:00:00+08:00"),
                      D("2029-12-20"), AddWeekdays);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->steps[1].state, StepState::kOpen);
  EXPECT_EQ(d->steps[1].opened_on, D("2029-12-20"));
  EXPECT_FALSE(d->steps[1].due.has_value());
}

// R-CAL-1, R-TR-2: a pending due date is computed from the day the step
// opened, once the calendar has the year.
TEST(Workflow, R_CAL_1_a_pending_due_date_resolves_when_the_year_is_entered) {
  WorkflowRequest r = Started(Transfer(StepOrder::kInOrder), "2029-12-18");
  Step& s = r.steps[0];
  ASSERT_FALSE(s.due.has_value());
  auto still = ResolveDue(s, AddWeekdays);
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(*still);
  auto with_2030 = [](Date from, int n) -> Result<Date> {
    if (from.year >= 2031) return Invalid("CALENDAR_YEAR_MISSING", "", "工作日历缺少2031年");
    Date to = from;
    while (n > 0) {
      int64_t day = DaysFromCivil(to.year, to.month, to.day) + 1;
      unsigned m = 0, d = 0;
      CivilFromDays(day, to.year, m, d);
      to.month = static_cast<int>(m);
      to.day = static_cast<int>(d);
      if ((day % 7 + 10) % 7 < 5) --n;
    }
    return to;
  };
  struct Case {
    const char* what;
    StepState state;
    std::optional<Date> opened_on, due;
    bool resolved;
    std::optional<Date> after;
  } cases[] = {
      {"pending", StepState::kOpen, D("2029-12-18"), std::nullopt, true, D("2030-01-01")},
      {"already due", StepState::kOpen, D("2029-12-18"), D("2029-12-31"), false, D("2029-12-31")},
      {"no opening day", StepState::kOpen, std::nullopt, std::nullopt, false, std::nullopt},
      {"waiting", StepState::kWaiting, std::nullopt, std::nullopt, false, std::nullopt},
      {"closed", StepState::kClosed, D("2029-12-18"), std::nullopt, false, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Step step = s;
    step.state = c.state;
    step.opened_on = c.opened_on;
    step.due = c.due;
    auto resolved = ResolveDue(step, with_2030);
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(*resolved, c.resolved);
    EXPECT_EQ(step.due, c.after);
  }
}

// R-TR-2: working days left until a step's due date, negative once overdue.
TEST(Workflow, R_TR_2_working_days_left_count_down_to_the_due_date) {
  auto weekdays_between = [](Date a, Date b) -> Result<int> {
    int sign = 1;
    if (b < a) std::swap(a, b), sign = -1;
    int n = 0;
    for (int64_t day = DaysFromCivil(a.year, a.month, a.day) + 1,
                 end = DaysFromCivil(b.year, b.month, b.day);
         day <= end; ++day) {
      if ((day % 7 + 10) % 7 < 5) ++n;
    }
    return sign * n;
  };
  struct Case {
    const char* today;
    int left;
  } cases[] = {
      {"2026-03-06", 10},                     // Friday, the day the step opened
      {"2026-03-19", 1},  {"2026-03-20", 0},  // the due day
      {"2026-03-21", -1},                     // Saturday after it: overdue, no working day passed
      {"2026-03-23", -1}, {"2026-03-24", -2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.today);
    auto left = WorkingDaysLeft(D(c.today), D("2026-03-20"), weekdays_between);
    ASSERT_TRUE(left.ok());
    EXPECT_EQ(*left, c.left);
  }
}

TEST(Workflow, SpecsThatCannotWorkAreRefused) {
  WorkflowSpec empty{"transfer", StepOrder::kAnyOrder, {}};
  WorkflowSpec too_long = Transfer();
  too_long.steps[1].deadline_working_days = kMaxStepDeadline + 1;
  WorkflowSpec zero = Transfer();
  zero.steps[0].deadline_working_days = 0;
  WorkflowSpec twice = Transfer();
  twice.steps[3].owner = twice.steps[1].owner;
  WorkflowSpec many = Transfer();
  while (many.steps.size() <= kMaxWorkflowSteps) {
    many.steps.push_back(many.steps[0]);
    many.steps.back().owner.org_code += std::to_string(many.steps.size());
  }
  for (const WorkflowSpec* spec : {&empty, &too_long, &zero, &twice, &many}) {
    SCOPED_TRACE(spec->steps.size());
    auto r = StartRequest(*spec, kInitiator, D("2026-03-06"), AddWeekdays);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "WORKFLOW_SPEC");
  }
}

}  // namespace
}  // namespace xueji::domain
