// Black-box tests of the public guardian query (R-SVC-3, R-SEC-3, R-TR-2):
// no session needed; the answer holds the school, grade, class, status and
// the masked name and nothing else, with the steps of a transfer; a wrong
// name is answered exactly like an unknown number; bad input of every kind
// is refused without counting; the sixth failed try in ten minutes is 429.
// Each test runs its own server (its clock fixed by XUEJI_NOW) so that the
// limits, counted per client address, start from zero — on SQLite and
// PostgreSQL.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/workflow.h"
#include "service/business_calendar_service.h"
#include "service/workflow_requests.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPath = "/api/v1/public/guardian-query";

std::string Body(const std::string& number, const std::string& name) {
  return json::serialize(json::object{{"number", number}, {"name", name}});
}

class GuardianQueryApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    setenv("XUEJI_NOW", "2026-09-10T10:00:00+08:00", 1);
    server_ = std::make_unique<TestServer>(GetParam());
    unsetenv("XUEJI_NOW");
  }

  ApiClient Login(const std::string& username) {
    ApiClient c(server_->port());
    EXPECT_EQ(c.Login(username, kDemoPassword).status, 200) << username;
    return c;
  }
  // Registers a first-grader of 5201020001 through the API; returns its
  // id and 学籍号.
  std::pair<int64_t, std::string> RegisterActive(const std::string& id_number) {
    ApiClient registrar = Login("school_registrar");
    auto classes = registrar.Get("/api/v1/schools/5201020001/classes").Json().at("items");
    int64_t class_id = 0;
    for (const auto& c : classes.as_array()) {
      if (c.at("grade_code") == "11" && c.at("name") == "1班") class_id = c.at("id").as_int64();
    }
    auto sub =
        registrar.Post("/api/v1/schools/5201020001/students", FirstGraderBody(class_id, id_number));
    EXPECT_EQ(sub.status, 201) << sub.body;
    std::string key = std::to_string(sub.Json().at("id").as_int64());
    auto school = Login("school_approver")
                      .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})");
    EXPECT_EQ(school.status, 200) << school.body;
    auto done = Login("nanming_registrar")
                    .Post("/api/v1/students/" + key + "/authority-decision", R"({"approve":true})");
    EXPECT_EQ(done.Json().at("registration"), "active") << done.body;
    auto detail = registrar.Get("/api/v1/students/" + key).Json();
    return {std::stoll(key), std::string(detail.at("student_number").as_string())};
  }
  // R-TR-2: a transfer of the student to a 云岩区 school started today
  // (2026-09-10) in the server's database, four approvals in any order.
  void StartTransfer(int64_t student_id) {
    auto db = store::OpenDatabase(server_->db_url());
    auto tx = db->BeginWrite();
    auto user = tx->QueryOne("SELECT id FROM app_user WHERE username = 'yunyan_registrar'");
    service::Context ctx{service::Actor{}, "test", *domain::ParseInstant("2026-09-10T09:00:00Z")};
    ctx.actor->user_id = user->Int(0);
    ctx.actor->org_code = "520103";
    auto owner = [&](const std::string& code, domain::Role role) {
      auto path = tx->QueryOne("SELECT path FROM org WHERE code = $1", {code})->Text(0);
      return domain::StepOwner{code, path, role};
    };
    domain::WorkflowSpec spec{
        "transfer",
        domain::StepOrder::kAnyOrder,
        {{"转入学校审核", owner("5201030001", domain::Role::kSchoolApprover), 10},
         {"转入地学籍主管部门审核", owner("520103", domain::Role::kCountyRegistrar), 10},
         {"转出学校审核", owner("5201020001", domain::Role::kSchoolApprover), 10},
         {"转出地学籍主管部门审核", owner("520102", domain::Role::kCountyRegistrar), 10}}};
    auto calendar = service::LoadBusinessCalendar(*tx, 2026, 2027);
    auto started =
        domain::StartRequest(spec, ctx.actor->user_id, *domain::ParseDate("2026-09-10"),
                             [&](domain::Date d, int n) { return calendar.AddWorkingDays(d, n); });
    ASSERT_TRUE(started.ok()) << started.error().message;
    service::InsertWorkflowRequest(*tx, ctx, *started, student_id, "{}");
    tx->Commit();
  }
  HttpResult Ask(const std::string& body) {
    ApiClient anonymous(server_->port());
    return anonymous.Post(kPath, body);
  }

  std::unique_ptr<TestServer> server_;
};

