// Black-box tests of the HTTP API: sessions, lockout, CSRF, bad input, the
// organization tree and its writes, on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include "api/api_client.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

class Api : public ::testing::TestWithParam<store::Dialect> {
 protected:
  TestServer& server() { return SharedServer(GetParam()); }
  ApiClient Client() { return ApiClient(server().port()); }
  ApiClient As(const std::string& username) { return LoggedIn(GetParam(), username); }

  // Creates an account with `role` at `org` through the system administrator.
  void AddUser(const std::string& username, const std::string& role, const std::string& org) {
    ApiClient admin = As("sysadmin");
    json::object body{{"username", username},      {"display_name", "测试账号"},
                      {"password", kDemoPassword}, {"role", role},
                      {"org_code", org},           {"phone", "0851-1234567"}};
    HttpResult r = admin.Post("/api/v1/users", json::serialize(body));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  int64_t AuditCount(ApiClient& auditor) {
    HttpResult r = auditor.Get("/api/v1/audit?limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().at(0).at("seq").as_int64();
  }
};

TEST_P(Api, HealthAndMetricsArePublic) {
  ApiClient c = Client();
  EXPECT_EQ(c.Get("/healthz").status, 200);
  HttpResult m = c.Get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("xueji_http_requests_total"), std::string::npos);
}

TEST_P(Api, R_SEC_4_login_sets_an_http_only_strict_cookie_and_returns_the_user) {
  ApiClient c = Client();
  HttpResult r = c.Login("nanming_registrar", kDemoPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto user = r.Json().at("user");
  EXPECT_EQ(user.at("role"), "county_registrar");
  EXPECT_EQ(user.at("org_code"), "520102");
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);
}

TEST_P(Api, R_SEC_4_wrong_password_is_refused_in_chinese) {
  ApiClient c = Client();
  HttpResult r = c.Login("yunyan_registrar", "wrong-password");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.ErrorCode(), "AUTH_FAILED");
  EXPECT_NE(r.body.find("用户名或密码错误"), std::string::npos);
  EXPECT_EQ(c.Login("no_such_user", "whatever").ErrorCode(), "AUTH_FAILED");
}

TEST_P(Api, R_SEC_4_lockout_after_five_failures_then_unlock_by_security_admin) {
  std::string user = "lockme_" + BackendName(GetParam());
  AddUser(user, "county_registrar", "520103");
  ApiClient c = Client();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.Login(user, "bad").status, 401);
  HttpResult fifth = c.Login(user, "bad");
  EXPECT_EQ(fifth.status, 423);
  EXPECT_EQ(fifth.ErrorCode(), "ACCOUNT_LOCKED");
  // Locked: even the right password is refused, and the message names the time.
  HttpResult locked = c.Login(user, kDemoPassword);
  EXPECT_EQ(locked.status, 423);
  EXPECT_NE(locked.body.find("北京时间"), std::string::npos);
  // The system administrator may not unlock (三员分立); the security administrator may.
  EXPECT_EQ(As("sysadmin").Post("/api/v1/users/" + user + "/unlock", "").status, 403);
  EXPECT_EQ(As("secadmin").Post("/api/v1/users/" + user + "/unlock", "").status, 204);
  EXPECT_EQ(c.Login(user, kDemoPassword).status, 200);
}

TEST_P(Api, R_SEC_2_every_login_attempt_is_audited) {
  ApiClient auditor = As("auditadmin");
  int64_t before = AuditCount(auditor);
  Client().Login("gy_registrar", "bad-password");
  HttpResult r = auditor.Get("/api/v1/audit?limit=5");
  auto items = r.Json().at("items").as_array();
  EXPECT_GT(items.at(0).at("seq").as_int64(), before);
  bool found = false;
  for (const auto& e : items) {
    found = found || (e.at("action") == "auth.login" && e.at("actor") == "gy_registrar" &&
                      e.at("outcome") == "AUTH_FAILED");
  }
  EXPECT_TRUE(found) << r.body;
}

TEST_P(Api, R_SEC_4_sessions_need_a_valid_cookie) {
  ApiClient c = Client();
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
  for (const char* cookie :
       {"xueji_session=", "xueji_session=zz", "xueji_session=../../etc",
        "xueji_session=0123456789abcdef0123456789abcdef", "garbage;;;=;", "xueji_session=%00%01"}) {
    SCOPED_TRACE(cookie);
    c.set_cookie(cookie);
    HttpResult r = c.Get("/api/v1/orgs/000000");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.ErrorCode(), "UNAUTHENTICATED");
  }
}

