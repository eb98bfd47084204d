// Black-box tests of the policy values for transfers and first-grade intake
// (R-POL-4, R-POL-5) and the review deadline: saved and shown through
// /api/v1/policy, bad values refused naming the field, and a too-young
// first-grader refused at registration with 422 — on SQLite and PostgreSQL.
// Every layer a test sets is cleared again (TearDown).

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/id_number.h"
#include "domain/time.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

class PolicyRulesApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    for (const char* user :
         {"school_registrar", "nanming_registrar", "gz_registrar", "moe_registrar"}) {
      clients_.emplace(user, LoggedIn(GetParam(), user));
    }
  }
  void TearDown() override {
    for (auto [user, org] :
         {std::pair{"nanming_registrar", "520102"}, {"gz_registrar", "520000"}}) {
      HttpResult r = As(user).Put("/api/v1/policy/" + std::string(org), "{}");
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }
  ApiClient& As(const std::string& username) { return clients_.at(username); }

  std::map<std::string, ApiClient> clients_;
};

TEST_P(PolicyRulesApi, R_POL_4_chain_seasons_and_deadlines_are_saved_and_shown_with_their_source) {
  HttpResult put = As("gz_registrar")
                       .Put("/api/v1/policy/520000",
                            R"({"transfer_chain_levels":["province","city"],)"
                            R"("transfer_chain_ordered":true,)"
                            R"("transfer_seasons":[{"first":"09-01","last":"10-31"}],)"
                            R"("enrollment_grace_months":1,"review_step_working_days":7})");
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResult get = As("nanming_registrar").Get("/api/v1/policy/520102");
  ASSERT_EQ(get.status, 200) << get.body;
  json::value answer = get.Json();
  const json::object& view = answer.as_object();
  const json::object& e = view.at("effective").as_object();
  EXPECT_EQ(e.at("transfer_chain_levels"), json::value(json::array{"city", "province"}));
  EXPECT_EQ(e.at("transfer_chain_ordered"), true);
  EXPECT_EQ(e.at("transfer_seasons"),
            json::value(json::array{json::object{{"first", "09-01"}, {"last", "10-31"}}}));
  EXPECT_EQ(e.at("enrollment_grace_months"), 1);
  EXPECT_EQ(e.at("review_step_working_days"), 7);
  for (const char* key : {"transfer_chain_levels", "transfer_chain_ordered", "transfer_seasons",
                          "enrollment_grace_months", "review_step_working_days"}) {
    SCOPED_TRACE(key);
    EXPECT_EQ(view.at("sources").at(key).at("org_code"), "520000");
  }
  EXPECT_TRUE(view.at("layer").as_object().empty());
}

TEST_P(PolicyRulesApi, R_POL_4_bad_chain_and_season_values_are_refused_naming_the_field) {
  struct Case {
    const char* user;
    const char* org;
    const char* body;
    int status;
    const char* code;
    const char* field;
  } cases[] = {
      {"nanming_registrar", "520102", R"({"transfer_chain_levels":["province"]})", 400,
       "POLICY_PROVINCE_ONLY", "transfer_chain_levels"},
      {"gz_registrar", "520000", R"({"transfer_chain_levels":["county"]})", 400, "POLICY_VALUE",
       "transfer_chain_levels"},
      {"gz_registrar", "520000", R"({"transfer_chain_ordered":"yes"})", 400, "WRONG_TYPE",
       "transfer_chain_ordered"},
      {"gz_registrar", "520000", R"({"transfer_seasons":[{"first":"13-01","last":"10-31"}]})", 400,
       "POLICY_VALUE", "transfer_seasons[0]"},
      {"gz_registrar", "520000", R"({"transfer_seasons":[{"first":"10-31","last":"09-01"}]})", 400,
       "POLICY_VALUE", "transfer_seasons[0]"},
      {"gz_registrar", "520000", R"({"enrollment_grace_months":2})", 400, "POLICY_VALUE",
       "enrollment_grace_months"},
      {"nanming_registrar", "520102", R"({"review_step_working_days":11})", 400, "POLICY_WIDENS",
       "review_step_working_days"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    HttpResult r = As(c.user).Put("/api/v1/policy/" + std::string(c.org), c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (r.status != c.status) continue;
    EXPECT_EQ(r.Json().at("error").at("code"), c.code);
    EXPECT_EQ(r.Json().at("error").at("field"), c.field);
  }
  HttpResult get = As("gz_registrar").Get("/api/v1/policy/520000");
  ASSERT_EQ(get.status, 200);
  EXPECT_TRUE(get.Json().at("layer").as_object().empty());
}

// R-POL-5: a first-grader born the day after the cut-off of this school
// year's intake is refused with 422, naming the cut-off and the next intake.
TEST_P(PolicyRulesApi, R_POL_5_a_too_young_first_grader_is_refused_at_registration) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  domain::Date today = domain::CstDate(
      domain::Instant{std::chrono::duration_cast<std::chrono::microseconds>(now).count()});
  int intake = today.month >= 9 ? today.year : today.year - 1;
  std::string first17 = "520102" + std::to_string(intake - 6) + "0901" + "777";
  std::string id = first17 + domain::IdCheckCharacter(first17);
  auto cls = As("moe_registrar")
                 .Post("/api/v1/schools/5201020001/classes",
                       R"({"grade_code":"11","name":"一年级截止日测试"})");
  ASSERT_EQ(cls.status, 201) << cls.body;
  int64_t class_id = cls.Json().at("id").as_int64();
  json::object body = json::parse(FirstGraderBody(class_id, id)).as_object();
  body["entry_month"] = std::to_string(intake) + "09";
  HttpResult r =
      As("school_registrar").Post("/api/v1/schools/5201020001/students", json::serialize(body));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Json().at("error").at("code"), "ENROLL_AGE");
  EXPECT_EQ(r.Json().at("error").at("field"), "birth_date");
  std::string message(r.Json().at("error").at("message").as_string());
  EXPECT_NE(message.find(std::to_string(intake - 6) + "-08-31"), std::string::npos) << message;
  EXPECT_NE(message.find(std::to_string(intake + 1) + "年入学"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyRulesApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
