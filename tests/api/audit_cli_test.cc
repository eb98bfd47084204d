// R-SEC-2: `xueji verify-audit` detects edited, deleted and truncated entries,
// on both backends, after tampering directly in the database.

#include <gtest/gtest.h>

#include "api/api_client.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

class AuditCli : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // A database with the demo data, hence a few dozen audit entries.
  std::string FreshDemoDatabase() {
    std::string url = NewTestDatabaseUrl(GetParam());
    std::string out;
    EXPECT_EQ(TestServer::RunCli("init --db '" + url + "'", &out), 0) << out;
    EXPECT_EQ(TestServer::RunCli("gen-data --db '" + url + "' --demo", &out), 0) << out;
    return url;
  }
  int Verify(const std::string& url, std::string* out) {
    return TestServer::RunCli("verify-audit --db '" + url + "'", out);
  }
  void Tamper(const std::string& url, const std::string& sql) {
    auto db = store::OpenDatabase(url);
    auto tx = db->BeginWrite();
    tx->Exec(sql);
    tx->Commit();
  }
};

TEST_P(AuditCli, R_SEC_2_untouched_chain_verifies) {
  std::string url = FreshDemoDatabase(), out;
  EXPECT_EQ(Verify(url, &out), 0) << out;
  EXPECT_EQ(out.rfind("OK", 0), 0u) << out;
}

TEST_P(AuditCli, R_SEC_2_edited_entry_is_named) {
  std::string url = FreshDemoDatabase(), out;
  Tamper(url, "UPDATE audit_log SET summary = '{\"name\":\"篡改\"}' WHERE seq = 5");
  EXPECT_NE(Verify(url, &out), 0);
  EXPECT_NE(out.find("entry 5"), std::string::npos) << out;
}

TEST_P(AuditCli, R_SEC_2_edit_with_recomputed_hash_breaks_the_next_link) {
  std::string url = FreshDemoDatabase(), out;
  Tamper(url, "UPDATE audit_log SET hash = 'ab' WHERE seq = 7");
  EXPECT_NE(Verify(url, &out), 0);
  EXPECT_NE(out.find("entry 7"), std::string::npos) << out;
}

TEST_P(AuditCli, R_SEC_2_deleted_entry_is_named) {
  std::string url = FreshDemoDatabase(), out;
  Tamper(url, "DELETE FROM audit_log WHERE seq = 3");
  EXPECT_NE(Verify(url, &out), 0);
  EXPECT_NE(out.find("entry 3"), std::string::npos) << out;
}

TEST_P(AuditCli, R_SEC_2_entries_cut_from_the_end_are_detected) {
  std::string url = FreshDemoDatabase(), out;
  Tamper(url, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
  EXPECT_NE(Verify(url, &out), 0);
  EXPECT_NE(out.find("removed from the end"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditCli, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

TEST(Cli, BadArgumentsFailWithAMessage) {
  std::string out;
  EXPECT_NE(TestServer::RunCli("serve --db nosuch:thing --port 0", &out), 0);
  EXPECT_NE(out.find("unknown database URL"), std::string::npos) << out;
  EXPECT_NE(TestServer::RunCli("frobnicate", &out), 0);
  std::string url = NewTestDatabaseUrl(store::Dialect::kSqlite);
  ASSERT_EQ(TestServer::RunCli("init --db '" + url + "'", &out), 0) << out;
  EXPECT_NE(TestServer::RunCli(
                "user add --db '" + url +
                    "' --username ok_name --password weak --role system_admin --org 000000",
                &out),
            0);
  EXPECT_NE(out.find("PASSWORD_WEAK"), std::string::npos) << out;
  EXPECT_NE(TestServer::RunCli(
                "user add --db '" + url +
                    "' --username ok_name --password Strong@2026x --role system_admin --org 999999",
                &out),
            0);
  EXPECT_NE(out.find("NOT_FOUND"), std::string::npos) << out;
  EXPECT_EQ(TestServer::RunCli(
                "user add --db '" + url +
                    "' --username ok_name --password Strong@2026x --role system_admin --org 000000",
                &out),
            0)
      << out;
}

TEST(Cli, R_INFO_1_check_id_prints_ok_or_the_code_and_message) {
  struct Case {
    const char* args;
    int exit_status;
    const char* output_part;
  };
  const Case cases[] = {
      {"11010519491231002x", 0, "OK"},
      {"11010519491231002X --birth 1949-12-31 --sex 女", 0, "OK"},
      {"11010519491231002X --sex 男", 1, "ID_SEX_MISMATCH"},
      {"11010519491231002X --birth 1949-12-30", 1, "ID_BIRTH_MISMATCH"},
      {"110105491231002", 1, "ID_OLD_15"},
      {"110105194912310021", 1, "ID_CHECKSUM 身份证件号校验位错误，应为 X"},
      {"110103199001010018", 0, "ID_DIVISION_UNKNOWN"},  // abolished 崇文区: a warning only
      {"'１１０１０５１９４９１２３１００２Ｘ'", 0, "OK"},
      {"11010519491231002X --sex 其他", 1, "SEX_VALUE"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    std::string out;
    EXPECT_EQ(TestServer::RunCli(std::string("check-id ") + c.args, &out), c.exit_status) << out;
    EXPECT_NE(out.find(c.output_part), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace xueji::testing
