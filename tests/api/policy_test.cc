// Black-box tests of the policy API (R-POL-1, R-POL-2, R-POL-4, R-POL-5,
// R-POL-6, R-POL-7): the policy in force with where each value comes from;
// each registrar saving their own unit's layer; bad input of every kind
// refused with every problem named and nothing changed; on SQLite and
// PostgreSQL.
//
// The shared servers' policy is changed only inside a test, and every layer a
// test sets is cleared again (TearDown), so the other suites see the national
// values.

#include <gtest/gtest.h>

#include <map>

#include "api/api_client.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

class Policy : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // Every login is audited, so the sessions are opened before a test counts
  // audit entries.
  void SetUp() override {
    for (const char* user : {"school_registrar", "nanming_registrar", "yunyan_registrar",
                             "gy_registrar", "gz_registrar", "moe_registrar", "auditadmin"}) {
      clients_.emplace(user, LoggedIn(GetParam(), user));
    }
  }
  // Bottom-up, so that no level is ever narrower than one below it.
  void TearDown() override {
    for (auto [user, org] : {std::pair{"nanming_registrar", "520102"},
                             {"yunyan_registrar", "520103"},
                             {"gy_registrar", "520100"},
                             {"gz_registrar", "520000"},
                             {"moe_registrar", "000000"}}) {
      HttpResult r = As(user).Put("/api/v1/policy/" + std::string(org), "{}");
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }
  ApiClient& As(const std::string& username) { return clients_.at(username); }
  int64_t AuditSeq() {
    HttpResult r = As("auditadmin").Get("/api/v1/audit?limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().at(0).at("seq").as_int64();
  }
  json::object Get(const std::string& user, const std::string& org) {
    HttpResult r = As(user).Get("/api/v1/policy/" + org);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json().as_object() : json::object{};
  }
  void Put(const std::string& user, const std::string& org, const std::string& body) {
    HttpResult r = As(user).Put("/api/v1/policy/" + org, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  std::map<std::string, ApiClient> clients_;
};

TEST_P(Policy, R_POL_1_shows_every_value_in_force_and_the_level_that_set_it) {
  Put("gz_registrar", "520000",
      R"({"class_caps":{"primary":42},"transfer_initiator":"sending","status_changes":["suspend","resume","death"]})");
  Put("nanming_registrar", "520102",
      R"({"class_caps":{"primary":40},"extra_freezes":[{"first":"2026-03-01","last":"2026-03-10"}]})");
  json::object county = Get("nanming_registrar", "520102");
  EXPECT_EQ(county.at("editable"), true);
  EXPECT_EQ(county.at("level"), "county");
  const auto& effective = county.at("effective").as_object();
  EXPECT_EQ(effective.at("class_caps").at("primary"), 40);
  EXPECT_EQ(effective.at("class_caps").at("junior"), 50);
  EXPECT_EQ(effective.at("transfer_initiator"), "sending");
  EXPECT_EQ(effective.at("enrollment_cutoff"), "08-31");
  EXPECT_EQ(effective.at("transfer_step_working_days"), 10);
  EXPECT_EQ(effective.at("status_changes").as_array().size(), 3u);
  EXPECT_EQ(effective.at("status_changes").at(0).at("label"), "死亡");
  EXPECT_EQ(effective.at("extra_freezes").at(0).at("source").at("label"), "县");
  EXPECT_EQ(county.at("above").at("class_caps").at("primary"), 42);
  EXPECT_EQ(county.at("layer").at("class_caps").at("primary"), 40);
  EXPECT_FALSE(county.at("layer").as_object().contains("transfer_initiator"));
  const auto& sources = county.at("sources").as_object();
  EXPECT_EQ(sources.at("class_caps.primary").at("label"), "县");
  EXPECT_EQ(sources.at("class_caps.primary").at("org_code"), "520102");
  EXPECT_EQ(sources.at("transfer_initiator").at("label"), "省");
  EXPECT_EQ(sources.at("class_caps.junior").at("label"), "国家");
  EXPECT_EQ(sources.at("class_caps.junior").at("org_code"), "");
  // A school reads the policy it works under, and edits nothing.
  json::object school = Get("school_registrar", "5201020001");
  EXPECT_EQ(school.at("editable"), false);
  EXPECT_EQ(school.at("effective").at("class_caps").at("primary"), 40);
  // The province sees its own layer, not the county's.
  json::object province = Get("gz_registrar", "520102");
  EXPECT_EQ(province.at("editable"), false);
  EXPECT_EQ(Get("gz_registrar", "520000").at("effective").at("class_caps").at("primary"), 42);
}

TEST_P(Policy, R_POL_1_bad_input_of_every_kind_is_refused_and_changes_nothing) {
  Put("gz_registrar", "520000", R"({"class_caps":{"primary":42}})");
  struct Case {
    const char* user;
    const char* org;
    const char* body;
    int status;
    const char* code;
    const char* field;
    const char* names;  // a figure or word the message must contain
  };
  const Case cases[] = {
      {"gz_registrar", "520000", R"({"status_changes":["suspend","vacation"]})", 400,
       "POLICY_VALUE", "status_changes", "vacation"},
      {"gz_registrar", "520000", R"({"class_caps":{"primary":0}})", 400, "POLICY_VALUE",
       "class_caps.primary", "1至100"},
      {"gz_registrar", "520000", R"({"class_caps":{"primary":999}})", 400, "POLICY_VALUE",
       "class_caps.primary", "1至100"},
      {"gz_registrar", "520000", R"({"class_caps":{"kindergarten":30}})", 400, "POLICY_VALUE",
       "class_caps.kindergarten", "学段"},
      {"gz_registrar", "520000", R"({"class_caps":{"primary":"40"}})", 400, "WRONG_TYPE",
       "class_caps.primary", "整数"},
      {"gz_registrar", "520000", R"({"class_caps":[40]})", 400, "WRONG_TYPE", "class_caps", ""},
      {"gz_registrar", "520000",
       R"({"extra_freezes":[{"first":"2026-02-30","last":"2026-03-05"}]})", 400, "POLICY_VALUE",
       "extra_freezes[0]", "YYYY-MM-DD"},
      {"gz_registrar", "520000",
       R"({"extra_freezes":[{"first":"2026-03-10","last":"2026-03-01"}]})", 400, "POLICY_VALUE",
       "extra_freezes[0]", "起日"},
      {"gz_registrar", "520000", R"({"enrollment_cutoff":"8-31"})", 400, "POLICY_VALUE",
       "enrollment_cutoff", "08-31"},
      {"gz_registrar", "520000", R"({"enrollment_cutoff":"02-30"})", 400, "POLICY_VALUE",
       "enrollment_cutoff", ""},
      {"gz_registrar", "520000", R"({"transfer_initiator":"school"})", 400, "POLICY_VALUE",
       "transfer_initiator", ""},
      {"gz_registrar", "520000", R"({"transfer_step_working_days":0})", 400, "POLICY_VALUE",
       "transfer_step_working_days", ""},
      {"gz_registrar", "520000", R"({"colour":"red"})", 400, "UNKNOWN_FIELD", "colour", ""},
      {"gz_registrar", "520000", R"([1])", 400, "JSON_NOT_OBJECT", "", ""},
      {"gz_registrar", "520000",
       R"({"national_freezes":{"2026":{"first":"2026-07-21","last":"2026-08-14"}}})", 400,
       "POLICY_MINISTRY_ONLY", "national_freezes.2026", "教育部"},
      {"nanming_registrar", "520102", R"({"transfer_initiator":"sending"})", 400,
       "POLICY_PROVINCE_ONLY", "transfer_initiator", "省级"},
      {"nanming_registrar", "520102", R"({"enrollment_cutoff":"09-30"})", 400,
       "POLICY_PROVINCE_ONLY", "enrollment_cutoff", ""},
      {"nanming_registrar", "520102", R"({"class_caps":{"primary":44}})", 400, "POLICY_WIDENS",
       "class_caps.primary", "42人（本级设为44人"},
      {"nanming_registrar", "520102", R"({"registration_months":2})", 400, "POLICY_WIDENS",
       "registration_months", "1个月"},
      {"nanming_registrar", "520103", R"({"class_caps":{"primary":40}})", 404, "NOT_FOUND", "", ""},
      {"nanming_registrar", "520000", R"({"class_caps":{"primary":40}})", 404, "NOT_FOUND", "", ""},
      {"gz_registrar", "520102", R"({"class_caps":{"primary":40}})", 403, "FORBIDDEN", "",
       "本单位"},
      {"school_registrar", "5201020001", R"({"class_caps":{"primary":40}})", 403, "FORBIDDEN", "",
       ""},
  };
  int64_t seq = AuditSeq();
  json::object before_province = Get("gz_registrar", "520000");
  json::object before_county = Get("nanming_registrar", "520102");
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.user) + " " + c.org + " " + c.body);
    HttpResult r = As(c.user).Put("/api/v1/policy/" + std::string(c.org), c.body);
    ASSERT_EQ(r.status, c.status) << r.body;
    auto error = r.Json().at("error").as_object();
    EXPECT_EQ(error.at("code"), c.code) << r.body;
    EXPECT_EQ(error.at("field"), c.field) << r.body;
    EXPECT_TRUE(Has(std::string(error.at("message").as_string()), c.names)) << r.body;
  }
  EXPECT_EQ(AuditSeq(), seq);
  EXPECT_EQ(Get("gz_registrar", "520000"), before_province);
  EXPECT_EQ(Get("nanming_registrar", "520102"), before_county);
}

