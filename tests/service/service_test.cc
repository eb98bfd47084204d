// Services against real databases: sessions under a controlled clock, and
// concurrent writers keeping the audit chain whole (R-SEC-2, R-SEC-4).

#include <gtest/gtest.h>

#include <thread>

#include "service/account_service.h"
#include "service/audit.h"
#include "service/clock.h"
#include "service/org_service.h"
#include "service/setup.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

using testing::BackendName;
using testing::TestBackends;

class ServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    auto init = InitDatabase(*db_, Cli(), std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv");
    ASSERT_TRUE(init.ok()) << init.error().message;
    ASSERT_TRUE(GenerateDemoData(*db_, Cli()).ok());
  }
  Context Cli() { return Context{std::nullopt, "test", clock_.Now()}; }
  OrgRef Org(const std::string& code) {
    auto tx = db_->BeginRead();
    return LoadOrg(*tx, code).value();
  }

  ManualClock clock_{*domain::ParseInstant("2026-09-01T09:00:00+08:00")};
  std::unique_ptr<store::Database> db_;
};

TEST_P(ServiceTest, R_SEC_4_session_ends_after_the_policy_idle_time) {
  auto login = Login(*db_, Cli(), "nanming_registrar", kDemoPassword);
  ASSERT_TRUE(login.ok());
  clock_.AdvanceMinutes(29);
  EXPECT_TRUE(Authenticate(*db_, login->session_token, clock_.Now()).ok());
  // Each use restarts the idle period.
  clock_.AdvanceMinutes(29);
  EXPECT_TRUE(Authenticate(*db_, login->session_token, clock_.Now()).ok());
  clock_.AdvanceMinutes(31);
  auto expired = Authenticate(*db_, login->session_token, clock_.Now());
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "SESSION_EXPIRED");
  EXPECT_FALSE(Authenticate(*db_, login->session_token, clock_.Now()).ok());
}

TEST_P(ServiceTest, R_SEC_4_lockout_expires_with_the_policy_time) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login(*db_, Cli(), "gy_registrar", "bad").ok());
  auto locked = Login(*db_, Cli(), "gy_registrar", kDemoPassword);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().kind, ErrorKind::kLocked);
  clock_.AdvanceMinutes(15);
  EXPECT_TRUE(Login(*db_, Cli(), "gy_registrar", kDemoPassword).ok());
}

TEST_P(ServiceTest, R_SEC_2_concurrent_writers_keep_the_audit_chain_whole) {
  OrgRef school = Org("5201020001");
  auto before = VerifyAudit(*db_);
  ASSERT_TRUE(before.ok) << before.problem;
  constexpr int kThreads = 4, kPerThread = 15;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        domain::ClassInput in{"13", "并发" + std::to_string(t) + "-" + std::to_string(i), "", 0};
        if (CreateClass(*db_, Cli(), school, in).ok()) ++created;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), kThreads * kPerThread);
  auto after = VerifyAudit(*db_);
  EXPECT_TRUE(after.ok) << after.problem;
  EXPECT_EQ(after.entries, before.entries + kThreads * kPerThread);
}

TEST_P(ServiceTest, R_SEC_5_a_refused_write_leaves_no_row_and_no_audit_entry) {
  auto before = VerifyAudit(*db_);
  domain::SchoolInput bad{"5201020001", "重复的学校", "primary", "regular", "520102", "520102"};
  auto r = CreateSchool(*db_, Cli(), Org("520102"), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ORG_EXISTS");
  domain::SchoolInput invalid{"5201029999", "", "primary", "regular", "520102", "520102"};
  EXPECT_FALSE(CreateSchool(*db_, Cli(), Org("520102"), invalid).ok());
  auto tx = db_->BeginRead();
  EXPECT_FALSE(tx->QueryOne("SELECT 1 FROM org WHERE code = '5201029999'"));
  EXPECT_EQ(VerifyAudit(*db_).entries, before.entries);
}

TEST_P(ServiceTest, R_ORG_1_init_is_idempotent_and_flags_development_zones) {
  auto again = InitDatabase(*db_, Cli(), std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->regions_loaded, 0);
  auto tx = db_->BeginRead();
  auto counts = tx->QueryOne(
      "SELECT SUM(CASE WHEN level = 'province' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN level = 'city' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN level = 'county' THEN 1 ELSE 0 END), SUM(dev_zone) FROM org");
  EXPECT_EQ(counts->Int(0), 31);
  EXPECT_GT(counts->Int(1), 330);
  EXPECT_GT(counts->Int(2), 2900);
  EXPECT_GT(counts->Int(3), 100);  // 经济技术开发区 etc., kept and flagged
}

TEST_P(ServiceTest, R_SPEC_2025_unused_account_is_sealed_until_the_level_above_reopens_it) {
  ASSERT_TRUE(Login(*db_, Cli(), "nanming_registrar", kDemoPassword).ok());
  // A county-level system administrator at the same unit, and one above.
  NewUser same{"nm_sysadmin", "南明区系统管理员", kDemoPassword, "system_admin", "520102", ""};
  ASSERT_TRUE(AddUser(*db_, Cli(), Org("520102"), same).ok());
  clock_.AdvanceMinutes(181 * 24 * 60);
  auto sealed = Login(*db_, Cli(), "nanming_registrar", kDemoPassword);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, "ACCOUNT_SEALED");
  auto users = ListUsers(*db_, Org("520102"), clock_.Now());
  ASSERT_TRUE(users.ok());
  for (const auto& u : *users) {
    if (u.username == "nanming_registrar") {
      EXPECT_TRUE(u.sealed);
    }
  }
  auto as = [&](const std::string& username) {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne(
        "SELECT u.id, u.display_name, o.name, o.path, o.level, u.role FROM app_user u "
        "JOIN org o ON o.code = u.org_code WHERE u.username = $1",
        {username});
    Context ctx = Cli();
    ctx.actor = Actor{r->Int(0), username,   r->Text(1), *domain::ParseRole(r->Text(5)),
                      "",        r->Text(2), r->Text(3), *domain::ParseOrgLevel(r->Text(4))};
    return ctx;
  };
  Status refused = ReopenUser(*db_, as("nm_sysadmin"), "nanming_registrar");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(ReopenUser(*db_, as("sysadmin"), "nanming_registrar").ok());
  EXPECT_TRUE(Login(*db_, Cli(), "nanming_registrar", kDemoPassword).ok());
}

TEST_P(ServiceTest, R_ORG_2_a_city_without_counties_is_its_own_location) {
  // 东莞市 has no counties in GB/T 2260: its schools stand in the city itself.
  domain::SchoolInput dongguan{"4419000001", "东莞市测试小学", "primary",
                               "regular",    "441900",         "441900"};
  auto made = CreateSchool(*db_, Cli(), Org("441900"), dongguan);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->county_name, "东莞市");
  // A city with counties is not a location: the county must be named.
  domain::SchoolInput guiyang{"5201009999", "贵阳市测试小学", "primary",
                              "regular",    "520100",         "520100"};
  auto refused = CreateSchool(*db_, Cli(), Org("520100"), guiyang);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "SCHOOL_COUNTY");
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