TEST_P(Api, R_SEC_4_logout_ends_the_session) {
  ApiClient c = As("gz_registrar");
  EXPECT_EQ(c.Post("/api/v1/auth/logout", "").status, 204);
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
}

TEST_P(Api, R_SEC_4_state_changes_need_the_csrf_header) {
  ApiClient c = As("nanming_registrar");
  c.set_csrf("");
  HttpResult r =
      c.Post("/api/v1/schools/5201020001/classes", R"({"grade_code":"11","name":"9班"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "CSRF_TOKEN");
  c.set_csrf("00000000000000000000000000000000");
  EXPECT_EQ(c.Post("/api/v1/schools/5201020001/classes", R"({"grade_code":"11","name":"9班"})")
                .ErrorCode(),
            "CSRF_TOKEN");
}

TEST_P(Api, R_SEC_4_password_change_checks_old_password_and_strength) {
  std::string user = "pwchange_" + BackendName(GetParam());
  AddUser(user, "county_registrar", "520103");
  ApiClient c = Client();
  ASSERT_EQ(c.Login(user, kDemoPassword).status, 200);
  ApiClient other = Client();
  ASSERT_EQ(other.Login(user, kDemoPassword).status, 200);
  HttpResult wrong =
      c.Post("/api/v1/auth/password", R"({"old_password":"nope","new_password":"Another@2026x"})");
  EXPECT_EQ(wrong.ErrorCode(), "OLD_PASSWORD_WRONG");
  HttpResult weak =
      c.Post("/api/v1/auth/password", R"({"old_password":"Demo@2026xj","new_password":"short"})");
  EXPECT_EQ(weak.ErrorCode(), "PASSWORD_WEAK");
  EXPECT_EQ(weak.Json().at("error").at("field"), "new_password");
  EXPECT_EQ(c.Post("/api/v1/auth/password",
                   R"({"old_password":"Demo@2026xj","new_password":"Another@2026x"})")
                .status,
            204);
  EXPECT_EQ(other.Get("/api/v1/auth/me").status, 401);  // other sessions end
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(Client().Login(user, "Another@2026x").status, 200);
}

TEST_P(Api, BadBodiesAreRefusedWithFieldErrorsAndChangeNothing) {
  ApiClient c = As("nanming_registrar");
  ApiClient auditor = As("auditadmin");
  int64_t before = AuditCount(auditor);
  struct Case {
    const char* body;
    int status;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"{", 400, "JSON_MALFORMED", ""},
      {"[1,2]", 400, "JSON_NOT_OBJECT", ""},
      {"\"text\"", 400, "JSON_NOT_OBJECT", ""},
      {R"({"grade_code":"11","name":"1班","color":"red"})", 400, "UNKNOWN_FIELD", "color"},
      {R"({"grade_code":11,"name":"1班"})", 400, "WRONG_TYPE", "grade_code"},
      {R"({"name":"1班"})", 400, "REQUIRED", "grade_code"},
      {R"({"grade_code":"11","name":"1班","capacity":"45"})", 400, "WRONG_TYPE", "capacity"},
      {R"({"grade_code":"11","name":"1班","capacity":1e99})", 400, "WRONG_TYPE", "capacity"},
      {R"({"grade_code":"11","name":"1班","capacity":-5})", 400, "OUT_OF_RANGE", "capacity"},
      {R"({"grade_code":"31","name":"1班"})", 400, "GRADE_STAGE", "grade_code"},
      {R"({"grade_code":"11","name":""})", 400, "REQUIRED", "name"},
      {R"({"grade_code":"11","name":"1班"})", 409, "CLASS_EXISTS", "name"},
      {R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":1}}}}}}}}}}}}}}}}})",
       400, "JSON_MALFORMED", ""},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.body);
    HttpResult r = c.Post("/api/v1/schools/5201020001/classes", k.body);
    EXPECT_EQ(r.status, k.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), k.code);
    EXPECT_EQ(std::string(r.Json().at("error").at("field").as_string()), k.field);
    EXPECT_FALSE(r.Json().at("error").at("message").as_string().empty());
  }
  EXPECT_EQ(AuditCount(auditor), before);  // nothing written, not even an audit entry
}

