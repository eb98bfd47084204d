// Black-box tests of 待办审批 (R-TR-2, R-CAL-1, R-SEC-3, R-SEC-4): a
// registration submitted shows up in the school approver's pending list with
// its deadline and working days left, then in the record authority's; an
// overdue step is listed for the level above; pending due dates (期限待定)
// are filled in when the year is entered; on SQLite and PostgreSQL.
//
// The server runs with its clock fixed (XUEJI_NOW) at Tuesday 1 December
// 2026, so that every deadline lies in the shipped calendar's years.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "store/database.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

constexpr const char* kNow = "2026-12-01T10:00:00+08:00";

class Approvals : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto& server = servers_[GetParam()];
    if (!server) {
      setenv("XUEJI_NOW", kNow, 1);
      server = std::make_unique<TestServer>(GetParam());
      unsetenv("XUEJI_NOW");
    }
  }
  ApiClient As(const std::string& username) {
    ApiClient c(servers_[GetParam()]->port());
    HttpResult r = c.Login(username, kDemoPassword);
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }
  int64_t FirstGradeClass(ApiClient& c) {
    json::value body = c.Get("/api/v1/schools/5201020001/classes").Json();
    for (const auto& cls : body.at("items").as_array()) {
      if (cls.at("grade_code").as_string() == "11") return cls.at("id").as_int64();
    }
    ADD_FAILURE() << "no first-grade class";
    return 0;
  }
  int64_t Submit(const std::string& name) {
    ApiClient registrar = As("school_registrar");
    auto r =
        registrar.Post("/api/v1/schools/5201020001/students",
                       FirstGraderBody(FirstGradeClass(registrar), NewFirstGraderIdNumber(), name));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  // The item about `student` in a list, or null.
  json::value ItemOf(const HttpResult& list, int64_t student) {
    EXPECT_EQ(list.status, 200) << list.body;
    if (list.status != 200) return nullptr;
    json::value body = list.Json();
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("student_id").is_int64() && item.at("student_id").as_int64() == student) {
        return item;
      }
    }
    return nullptr;
  }
  std::unique_ptr<store::Database> Db() {
    return store::OpenDatabase(servers_[GetParam()]->db_url());
  }

  static std::map<store::Dialect, std::unique_ptr<TestServer>> servers_;
};

std::map<store::Dialect, std::unique_ptr<TestServer>> Approvals::servers_;

