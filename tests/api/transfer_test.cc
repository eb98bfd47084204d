// Black-box tests of transfers (SPEC §7): a cross-county transfer from
// 南明区第一小学 to 云岩区实验小学 through the four approvals to 调档, seen
// from both schools; the refusals that name their rule and figures (the
// freeze window, a full class, the student's status, a second open
// transfer) and the unknown student (404) — on SQLite and PostgreSQL.
//
// The servers run on fixed clocks (XUEJI_NOW): 2026-09-10 for the flow, and
// 2026-08-14 20:00 CST, inside the national freeze, for the refusal that
// names it. The students are first-graders of the 2026 intake.

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

const std::string kFrom = "5201020001";
const std::string kTo = "5201030001";

// A server of `dialect` whose clock starts at `now`, kept for the process.
TestServer& ServerAt(store::Dialect dialect, const std::string& now) {
  static std::map<std::pair<store::Dialect, std::string>, std::unique_ptr<TestServer>> servers;
  auto& s = servers[{dialect, now}];
  if (!s) {
    setenv("XUEJI_NOW", now.c_str(), 1);
    s = std::make_unique<TestServer>(dialect);
    unsetenv("XUEJI_NOW");
  }
  return *s;
}

// A new boy of the 2026 intake born 2019-09-01..: 500 odd sequences a day.
std::string NewId() {
  static int n = 0;
  int day = 1 + n / 500;
  char body[32];
  std::snprintf(body, sizeof body, "520102201909%02d%03d", day, (n % 500) * 2 + 1);
  ++n;
  std::string id(body, 17);
  return id + domain::IdCheckCharacter(id);
}

class TransferApi : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override { Use("2026-09-10T10:00:00+08:00"); }

  void Use(const std::string& now) {
    server_ = &ServerAt(GetParam(), now);
    ApiClient sys = As("sysadmin");
    for (const auto& [name, role, org] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"yy_registrar", "school_registrar", kTo}, {"yy_approver", "school_approver", kTo}}) {
      json::object u{{"username", name},
                     {"display_name", "云岩区实验小学"},
                     {"password", kDemoPassword},
                     {"role", role},
                     {"org_code", org}};
      sys.Post("/api/v1/users", json::serialize(u));  // 409 once it exists
    }
  }

  ApiClient As(const std::string& username) {
    ApiClient c(server_->port());
    auto r = c.Login(username, kDemoPassword);
    EXPECT_EQ(r.status, 200) << username << r.body;
    return c;
  }

  int64_t FirstGradeClass(const std::string& school) {
    auto classes = As("gy_registrar")
                       .Get("/api/v1/schools/" + school + "/classes")
                       .Json()
                       .at("items")
                       .as_array();
    for (const auto& c : classes) {
      if (c.at("grade_code").as_string() == "11") return c.at("id").as_int64();
    }
    return 0;
  }

  // An active first-grader of `school` (南明 or 云岩): {id, 学籍号}.
  std::pair<int64_t, std::string> Active(const std::string& school, const std::string& name) {
    bool nanming = school == kFrom;
    auto body = json::parse(FirstGraderBody(FirstGradeClass(school), NewId(), name)).as_object();
    body["entry_month"] = "202609";
    auto sub = As(nanming ? "school_registrar" : "yy_registrar")
                   .Post("/api/v1/schools/" + school + "/students", json::serialize(body));
    EXPECT_EQ(sub.status, 201) << sub.body;
    std::string key = std::to_string(sub.Json().at("id").as_int64());
    auto s = As(nanming ? "school_approver" : "yy_approver")
                 .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})");
    EXPECT_EQ(s.status, 200) << s.body;
    auto a = As(nanming ? "nanming_registrar" : "yunyan_registrar")
                 .Post("/api/v1/students/" + key + "/authority-decision", R"({"approve":true})");
    EXPECT_EQ(a.status, 200) << a.body;
    return {sub.Json().at("id").as_int64(), std::string(a.Json().at("student_number").as_string())};
  }

  std::string StartBody(const std::string& number, const std::string& name) {
    return json::serialize(json::object{{"student_key", number},
                                        {"name", name},
                                        {"to_class_id", FirstGradeClass(kTo)},
                                        {"reason", "随父母迁居云岩区"}});
  }

  void Sql(const std::string& sql, const std::vector<store::Value>& params) {
    auto db = store::OpenDatabase(server_->db_url());
    auto tx = db->BeginWrite();
    tx->Exec(sql, params);
    tx->Commit();
  }

  int64_t Transfers() {
    auto db = store::OpenDatabase(server_->db_url());
    auto tx = db->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM transfer")->Int(0);
  }

  TestServer* server_ = nullptr;
};

