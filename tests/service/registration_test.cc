// Registering new students on both backends (R-REG-1, R-REG-2, R-REG-3,
// R-REG-5, R-REG-8, R-NO-2, R-NO-4).

#include "service/registration.h"

#include <gtest/gtest.h>

#include <thread>

#include "domain/student_number.h"
#include "service/account_service.h"
#include "service/audit.h"
#include "service/clock.h"
#include "service/org_service.h"
#include "service/setup.h"
#include "service/student_history.h"
#include "student_fixture.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

class Registration : public StudentFixture {};

TEST_P(Registration, R_REG_2_registrar_approver_authority_then_active_with_an_L_number) {
  auto result = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                         "5201020001", "52010220190901123X");
  ASSERT_TRUE(result.ok()) << result.error().field << " " << result.error().message;
  EXPECT_EQ(result->registration, "active");
  auto number = domain::ParseStudentNumber(result->student_number);
  ASSERT_TRUE(number.ok()) << result->student_number;
  EXPECT_EQ(number->kind, domain::StudentNumberKind::kTemporary);
  EXPECT_EQ(result->student_number.substr(1, 14), "52010220190901");  // county + birth
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(Registration, R_REG_2_rejection_needs_a_reason_and_returns_the_record) {
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"),
                                FirstGrader("5201020001", "52010220190901123X"));
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(DecideAtSchool(*db_, As("school_approver"), sub->student_id, false, " ").error().code,
            "REASON_REQUIRED");
  auto returned = DecideAtSchool(*db_, As("school_approver"), sub->student_id, false, "照片不清晰");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->registration, "returned");
  EXPECT_EQ(
      DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "").error().code,
      "REGISTRATION_STATE");
}

TEST_P(Registration, R_SEC_4_nobody_approves_their_own_submission) {
  Context both = NewAccount("approver_who_submits", "school_approver", "5201020001");
  auto sub = SubmitRegistration(*db_, both, Org("5201020001"),
                                FirstGrader("5201020001", "52010220190901123X"));
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(DecideAtSchool(*db_, both, sub->student_id, true, "").error().kind,
            ErrorKind::kForbidden);
}

TEST_P(Registration, R_REG_2_only_the_record_authority_approves) {
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"),
                                FirstGrader("5201020001", "52010220190901123X"));
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  // The city is above the county but is not the school's authority.
  EXPECT_EQ(DecideAtAuthority(*db_, As("gy_registrar"), sub->student_id, true, "").error().kind,
            ErrorKind::kForbidden);
  // Another county does not even see it.
  EXPECT_EQ(DecideAtAuthority(*db_, As("yunyan_registrar"), sub->student_id, true, "").error().kind,
            ErrorKind::kNotFound);
}

TEST_P(Registration, R_REG_3_duplicate_at_submission_is_a_problem_record_with_an_arbiter) {
  ASSERT_TRUE(Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                       "5201020001", "52010220190901123X")
                  .ok());
  Context yunyan_school = NewAccount("yy_registrar", "school_registrar", "5201030001");
  auto dup = SubmitRegistration(*db_, yunyan_school, Org("5201030001"),
                                FirstGrader("5201030001", "52010220190901123x"));
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->registration, "problem");
  ASSERT_TRUE(dup->problem_id.has_value());
  auto tx = db_->BeginRead();
  auto p = tx->QueryOne("SELECT kind, arbiter_org, state FROM problem_record WHERE id = $1",
                        {*dup->problem_id});
  EXPECT_EQ(p->Text(0), "duplicate_id");
  EXPECT_EQ(p->Text(1), "520100");  // 南明区 and 云岩区 meet at 贵阳市 (R-REG-5)
  EXPECT_EQ(p->Text(2), "open");
}

