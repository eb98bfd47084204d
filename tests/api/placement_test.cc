// Black-box test of R-TR-12 (第十七条): a pupil of a special-education school
// moves to 南明区第一小学 to study in an ordinary class while the record stays
// at the special-education school — the option offered by the start form's
// question, the four approvals, 调档 recording the placement, the attending
// school's list (ID numbers masked), the record school's view, the end of
// the placement; a regular → regular transfer keeping the record is refused
// naming R-TR-12. On SQLite and PostgreSQL, the server's clock fixed at
// 2026-09-10 (XUEJI_NOW).

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/id_number.h"
#include "store/database.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

const std::string kRegular = "5201020001";  // 南明区第一小学
const std::string kSpecial = "5201030093";  // created below
const std::string kOther = "5201030001";    // 云岩区实验小学

TestServer& Server(store::Dialect dialect) {
  static std::map<store::Dialect, std::unique_ptr<TestServer>> servers;
  auto& s = servers[dialect];
  if (!s) {
    setenv("XUEJI_NOW", "2026-09-10T10:00:00+08:00", 1);
    s = std::make_unique<TestServer>(dialect);
    unsetenv("XUEJI_NOW");
  }
  return *s;
}

std::string NewId(int n) {
  char body[32];
  std::snprintf(body, sizeof body, "52010220190915%03d", n * 2 + 1);
  std::string id(body, 17);
  return id + domain::IdCheckCharacter(id);
}

class PlacementApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    server_ = &Server(GetParam());
    ApiClient moe = As("moe_registrar");
    moe.Post("/api/v1/schools", json::serialize(json::object{{"code", kSpecial},
                                                             {"name", "贵阳市云岩区培智学校"},
                                                             {"stage", "primary"},
                                                             {"type", "special"},
                                                             {"county_code", "520103"}}));
    moe.Post("/api/v1/schools/" + kSpecial + "/classes", R"({"grade_code":"11","name":"1班"})");
    for (const auto& [name, role, org] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"pz_registrar", "school_registrar", kSpecial},
             {"pz_approver", "school_approver", kSpecial},
             {"yy_registrar", "school_registrar", kOther},
             {"yy_approver", "school_approver", kOther}}) {
      As("sysadmin")
          .Post("/api/v1/users",
                json::serialize(json::object{{"username", name},
                                             {"display_name", "测试"},
                                             {"password", kDemoPassword},
                                             {"role", role},
                                             {"org_code", org}}));  // 409 once it exists
    }
  }

  ApiClient As(const std::string& username) {
    ApiClient c(server_->port());
    auto r = c.Login(username, kDemoPassword);
    EXPECT_EQ(r.status, 200) << username << r.body;
    return c;
  }

  int64_t FirstGradeClass(const std::string& school) {
    auto classes =
        As("gy_registrar").Get("/api/v1/schools/" + school + "/classes").Json().at("items");
    for (const auto& c : classes.as_array()) {
      if (c.at("grade_code").as_string() == "11") return c.at("id").as_int64();
    }
    return 0;
  }

  // An active first-grader of `school` with 残疾人类型 `disability`: {id, 学籍号}.
  std::pair<int64_t, std::string> Active(const std::string& school, const std::string& registrar,
                                         const std::string& approver, const std::string& authority,
                                         const std::string& name, int n,
                                         const std::string& disability) {
    auto body = json::parse(FirstGraderBody(FirstGradeClass(school), NewId(n), name)).as_object();
    body["entry_month"] = "202609";
    body["disability"] = disability;
    auto sub = As(registrar).Post("/api/v1/schools/" + school + "/students", json::serialize(body));
    EXPECT_EQ(sub.status, 201) << sub.body;
    std::string key = std::to_string(sub.Json().at("id").as_int64());
    EXPECT_EQ(As(approver)
                  .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})")
                  .status,
              200);
    auto a = As(authority).Post("/api/v1/students/" + key + "/authority-decision",
                                R"({"approve":true})");
    EXPECT_EQ(a.status, 200) << a.body;
    return {sub.Json().at("id").as_int64(), std::string(a.Json().at("student_number").as_string())};
  }

  std::string StartBody(const std::string& number, const std::string& name,
                        const std::string& to_school, bool record_stays) {
    return json::serialize(json::object{{"student_key", number},
                                        {"name", name},
                                        {"to_class_id", FirstGradeClass(to_school)},
                                        {"reason", "随班就读"},
                                        {"record_stays", record_stays}});
  }

  TestServer* server_ = nullptr;
};