TEST_P(GuardianQueryApi, R_SVC_3_a_guardian_sees_the_record_and_the_transfer_steps) {
  std::string id_number = NewFirstGraderIdNumber();
  auto [student_id, number] = RegisterActive(id_number);
  ASSERT_FALSE(number.empty());

  HttpResult r = Ask(Body(number, "王小明"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto answer = r.Json().as_object();
  EXPECT_EQ(answer.size(), 2u);
  const auto& student = answer.at("student").as_object();
  EXPECT_EQ(student.at("masked_name"), "王*明");
  EXPECT_EQ(student.at("school_name"), "贵阳市南明区第一小学");
  EXPECT_EQ(student.at("grade_name"), "一年级");
  EXPECT_EQ(student.at("class_name"), "1班");
  EXPECT_EQ(student.at("status_name"), "在籍在读");
  EXPECT_EQ(student.size(), 6u) << r.body;
  EXPECT_TRUE(answer.at("transfer").is_null());
  // R-SEC-3: nothing else of the record leaves.
  for (const char* secret : {id_number.c_str(), "王小明", "2019", "王大明", "13908510000"}) {
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " in " << r.body;
  }

  ASSERT_NO_FATAL_FAILURE(StartTransfer(student_id));
  r = Ask(Body(id_number, "王 小明"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto tracked = r.Json();
  const auto& transfer = tracked.at("transfer").as_object();
  EXPECT_EQ(transfer.at("state_name"), "办理中");
  EXPECT_EQ(transfer.at("started_on"), "2026-09-10");
  const auto& steps = transfer.at("steps").as_array();
  ASSERT_EQ(steps.size(), 4u);
  const char* roles[] = {"学校审核人", "学籍主管部门", "学校审核人", "学籍主管部门"};
  for (size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(steps[i].at("state_name"), "审核中");
    EXPECT_EQ(steps[i].at("holder_role"), roles[i]);
    EXPECT_EQ(steps[i].at("due"), "2026-09-23");
    // 09-11 … 09-23 with the make-up Sunday 09-20: ten working days.
    EXPECT_EQ(steps[i].at("working_days_left"), 10);
    EXPECT_TRUE(steps[i].at("decided_on").is_null());
  }
  EXPECT_EQ(steps[0].at("name"), "转入学校审核");
  EXPECT_EQ(steps[2].at("holder_org"), "贵阳市南明区第一小学");
}

TEST_P(GuardianQueryApi, R_SVC_3_bad_input_is_refused_and_not_counted) {
  std::string id_number = NewFirstGraderIdNumber();
  auto [student_id, number] = RegisterActive(id_number);
  (void)student_id;
  ApiClient anonymous(server_->port());
  struct Case {
    const char* what;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"empty body", "", 400, "REQUIRED"},
      {"malformed JSON", R"({"number": "G1", )", 400, "JSON_MALFORMED"},
      {"not an object", R"(["G1"])", 400, "JSON_NOT_OBJECT"},
      {"unknown field", R"({"number":"1","name":"王小明","birth":"2019"})", 400, "UNKNOWN_FIELD"},
      {"wrong type", R"({"number":520102,"name":"王小明"})", 400, "WRONG_TYPE"},
      {"empty number", Body("", "王小明"), 400, "REQUIRED"},
      {"empty name", Body(number, " "), 400, "REQUIRED"},
      {"number of no kind", Body("12345", "王小明"), 400, "GUARDIAN_NUMBER_FORMAT"},
      {"long number", Body(std::string(100, '1'), "王小明"), 400, "TOO_LONG"},
      {"long name", Body(number, std::string(300, 'a')), 400, "TOO_LONG"},
      {"name with digits", Body(number, "王小明1"), 400, "NAME_CHARS"},
      {"huge body", Body(std::string(2 << 20, '1'), "王小明"), 413, "BODY_TOO_LARGE"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    HttpResult r = anonymous.Post(kPath, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
  }
  // None of them counted: the right pair is still answered.
  EXPECT_EQ(Ask(Body(number, "王小明")).status, 200);
}

TEST_P(GuardianQueryApi, R_SVC_3_a_wrong_name_is_answered_like_an_unknown_number_then_429) {
  std::string id_number = NewFirstGraderIdNumber();
  auto [student_id, number] = RegisterActive(id_number);
  (void)student_id;
  HttpResult wrong_name = Ask(Body(number, "王晓明"));
  HttpResult unknown = Ask(Body(NewFirstGraderIdNumber(), "王小明"));
  EXPECT_EQ(wrong_name.status, 404);
  EXPECT_EQ(wrong_name.ErrorCode(), "GUARDIAN_NO_MATCH");
  EXPECT_EQ(unknown.status, wrong_name.status);
  EXPECT_EQ(unknown.body, wrong_name.body);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Ask(Body(number, "李小明")).status, 404);
  // Five failed tries from this address in ten minutes: even the right pair waits.
  HttpResult limited = Ask(Body(id_number, "王小明"));
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.ErrorCode(), "RATE_LIMITED");
  ASSERT_TRUE(limited.headers.contains("retry-after")) << limited.body;
  int retry_after = std::stoi(limited.headers["retry-after"]);
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 600);
  std::string message(limited.Json().at("error").at("message").as_string());
  EXPECT_NE(message.find("2026-09-10 10:1"), std::string::npos) << message;
  EXPECT_NE(message.find("北京时间"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Backends, GuardianQueryApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
