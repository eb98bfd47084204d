// Black-box tests of student records through the API, on SQLite and
// PostgreSQL: registration from the school registrar through the school
// approver to the record authority's 核准 (R-REG-2), field errors (R-INFO-1,
// R-SEC-5), masking and the audited reveal (R-SEC-3, R-SEC-2), search, and a
// duplicate across counties arbitrated by the city (R-REG-3, R-REG-5), and
// province values (非基础信息) edited after registration with their history
// and past views (R-SPEC-2025, R-CHG-1, R-CHG-4).

#include <gtest/gtest.h>

#include <map>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/time.h"
#include "service/clock.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

class Students : public ::testing::TestWithParam<store::Dialect> {
 protected:
  ApiClient& As(const std::string& username) {
    auto it = clients_.find(username);
    if (it == clients_.end()) it = clients_.emplace(username, LoggedIn(GetParam(), username)).first;
    return it->second;
  }
  // A new first-grade class (class names are unique per school and grade).
  int64_t FirstGradeClass(const std::string& school) {
    static int classes = 0;
    auto r = As("moe_registrar")
                 .Post("/api/v1/schools/" + school + "/classes",
                       R"({"grade_code":"11","name":"一年级)" + std::to_string(++classes) + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("id").as_int64();
  }
  // Submits, approves and 核准s a first-grader of 5201020001; returns the detail.
  json::object RegisterActive(const std::string& id_number) {
    auto sub = As("school_registrar")
                   .Post("/api/v1/schools/5201020001/students",
                         FirstGraderBody(FirstGradeClass("5201020001"), id_number));
    EXPECT_EQ(sub.status, 201) << sub.body;
    std::string key = std::to_string(sub.Json().at("id").as_int64());
    auto school = As("school_approver")
                      .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})");
    EXPECT_EQ(school.Json().at("registration").as_string(), "pending_authority") << school.body;
    auto done = As("nanming_registrar")
                    .Post("/api/v1/students/" + key + "/authority-decision", R"({"approve":true})");
    EXPECT_EQ(done.Json().at("registration").as_string(), "active") << done.body;
    return As("school_registrar").Get("/api/v1/students/" + key).Json().as_object();
  }
  // R-SPEC-2025: an optional 是/否 field of 贵州 (optional, so that the other
  // tests' registrations on the shared server need not fill it).
  void DefineBoarding() {
    auto r = As("gz_registrar")
                 .Put("/api/v1/provinces/520000/fields/api_boarding",
                      R"({"label":"是否寄宿","kind":"yes_no"})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Moves the record's submission and every history row so far `days` back,
  // as if they had taken place then (the server runs on the real clock).
  void Backdate(const std::string& key, int days) {
    auto db = store::OpenDatabase(SharedServer(GetParam()).db_url());
    auto tx = db->BeginWrite();
    int64_t shift = int64_t{days} * 86400 * domain::kMicrosPerSecond;
    tx->Exec("UPDATE student SET submitted_at = submitted_at - $1 WHERE id = $2",
             {shift, std::stoll(key)});
    tx->Exec("UPDATE student_history SET at = at - $1 WHERE student_id = $2",
             {shift, std::stoll(key)});
    tx->Commit();
  }
  HttpResult PatchExtra(const std::string& key, const std::string& extra) {
    return As("school_registrar")
        .Patch("/api/v1/students/" + key, R"({"reason":"监护人告知","extra":)" + extra + "}");
  }
  bool Audited(const std::string& action, const std::string& subject) {
    json::value page = As("auditadmin").Get("/api/v1/audit?limit=50").Json();
    for (const auto& e : page.at("items").as_array()) {
      if (e.at("action").as_string() == action && e.at("subject").as_string() == subject) {
        return true;
      }
    }
    return false;
  }

  std::map<std::string, ApiClient> clients_;
};

TEST_P(Students, R_REG_2_registrar_approver_authority_then_an_L_number) {
  std::string id = NewFirstGraderIdNumber();
  json::object s = RegisterActive(id);
  std::string number(s.at("student_number").as_string());
  ASSERT_EQ(number.size(), 19u);
  EXPECT_EQ(number[0], 'L');
  EXPECT_EQ(s.at("registration").as_string(), "active");
  // The record is found by its 学籍号, in any case.
  std::string lower = number;
  lower[0] = 'l';
  EXPECT_EQ(As("nanming_registrar").Get("/api/v1/students/" + lower).status, 200);
  auto found = As("school_registrar").Get("/api/v1/students?q=" + number);
  ASSERT_EQ(found.Json().at("items").as_array().size(), 1u) << found.body;
}

TEST_P(Students, R_SEC_3_id_numbers_masked_and_each_reveal_audited) {
  std::string id = NewFirstGraderIdNumber();
  json::object s = RegisterActive(id);
  std::string key = std::to_string(s.at("id").as_int64());
  std::string masked = id.substr(0, 6) + "********" + id.substr(14);
  EXPECT_EQ(s.at("record").at("id_number").as_string(), masked);
  auto list = As("nanming_registrar").Get("/api/v1/students?q=" + id);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(list.Json().at("items").at(0).at("id_number").as_string(), masked);
  EXPECT_EQ(list.body.find(id), std::string::npos);
  auto reveal = As("school_registrar").Post("/api/v1/students/" + key + "/reveal-id", "{}");
  ASSERT_EQ(reveal.status, 200) << reveal.body;
  EXPECT_EQ(reveal.Json().at("id_number").as_string(), id);
  EXPECT_TRUE(Audited("student.reveal_id_number", key));
  EXPECT_TRUE(Audited("student.view", key));  // R-SEC-2: the full-record view
  EXPECT_EQ(As("head_teacher").Post("/api/v1/students/" + key + "/reveal-id", "{}").status, 403);
  EXPECT_EQ(As("school_registrar")
                .Post("/api/v1/students/" + key + "/reveal-id", R"({"guardian":5})")
                .ErrorCode(),
            "NOT_FOUND");
}

TEST_P(Students, R_INFO_1_every_wrong_field_at_once_and_nothing_saved) {
  std::string id = NewFirstGraderIdNumber();
  std::string bad_id = id.substr(0, 17) + (id[17] == '0' ? "1" : "0");
  auto body = json::parse(FirstGraderBody(FirstGradeClass("5201020001"), bad_id)).as_object();
  body["name"] = "";
  body["guardians"].as_array()[0].as_object()["phone"] = "12";
  auto r =
      As("school_registrar").Post("/api/v1/schools/5201020001/students", json::serialize(body));
  ASSERT_EQ(r.status, 400) << r.body;
  std::map<std::string, std::string> fields;
  json::value error = r.Json();
  for (const auto& d : error.at("error").at("details").as_array()) {
    fields[std::string(d.at("field").as_string())] = std::string(d.at("code").as_string());
  }
  EXPECT_EQ(fields["id_number"], "ID_CHECKSUM");
  EXPECT_EQ(fields["name"], "REQUIRED");
  EXPECT_TRUE(fields.count("guardians[0].phone"));
  auto search = As("school_registrar").Get("/api/v1/students?q=" + bad_id);
  EXPECT_EQ(search.Json().at("items").as_array().size(), 0u);
}

TEST_P(Students, R_SEC_5_malformed_bodies_are_field_errors) {
  struct Case {
    const char* body;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"guardians":"父亲"})", "WRONG_TYPE", "guardians"},
      {R"({"class_id":"1班"})", "WRONG_TYPE", "class_id"},
      {R"({"name":12})", "WRONG_TYPE", "name"},
      {R"({"nickname":"小明"})", "UNKNOWN_FIELD", "nickname"},
      {R"({"guardians":[{"age":"30"}]})", "UNKNOWN_FIELD", "guardians[0].age"},
      {R"({"guardians":[1,2,3,4,5,6,7]})", "WRONG_TYPE", "guardians"},
      {"[1]", "JSON_NOT_OBJECT", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto r = As("school_registrar").Post("/api/v1/schools/5201020001/students", c.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
    if (*c.field) {
      EXPECT_EQ(r.Json().at("error").at("field").as_string(), c.field) << r.body;
    }
  }
}

TEST_P(Students, R_INFO_5_search_by_name_pinyin_and_traditional_characters) {
  std::string id = NewFirstGraderIdNumber();
  auto sub = As("school_registrar")
                 .Post("/api/v1/schools/5201020001/students",
                       FirstGraderBody(FirstGradeClass("5201020001"), id, "欧阳锦绣"));
  ASSERT_EQ(sub.status, 201) << sub.body;
  int64_t sid = sub.Json().at("id").as_int64();
  for (const char* q : {"欧阳锦", "歐陽錦", "ouyangjin", "OuYang Jin"}) {
    SCOPED_TRACE(q);
    auto r = As("school_registrar").Get("/api/v1/students?org=5201020001&q=" + PercentEncode(q));
    ASSERT_EQ(r.status, 200) << r.body;
    bool found = false;
    json::value page = r.Json();
    for (const auto& item : page.at("items").as_array()) {
      found = found || item.at("id").as_int64() == sid;
    }
    EXPECT_TRUE(found) << r.body;
  }
}

TEST_P(Students, R_INFO_5_search_by_pinyin_initials) {
  std::string id = NewFirstGraderIdNumber();
  auto sub = As("school_registrar")
                 .Post("/api/v1/schools/5201020001/students",
                       FirstGraderBody(FirstGradeClass("5201020001"), id, "欧阳锦绣"));
  ASSERT_EQ(sub.status, 201) << sub.body;
  int64_t sid = sub.Json().at("id").as_int64();
  struct Case {
    const char* q;
    bool found;
  } cases[] = {
      {"oyjx", true},    // ou yang jin xiu
      {"OYJ", true},     // a prefix of the initials, any case
      {"o y j", true},   // spaces ignored
      {"oj", false},     // a syllable skipped
      {"yjx", false},    // not from the first syllable
      {"oyjxa", false},  // one letter too many
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.q);
    auto r = As("school_registrar").Get("/api/v1/students?org=5201020001&q=" + PercentEncode(c.q));
    ASSERT_EQ(r.status, 200) << r.body;
    bool found = false;
    json::value page = r.Json();
    for (const auto& item : page.at("items").as_array()) {
      found = found || item.at("id").as_int64() == sid;
    }
    EXPECT_EQ(found, c.found) << r.body;
  }
}

