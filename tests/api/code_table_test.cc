// Black-box tests of the code tables (R-INFO-4, R-SPEC-2025): every logged-in
// user reads them, the ministry registrar edits them, each edit bumps the
// table's version and is audited, and refused edits write nothing; on SQLite
// and PostgreSQL.

#include <gtest/gtest.h>

#include <map>

#include "api/api_client.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

class CodeTables : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // Every login is audited, so the sessions are opened before a test counts
  // audit entries.
  void SetUp() override {
    for (const char* user : {"school_registrar", "nanming_registrar", "gz_registrar",
                             "moe_registrar", "sysadmin", "secadmin", "auditadmin"}) {
      clients_.emplace(user, LoggedIn(GetParam(), user));
    }
  }
  ApiClient Client() { return ApiClient(SharedServer(GetParam()).port()); }
  ApiClient& As(const std::string& username) { return clients_.at(username); }

  int64_t AuditSeq() {
    HttpResult r = As("auditadmin").Get("/api/v1/audit?limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().at(0).at("seq").as_int64();
  }
  json::object Table(const std::string& id) {
    HttpResult r = As("school_registrar").Get("/api/v1/code-tables/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().as_object();
  }
  const json::object* Value(const json::object& table, const std::string& code) {
    for (const auto& v : table.at("values").as_array()) {
      if (v.at("code").as_string() == code) return &v.as_object();
    }
    return nullptr;
  }

  std::map<std::string, ApiClient> clients_;
};

TEST_P(CodeTables, R_INFO_4_every_logged_in_user_lists_the_tables) {
  for (const char* user :
       {"school_registrar", "nanming_registrar", "moe_registrar", "auditadmin"}) {
    SCOPED_TRACE(user);
    HttpResult r = As(user).Get("/api/v1/code-tables");
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = r.Json().at("items").as_array();
    EXPECT_EQ(items.size(), 16u);
    bool found = false;
    for (const auto& t : items) {
      if (t.at("id") != "ethnicity") continue;
      found = true;
      EXPECT_EQ(t.at("name"), "民族");
      EXPECT_EQ(t.at("standard"), "GB/T 3304");
      EXPECT_EQ(t.at("value_count"), 58);
      EXPECT_GE(t.at("version").as_int64(), 1);
      EXPECT_TRUE(t.at("updated_at").is_string());
    }
    EXPECT_TRUE(found) << r.body;
  }
  EXPECT_EQ(Client().Get("/api/v1/code-tables").status, 401);
}

TEST_P(CodeTables, R_INFO_4_a_table_lists_its_values_in_order) {
  json::object eth = Table("ethnicity");
  auto values = eth.at("values").as_array();
  ASSERT_EQ(values.size(), 58u);
  EXPECT_EQ(values.at(0).at("code"), "01");
  EXPECT_EQ(values.at(0).at("name"), "汉族");
  EXPECT_EQ(values.at(0).at("historical"), false);
  EXPECT_EQ(values.at(55).at("name"), "基诺族");
  json::object id_type = Table("id_type");
  ASSERT_NE(Value(id_type, "Z"), nullptr);
  EXPECT_EQ(Value(id_type, "Z")->at("name"), "其他");
  HttpResult missing = As("school_registrar").Get("/api/v1/code-tables/no_such_table");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "NOT_FOUND");
}

TEST_P(CodeTables, R_INFO_4_ministry_registrar_adds_and_retires_a_value) {
  ApiClient& moe = As("moe_registrar");
  int64_t version = Table("attend_mode").at("version").as_int64();
  int64_t seq = AuditSeq();

  HttpResult added = moe.Put("/api/v1/code-tables/attend_mode/values/T1",
                             R"({"name":" 接口测试 ","historical":false})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.Json().at("code"), "T1");
  EXPECT_EQ(added.Json().at("name"), "接口测试");  // trimmed
  EXPECT_EQ(added.Json().at("created"), true);
  EXPECT_EQ(added.Json().at("version").as_int64(), version + 1);
  json::object table = Table("attend_mode");
  EXPECT_EQ(table.at("version").as_int64(), version + 1);
  EXPECT_EQ(table.at("values").as_array().back().at("code"), "T1");

  // Codes are never deleted: retiring one marks it historical.
  HttpResult retired = moe.Put("/api/v1/code-tables/attend_mode/values/T1",
                               R"({"name":"接口测试","historical":true})");
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.Json().at("created"), false);
  EXPECT_EQ(retired.Json().at("historical"), true);
  EXPECT_EQ(retired.Json().at("version").as_int64(), version + 2);
  EXPECT_EQ(Value(Table("attend_mode"), "T1")->at("historical"), true);

  json::value audit = As("auditadmin").Get("/api/v1/audit?limit=5").Json();
  std::vector<std::string> actions;
  for (const auto& e : audit.at("items").as_array()) {
    if (e.at("seq").as_int64() <= seq) break;
    EXPECT_EQ(e.at("actor"), "moe_registrar");
    EXPECT_EQ(e.at("subject"), "attend_mode/T1");
    actions.emplace_back(e.at("action").as_string());
    if (e.at("action") == "code_value.update") {
      std::string summary(e.at("summary").as_string());
      EXPECT_NE(summary.find(R"("old_historical":"0")"), std::string::npos) << summary;
      EXPECT_NE(summary.find(R"("historical":"1")"), std::string::npos) << summary;
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"code_value.update", "code_value.create"}));

  // The same values again change nothing.
  int64_t after = AuditSeq();
  HttpResult same = moe.Put("/api/v1/code-tables/attend_mode/values/T1",
                            R"({"name":"接口测试","historical":true})");
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(same.Json().at("changed"), false);
  EXPECT_EQ(same.Json().at("version").as_int64(), version + 2);
  EXPECT_EQ(AuditSeq(), after);
}

