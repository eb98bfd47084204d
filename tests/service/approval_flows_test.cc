// Registration and key-data changes on the approval workflow, on both
// backends (R-REG-2, R-CHG-2, R-TR-2, R-CAL-1, R-SEC-4): each decision writes
// its workflow step in the transaction that moves the record; pending due
// dates of a year the calendar lacks resolve when that year is entered; the
// backfill migration gives open requests their workflow.

#include <gtest/gtest.h>

#include <thread>

#include "domain/id_number.h"
#include "service/business_calendar_service.h"
#include "service/key_change_requests.h"
#include "service/proof_files.h"
#include "service/workflow_requests.h"
#include "store/migrations.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

using domain::RequestState;
using domain::Role;
using domain::StepState;

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
const std::string kId = "52010220190901123X";
// Other valid 居民身份证 numbers of boys born 2019-09-01 in 南明区.
std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}
const char* kSpring = "2027-03-01T10:00:00+08:00";  // key data change by request then

std::optional<domain::Date> D(const char* text) { return domain::ParseDate(text); }

class ApprovalFlows : public StudentFixture {
 protected:
  Context At(Context ctx, const char* instant) {
    ctx.now = *domain::ParseInstant(instant);
    return ctx;
  }
  int64_t Submit(const Context& registrar, const std::string& id = kId) {
    auto sub =
        SubmitRegistration(*db_, registrar, Org("5201020001"), FirstGrader("5201020001", id));
    EXPECT_TRUE(sub.ok()) << (sub.ok() ? "" : sub.error().message);
    return sub.ok() ? sub->student_id : 0;
  }
  // The workflow requests of `type` about the student, oldest first.
  std::vector<StoredWorkflow> Flows(const std::string& type, int64_t student) {
    auto tx = db_->BeginRead();
    std::vector<StoredWorkflow> out;
    for (const auto& r : tx->Query("SELECT id FROM workflow_request WHERE type = $1 AND "
                                   "subject_student_id = $2 ORDER BY id",
                                   {type, student})) {
      out.push_back(*LoadWorkflowRequest(*tx, r.Int(0)));
    }
    return out;
  }
  int64_t UserId(const std::string& username) { return As(username).actor->user_id; }
  int64_t Active() {
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", kId);
    EXPECT_TRUE(r.ok() && r->registration == "active");
    return r.ok() ? r->student_id : 0;
  }
  Context Spring(const std::string& username) { return At(As(username), kSpring); }
  // R-CHG-2, R-ARC-3: a change of 姓名 with its proofs.
  Result<KeyChangeRequestInfo> RequestName(int64_t student, const Context& registrar,
                                           const std::string& name) {
    std::vector<int64_t> proofs;
    for (const char* kind : {"id_card", "hukou_page"}) {
      auto proof = UploadProof(*db_, registrar, student, kind, std::string(kind) + ".jpg", kJpeg);
      EXPECT_TRUE(proof.ok());
      proofs.push_back(proof.ok() ? proof->id : 0);
    }
    return RequestKeyChange(*db_, registrar, student, {{"name", name}}, "监护人申请", proofs);
  }
};

TEST_P(ApprovalFlows, R_REG_2_each_registration_decision_writes_its_workflow_step) {
  int64_t id = Submit(As("school_registrar"));  // Thursday 2026-09-10
  auto flows = Flows("registration", id);
  ASSERT_EQ(flows.size(), 1u);
  const auto& started = flows[0].request;
  EXPECT_EQ(started.initiator, UserId("school_registrar"));
  ASSERT_EQ(started.steps.size(), 2u);
  EXPECT_EQ(started.steps[0].spec.name, "学校审核");
  EXPECT_EQ(started.steps[0].spec.owner.org_code, "5201020001");
  EXPECT_EQ(started.steps[0].spec.owner.role, Role::kSchoolApprover);
  EXPECT_EQ(started.steps[0].state, StepState::kOpen);
  EXPECT_EQ(started.steps[0].opened_on, D("2026-09-10"));
  // 10 working days: Sunday the 20th is worked for 国庆节 (调休), so the 23rd.
  EXPECT_EQ(started.steps[0].due, D("2026-09-23"));
  EXPECT_EQ(started.steps[1].spec.owner.org_code, "520102");
  EXPECT_EQ(started.steps[1].spec.owner.role, Role::kCountyRegistrar);
  EXPECT_EQ(started.steps[1].state, StepState::kWaiting);

  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), id, true, "").ok());
  auto after_school = Flows("registration", id)[0].request;
  EXPECT_EQ(after_school.steps[0].state, StepState::kApproved);
  EXPECT_EQ(after_school.steps[0].decided_by, UserId("school_approver"));
  EXPECT_EQ(after_school.steps[1].state, StepState::kOpen);
  auto pending = ListPendingSteps(*db_, As("nanming_registrar"), *D("2026-09-10"), 50);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].type, "registration");
  EXPECT_EQ((*pending)[0].student_name, "王小明");
  EXPECT_EQ((*pending)[0].owner_org_name, Org("520102").name);
  EXPECT_EQ((*pending)[0].days_left, 10);

  auto active = DecideAtAuthority(*db_, As("nanming_registrar"), id, true, "");
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->registration, "active");
  auto done = Flows("registration", id)[0].request;
  EXPECT_EQ(done.state, RequestState::kApproved);
  EXPECT_EQ(done.steps[1].decided_by, UserId("nanming_registrar"));
  EXPECT_TRUE(ListPendingSteps(*db_, As("nanming_registrar"), *D("2026-09-10"), 50)->empty());
}