TEST_P(Students, R_REG_5_duplicate_in_another_county_is_arbitrated_by_the_city) {
  std::string id = NewFirstGraderIdNumber();
  json::object holder = RegisterActive(id);
  std::string user = "yy_reg_" + std::string(GetParam() == store::Dialect::kSqlite ? "s" : "p");
  json::object account{{"username", user},
                       {"display_name", "云岩区学校学籍管理员"},
                       {"password", kDemoPassword},
                       {"role", "school_registrar"},
                       {"org_code", "5201030001"}};
  As("sysadmin").Post("/api/v1/users", json::serialize(account));
  auto dup = As(user).Post("/api/v1/schools/5201030001/students",
                           FirstGraderBody(FirstGradeClass("5201030001"), id));
  ASSERT_EQ(dup.status, 201) << dup.body;
  ASSERT_EQ(dup.Json().at("registration").as_string(), "problem");
  std::string problem = std::to_string(dup.Json().at("problem_id").as_int64());
  auto list = As("gy_registrar").Get("/api/v1/problem-records?state=open");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GE(list.Json().at("open_counts").at("duplicate_id").as_int64(), 1);
  // The county of either school may look but not decide.
  auto refused = As("yunyan_registrar")
                     .Post("/api/v1/problem-records/" + problem + "/resolve",
                           R"({"action":"keep_other","note":"在南明区就读"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto done = As("gy_registrar")
                  .Post("/api/v1/problem-records/" + problem + "/resolve",
                        R"({"action":"keep_other","note":"学生在南明区就读（人籍一致）"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("state").as_string(), "resolved");
  EXPECT_EQ(done.Json().at("student").at("registration").as_string(), "cancelled");
  EXPECT_EQ(done.Json().at("kept_student_id").as_int64(), holder.at("id").as_int64());
  // The holder's school sees the problem; another county does not (R-ORG-4).
  auto seen = As("school_registrar").Get("/api/v1/problem-records?state=resolved");
  EXPECT_NE(seen.body.find("\"id\":" + problem + ","), std::string::npos) << seen.body;
}

TEST_P(Students, R_SPEC_2025_R_CHG_4_PATCH_edits_province_values_and_as_of_shows_the_old_ones) {
  DefineBoarding();
  std::string key = std::to_string(RegisterActive(NewFirstGraderIdNumber()).at("id").as_int64());
  auto set = PatchExtra(key, R"({"api_boarding":"1"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json::serialize(set.Json().at("changes")),
            R"([{"field":"extra.api_boarding","old":"","new":"1"}])");
  Backdate(key, 2);
  std::string yesterday = domain::FormatDate(
      domain::CstDate(domain::AddMinutes(service::SystemClock().Now(), -24 * 60)));
  auto changed = PatchExtra(key, R"({"api_boarding":"0"})");
  ASSERT_EQ(changed.status, 200) << changed.body;

  auto now = As("school_registrar").Get("/api/v1/students/" + key);
  EXPECT_EQ(now.Json().at("record").at("extra").at("api_boarding").as_string(), "0") << now.body;
  auto past = As("school_registrar").Get("/api/v1/students/" + key + "/as-of?date=" + yesterday);
  ASSERT_EQ(past.status, 200) << past.body;
  EXPECT_EQ(past.Json().at("record").at("extra").at("api_boarding").as_string(), "1") << past.body;
  EXPECT_EQ(past.Json().at("changes_undone").as_int64(), 1);
  // The same record by its 学籍号 and `as_of` on the record's own address.
  std::string number(now.Json().at("student_number").as_string());
  auto by_number = As("school_registrar").Get("/api/v1/students/" + number + "?as_of=" + yesterday);
  ASSERT_EQ(by_number.status, 200) << by_number.body;
  EXPECT_EQ(by_number.body, past.body);
  auto bad = As("school_registrar").Get("/api/v1/students/" + number + "?as_of=2026-02-30");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorCode(), "DATE") << bad.body;
  auto history = As("school_registrar").Get("/api/v1/students/" + key + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  std::vector<std::string> rows;
  json::value items = history.Json();
  for (const auto& e : items.at("items").as_array()) {
    if (e.at("field").as_string() != "extra.api_boarding") continue;
    rows.push_back(std::string(e.at("label").as_string()) + ":" +
                   std::string(e.at("old").as_string()) + "→" +
                   std::string(e.at("new").as_string()));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"是否寄宿:→1", "是否寄宿:1→0"})) << history.body;
}