TEST_P(Registration, R_REG_3_concurrent_approvals_in_two_provinces_never_both_activate) {
  Context gz_registrar = As("school_registrar");
  Context bj_registrar = NewAccount("bj_registrar", "school_registrar", "1101010001");
  Context bj_approver = NewAccount("bj_approver", "school_approver", "1101010001");
  Context bj_county = NewAccount("dongcheng_registrar", "county_registrar", "110101");
  const std::string id = "52010220190901123X";
  auto a = SubmitRegistration(*db_, gz_registrar, Org("5201020001"), FirstGrader("5201020001", id));
  auto b = SubmitRegistration(*db_, bj_registrar, Org("1101010001"), FirstGrader("1101010001", id));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), a->student_id, true, "").ok());
  ASSERT_TRUE(DecideAtSchool(*db_, bj_approver, b->student_id, true, "").ok());
  Result<RegistrationResult> ra = Error{}, rb = Error{};
  std::thread ta(
      [&] { ra = DecideAtAuthority(*db_, As("nanming_registrar"), a->student_id, true, ""); });
  std::thread tb([&] { rb = DecideAtAuthority(*db_, bj_county, b->student_id, true, ""); });
  ta.join();
  tb.join();
  ASSERT_TRUE(ra.ok() && rb.ok());
  int active = (ra->registration == "active") + (rb->registration == "active");
  int problems = (ra->registration == "problem") + (rb->registration == "problem");
  EXPECT_EQ(active, 1);
  EXPECT_EQ(problems, 1);
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM student WHERE registration = 'active'")->Int(0), 1);
  auto p = tx->QueryOne("SELECT arbiter_org FROM problem_record");
  EXPECT_EQ(p->Text(0), "000000");  // two provinces: the ministry arbitrates
}

TEST_P(Registration, R_CHG_4_the_record_as_it_stood_before_its_approval) {
  Context registrar = As("school_registrar");
  auto sub = SubmitRegistration(*db_, registrar, Org("5201020001"),
                                FirstGrader("5201020001", "52010220190901123X"));
  ASSERT_TRUE(sub.ok());
  Context approver = As("school_approver");
  approver.now = *domain::ParseInstant("2026-09-11T10:00:00+08:00");
  ASSERT_TRUE(DecideAtSchool(*db_, approver, sub->student_id, true, "").ok());
  Context county = As("nanming_registrar");
  county.now = *domain::ParseInstant("2026-09-14T10:00:00+08:00");
  auto active = DecideAtAuthority(*db_, county, sub->student_id, true, "");
  ASSERT_TRUE(active.ok());
  struct Case {
    const char* date;
    const char* registration;
    const char* status;
    bool numbered;
  };
  const Case cases[] = {
      {"2026-09-10", "pending_school", "pending", false},
      {"2026-09-12", "pending_authority", "pending", false},
      {"2026-09-14", "active", "enrolled", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.date);
    auto then = StudentAsOf(*db_, county, sub->student_id, *domain::ParseDate(c.date));
    ASSERT_TRUE(then.ok()) << then.error().message;
    EXPECT_EQ(then->registration, c.registration);
    EXPECT_EQ(then->status, c.status);
    EXPECT_EQ(then->student_number, c.numbered ? active->student_number : "");
  }
}

TEST_P(Registration, R_NO_4_student_without_citizen_id_gets_a_J_number) {
  Context registrar = As("school_registrar");
  domain::StudentInput s = FirstGrader("5201020001", "");
  s.id_type = "Z";
  auto sub = SubmitRegistration(*db_, registrar, Org("5201020001"), s);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  auto done = DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->student_number.substr(0, 15), "J52010220190901");
}

TEST_P(Registration, R_SEC_5_invalid_record_writes_nothing) {
  domain::StudentInput s = FirstGrader("5201020001", "52010220190901123X");
  s.sex = "2";                                 // disagrees with the ID number
  s.class_id = FirstGradeClass("5201030001");  // and a class of another school
  auto before = VerifyAudit(*db_).entries;
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().code, "ID_SEX_MISMATCH");
  s.sex = "1";
  EXPECT_EQ(SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s).error().code,
            "CLASS_NOT_IN_SCHOOL");
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM student")->Int(0), 0);
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM guardian")->Int(0), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, before);
}

INSTANTIATE_TEST_SUITE_P(Backends, Registration, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
