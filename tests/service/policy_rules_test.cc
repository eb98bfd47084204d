// Province policy values the services apply (R-POL-4, R-POL-5, and the
// review deadlines of R-SPEC-2025): a transfer's chain, its order and its
// seasons; the enrollment cut-off at registration; review steps due by the
// policy — on both backends.

#include <gtest/gtest.h>

#include "domain/id_number.h"
#include "domain/policy_entries.h"
#include "service/guardian_query.h"
#include "service/policy_service.h"
#include "service/proof_files.h"
#include "service/status_changes.h"
#include "service/student_store.h"
#include "service/transfers.h"
#include "service/workflow_requests.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// 南明区第一小学 (520102) → 云岩区实验小学 (520103): both in 贵阳市 (520100)
// and 贵州省 (520000).
const std::string kFrom = "5201020001";
const std::string kTo = "5201030001";

// A 居民身份证 number of 南明区 for `birth` (YYYYMMDD) and a sequence.
std::string Id(const std::string& birth, const std::string& sequence) {
  std::string first17 = "520102" + birth + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class PolicyRules : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    to_registrar_ = NewAccount("yy_registrar", "school_registrar", kTo);
    to_approver_ = NewAccount("yy_approver", "school_approver", kTo);
  }

  static Context At(Context ctx, const char* instant) {
    ctx.now = *domain::ParseInstant(instant);
    return ctx;
  }

  Result<domain::PolicyLayer> Save(const std::string& user, const std::string& org,
                                   const std::vector<domain::PolicyEntry>& entries) {
    auto layer = domain::LayerFromEntries(entries);
    EXPECT_TRUE(layer.ok());
    return SavePolicyLayer(*db_, As(user), org, *layer);
  }

  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, params)->Int(0);
  }

  int64_t ActiveStudent() {
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"), kFrom,
                      Id("20190901", "123"));
    EXPECT_TRUE(r.ok() && r->registration == "active") << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->student_id : 0;
  }

  TransferStartInput Input(int64_t student) {
    auto tx = db_->BeginRead();
    StoredStudent s = *LoadStoredStudent(*tx, student);
    return {s.student_number,   s.record.name, "",          FirstGradeClass(kTo),
            "随父母迁居云岩区", false,         std::nullopt};
  }

  // A first-grader of 南明区第一小学 born on `birth` (YYYY-MM-DD), entering 2026-09.
  Result<RegistrationResult> SubmitBorn(const std::string& birth, const std::string& sequence) {
    std::string digits = birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
    domain::StudentInput s = FirstGrader(kFrom, Id(digits, sequence));
    s.birth_date = birth;
    return SubmitRegistration(*db_, As("school_registrar"), Org(kFrom), s);
  }

  Context to_registrar_, to_approver_;
};