TEST_P(Policy, R_POL_1_every_problem_of_a_body_is_named_at_once) {
  HttpResult r =
      As("nanming_registrar")
          .Put("/api/v1/policy/520102",
               R"({"class_caps":{"primary":46,"junior":0},"transfer_initiator":"sending"})");
  ASSERT_EQ(r.status, 400) << r.body;
  std::string fields;
  json::value body = r.Json();
  for (const auto& d : body.at("error").at("details").as_array()) {
    fields +=
        std::string(d.at("field").as_string()) + " " + std::string(d.at("code").as_string()) + ";";
  }
  EXPECT_TRUE(Has(fields, "class_caps.primary POLICY_WIDENS;")) << fields;
  EXPECT_TRUE(Has(fields, "class_caps.junior POLICY_VALUE;")) << fields;
  EXPECT_TRUE(Has(fields, "transfer_initiator POLICY_PROVINCE_ONLY;")) << fields;
}

TEST_P(Policy, R_POL_1_a_province_cannot_narrow_below_a_county_that_set_more) {
  Put("nanming_registrar", "520102", R"({"class_caps":{"primary":44}})");
  int64_t seq = AuditSeq();
  HttpResult r =
      As("gz_registrar").Put("/api/v1/policy/520000", R"({"class_caps":{"primary":42}})");
  ASSERT_EQ(r.status, 409) << r.body;
  auto error = r.Json().at("error").as_object();
  EXPECT_EQ(error.at("code"), "POLICY_CONFLICTS_BELOW");
  std::string message(error.at("message").as_string());
  EXPECT_TRUE(Has(message, "南明区（520102）") && Has(message, "44") && Has(message, "42"))
      << message;
  EXPECT_EQ(AuditSeq(), seq);
  EXPECT_EQ(Get("gz_registrar", "520000").at("effective").at("class_caps").at("primary"), 45);
  // Narrowed below first, the province's save passes; clearing it inherits again.
  Put("nanming_registrar", "520102", R"({"class_caps":{"primary":40}})");
  Put("gz_registrar", "520000", R"({"class_caps":{"primary":42},"registration_months":null})");
  EXPECT_EQ(Get("school_registrar", "5201020001").at("effective").at("class_caps").at("primary"),
            40);
  auto audit = As("auditadmin").Get("/api/v1/audit?limit=1").Json().at("items").at(0);
  EXPECT_EQ(audit.at("action"), "policy.update");
  EXPECT_TRUE(Has(json::serialize(audit), "继承 → 42")) << json::serialize(audit);
}