TEST_P(TransferApi, R_TR_2_R_TR_3_R_SEC_3_cross_county_transfer_through_four_approvals_to_move) {
  auto [student, number] = Active(kFrom, "李转学");
  ApiClient receiving = As("yy_registrar");
  auto started = receiving.Post("/api/v1/transfers", StartBody(number, "李转学"));
  ASSERT_EQ(started.status, 201) << started.body;
  auto t = started.Json().as_object();
  std::string id = std::to_string(t.at("id").as_int64());
  EXPECT_EQ(t.at("kind").as_string(), "in_province");
  ASSERT_EQ(t.at("steps").as_array().size(), 4u);
  EXPECT_EQ(t.at("steps").at(0).at("due").as_string(), "2026-09-23");

  auto early = receiving.Post("/api/v1/transfers/" + id + "/move", "");
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(early.ErrorCode(), "TRANSFER_NOT_APPROVED");

  const char* parties[] = {"nanming_registrar", "school_approver", "yunyan_registrar",
                           "yy_approver"};
  const int steps[] = {3, 2, 1, 0};
  // R-TR-2: each party finds the step in its 待办, linked to the transfer.
  for (const char* party : parties) {
    SCOPED_TRACE(party);
    auto pending = As(party).Get("/api/v1/approvals/pending?limit=50");
    ASSERT_EQ(pending.status, 200) << pending.body;
    bool found = false;
    json::value body = pending.Json();  // kept alive for the loop
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("type").as_string() == "transfer" &&
          item.at("link").as_string() == "/transfers/" + id) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << pending.body;
  }
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(parties[i]);
    auto d =
        As(parties[i])
            .Post("/api/v1/transfers/" + id + "/steps/" + std::to_string(steps[i]) + "/decision",
                  R"({"approve":true})");
    ASSERT_EQ(d.status, 200) << d.body;
    EXPECT_EQ(d.Json().at("state").as_string(), i == 3 ? "approved" : "open");
  }
  auto moved = receiving.Post("/api/v1/transfers/" + id + "/move", "");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("state").as_string(), "moved");
  EXPECT_EQ(moved.Json().at("shipping").at("due").as_string(), "2026-10-10");

  // The sending school sees the transfer and its backup, no longer the record.
  ApiClient sending = As("school_registrar");
  auto seen = sending.Get("/api/v1/transfers/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json().at("state").as_string(), "moved");
  EXPECT_EQ(sending.Get("/api/v1/students/" + std::to_string(student)).status, 404);
  auto backup = sending.Get("/api/v1/transfers/" + id + "/archive-backup");
  ASSERT_EQ(backup.status, 200) << backup.body;
  EXPECT_EQ(backup.Json().at("record").at("name").as_string(), "李转学");
  // R-SEC-3: the backup's ID numbers leave the server masked.
  json::value backup_json = backup.Json();
  std::string backup_id(backup_json.at("record").at("id_number").as_string());
  EXPECT_EQ(backup_id.size(), 18u);
  EXPECT_NE(backup_id.find("********"), std::string::npos) << backup_id;
  for (const auto& g : backup_json.at("record").at("guardians").as_array()) {
    std::string gid(g.at("id_number").as_string());
    EXPECT_TRUE(gid.empty() || gid.find("***") != std::string::npos) << gid;
  }
  auto record = receiving.Get("/api/v1/students/" + std::to_string(student));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_NE(record.body.find(kTo), std::string::npos);
  auto outgoing = sending.Get("/api/v1/transfers?direction=outgoing&state=moved");
  ASSERT_EQ(outgoing.status, 200);
  EXPECT_NE(outgoing.body.find("\"id\":" + id), std::string::npos);
  auto sheet = receiving.Get("/api/v1/transfers/" + id + "/student-sheet");
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(sheet.Json().at("rows").at(0).at("value").as_string(), "李转学");
  // The paper archive.
  auto shipped = sending.Post("/api/v1/transfers/" + id + "/shipping",
                              R"({"method":"邮寄","tracking_no":"SF1","shipped_on":"2026-09-10"})");
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  EXPECT_EQ(shipped.Json().at("shipping").at("shipped_on").as_string(), "2026-09-10");
  // Strangers: another province's county.
  json::object other{{"username", "bj_transfer"},
                     {"display_name", "北京"},
                     {"password", kDemoPassword},
                     {"role", "county_registrar"},
                     {"org_code", "110101"}};
  As("sysadmin").Post("/api/v1/users", json::serialize(other));
  EXPECT_EQ(As("bj_transfer").Get("/api/v1/transfers/" + id).status, 404);
}

