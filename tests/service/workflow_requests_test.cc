// Approval-workflow requests in the store (R-TR-2, R-SEC-4): a request and
// its steps round-trip, of two approvers deciding one step at once exactly one
// decision is recorded, concurrent approvals of the last steps approve the
// request, and the lists of pending and escalated steps — on both backends.

#include "service/workflow_requests.h"

#include <gtest/gtest.h>

#include <thread>

#include "domain/business_calendar.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

using domain::RequestState;
using domain::Role;
using domain::StepState;

class WorkflowRequests : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    // 2026 as a year without holidays: the tests count weekdays.
    calendar_.SetYear(2026, {});
    initiator_ = NewAccount("wf_initiator", "school_registrar", "5201030001");
    receiving_ = NewAccount("wf_receiving", "school_approver", "5201030001");
    receiving_again_ = NewAccount("wf_receiving2", "school_approver", "5201030001");
  }

  domain::AddWorkingDaysFn Days() {
    return [this](domain::Date d, int n) { return calendar_.AddWorkingDays(d, n); };
  }

  // R-TR-2: a transfer from 南明区第一小学 (520102) to a 云岩区 school (520103).
  domain::WorkflowSpec Transfer() {
    auto owner = [this](const std::string& code, Role role) {
      return domain::StepOwner{code, Org(code).path, role};
    };
    return {"transfer",
            domain::StepOrder::kAnyOrder,
            {{"转入学校审核", owner("5201030001", Role::kSchoolApprover), 10},
             {"转入地学籍主管部门审核", owner("520103", Role::kCountyRegistrar), 10},
             {"转出学校审核", owner("5201020001", Role::kSchoolApprover), 10},
             {"转出地学籍主管部门审核", owner("520102", Role::kCountyRegistrar), 10}}};
  }

  int64_t Start(const char* today = "2026-03-06") {
    auto started = domain::StartRequest(Transfer(), initiator_.actor->user_id,
                                        *domain::ParseDate(today), Days());
    EXPECT_TRUE(started.ok());
    auto tx = db_->BeginWrite();
    int64_t id = InsertWorkflowRequest(*tx, initiator_, *started, std::nullopt, "{}");
    tx->Commit();
    return id;
  }

  Result<StoredWorkflow> Decide(const Context& who, int64_t id, size_t step, bool approve,
                                const std::string& reason = "") {
    auto tx = db_->BeginWrite();
    auto r = DecideWorkflowStep(*tx, who, id, step, approve, reason, Days());
    if (r.ok()) tx->Commit();
    return r;
  }

  StoredWorkflow Load(int64_t id) {
    auto tx = db_->BeginRead();
    return *LoadWorkflowRequest(*tx, id);
  }

  domain::BusinessCalendar calendar_;
  Context initiator_, receiving_, receiving_again_;
};

TEST_P(WorkflowRequests, R_TR_2_a_request_and_its_steps_round_trip) {
  int64_t id = Start();
  StoredWorkflow r = Load(id);
  EXPECT_EQ(r.request.type, "transfer");
  EXPECT_EQ(r.request.order, domain::StepOrder::kAnyOrder);
  EXPECT_EQ(r.request.initiator, initiator_.actor->user_id);
  EXPECT_EQ(r.initiator_org, "5201030001");
  EXPECT_EQ(r.request.state, RequestState::kOpen);
  ASSERT_EQ(r.request.steps.size(), 4u);
  EXPECT_EQ(r.request.steps[1].spec.owner.org_code, "520103");
  EXPECT_EQ(r.request.steps[1].spec.owner.role, Role::kCountyRegistrar);
  EXPECT_EQ(r.request.steps[3].due, domain::ParseDate("2026-03-20"));
  auto refused = Decide(As("nanming_registrar"), id, 3, false, "学生未在本校就读");
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  r = Load(id);
  EXPECT_EQ(r.request.state, RequestState::kRefused);
  EXPECT_EQ(r.request.steps[3].state, StepState::kRefused);
  EXPECT_EQ(r.request.steps[3].reason, "学生未在本校就读");
  EXPECT_EQ(r.request.steps[0].state, StepState::kClosed);
  EXPECT_TRUE(r.request.ended_at.has_value());
}