TEST_P(Policy, R_POL_2_a_class_above_the_cap_in_force_is_refused_naming_the_cap) {
  Put("gz_registrar", "520000", R"({"class_caps":{"primary":42}})");
  HttpResult r = As("school_registrar")
                     .Post("/api/v1/schools/5201020001/classes",
                           R"({"grade_code":"13","name":"政策测试班","capacity":43})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.ErrorCode(), "CLASS_CAP_ABOVE_POLICY");
  EXPECT_TRUE(Has(r.body, "42")) << r.body;
}

TEST_P(Policy, R_POL_7_the_ministry_sets_a_years_national_freeze) {
  Put("moe_registrar", "000000",
      R"({"national_freezes":{"2031":{"first":"2031-07-21","last":"2031-08-14"}}})");
  json::object school = Get("school_registrar", "5201020001");
  EXPECT_EQ(school.at("effective").at("national_freezes").at("2031").at("first"), "2031-07-21");
  EXPECT_EQ(school.at("sources").at("national_freezes.2031").at("org_code"), "000000");
  EXPECT_EQ(school.at("sources").at("national_freezes.2031").at("label"), "国家");
  HttpResult wrong =
      As("moe_registrar")
          .Put("/api/v1/policy/000000",
               R"({"national_freezes":{"2031":{"first":"2032-07-21","last":"2032-08-14"}}})");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.ErrorCode(), "POLICY_VALUE");
}

INSTANTIATE_TEST_SUITE_P(Backends, Policy, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