// R-POL-4: 贵州 widens its chain by the city and the province and fixes the
// order. Both schools share 贵阳市 and 贵州省, which approve once each.
TEST_P(PolicyRules, R_POL_4_a_widened_ordered_chain_is_built_and_its_order_enforced) {
  ASSERT_TRUE(Save("gz_registrar", "520000",
                   {{"transfer_chain_levels", "city,province"}, {"transfer_chain_ordered", "true"}})
                  .ok());
  int64_t student = ActiveStudent();
  auto t = StartTransfer(*db_, to_registrar_, Input(student));
  ASSERT_TRUE(t.ok()) << t.error().message;
  struct Want {
    const char* name;
    const char* org;
    const char* state;
  } want[] = {{"转入学校审核", "5201030001", "open"},
              {"转入地学籍主管部门审核", "520103", "waiting"},
              {"转入、转出地市级教育行政部门审核", "520100", "waiting"},
              {"转入、转出地省级教育行政部门审核", "520000", "waiting"},
              {"转出学校审核", "5201020001", "waiting"},
              {"转出地学籍主管部门审核", "520102", "waiting"}};
  ASSERT_EQ(t->steps.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(want[i].name);
    EXPECT_EQ(t->steps[i].name, want[i].name);
    EXPECT_EQ(t->steps[i].owner_org, want[i].org);
    EXPECT_EQ(t->steps[i].state, want[i].state);
  }
  // A step whose turn has not come is neither decidable nor in 待办.
  auto early = DecideTransfer(*db_, As("school_approver"), t->id, 4, true, "");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "STEP_NOT_OPEN");
  EXPECT_TRUE(Has(early.error().message, "前一步骤")) << early.error().message;
  // The guardian tracker shows every step: the first with its working days
  // left, the others waiting, without a due date.
  auto tracker = GuardianQuery(*db_, Context{std::nullopt, "203.0.113.9", now_},
                               {Input(student).student_key, Input(student).name});
  ASSERT_TRUE(tracker.ok()) << tracker.error().message;
  ASSERT_TRUE(tracker->transfer.has_value());
  ASSERT_EQ(tracker->transfer->steps.size(), std::size(want));
  EXPECT_EQ(tracker->transfer->steps[0].working_days_left, 10);  // due 2026-09-23
  for (size_t i = 1; i < std::size(want); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(tracker->transfer->steps[i].state, "waiting");
    EXPECT_EQ(tracker->transfer->steps[i].state_name, "待开始");
    EXPECT_FALSE(tracker->transfer->steps[i].due.has_value());
  }
  auto today = domain::CstDate(now_);
  EXPECT_TRUE(ListPendingSteps(*db_, As("school_approver"), today, 50)->empty());
  EXPECT_TRUE(ListPendingSteps(*db_, As("gz_registrar"), today, 50)->empty());
  std::vector<Context> parties = {to_approver_,          As("yunyan_registrar"),
                                  As("gy_registrar"),    As("gz_registrar"),
                                  As("school_approver"), As("nanming_registrar")};
  for (size_t step = 0; step < parties.size(); ++step) {
    SCOPED_TRACE(step);
    auto pending = ListPendingSteps(*db_, parties[step], today, 50);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->front().step, step);
    auto d = DecideTransfer(*db_, parties[step], t->id, step, true, "");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->state, step + 1 == parties.size() ? "approved" : "open");
  }
}

// R-POL-4: the policy of the starting (receiving) school decides the chain:
// 北京 adds its province, 贵州's setting plays no part; cross-province, the
// eight steps of two sides with county, city and province.
TEST_P(PolicyRules, R_POL_4_the_starting_schools_policy_decides_the_chain) {
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"transfer_chain_levels", "city"}}).ok());
  NewAccount("bj_province", "province_registrar", "110000");
  ASSERT_TRUE(Save("bj_province", "110000",
                   {{"transfer_chain_levels", "city,province"}, {"transfer_chain_ordered", "true"}})
                  .ok());
  int64_t student = ActiveStudent();
  Context bj = NewAccount("bj_registrar", "school_registrar", "1101010001");
  TransferStartInput in = Input(student);
  in.to_class_id = FirstGradeClass("1101010001");
  auto t = StartTransfer(*db_, bj, in);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->kind, "cross_province");
  std::vector<std::string> owners;
  for (const auto& s : t->steps) owners.push_back(s.owner_org);
  EXPECT_EQ(owners, (std::vector<std::string>{"1101010001", "110101", "110100", "110000",
                                              "5201020001", "520102", "520100", "520000"}));
  EXPECT_EQ(t->steps[3].name, "转入地省级教育行政部门审核");
  EXPECT_EQ(t->steps[7].name, "转出地省级教育行政部门审核");
}

// R-POL-4: an in-county transfer never gains the extra levels (its county
// approves once for both sides, R-TR-4); without a policy the four steps of
// R-TR-2 stay in any order.
TEST_P(PolicyRules, R_POL_4_in_county_and_default_chains_keep_their_steps) {
  ASSERT_TRUE(Save("gz_registrar", "520000",
                   {{"transfer_chain_levels", "city,province"}, {"transfer_chain_ordered", "true"}})
                  .ok());
  Context cli{std::nullopt, "test", now_};
  domain::SchoolInput third{"5201020003", "贵阳市南明区测试小学", "primary", "regular", "520102",
                            "520102"};
  ASSERT_TRUE(CreateSchool(*db_, cli, Org("520102"), third).ok());
  ASSERT_TRUE(CreateClass(*db_, cli, Org("5201020003"), {"11", "1班", "", 0}).ok());
  Context registrar = NewAccount("nm3_registrar", "school_registrar", "5201020003");
  int64_t student = ActiveStudent();
  TransferStartInput in = Input(student);
  in.to_class_id = FirstGradeClass("5201020003");
  auto t = StartTransfer(*db_, registrar, in);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->steps.size(), 3u);
  EXPECT_EQ(t->steps[1].name, "转入、转出地学籍主管部门审核");
  EXPECT_EQ(t->steps[1].owner_org, "520102");
  EXPECT_EQ(t->steps[2].state, "waiting");  // ordered
  ASSERT_TRUE(CancelTransfer(*db_, registrar, t->id).ok());
  ASSERT_TRUE(Save("gz_registrar", "520000", {}).ok());
  auto national = StartTransfer(*db_, to_registrar_, Input(student));
  ASSERT_TRUE(national.ok()) << national.error().message;
  ASSERT_EQ(national->steps.size(), 4u);
  for (const auto& step : national->steps) EXPECT_EQ(step.state, "open");
}