TEST_P(Approvals, R_TR_2_a_submitted_registration_is_pending_with_its_deadline) {
  int64_t id = Submit("李待办");
  HttpResult mine = As("school_approver").Get("/api/v1/approvals/pending?limit=100");
  ASSERT_EQ(mine.status, 200) << mine.body;
  json::value item = ItemOf(mine, id);
  ASSERT_TRUE(item.is_object()) << mine.body;
  EXPECT_EQ(item.at("type").as_string(), "registration");
  EXPECT_EQ(item.at("type_name").as_string(), "学籍注册");
  EXPECT_EQ(item.at("step_name").as_string(), "学校审核");
  EXPECT_EQ(item.at("student_name").as_string(), "李待办");
  EXPECT_EQ(item.at("student_number").as_string(), "");
  EXPECT_EQ(item.at("owner_org").as_string(), "5201020001");
  EXPECT_EQ(item.at("opened_on").as_string(), "2026-12-01");
  EXPECT_EQ(item.at("due").as_string(), "2026-12-15");  // 10 working days
  EXPECT_EQ(item.at("days_left").as_int64(), 10);
  EXPECT_FALSE(item.at("overdue").as_bool());
  EXPECT_EQ(item.at("link").as_string(), "/students/" + std::to_string(id));
  // R-SEC-3: no ID number leaves the server in the list.
  EXPECT_EQ(item.as_object().count("id_number"), 0u);
  // The registrar who submitted it decides nothing; the authority not yet.
  EXPECT_FALSE(ItemOf(As("school_registrar").Get("/api/v1/approvals/pending"), id).is_object());
  ApiClient county = As("nanming_registrar");
  EXPECT_FALSE(ItemOf(county.Get("/api/v1/approvals/pending"), id).is_object());

  auto approved = As("school_approver")
                      .Post("/api/v1/students/" + std::to_string(id) + "/school-decision",
                            R"({"approve":true})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_FALSE(ItemOf(As("school_approver").Get("/api/v1/approvals/pending"), id).is_object());
  json::value next = ItemOf(county.Get("/api/v1/approvals/pending"), id);
  ASSERT_TRUE(next.is_object());
  EXPECT_EQ(next.at("step_name").as_string(), "学籍主管部门核准");
  EXPECT_EQ(next.at("owner_org").as_string(), "520102");
  EXPECT_EQ(next.at("due").as_string(), "2026-12-15");
}

TEST_P(Approvals, R_TR_2_an_overdue_step_escalates_to_the_level_above) {
  int64_t id = Submit("王逾期");
  {
    // As if it had been submitted in November: its deadline has passed.
    auto db = Db();
    auto tx = db->BeginWrite();
    tx->Exec(
        "UPDATE workflow_step SET opened_on = '2026-11-02', due = '2026-11-16' WHERE seq = 0 AND "
        "request_id = (SELECT id FROM workflow_request WHERE subject_student_id = $1)",
        {id});
    tx->Commit();
  }
  json::value mine = ItemOf(As("school_approver").Get("/api/v1/approvals/pending"), id);
  ASSERT_TRUE(mine.is_object());
  EXPECT_TRUE(mine.at("overdue").as_bool());
  EXPECT_EQ(mine.at("days_left").as_int64(), -11);  // Nov 17 … Dec 1
  HttpResult county = As("nanming_registrar").Get("/api/v1/approvals/escalated?limit=50");
  ASSERT_EQ(county.status, 200) << county.body;
  json::value up = ItemOf(county, id);
  ASSERT_TRUE(up.is_object()) << county.body;
  EXPECT_EQ(up.at("owner_org").as_string(), "5201020001");
  // Only the level directly above sees it; another county does not.
  EXPECT_FALSE(ItemOf(As("gy_registrar").Get("/api/v1/approvals/escalated"), id).is_object());
  EXPECT_FALSE(ItemOf(As("yunyan_registrar").Get("/api/v1/approvals/escalated"), id).is_object());
}

TEST_P(Approvals, R_SEC_4_administrators_and_bad_limits_are_refused) {
  EXPECT_EQ(As("sysadmin").Get("/api/v1/approvals/pending").status, 403);
  EXPECT_EQ(As("auditadmin").Get("/api/v1/approvals/escalated").status, 403);
  HttpResult bad = As("school_approver").Get("/api/v1/approvals/pending?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "LIMIT_RANGE");
  ApiClient anonymous(servers_[GetParam()]->port());
  EXPECT_EQ(anonymous.Get("/api/v1/approvals/pending").status, 401);
}

// R-CAL-1: a step whose deadline reaches a year the calendar lacks is listed
// as 期限待定 (due null) and gets its date when the administrator enters the
// year. 2099 is read by no other test.
TEST_P(Approvals, R_CAL_1_a_pending_due_date_is_filled_in_when_the_year_is_entered) {
  int64_t id = Submit("赵待定");
  {
    auto db = Db();
    auto tx = db->BeginWrite();
    tx->Exec(
        "UPDATE workflow_step SET opened_on = '2099-12-24', due = NULL WHERE seq = 0 AND "
        "request_id = (SELECT id FROM workflow_request WHERE subject_student_id = $1)",
        {id});
    tx->Commit();
  }
  json::value before = ItemOf(As("school_approver").Get("/api/v1/approvals/pending"), id);
  ASSERT_TRUE(before.is_object());
  EXPECT_TRUE(before.at("due").is_null());
  EXPECT_TRUE(before.at("days_left").is_null());
  EXPECT_FALSE(before.at("overdue").as_bool());
  // 2099 alone is not enough: ten working days from 24 December reach 2100.
  auto y2099 = As("sysadmin")
                   .Put("/api/v1/calendar/2099",
                        R"({"days":[{"date":"2099-01-01","kind":"holiday","name":"元旦"}]})");
  ASSERT_EQ(y2099.status, 200) << y2099.body;
  EXPECT_TRUE(
      ItemOf(As("school_approver").Get("/api/v1/approvals/pending"), id).at("due").is_null());
  auto y2100 = As("sysadmin")
                   .Put("/api/v1/calendar/2100",
                        R"({"days":[{"date":"2100-01-01","kind":"holiday","name":"元旦"}]})");
  ASSERT_EQ(y2100.status, 200) << y2100.body;
  // Dec 25, 28–31 (5); Jan 1 is off; Jan 4–8 (10).
  EXPECT_EQ(
      ItemOf(As("school_approver").Get("/api/v1/approvals/pending"), id).at("due").as_string(),
      "2100-01-08");
}

INSTANTIATE_TEST_SUITE_P(Backends, Approvals, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
