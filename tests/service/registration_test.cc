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
#include "support/test_database.h"

namespace xueji::service {
namespace {

class Registration : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    Context cli{std::nullopt, "test", now_};
    ASSERT_TRUE(InitDatabase(*db_, cli, std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv").ok());
    ASSERT_TRUE(GenerateDemoData(*db_, cli).ok());
    // A school in another province, with a first-grade class and its registrar.
    domain::SchoolInput beijing{
        "1101010001", "北京市东城区测试小学", "primary", "regular", "110101", "110101"};
    ASSERT_TRUE(CreateSchool(*db_, cli, Org("110101"), beijing).ok());
    ASSERT_TRUE(CreateClass(*db_, cli, Org("1101010001"), {"11", "1班", "", 0}).ok());
  }

  OrgRef Org(const std::string& code) {
    auto tx = db_->BeginRead();
    return LoadOrg(*tx, code).value();
  }
  Context As(const std::string& username) {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne(
        "SELECT u.id, u.display_name, u.role, u.org_code, o.name, o.path, o.level FROM app_user u "
        "JOIN org o ON o.code = u.org_code WHERE u.username = $1",
        {username});
    return Context{Actor{r->Int(0), username, r->Text(1), *domain::ParseRole(r->Text(2)),
                         r->Text(3), r->Text(4), r->Text(5), *domain::ParseOrgLevel(r->Text(6))},
                   "test", now_};
  }
  Context NewAccount(const std::string& username, const std::string& role, const std::string& org) {
    Context cli{std::nullopt, "test", now_};
    EXPECT_TRUE(AddUser(*db_, cli, Org(org), {username, "测试", "", role, org, ""}, "x").ok());
    return As(username);
  }
  int64_t FirstGradeClass(const std::string& school) {
    auto tx = db_->BeginRead();
    return tx
        ->QueryOne(
            "SELECT MIN(id) FROM school_class WHERE school_code = $1 AND "
            "grade_code = '11'",
            {school})
        ->Int(0);
  }
  domain::StudentInput FirstGrader(const std::string& school, const std::string& id_number) {
    domain::StudentInput s;
    s.name = "王小明";
    s.sex = "1";
    s.birth_date = "2019-09-01";
    s.birthplace = "520102";
    s.ethnicity = "01";
    s.nationality = "CHN";
    s.id_type = "1";
    s.id_number = id_number;
    s.hmt = "00";
    s.political = "13";
    s.health = "10";
    s.hukou_division = "520102";
    s.hukou_type = "2";
    s.grade_code = "11";
    s.class_id = FirstGradeClass(school);
    s.entry_month = "202609";
    s.enroll_method = "11";
    s.attend_mode = "1";
    s.source = "1";
    s.address = "贵阳市南明区花果园";
    s.phone = "13808510000";
    for (std::string* f :
         {&s.only_child, &s.preschool, &s.left_behind, &s.migrant_child, &s.orphan, &s.martyr_child,
          &s.inclusive_class, &s.disability, &s.govt_degree, &s.needs_aid, &s.one_subsidy}) {
      *f = "0";
    }
    domain::GuardianInput g;
    g.name = "王大明";
    g.relation = "51";
    g.address = "贵阳市南明区花果园";
    g.hukou_division = "520102";
    g.phone = "13908510000";
    g.is_guardian = "1";
    s.guardians.push_back(g);
    return s;
  }
  // Submits and takes the record through the school approver to 核准.
  Result<RegistrationResult> Register(const Context& registrar, const Context& approver,
                                      const Context& authority, const std::string& school,
                                      const std::string& id) {
    auto sub = SubmitRegistration(*db_, registrar, Org(school), FirstGrader(school, id));
    if (!sub.ok() || sub->registration != "pending_school") return sub;
    auto s = DecideAtSchool(*db_, approver, sub->student_id, true, "");
    if (!s.ok()) return s.error();
    return DecideAtAuthority(*db_, authority, sub->student_id, true, "");
  }

  domain::Instant now_ = *domain::ParseInstant("2026-09-10T10:00:00+08:00");
  std::unique_ptr<store::Database> db_;
};

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