TEST_P(PlacementApi, R_TR_12_special_to_regular_record_stays_and_the_attending_school_lists_it) {
  auto [student, number] =
      Active(kSpecial, "pz_registrar", "pz_approver", "yunyan_registrar", "周随班", 1, "4");
  ApiClient attending = As("school_registrar");
  auto option = attending.Get("/api/v1/record-stay-options?student_key=" + number +
                              "&name=%E5%91%A8%E9%9A%8F%E7%8F%AD");
  ASSERT_EQ(option.status, 200) << option.body;
  EXPECT_EQ(option.Json().at("basis").as_string(), "special_education");

  auto started = attending.Post("/api/v1/transfers", StartBody(number, "周随班", kRegular, true));
  ASSERT_EQ(started.status, 201) << started.body;
  json::value t = started.Json();
  EXPECT_TRUE(t.at("record_stays").as_bool());
  std::string id = std::to_string(t.at("id").as_int64());
  const std::map<std::string, std::string> deciders = {{kRegular, "school_approver"},
                                                       {"520102", "nanming_registrar"},
                                                       {kSpecial, "pz_approver"},
                                                       {"520103", "yunyan_registrar"}};
  for (const auto& step : t.at("steps").as_array()) {
    std::string owner(step.at("owner_org").as_string());
    SCOPED_TRACE(owner);
    auto d = As(deciders.at(owner))
                 .Post("/api/v1/transfers/" + id + "/steps/" +
                           std::to_string(step.at("seq").as_int64()) + "/decision",
                       R"({"approve":true})");
    ASSERT_EQ(d.status, 200) << d.body;
  }
  auto moved = attending.Post("/api/v1/transfers/" + id + "/move", "");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("state").as_string(), "placed");
  EXPECT_TRUE(moved.Json().at("shipping").is_null());

  // The record stays at the special-education school, which sees where the pupil attends.
  ApiClient record_school = As("pz_registrar");
  auto record = record_school.Get("/api/v1/students/" + std::to_string(student));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_NE(record.body.find(kSpecial), std::string::npos);
  auto where = record_school.Get("/api/v1/students/" + std::to_string(student) + "/placement");
  ASSERT_EQ(where.status, 200) << where.body;
  EXPECT_EQ(where.Json().at("placement").at("attending_school").as_string(), kRegular);
  EXPECT_EQ(attending.Get("/api/v1/students/" + std::to_string(student) + "/placement").status,
            404);

  // The attending school's list: masked ID number, record school.
  auto list = attending.Get("/api/v1/schools/" + kRegular + "/placements");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value listed = list.Json();  // kept alive for `items`
  const auto& items = listed.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("student_name").as_string(), "周随班");
  EXPECT_EQ(items.at(0).at("record_school").as_string(), kSpecial);
  EXPECT_EQ(list.body.find(NewId(1)), std::string::npos);
  EXPECT_EQ(items.at(0).at("id_number_masked").as_string(), domain::MaskIdNumber(NewId(1)));
  EXPECT_EQ(As("yy_registrar").Get("/api/v1/schools/" + kRegular + "/placements").status, 404);

  // The pupil goes back: a bad date names the window, then the end.
  std::string end =
      "/api/v1/placements/" + std::to_string(items.at(0).at("id").as_int64()) + "/end";
  auto early = attending.Post(end, R"({"ended_on":"2026-09-01","reason":"回原校"})");
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_EQ(early.ErrorCode(), "PLACEMENT_END_DATE");
  EXPECT_EQ(As("yy_registrar").Post(end, R"({"ended_on":"2026-09-10","reason":"x"})").status, 404);
  auto ended = record_school.Post(end, R"({"ended_on":"2026-09-10","reason":"回原校就读"})");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.Json().at("state").as_string(), "ended");
  EXPECT_TRUE(attending.Get("/api/v1/schools/" + kRegular + "/placements")
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());
}

TEST_P(PlacementApi, R_TR_12_regular_to_regular_keeping_the_record_is_refused) {
  auto [student, number] = Active(kRegular, "school_registrar", "school_approver",
                                  "nanming_registrar", "郑普通", 2, "0");
  ApiClient receiving = As("yy_registrar");
  auto option = receiving.Get("/api/v1/record-stay-options?student_key=" + number +
                              "&name=%E9%83%91%E6%99%AE%E9%80%9A");
  ASSERT_EQ(option.status, 200) << option.body;
  EXPECT_TRUE(option.Json().at("basis").is_null());
  auto refused = receiving.Post("/api/v1/transfers", StartBody(number, "郑普通", kOther, true));
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.ErrorCode(), "TRANSFER_RECORD_STAYS_NOT_ALLOWED");
  EXPECT_NE(refused.body.find("R-TR-12"), std::string::npos);
  EXPECT_NE(refused.body.find("普通学校转入普通学校"), std::string::npos);
  auto unknown = receiving.Get("/api/v1/record-stay-options?student_key=" + number + "&name=x");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, PlacementApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