TEST_P(WorkflowRequests, R_TR_2_two_approvers_deciding_one_step_at_once_record_one_decision) {
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(round);
    int64_t id = Start();
    Result<StoredWorkflow> a = NotFound(), b = NotFound();
    std::thread ta([&] { a = Decide(receiving_, id, 0, true); });
    std::thread tb([&] { b = Decide(receiving_again_, id, 0, false, "班级已满"); });
    ta.join();
    tb.join();
    ASSERT_NE(a.ok(), b.ok()) << (a.ok() ? "" : a.error().message)
                              << (b.ok() ? "" : b.error().message);
    const Result<StoredWorkflow>& lost = a.ok() ? b : a;
    EXPECT_EQ(lost.error().kind, ErrorKind::kConflict) << lost.error().message;
    StoredWorkflow r = Load(id);
    const Context& winner = a.ok() ? receiving_ : receiving_again_;
    EXPECT_EQ(r.request.steps[0].decided_by, winner.actor->user_id);
    EXPECT_EQ(r.request.state, a.ok() ? RequestState::kOpen : RequestState::kRefused);
  }
}

TEST_P(WorkflowRequests, R_TR_2_the_last_two_approvals_at_once_approve_the_request) {
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(round);
    int64_t id = Start();
    ASSERT_TRUE(Decide(receiving_, id, 0, true).ok());
    ASSERT_TRUE(Decide(As("yunyan_registrar"), id, 1, true).ok());
    Result<StoredWorkflow> a = NotFound(), b = NotFound();
    std::thread ta([&] { a = Decide(As("school_approver"), id, 2, true); });
    std::thread tb([&] { b = Decide(As("nanming_registrar"), id, 3, true); });
    ta.join();
    tb.join();
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(Load(id).request.state, RequestState::kApproved);
  }
}

TEST_P(WorkflowRequests, R_SEC_4_the_initiator_neither_decides_nor_sees_the_step_as_pending) {
  Context both = NewAccount("wf_both", "school_approver", "5201020001");
  auto started = domain::StartRequest(Transfer(), both.actor->user_id,
                                      *domain::ParseDate("2026-03-06"), Days());
  int64_t id = 0;
  {
    auto tx = db_->BeginWrite();
    id = InsertWorkflowRequest(*tx, both, *started, std::nullopt, "{}");
    tx->Commit();
  }
  auto own = Decide(both, id, 2, true);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  auto pending = ListPendingSteps(*db_, both, *domain::ParseDate("2026-03-09"), 50);
  ASSERT_TRUE(pending.ok());
  for (const auto& p : *pending) EXPECT_NE(p.request_id, id);
  auto other = ListPendingSteps(*db_, As("school_approver"), *domain::ParseDate("2026-03-09"), 50);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].request_id, id);
  EXPECT_EQ((*other)[0].step, 2u);
}

TEST_P(WorkflowRequests, R_TR_2_pending_steps_come_soonest_deadline_first_and_overdue_escalate) {
  int64_t older = Start("2026-03-02");  // due 2026-03-16
  int64_t newer = Start("2026-03-06");  // due 2026-03-20
  domain::Date today = *domain::ParseDate("2026-03-17");
  auto pending = ListPendingSteps(*db_, receiving_, today, 50);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].request_id, older);
  EXPECT_TRUE((*pending)[0].overdue);
  EXPECT_EQ((*pending)[1].request_id, newer);
  EXPECT_FALSE((*pending)[1].overdue);
  // The school's step is overdue: its county sees it, the city does not (the
  // county's own overdue step is the city's to see).
  auto county = ListEscalatedSteps(*db_, As("yunyan_registrar"), today, 50);
  ASSERT_TRUE(county.ok());
  ASSERT_EQ(county->size(), 1u);
  EXPECT_EQ((*county)[0].request_id, older);
  EXPECT_EQ((*county)[0].owner_org, "5201030001");
  auto city = ListEscalatedSteps(*db_, As("gy_registrar"), today, 50);
  ASSERT_TRUE(city.ok());
  std::vector<std::string> owners;
  for (const auto& p : *city) owners.push_back(p.owner_org);
  EXPECT_EQ(owners, (std::vector<std::string>{"520103", "520102"}));
}

TEST_P(WorkflowRequests, R_TR_2_the_initiator_cancels_and_nothing_is_pending_any_more) {
  int64_t id = Start();
  {
    auto tx = db_->BeginWrite();
    auto stranger = CancelWorkflowRequest(*tx, receiving_, id);
    ASSERT_FALSE(stranger.ok());
    EXPECT_EQ(stranger.error().kind, ErrorKind::kForbidden);
  }
  {
    auto tx = db_->BeginWrite();
    auto cancelled = CancelWorkflowRequest(*tx, initiator_, id);
    ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
    tx->Commit();
  }
  EXPECT_EQ(Load(id).request.state, RequestState::kCancelled);
  auto pending = ListPendingSteps(*db_, receiving_, *domain::ParseDate("2026-03-09"), 50);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowRequests, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