TEST_P(Students, R_SPEC_2025_R_SEC_5_bad_province_values_are_refused_and_nothing_changes) {
  DefineBoarding();
  std::string key = std::to_string(RegisterActive(NewFirstGraderIdNumber()).at("id").as_int64());
  struct Case {
    const char* extra;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"api_boarding":"7"})", "CODE_VALUE", "extra.api_boarding"},
      {R"({"shoe_size":"36"})", "UNKNOWN_FIELD", "extra.shoe_size"},
      {R"({"api_boarding":1})", "WRONG_TYPE", "extra.api_boarding"},
      {R"("是")", "WRONG_TYPE", "extra"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.extra);
    auto r = PatchExtra(key, c.extra);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
    EXPECT_EQ(r.Json().at("error").at("field").as_string(), c.field) << r.body;
  }
  // With a national error, every field in one answer.
  auto both =
      As("school_registrar")
          .Patch("/api/v1/students/" + key,
                 R"({"reason":"更正","fields":{"phone":"12"},"extra":{"api_boarding":"7"}})");
  ASSERT_EQ(both.status, 400) << both.body;
  std::vector<std::string> fields;
  json::value error = both.Json();
  for (const auto& d : error.at("error").at("details").as_array()) {
    fields.push_back(std::string(d.at("field").as_string()));
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"phone", "extra.api_boarding"})) << both.body;
  auto after = As("school_registrar").Get("/api/v1/students/" + key);
  EXPECT_EQ(json::serialize(after.Json().at("record").at("extra")), "{}") << after.body;
  auto history = As("school_registrar").Get("/api/v1/students/" + key + "/history");
  EXPECT_EQ(history.body.find("extra."), std::string::npos) << history.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, Students, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