// R-POL-4: outside the province's transfer seasons a start is refused naming
// them, and nothing is written; inside, it starts. A county may only narrow.
TEST_P(PolicyRules, R_POL_4_a_start_outside_the_transfer_seasons_is_refused_naming_them) {
  ASSERT_TRUE(
      Save("gz_registrar", "520000", {{"transfer_seasons", "03-01..04-30;09-15..10-31"}}).ok());
  int64_t student = ActiveStudent();
  int64_t before = Count("SELECT COUNT(*) FROM transfer");
  auto refused = StartTransfer(*db_, to_registrar_, Input(student));  // 2026-09-10
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "TRANSFER_SEASON");
  EXPECT_TRUE(Has(refused.error().message, "03-01至04-30、09-15至10-31"))
      << refused.error().message;
  EXPECT_TRUE(Has(refused.error().message, "2026-09-10")) << refused.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer"), before);
  auto wider = Save("yunyan_registrar", "520103", {{"transfer_seasons", "09-01..10-31"}});
  ASSERT_FALSE(wider.ok());
  EXPECT_EQ(wider.error().code, "POLICY_WIDENS");
  auto started =
      StartTransfer(*db_, At(to_registrar_, "2026-09-15T09:00:00+08:00"), Input(student));
  ASSERT_TRUE(started.ok()) << started.error().message;
}

// R-POL-5: the cut-off in force at the school, inclusive; the refusal names
// the cut-off and the first intake year; the province moves the cut-off and
// may allow a grace month.
TEST_P(PolicyRules, R_POL_5_first_grade_age_cut_off_at_registration) {
  struct Case {
    std::vector<domain::PolicyEntry> province;
    const char* birth;
    bool accepted;
    const char* named;  // in the refusal
  } cases[] = {
      {{}, "2020-08-31", true, ""},
      {{}, "2020-09-01", false, "2020-08-31（含）以前出生；该生可于2027年入学"},
      {{{"enrollment_cutoff", "09-30"}}, "2020-09-30", true, ""},
      {{{"enrollment_cutoff", "09-30"}}, "2020-10-01", false, "2020-09-30"},
      {{{"enrollment_cutoff", "06-30"}}, "2020-07-01", false, "2020-06-30"},
      {{{"enrollment_grace_months", "1"}}, "2020-09-30", true, ""},
      {{{"enrollment_grace_months", "1"}}, "2020-10-01", false, "2020-09-30"},
  };
  int sequence = 101;  // odd: the numbers are of boys (R-INFO-1)
  for (const auto& c : cases) {
    SCOPED_TRACE(c.birth);
    ASSERT_TRUE(Save("gz_registrar", "520000", c.province).ok());
    int64_t before = Count("SELECT COUNT(*) FROM student");
    auto r = SubmitBorn(c.birth, std::to_string(sequence += 2));
    EXPECT_EQ(r.ok(), c.accepted) << (r.ok() ? "" : r.error().message);
    if (!c.accepted && !r.ok()) {
      EXPECT_EQ(r.error().code, "ENROLL_AGE");
      EXPECT_EQ(r.error().field, "birth_date");
      EXPECT_TRUE(Has(r.error().message, c.named)) << r.error().message;
      EXPECT_EQ(Count("SELECT COUNT(*) FROM student"), before);
    }
  }
}

// R-POL-5: a returned first-grader is checked again on resubmission against
// the cut-off in force then; a refusal leaves the record returned.
TEST_P(PolicyRules, R_POL_5_resubmission_is_checked_against_the_cut_off_in_force) {
  auto submitted = SubmitBorn("2020-08-20", "441");
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  int64_t id = submitted->student_id;
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), id, false, "照片不清晰").ok());
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"enrollment_cutoff", "06-30"}}).ok());
  auto refused = ResubmitRegistration(*db_, As("school_registrar"), id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "ENROLL_AGE");
  EXPECT_TRUE(Has(refused.error().message, "2020-06-30")) << refused.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student WHERE id = " + std::to_string(id) +
                  " AND registration = 'returned'"),
            1);
  ASSERT_TRUE(Save("gz_registrar", "520000", {}).ok());
  auto resubmitted = ResubmitRegistration(*db_, As("school_registrar"), id);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.error().message;
  EXPECT_EQ(resubmitted->registration, "pending_school");
}

