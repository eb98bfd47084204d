#pragma once

// A database with the national tree, the demo province (see
// service/setup.h), a Beijing school with a first-grade class, and helpers
// to act as a demo account and to build and register a valid first-grader.
// Shared by the service tests of student records; each test gets a fresh
// database on its backend (SQLite, or PostgreSQL when XUEJI_TEST_PG is set).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "domain/student_record.h"
#include "service/account_service.h"
#include "service/clock.h"
#include "service/org_service.h"
#include "service/registration.h"
#include "service/setup.h"
#include "support/test_database.h"

namespace xueji::service {

class StudentFixture : public ::testing::TestWithParam<store::Dialect> {
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

}  // namespace xueji::service