TEST_P(Api, R_SEC_5_oversized_and_malformed_requests_get_4xx_and_the_server_lives) {
  ApiClient c = As("nanming_registrar");
  std::string huge = R"({"grade_code":"11","name":")" + std::string(2 << 20, 'x') + "\"}";
  HttpResult r = c.Post("/api/v1/schools/5201020001/classes", huge);
  EXPECT_EQ(r.status, 413);
  std::string raw = c.SendRaw("GARBAGE / HTTP/9.9\r\n\r\n");
  EXPECT_NE(raw.find(" 400 "), std::string::npos) << raw;
  raw = c.SendRaw("GET / HTTP/1.1\r\nHost: x\r\n" + std::string(20000, 'a') + ": b\r\n\r\n");
  EXPECT_NE(raw.find(" 4"), std::string::npos) << raw.substr(0, 100);
  EXPECT_EQ(c.Get("/api/v1/orgs/%00%ff").status, 404);
  raw = c.SendRaw(
      "GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: xueji_session=\x01\x02\r\n\r\n");
  EXPECT_NE(raw.find(" 40"), std::string::npos) << raw.substr(0, 100);
  EXPECT_EQ(c.Get("/api/v1/classes/99999999999999999999999").status, 405);
  EXPECT_EQ(c.Patch("/api/v1/classes/99999999999999999999999", "{}").status, 404);
  EXPECT_EQ(c.Patch("/api/v1/classes/-1", "{}").status, 404);
  EXPECT_EQ(Client().Get("/healthz").status, 200);
}

TEST_P(Api, R_ORG_1_the_tree_holds_every_province_from_the_division_data) {
  ApiClient c = As("moe_registrar");
  HttpResult r = c.Get("/api/v1/orgs/000000/children?limit=500");
  ASSERT_EQ(r.status, 200);
  auto items = r.Json().at("items").as_array();
  EXPECT_EQ(items.size(), 31u);
  EXPECT_EQ(items.at(0).at("code"), "110000");
  HttpResult page = c.Get("/api/v1/orgs/000000/children?limit=10");
  EXPECT_EQ(page.Json().at("items").as_array().size(), 10u);
  std::string cursor(page.Json().at("next_cursor").as_string());
  HttpResult next = c.Get("/api/v1/orgs/000000/children?limit=10&after=" + cursor);
  EXPECT_EQ(next.Json().at("items").as_array().at(0).at("code"), items.at(10).at("code"));
  EXPECT_EQ(c.Get("/api/v1/orgs/000000/children?limit=0").ErrorCode(), "LIMIT_RANGE");
  EXPECT_EQ(c.Get("/api/v1/orgs/000000/children?limit=abc").ErrorCode(), "LIMIT_RANGE");
}

TEST_P(Api, R_ORG_2_city_managed_school_sits_under_the_city_not_the_county) {
  ApiClient city = As("gy_registrar");
  HttpResult r = city.Get("/api/v1/orgs/5201000001");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("school").at("authority_code"), "520100");
  EXPECT_EQ(r.Json().at("school").at("county_code"), "520103");
  // 云岩区 is the location county but not the record authority: not in its subtree.
  EXPECT_EQ(As("yunyan_registrar").Get("/api/v1/orgs/5201000001").status, 404);
}

TEST_P(Api, R_ORG_3_county_creates_school_and_class_edits_and_deletes_them) {
  ApiClient c = As("nanming_registrar");
  std::string code = GetParam() == store::Dialect::kSqlite ? "5201028801" : "5201028802";
  json::object school{{"code", code},
                      {"name", "南明区接口测试小学"},
                      {"stage", "primary"},
                      {"type", "regular"},
                      {"county_code", "520102"}};
  HttpResult created = c.Post("/api/v1/schools", json::serialize(school));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("authority_code"), "520102");
  EXPECT_EQ(c.Post("/api/v1/schools", json::serialize(school)).ErrorCode(), "ORG_EXISTS");
  // Outside the caller's subtree: 404 naming the field that carried the code.
  json::object elsewhere{{"code", "5201038801"},
                         {"name", "越权学校"},
                         {"stage", "primary"},
                         {"type", "regular"},
                         {"county_code", "520103"}};
  HttpResult outside = c.Post("/api/v1/schools", json::serialize(elsewhere));
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(outside.Json().at("error").at("field"), "county_code");
  HttpResult cls = c.Post("/api/v1/schools/" + code + "/classes",
                          R"({"grade_code":"11","name":"1班","head_teacher":"王老师"})");
  ASSERT_EQ(cls.status, 201) << cls.body;
  EXPECT_EQ(cls.Json().at("capacity"), 45);
  std::string id = std::to_string(cls.Json().at("id").as_int64());
  HttpResult patched = c.Patch("/api/v1/classes/" + id, R"({"capacity":40,"name":"一(1)班"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("capacity"), 40);
  HttpResult grades = c.Get("/api/v1/schools/" + code + "/grades");
  EXPECT_EQ(grades.Json().at("items").as_array().size(), 6u);
  EXPECT_EQ(grades.Json().at("items").as_array().at(0).at("class_count"), 1);
  // Changing the stage would orphan the first-grade class.
  EXPECT_EQ(c.Patch("/api/v1/schools/" + code, R"({"stage":"junior"})").ErrorCode(),
            "SCHOOL_STAGE_HAS_CLASSES");
  EXPECT_EQ(c.Delete("/api/v1/classes/" + id).status, 204);
  EXPECT_EQ(c.Patch("/api/v1/schools/" + code, R"({"stage":"junior"})").status, 200);
  EXPECT_EQ(c.Get("/api/v1/schools/" + code + "/classes").Json().at("items").as_array().size(), 0u);
}