// 第七条, R-SPEC-2025: a record is built within registration_months of entry
// (to the end of that month, the entry day being unknown); a later
// registration is saved with a warning naming the last day.
TEST_P(PolicyRules, registration_months_a_late_registration_is_saved_with_a_warning) {
  struct Case {
    const char* entry_month;
    const char* months;    // the province's value; "" = the national one month
    const char* last_day;  // named by the warning; "" = on time
  } cases[] = {
      {"202609", "", ""},
      {"202608", "", ""},  // until 2026-09-30
      {"202607", "", "2026-08-31"},
      {"202607", "2", ""},
  };
  int sequence = 301;
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.entry_month) + " / " + c.months);
    std::vector<domain::PolicyEntry> layer;
    if (*c.months) layer.push_back({"registration_months", c.months});
    auto saved = Save("moe_registrar", "000000", layer);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    domain::StudentInput in = FirstGrader(kFrom, Id("20190901", std::to_string(sequence += 2)));
    in.entry_month = c.entry_month;
    auto r = SubmitRegistration(*db_, As("school_registrar"), Org(kFrom), in);
    ASSERT_TRUE(r.ok()) << r.error().message;
    std::string late;
    for (const auto& w : r->warnings) {
      if (w.code == "REGISTRATION_LATE") late = w.message;
    }
    if (*c.last_day) {
      EXPECT_TRUE(Has(late, c.last_day)) << late;
    } else {
      EXPECT_EQ(late, "");
    }
  }
}

// R-SPEC-2025: review steps (registration, key-data change, status change)
// are due by the policy in force at the school, not a constant.
TEST_P(PolicyRules, review_steps_are_due_by_the_policy_deadline) {
  auto due_of = [&](int64_t student, const char* type) {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne(
        "SELECT s.due, s.deadline_days FROM workflow_step s JOIN workflow_request r ON "
        "r.id = s.request_id WHERE r.subject_student_id = $1 AND r.type = $2 AND s.seq = 0 "
        "ORDER BY r.id DESC",
        {student, std::string(type)});
    return r ? r->Text(0) + "/" + std::to_string(r->Int(1)) : std::string("none");
  };
  // 2026-09-10 (Thu): 10 working days → 09-23 (Sunday 09-20 is a 调休 workday).
  auto national = SubmitBorn("2019-09-01", "201");
  ASSERT_TRUE(national.ok()) << national.error().message;
  EXPECT_EQ(due_of(national->student_id, "registration"), "2026-09-23/10");
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"review_step_working_days", "5"}}).ok());
  auto shorter = SubmitBorn("2019-09-01", "203");
  ASSERT_TRUE(shorter.ok()) << shorter.error().message;
  EXPECT_EQ(due_of(shorter->student_id, "registration"), "2026-09-17/5");
  auto wider = Save("nanming_registrar", "520102", {{"review_step_working_days", "8"}});
  ASSERT_FALSE(wider.ok());
  EXPECT_EQ(wider.error().code, "POLICY_WIDENS");
  ASSERT_TRUE(Save("nanming_registrar", "520102", {{"review_step_working_days", "3"}}).ok());
  int64_t active = ActiveStudent();
  auto proof =
      UploadProof(*db_, As("school_registrar"), active, "guardian_application",
                  "guardian_application.jpg", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11));
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  domain::StatusChangeInput suspend;
  suspend.type = "suspend";
  suspend.reason = "监护人书面申请";
  suspend.effective_date = domain::ParseDate("2026-09-07");
  suspend.until_date = domain::ParseDate("2027-07-15");
  auto sc = StartStatusChange(*db_, As("school_registrar"), active, suspend, {proof->id});
  ASSERT_TRUE(sc.ok()) << sc.error().message;
  // 2026-09-10 (Thu) + 3 working days → 09-15 (Tue).
  EXPECT_EQ(due_of(active, "status_change"), "2026-09-15/3");
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyRules, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
