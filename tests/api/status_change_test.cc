// Black-box tests of status changes (R-ST-1, R-ST-2, R-ST-4, R-ST-5,
// R-ST-6, R-ST-7): a 休学 through the school approver and the county, the
// record's status and history after it; refusals that name the rule; the
// 控辍保学 case of a 辍学 and its reports; outside the jurisdiction 404 — on
// SQLite and PostgreSQL. The server runs on a fixed clock (XUEJI_NOW,
// 2026-11-20) so that working-day deadlines fall inside the shipped calendar.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/id_number.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

constexpr const char* kNow = "2026-11-20T10:00:00+08:00";

// One server per backend for this file, on the fixed clock.
TestServer& Server(store::Dialect dialect) {
  static std::map<store::Dialect, std::unique_ptr<TestServer>> servers;
  auto& s = servers[dialect];
  if (!s) {
    setenv("XUEJI_NOW", kNow, 1);
    s = std::make_unique<TestServer>(dialect);
    unsetenv("XUEJI_NOW");
  }
  return *s;
}

// The smallest PNG: signature, IHDR, IDAT, IEND.
std::string TinyPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
      0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
      0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
      0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof kPng);
}

class StatusChangeApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  ApiClient& As(const std::string& username) {
    auto it = clients_.find(username);
    if (it == clients_.end()) {
      ApiClient c(Server(GetParam()).port());
      HttpResult r = c.Login(username, kDemoPassword);
      EXPECT_EQ(r.status, 200) << r.body;
      it = clients_.emplace(username, c).first;
    }
    return it->second;
  }
  // An active first-grader of 南明区第一小学 entered in September 2026.
  std::string Active() {
    static int sequence = 100;
    std::string first17 = "52010220190901" + std::to_string(++sequence * 2 + 1).substr(0, 3);
    auto classes = As("school_registrar").Get("/api/v1/schools/5201020001/classes").Json();
    for (const auto& c : classes.at("items").as_array()) {
      if (c.at("grade_code").as_string() == "11") class_id_ = c.at("id").as_int64();
    }
    // Distinct names: the same name, sex and birth date would be a suspected duplicate.
    static const char* kNames[] = {"李小红", "张小华", "刘小军", "陈小燕", "杨小龙", "赵小梅"};
    std::string name = kNames[sequence % 6];
    auto body =
        json::parse(FirstGraderBody(class_id_, first17 + domain::IdCheckCharacter(first17), name))
            .as_object();
    body["entry_month"] = "202609";
    auto sub =
        As("school_registrar").Post("/api/v1/schools/5201020001/students", json::serialize(body));
    EXPECT_EQ(sub.status, 201) << sub.body;
    std::string key = std::to_string(sub.Json().at("id").as_int64());
    As("school_approver")
        .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})");
    auto done = As("nanming_registrar")
                    .Post("/api/v1/students/" + key + "/authority-decision", R"({"approve":true})");
    EXPECT_EQ(done.Json().at("registration").as_string(), "active") << done.body;
    return key;
  }
  int64_t Upload(const std::string& key, const std::string& kind) {
    auto p = As("school_registrar")
                 .Send("POST", "/api/v1/students/" + key + "/proofs?kind=" + kind + "&name=p.png",
                       TinyPng(), {{"content-type", "image/png"}});
    EXPECT_EQ(p.status, 201) << p.body;
    return p.status == 201 ? p.Json().at("id").as_int64() : 0;
  }
  HttpResult Start(const std::string& key, json::object body) {
    if (!body.contains("reason")) body["reason"] = "监护人书面申请";
    if (!body.contains("effective_date")) body["effective_date"] = "2026-11-16";
    return As("school_registrar")
        .Post("/api/v1/students/" + key + "/status-changes", json::serialize(body));
  }
  HttpResult Decide(const std::string& who, int64_t id, bool approve, const std::string& reason) {
    json::object body{{"approve", approve}, {"reason", reason}};
    return As(who).Post("/api/v1/status-changes/" + std::to_string(id) + "/decision",
                        json::serialize(body));
  }

  std::map<std::string, ApiClient> clients_;
  int64_t class_id_ = 0;
};

TEST_P(StatusChangeApi, R_ST_2_a_suspension_approved_by_school_and_county_shows_on_the_record) {
  std::string key = Active();
  auto options = As("school_registrar").Get("/api/v1/students/" + key + "/status-change-options");
  ASSERT_EQ(options.status, 200) << options.body;
  std::map<std::string, json::object> by_type;
  json::value items = options.Json().at("items");
  for (const auto& o : items.as_array()) {
    by_type[std::string(o.at("type").as_string())] = o.as_object();
  }
  EXPECT_TRUE(by_type.at("suspend").at("applicable").as_bool());
  EXPECT_FALSE(by_type.at("withdraw").at("applicable").as_bool());
  EXPECT_NE(std::string(by_type.at("withdraw").at("refusal").as_string()).find("R-ST-6"),
            std::string::npos);
  EXPECT_FALSE(by_type.at("resume").at("applicable").as_bool());

  int64_t proof = Upload(key, "guardian_application");
  auto started = Start(
      key, {{"type", "suspend"}, {"until_date", "2027-07-10"}, {"proof_ids", json::array{proof}}});
  ASSERT_EQ(started.status, 201) << started.body;
  int64_t id = started.Json().at("id").as_int64();
  EXPECT_EQ(started.Json().at("steps").at(0).at("due").as_string(), "2026-12-04");

  ASSERT_EQ(Decide("school_approver", id, true, "").status, 200);
  // The second approver of a decided step gets a conflict.
  EXPECT_EQ(Decide("school_approver", id, true, "").ErrorCode(), "STEP_NOT_OPEN");
  auto done = Decide("nanming_registrar", id, true, "");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("state").as_string(), "approved");

  auto record = As("nanming_registrar").Get("/api/v1/students/" + key).Json();
  EXPECT_EQ(record.at("status").as_string(), "suspended");
  auto history = As("school_registrar").Get("/api/v1/students/" + key + "/history").Json();
  bool found = false;
  for (const auto& h : history.at("items").as_array()) {
    if (h.at("field").as_string() == "status" && h.at("new").as_string() == "suspended") {
      found = true;
      EXPECT_NE(std::string(h.at("reason").as_string()).find("申请编号" + std::to_string(id)),
                std::string::npos);
    }
  }
  EXPECT_TRUE(found) << json::serialize(history);
  auto list = As("nanming_registrar").Get("/api/v1/status-changes?org=520102&type=suspend");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("items").at(0).at("id").as_int64(), id);
}