TEST_P(Api, R_ORG_6_registrars_and_phones_are_listed_for_the_level_above) {
  HttpResult r = As("gy_registrar").Get("/api/v1/orgs/520102/contacts");
  ASSERT_EQ(r.status, 200);
  auto items = r.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("username"), "nanming_registrar");
  EXPECT_FALSE(items.at(0).at("phone").as_string().empty());
}

TEST_P(Api, R_SEC_4_system_admin_creates_accounts_within_rules) {
  ApiClient admin = As("sysadmin");
  json::object bad_level{{"username", "x_school_county"},
                         {"display_name", "x"},
                         {"password", kDemoPassword},
                         {"role", "school_registrar"},
                         {"org_code", "520102"}};
  EXPECT_EQ(admin.Post("/api/v1/users", json::serialize(bad_level)).ErrorCode(), "ROLE_LEVEL");
  json::object dup{{"username", "sysadmin"},
                   {"display_name", "x"},
                   {"password", kDemoPassword},
                   {"role", "county_registrar"},
                   {"org_code", "520102"}};
  EXPECT_EQ(admin.Post("/api/v1/users", json::serialize(dup)).ErrorCode(), "USERNAME_TAKEN");
  json::object bad_name{{"username", "A B"},
                        {"display_name", "x"},
                        {"password", kDemoPassword},
                        {"role", "county_registrar"},
                        {"org_code", "520102"}};
  EXPECT_EQ(admin.Post("/api/v1/users", json::serialize(bad_name)).ErrorCode(), "USERNAME_FORMAT");
  // The audit administrator cannot change accounts.
  json::object ok{{"username", "audit_tries_" + BackendName(GetParam())},
                  {"display_name", "x"},
                  {"password", kDemoPassword},
                  {"role", "county_registrar"},
                  {"org_code", "520102"}};
  EXPECT_EQ(As("auditadmin").Post("/api/v1/users", json::serialize(ok)).status, 403);
  // The system administrator cannot read the audit log.
  EXPECT_EQ(admin.Get("/api/v1/audit").status, 403);
}

TEST_P(Api, R_SEC_4_security_policy_is_a_value_the_security_admin_sets) {
  ApiClient sec = As("secadmin");
  HttpResult r = sec.Get("/api/v1/security/policy");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("max_failed_logins"), 5);
  EXPECT_EQ(
      sec.Put(
             "/api/v1/security/policy",
             R"({"max_failed_logins":0,"lockout_minutes":15,"session_idle_minutes":30,"password_min_length":10})")
          .ErrorCode(),
      "POLICY_RANGE");
  EXPECT_EQ(
      sec.Put(
             "/api/v1/security/policy",
             R"({"max_failed_logins":6,"lockout_minutes":15,"session_idle_minutes":30,"password_min_length":10})")
          .status,
      200);
  EXPECT_EQ(sec.Get("/api/v1/security/policy").Json().at("max_failed_logins"), 6);
  EXPECT_EQ(
      sec.Put(
             "/api/v1/security/policy",
             R"({"max_failed_logins":5,"lockout_minutes":15,"session_idle_minutes":30,"password_min_length":10})")
          .status,
      200);
}

TEST_P(Api, StaticFilesAndUnknownApiPaths) {
  ApiClient c = Client();
  EXPECT_EQ(c.Get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(c.Get("/../../etc/passwd").status, 404);
  EXPECT_EQ(c.Get("/assets/missing.js").status, 404);
  HttpResult page = c.Get("/");
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page.headers["x-frame-options"], "DENY");
}

INSTANTIATE_TEST_SUITE_P(Backends, Api, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