TEST_P(CodeTables, R_INFO_4_only_the_ministry_registrar_edits) {
  EXPECT_TRUE(As("moe_registrar").Get("/api/v1/auth/me").body.find("manage_code_tables") !=
              std::string::npos);
  EXPECT_EQ(As("gz_registrar").Get("/api/v1/auth/me").body.find("manage_code_tables"),
            std::string::npos);
  int64_t version = Table("sex").at("version").as_int64();
  int64_t seq = AuditSeq();
  const std::string body = R"({"name":"未说明的性别","historical":false})";
  struct Case {
    const char* user;
    int status;
  };
  // Below the ministry the national tables are out of scope (R-ORG-4: 404);
  // at the ministry, roles without the permission get 403.
  const Case cases[] = {
      {"school_registrar", 404}, {"nanming_registrar", 404}, {"gz_registrar", 404},
      {"sysadmin", 403},         {"secadmin", 403},          {"auditadmin", 403},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.user);
    EXPECT_EQ(As(c.user).Put("/api/v1/code-tables/sex/values/9", body).status, c.status);
  }
  EXPECT_EQ(Table("sex").at("version").as_int64(), version);
  EXPECT_EQ(Value(Table("sex"), "9"), nullptr);
  EXPECT_EQ(AuditSeq(), seq);
}

TEST_P(CodeTables, R_INFO_4_bad_input_gets_field_errors_and_writes_nothing) {
  ApiClient& moe = As("moe_registrar");
  int64_t version = Table("ethnicity").at("version").as_int64();
  int64_t seq = AuditSeq();
  std::string fifty_one;
  for (int i = 0; i < 51; ++i) fifty_one += "族";
  struct Case {
    std::string path;  // under /api/v1/code-tables/
    std::string body;
    int status;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"ethnicity/values/ab", R"({"name":"其他"})", 400, "CODE_FORMAT", "code"},
      {"ethnicity/values/123456789", R"({"name":"其他"})", 400, "CODE_FORMAT", "code"},
      {"ethnicity/values/%E6%B1%89", R"({"name":"其他"})", 400, "CODE_FORMAT", "code"},
      {"ethnicity/values/9%20", R"({"name":"其他"})", 400, "CODE_FORMAT", "code"},
      {"ethnicity/values/99", "{}", 400, "REQUIRED", "name"},
      {"ethnicity/values/99", R"({"name":"　 "})", 400, "REQUIRED", "name"},
      {"ethnicity/values/99", R"({"name":")" + fifty_one + "\"}", 400, "TOO_LONG", "name"},
      {"ethnicity/values/99", R"({"name":5})", 400, "WRONG_TYPE", "name"},
      {"ethnicity/values/99", R"({"name":"其他","historical":1})", 400, "WRONG_TYPE", "historical"},
      {"ethnicity/values/99", R"({"name":"其他","sort":1})", 400, "UNKNOWN_FIELD", "sort"},
      {"ethnicity/values/99", "[1]", 400, "JSON_NOT_OBJECT", ""},
      {"no_such_table/values/99", R"({"name":"其他"})", 404, "NOT_FOUND", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body);
    HttpResult r = moe.Put("/api/v1/code-tables/" + c.path, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code);
    EXPECT_EQ(std::string(r.Json().at("error").at("field").as_string()), c.field);
    EXPECT_FALSE(r.Json().at("error").at("message").as_string().empty());
  }
  ApiClient no_csrf = As("moe_registrar");  // a copy: same session, no CSRF token
  no_csrf.set_csrf("");
  EXPECT_EQ(
      no_csrf.Put("/api/v1/code-tables/ethnicity/values/99", R"({"name":"其他"})").ErrorCode(),
      "CSRF_TOKEN");
  json::object eth = Table("ethnicity");
  EXPECT_EQ(eth.at("version").as_int64(), version);
  EXPECT_EQ(eth.at("values").as_array().size(), 58u);
  EXPECT_EQ(AuditSeq(), seq);  // nothing written, not even an audit entry
}

INSTANTIATE_TEST_SUITE_P(Backends, CodeTables, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