TEST_P(ApprovalFlows, R_REG_2_a_return_refuses_the_request_and_resubmission_starts_a_new_one) {
  struct Case {
    const char* who;
    bool at_school;
  } cases[] = {{"school_approver", true}, {"nanming_registrar", false}};
  const std::string ids[] = {kId, Id("125")};
  for (size_t i = 0; i < 2; ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.who);
    int64_t id = Submit(As("school_registrar"), ids[i]);
    if (!c.at_school) {
      ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), id, true, "").ok());
    }
    auto returned = c.at_school ? DecideAtSchool(*db_, As(c.who), id, false, "照片不清晰")
                                : DecideAtAuthority(*db_, As(c.who), id, false, "照片不清晰");
    ASSERT_TRUE(returned.ok()) << returned.error().message;
    auto refused = Flows("registration", id);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].request.state, RequestState::kRefused);
    EXPECT_EQ(refused[0].request.steps[c.at_school ? 0 : 1].reason, "照片不清晰");
    ASSERT_TRUE(ResubmitRegistration(*db_, As("school_registrar"), id).ok());
    auto flows = Flows("registration", id);
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_EQ(flows[1].request.state, RequestState::kOpen);
    EXPECT_EQ(flows[1].request.steps[0].state, StepState::kOpen);
  }
}

TEST_P(ApprovalFlows, R_REG_2_two_school_approvers_at_once_record_one_decision) {
  Context second = NewAccount("second_approver", "school_approver", "5201020001");
  for (const std::string& idn : {kId, Id("125"), Id("127"), Id("129")}) {
    SCOPED_TRACE(idn);
    int64_t id = Submit(As("school_registrar"), idn);
    Result<RegistrationResult> a = NotFound(), b = NotFound();
    std::thread ta([&] { a = DecideAtSchool(*db_, As("school_approver"), id, true, ""); });
    std::thread tb([&] { b = DecideAtSchool(*db_, second, id, false, "信息有误"); });
    ta.join();
    tb.join();
    ASSERT_NE(a.ok(), b.ok());
    const auto& lost = a.ok() ? b : a;
    EXPECT_EQ(lost.error().kind, ErrorKind::kConflict) << lost.error().message;
    auto flow = Flows("registration", id)[0].request;
    EXPECT_EQ(flow.steps[0].decided_by, a.ok() ? UserId("school_approver") : second.actor->user_id);
    EXPECT_EQ(flow.steps[0].state, a.ok() ? StepState::kApproved : StepState::kRefused);
  }
}

TEST_P(ApprovalFlows, R_CHG_2_key_change_decisions_and_cancellation_follow_the_workflow) {
  int64_t id = Active();
  Context registrar = Spring("school_registrar");
  auto req = RequestName(id, registrar, "王晓明");
  ASSERT_TRUE(req.ok()) << req.error().message;
  auto flows = Flows("key_change", id);
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0].payload, "{\"key_change_request\":" + std::to_string(req->id) + "}");
  EXPECT_EQ(flows[0].request.steps[0].opened_on, D("2027-03-01"));
  EXPECT_FALSE(flows[0].request.steps[0].due.has_value());  // 2027 is not in the calendar
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, Spring("school_approver"), req->id, true, "").ok());
  EXPECT_EQ(Flows("key_change", id)[0].request.steps[0].state, StepState::kApproved);
  auto approved = DecideKeyChangeAtAuthority(*db_, Spring("nanming_registrar"), req->id, true, "");
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(Flows("key_change", id)[0].request.state, RequestState::kApproved);

  auto second = RequestName(id, registrar, "王小鸣");
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_TRUE(CancelKeyChange(*db_, registrar, second->id).ok());
  flows = Flows("key_change", id);
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(flows[1].request.state, RequestState::kCancelled);
  EXPECT_EQ(flows[1].request.steps[0].state, StepState::kClosed);
}