TEST_P(TransferApi, R_TR_5_R_TR_7_bad_input_names_the_rule_and_changes_nothing) {
  auto [student, number] = Active(kFrom, "赵规则");
  ApiClient receiving = As("yy_registrar");
  int64_t before = Transfers();

  auto unknown = receiving.Post("/api/v1/transfers", StartBody(number, "赵规则错"));
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  auto nobody = receiving.Post("/api/v1/transfers", StartBody("G" + NewId(), "赵规则"));
  EXPECT_EQ(nobody.status, 404) << nobody.body;

  Sql("UPDATE student SET status = 'suspended' WHERE id = $1", {student});
  auto suspended = receiving.Post("/api/v1/transfers", StartBody(number, "赵规则"));
  EXPECT_EQ(suspended.status, 422) << suspended.body;
  EXPECT_EQ(suspended.ErrorCode(), "TRANSFER_STATUS");
  EXPECT_NE(suspended.body.find("休学"), std::string::npos);
  Sql("UPDATE student SET status = 'enrolled' WHERE id = $1", {student});

  int64_t cls = FirstGradeClass(kTo);
  Active(kTo, "钱在班");
  Sql("UPDATE school_class SET capacity = (SELECT COUNT(*) FROM student WHERE class_id = $1) "
      "WHERE id = $1",
      {cls});
  auto full = receiving.Post("/api/v1/transfers", StartBody(number, "赵规则"));
  EXPECT_EQ(full.status, 422) << full.body;
  EXPECT_EQ(full.ErrorCode(), "CLASS_FULL");
  EXPECT_NE(full.body.find("班额上限"), std::string::npos);
  Sql("UPDATE school_class SET capacity = 45 WHERE id = $1", {cls});
  EXPECT_EQ(Transfers(), before);

  auto first = receiving.Post("/api/v1/transfers", StartBody(number, "赵规则"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = receiving.Post("/api/v1/transfers", StartBody(number, "赵规则"));
  EXPECT_EQ(second.status, 422) << second.body;
  EXPECT_EQ(second.ErrorCode(), "TRANSFER_OPEN");
  EXPECT_EQ(Transfers(), before + 1);
  auto refuse = As("school_approver")
                    .Post("/api/v1/transfers/" + std::to_string(first.Json().at("id").as_int64()) +
                              "/steps/2/decision",
                          R"({"approve":false})");
  EXPECT_EQ(refuse.status, 400) << refuse.body;
  auto cancel = receiving.Post(
      "/api/v1/transfers/" + std::to_string(first.Json().at("id").as_int64()) + "/cancel", "");
  EXPECT_EQ(cancel.status, 200) << cancel.body;
}

TEST_P(TransferApi, R_TR_6_refused_in_the_freeze_window_naming_its_dates) {
  Use("2026-08-14T20:00:00+08:00");
  auto [student, number] = Active(kFrom, "孙冻结");
  int64_t before = Transfers();
  auto r = As("yy_registrar").Post("/api/v1/transfers", StartBody(number, "孙冻结"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.ErrorCode(), "TRANSFER_FREEZE");
  EXPECT_NE(r.body.find("07-15至08-14"), std::string::npos) << r.body;
  EXPECT_EQ(Transfers(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