TEST_P(StatusChangeApi, R_ST_6_bad_input_is_refused_with_the_rule_and_changes_nothing) {
  std::string key = Active();
  int64_t application = Upload(key, "guardian_application");
  struct Case {
    const char* name;
    json::object body;
    int status;
    const char* code;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"unknown type",
       {{"type", "graduate"}, {"proof_ids", json::array{application}}},
       400,
       "STATUS_CHANGE_TYPE",
       "graduate"},
      {"missing proof",
       {{"type", "abroad"}, {"proof_ids", json::array{application}}},
       422,
       "PROOF_MISSING",
       "出国（境）有效证件"},
      {"wrong status",
       {{"type", "resume"}, {"proof_ids", json::array{application}}},
       422,
       "STATUS_CHANGE_FROM",
       "在籍在读"},
      {"compulsory 退学",
       {{"type", "withdraw"}, {"proof_ids", json::array{application}}},
       422,
       "COMPULSORY_NO_WITHDRAWAL",
       "R-ST-6"},
      {"too long a suspension",
       {{"type", "suspend"}, {"until_date", "2027-12-01"}, {"proof_ids", json::array{application}}},
       422,
       "SUSPEND_TOO_LONG",
       "2027-11-16"},
      {"bad date", {{"type", "suspend"}, {"until_date", "2027-02-30"}}, 400, "DATE", ""},
      {"unknown field", {{"type", "suspend"}, {"bogus", 1}}, 400, "UNKNOWN_FIELD", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Start(key, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
    EXPECT_NE(r.body.find(c.message_part), std::string::npos) << r.body;
  }
  auto list = As("school_registrar").Get("/api/v1/status-changes?org=5201020001&student=" + key);
  EXPECT_EQ(list.Json().at("items").as_array().size(), 0u);
  EXPECT_EQ(As("school_registrar").Get("/api/v1/students/" + key).Json().at("status").as_string(),
            "enrolled");
  // Outside the jurisdiction the record and its requests do not exist.
  auto outside = As("yunyan_registrar")
                     .Post("/api/v1/students/" + key + "/status-changes", R"({"type":"suspend"})");
  EXPECT_EQ(outside.status, 404);
}

TEST_P(StatusChangeApi, R_ST_4_death_is_due_10_working_days_after_the_date_of_death) {
  std::string key = Active();
  int64_t certificate = Upload(key, "death_certificate");
  auto r = Start(key, {{"type", "death"},
                       {"effective_date", "2026-11-02"},
                       {"proof_ids", json::array{certificate}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("steps").at(0).at("due").as_string(), "2026-11-16");
  EXPECT_TRUE(r.Json().at("steps").at(0).at("overdue").as_bool());
  int64_t id = r.Json().at("id").as_int64();
  EXPECT_EQ(As("yunyan_registrar").Get("/api/v1/status-changes/" + std::to_string(id)).status, 404);
  auto cancelled =
      As("school_registrar").Post("/api/v1/status-changes/" + std::to_string(id) + "/cancel", "{}");
  EXPECT_EQ(cancelled.Json().at("state").as_string(), "cancelled") << cancelled.body;
}

TEST_P(StatusChangeApi, R_ST_5_a_dropout_case_with_its_reports_resolved_by_the_county) {
  std::string key = Active();
  int64_t report = Upload(key, "dropout_report");
  auto r = Start(key, {{"type", "drop_out"}, {"proof_ids", json::array{report}}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json().at("id").as_int64();
  ASSERT_EQ(Decide("school_approver", id, true, "").status, 200);
  ASSERT_EQ(Decide("nanming_registrar", id, true, "").status, 200);
  auto cases = As("nanming_registrar").Get("/api/v1/dropouts?org=520102&state=open").Json();
  json::object found;
  for (const auto& c : cases.at("items").as_array()) {
    if (c.at("status_change_id").as_int64() == id) found = c.as_object();
  }
  ASSERT_FALSE(found.empty()) << json::serialize(cases);
  EXPECT_EQ(found.at("reports").as_array().size(), 3u);
  EXPECT_EQ(found.at("reported_on").as_string(), "2026-11-20");
  std::string path = "/api/v1/dropouts/" + std::to_string(found.at("id").as_int64());
  EXPECT_EQ(As("yunyan_registrar").Get(path).status, 404);
  EXPECT_EQ(As("nanming_registrar")
                .Post(path + "/resolve", R"({"resolution":"returned","reason":"x"})")
                .ErrorCode(),
            "RESOLUTION");
  auto resolved =
      As("nanming_registrar")
          .Post(path + "/resolve", R"({"resolution":"other","reason":"已转入特殊教育"})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.Json().at("state").as_string(), "resolved");
  EXPECT_EQ(As("school_registrar").Get("/api/v1/students/" + key).Json().at("status").as_string(),
            "dropped_out");
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusChangeApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