// R-CAL-1: from Friday 18 December 2026, ten working days reach 2027, which
// the shipped calendar lacks: the request is filed with its due date pending,
// and entering 2027 gives it.
TEST_P(ApprovalFlows, R_CAL_1_a_deadline_in_a_missing_year_waits_for_that_year) {
  int64_t id = Submit(At(As("school_registrar"), "2026-12-18T10:00:00+08:00"));
  auto step = Flows("registration", id)[0].request.steps[0];
  EXPECT_EQ(step.state, StepState::kOpen);
  EXPECT_EQ(step.opened_on, D("2026-12-18"));
  EXPECT_FALSE(step.due.has_value());
  auto pending = ListPendingSteps(*db_, As("school_approver"), *D("2026-12-21"), 50);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_FALSE((*pending)[0].due.has_value());
  EXPECT_FALSE((*pending)[0].overdue);
  EXPECT_FALSE((*pending)[0].days_left.has_value());

  auto saved = SaveCalendarYear(*db_, As("sysadmin"), 2027,
                                {{*D("2027-01-01"), domain::DayKind::kHoliday, "元旦"}});
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->resolved_dues, 1);
  // Dec 21–25 and 28–31 are nine working days; 元旦 is off: the tenth is Jan 4.
  EXPECT_EQ(Flows("registration", id)[0].request.steps[0].due, D("2027-01-04"));
}

// The backfill of migration 0014: open registrations (also one waiting as a
// problem record) and open key-change requests get their workflow, in the
// state they stand, and the services decide them.
TEST_P(ApprovalFlows, R_REG_2_the_backfill_gives_open_requests_their_workflow) {
  int64_t active = Active();
  auto req = RequestName(active, Spring("school_registrar"), "王晓明");
  ASSERT_TRUE(req.ok()) << req.error().message;
  int64_t at_school = Submit(As("school_registrar"), Id("125"));
  int64_t at_authority = Submit(As("school_registrar"), Id("127"));
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), at_authority, true, "").ok());
  {
    // As before the migration: no workflow rows.
    auto tx = db_->BeginWrite();
    tx->Exec("DELETE FROM workflow_step");
    tx->Exec("DELETE FROM workflow_request");
    const store::Migration* backfill = nullptr;
    for (const auto& m : store::AllMigrations()) {
      if (m.version == 14) backfill = &m;
    }
    ASSERT_NE(backfill, nullptr);
    tx->ExecScript(store::TranslateMigration(backfill->sql, tx->dialect()));
    tx->Commit();
  }
  struct Case {
    const char* what;
    std::string type;
    int64_t student;
    StepState first, second;
  } cases[] = {
      {"registration at the school", "registration", at_school, StepState::kOpen,
       StepState::kWaiting},
      {"registration at the authority", "registration", at_authority, StepState::kApproved,
       StepState::kOpen},
      {"key change at the school", "key_change", active, StepState::kOpen, StepState::kWaiting},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto flows = Flows(c.type, c.student);
    ASSERT_EQ(flows.size(), 1u);
    const auto& w = flows[0].request;
    EXPECT_EQ(w.initiator, UserId("school_registrar"));
    ASSERT_EQ(w.steps.size(), 2u);
    EXPECT_EQ(w.steps[0].state, c.first);
    EXPECT_EQ(w.steps[1].state, c.second);
    EXPECT_EQ(w.steps[1].spec.owner.role, Role::kCountyRegistrar);
    EXPECT_FALSE(w.steps[0].due.has_value());
  }
  EXPECT_TRUE(Flows("registration", active).empty());  // active: nothing open
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), at_school, true, "").ok());
  auto activated = DecideAtAuthority(*db_, As("nanming_registrar"), at_authority, true, "");
  ASSERT_TRUE(activated.ok()) << activated.error().message;
  EXPECT_EQ(Flows("registration", at_authority)[0].request.state, RequestState::kApproved);
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, Spring("school_approver"), req->id, true, "").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ApprovalFlows, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
