// R-ORG-4: every endpoint × every role × targets inside and outside the
// caller's subtree. The table below must have one row per route of the
// router: a new route without a row fails RouteTableIsComplete.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "domain/org.h"
#include "domain/role.h"
#include "http/router.h"
#include "io/import_template.h"
#include "service/clock.h"
#include "service/status_changes.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;
using domain::Permission;

// A school and its surroundings that requests are aimed at.
struct Target {
  std::string name;
  std::string school, county, school_path, county_path;
  int64_t class_id = 0;
  std::string user;              // an account at the school
  int64_t student_id = 0;        // a record of the school, pending the school approver
  int64_t problem_id = 0;        // a 问题学籍 of the school
  int64_t proof_id = 0;          // a proof file of an active record of the school
  int64_t change_id = 0;         // a key-data change request of that record
  int64_t pair_id = 0;           // a suspected duplicate pair of the school
  int64_t status_change_id = 0;  // an open 复学 of the active record (R-ST-2)
  int64_t dropout_id = 0;        // the 控辍保学 case of its approved 辍学 (R-ST-5)
};

struct Request {
  std::string path;
  std::string body;
};

struct Row {
  // Which organization the route's scope resolves to for a target.
  enum class Aim { kNone, kSchool, kCounty, kProvince, kMinistry } aim;
  std::function<Request(ApiClient& setup, const Target& t, int n)> build;
  int reached_status = 0;  // status when the handler runs; 0 = the route's success status
};

// A template CSV with every required column and one row of just a name.
std::string ImportCsv() {
  std::string header, row;
  for (const auto& c : io::TemplateColumns()) {
    if (!c.required) continue;
    header += (header.empty() ? "" : ",") + c.header;
    row += row.empty() ? "矩阵导入" : ",";
  }
  return header + "\n" + row + "\n";
}

std::map<std::string, Row> Table() {
  using A = Row::Aim;
  auto fixed = [](std::string path, std::string body = "") {
    return [path, body](ApiClient&, const Target&, int) { return Request{path, body}; };
  };
  // A request on the target's pending record, or on its key-data change.
  auto student = [](std::string suffix, std::string body = "") {
    return [suffix, body](ApiClient&, const Target& t, int) {
      return Request{"/api/v1/students/" + std::to_string(t.student_id) + suffix, body};
    };
  };
  auto change = [](std::string suffix, std::string body) {
    return [suffix, body](ApiClient&, const Target& t, int) {
      return Request{"/api/v1/key-changes/" + std::to_string(t.change_id) + suffix, body};
    };
  };
  auto status_change = [](std::string suffix, std::string body) {
    return [suffix, body](ApiClient&, const Target& t, int) {
      return Request{"/api/v1/status-changes/" + std::to_string(t.status_change_id) + suffix, body};
    };
  };
  auto dropout = [](std::string suffix, std::string body) {
    return [suffix, body](ApiClient&, const Target& t, int) {
      return Request{"/api/v1/dropouts/" + std::to_string(t.dropout_id) + suffix, body};
    };
  };
  // Waits until no import job of `school` is queued or running (jobs run on
  // the server's worker; a school runs one at a time).
  auto imports_idle = [](ApiClient& setup, const std::string& school) {
    for (int i = 0; i < 3000; ++i) {
      auto r = setup.Get("/api/v1/schools/" + school + "/imports");
      bool busy = false;
      auto body = r.Json();
      for (const auto& j : body.at("items").as_array()) {
        busy =
            busy || j.at("state").as_string() == "queued" || j.at("state").as_string() == "running";
      }
      if (!busy) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "import jobs of " << school << " still running";
  };
  // A job of the target school, uploaded by its registrar on first use and
  // run to its end.
  auto import_job = [imports_idle](std::string suffix) {
    return [suffix, imports_idle](ApiClient& setup, const Target& t, int) {
      static std::map<std::string, int64_t> jobs;  // by session and school
      int64_t& id = jobs[setup.cookie() + t.school];
      if (id == 0) {
        ApiClient registrar = setup;
        EXPECT_EQ(registrar.Login("treg_" + t.school, kDemoPassword).status, 200);
        imports_idle(setup, t.school);
        auto r = registrar.Post("/api/v1/schools/" + t.school + "/imports?name=a.csv&mode=B",
                                ImportCsv());
        EXPECT_EQ(r.status, 202) << r.body;
        id = r.status == 202 ? r.Json().at("id").as_int64() : 0;
        imports_idle(setup, t.school);
      }
      return Request{"/api/v1/imports/" + std::to_string(id) + suffix, ""};
    };
  };
  // R-SEC-1: an export request of the target school's registrar, rejected by
  // its county on first use, so that deciding or downloading it is a 409.
  auto export_request = [](std::string suffix) {
    return [suffix](ApiClient& setup, const Target& t, int) {
      static std::map<std::string, int64_t> requests;  // by session and school
      int64_t& id = requests[setup.cookie() + t.school];
      if (id == 0) {
        ApiClient registrar = setup;
        EXPECT_EQ(registrar.Login("treg_" + t.school, kDemoPassword).status, 200);
        json::object b{{"scope_org", t.school},
                       {"kind", "roster"},
                       {"full_id_numbers", true},
                       {"purpose", "矩阵"},
                       {"recipient", "矩阵接收方"}};
        auto r = registrar.Post("/api/v1/export-requests", json::serialize(b));
        EXPECT_EQ(r.status, 201) << r.body;
        id = r.status == 201 ? r.Json().at("id").as_int64() : 0;
        ApiClient county = setup;
        std::string county_user = t.county == "520102"   ? "nanming_registrar"
                                  : t.county == "520103" ? "yunyan_registrar"
                                                         : "matrix_dongcheng";
        EXPECT_EQ(county.Login(county_user, kDemoPassword).status, 200);
        auto d = county.Post("/api/v1/export-requests/" + std::to_string(id) + "/reject",
                             R"({"comment":"矩阵"})");
        EXPECT_EQ(d.status, 200) << d.body;
      }
      return Request{"/api/v1/export-requests/" + std::to_string(id) + suffix,
                     suffix.empty() || suffix == "/file.xlsx" ? "" : R"({"comment":"矩阵"})"};
    };
  };
  auto new_class = [](ApiClient& setup, const Target& t, int n) {
    json::object body{{"grade_code", "11"}, {"name", "J" + std::to_string(n)}};
    auto r = setup.Post("/api/v1/schools/" + t.school + "/classes", json::serialize(body));
    return std::to_string(r.Json().at("id").as_int64());
  };
  return {
      {"POST /api/v1/auth/login",
       {A::kNone, fixed("/api/v1/auth/login", R"({"username":"x","password":"y"})"), 401}},
      {"POST /api/v1/auth/logout", {A::kNone, fixed("/api/v1/auth/logout")}},
      {"GET /api/v1/auth/me", {A::kNone, fixed("/api/v1/auth/me")}},
      {"POST /api/v1/auth/password",
       {A::kNone, fixed("/api/v1/auth/password", R"({"old_password":"x","new_password":"y"})"),
        400}},
      {"GET /api/v1/meta", {A::kNone, fixed("/api/v1/meta")}},
      {"GET /api/v1/orgs/{code}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/orgs/" + t.school, ""};
        }}},
      {"GET /api/v1/orgs/{code}/children",
       {A::kCounty,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/orgs/" + t.county + "/children", ""};
        }}},
      {"GET /api/v1/orgs/{code}/contacts",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/orgs/" + t.school + "/contacts", ""};
        }}},
      {"POST /api/v1/schools",
       {A::kCounty,
        [](ApiClient&, const Target& t, int n) {
          json::object b{{"code", t.county + std::to_string(7000 + n)},
                         {"name", "矩阵测试学校"},
                         {"stage", "primary"},
                         {"type", "regular"},
                         {"county_code", t.county},
                         {"authority_code", t.county}};
          return Request{"/api/v1/schools", json::serialize(b)};
        }}},
      {"PATCH /api/v1/schools/{code}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school, "{}"};
        }}},
      {"GET /api/v1/schools/{code}/grades",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/grades", ""};
        }}},
      {"GET /api/v1/schools/{code}/classes",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/classes", ""};
        }}},
      {"POST /api/v1/schools/{code}/classes",
       {A::kSchool,
        [](ApiClient&, const Target& t, int n) {
          return Request{"/api/v1/schools/" + t.school + "/classes",
                         R"({"grade_code":"12","name":"M)" + std::to_string(n) + "\"}"};
        }}},
      {"PATCH /api/v1/classes/{id}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/classes/" + std::to_string(t.class_id), R"({"capacity":44})"};
        }}},
      {"DELETE /api/v1/classes/{id}",
       {A::kSchool,
        [new_class](ApiClient& setup, const Target& t, int n) {
          return Request{"/api/v1/classes/" + new_class(setup, t, n), ""};
        }}},
      {"GET /api/v1/orgs/{code}/users",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/orgs/" + t.school + "/users", ""};
        }}},
      {"POST /api/v1/users",
       {A::kSchool,
        [](ApiClient&, const Target& t, int n) {
          json::object b{{"username", "m" + t.school + "_" + std::to_string(n)},
                         {"display_name", "矩阵"},
                         {"password", kDemoPassword},
                         {"role", "school_approver"},
                         {"org_code", t.school}};
          return Request{"/api/v1/users", json::serialize(b)};
        }}},
      {"POST /api/v1/users/{username}/unlock",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/users/" + t.user + "/unlock", ""};
        }}},
      {"POST /api/v1/users/{username}/reopen",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/users/" + t.user + "/reopen", ""};
        }}},
      {"POST /api/v1/users/{username}/disable",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/users/" + t.user + "/disable", ""};
        }}},
      {"POST /api/v1/users/{username}/enable",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/users/" + t.user + "/enable", ""};
        }}},
      {"GET /api/v1/security/policy", {A::kMinistry, fixed("/api/v1/security/policy")}},
      {"PUT /api/v1/security/policy",
       {A::kMinistry,
        fixed(
            "/api/v1/security/policy",
            R"({"max_failed_logins":5,"lockout_minutes":15,"session_idle_minutes":30,"password_min_length":10})")}},
      {"GET /api/v1/audit", {A::kNone, fixed("/api/v1/audit?limit=5")}},
      {"GET /api/v1/code-tables", {A::kNone, fixed("/api/v1/code-tables")}},
      {"GET /api/v1/code-tables/{id}", {A::kNone, fixed("/api/v1/code-tables/ethnicity")}},
      // Writes the value it already has: the ministry registrar gets 200 and
      // nothing changes (R-INFO-4).
      {"PUT /api/v1/code-tables/{id}/values/{code}",
       {A::kMinistry,
        fixed("/api/v1/code-tables/yes_no/values/1", R"({"name":"是","historical":false})")}},
      // The handlers run and refuse the empty record (400): jurisdiction and
      // permission were passed.
      {"POST /api/v1/schools/{code}/students",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/students", "{}"};
        },
        400}},
      {"GET /api/v1/students",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students?org=" + t.school, ""};
        }}},
      // R-IO-3: the school's roster and the class's basic-info table.
      {"GET /api/v1/schools/{code}/exports/roster.xlsx",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/exports/roster.xlsx", ""};
        }}},
      {"GET /api/v1/schools/{code}/exports/basic-info.xlsx",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school +
                             "/exports/basic-info.xlsx?class_id=" + std::to_string(t.class_id),
                         ""};
        }}},
      {"GET /api/v1/students/{key}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students/" + std::to_string(t.student_id), ""};
        }}},
      {"POST /api/v1/students/{key}/reveal-id",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students/" + std::to_string(t.student_id) + "/reveal-id", "{}"};
        }}},
      {"POST /api/v1/students/{key}/school-decision",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students/" + std::to_string(t.student_id) + "/school-decision",
                         R"({"approve":false})"};
        },
        400}},
      {"POST /api/v1/students/{key}/authority-decision",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students/" + std::to_string(t.student_id) + "/authority-decision",
                         R"({"approve":false})"};
        },
        400}},
      // The record is not returned: the handler answers 409.
      {"POST /api/v1/students/{key}/resubmit",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/students/" + std::to_string(t.student_id) + "/resubmit", ""};
        },
        409}},
      {"GET /api/v1/problem-records",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/problem-records?org=" + t.school, ""};
        }}},
      {"GET /api/v1/problem-records/{id}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/problem-records/" + std::to_string(t.problem_id), ""};
        }}},
      {"POST /api/v1/problem-records/{id}/resolve",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/problem-records/" + std::to_string(t.problem_id) + "/resolve",
                         R"({"action":"bogus"})"};
        },
        400}},
      {"PATCH /api/v1/students/{key}", {A::kSchool, student("", R"({"nickname":"x"})"), 400}},
      {"GET /api/v1/students/{key}/history", {A::kSchool, student("/history")}},
      {"GET /api/v1/students/{key}/as-of", {A::kSchool, student("/as-of?date=2026-02-30"), 400}},
      {"GET /api/v1/students/{key}/proofs", {A::kSchool, student("/proofs")}},
      // An empty file is refused by the handler (R-ARC-2).
      {"POST /api/v1/students/{key}/proofs",
       {A::kSchool, student("/proofs?kind=id_card&name=a.png"), 400}},
      {"GET /api/v1/proofs/{id}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/proofs/" + std::to_string(t.proof_id), ""};
        }}},
      {"POST /api/v1/students/{key}/key-changes",
       {A::kSchool, student("/key-changes", R"({"bogus":1})"), 400}},
      {"GET /api/v1/key-changes",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/key-changes?org=" + t.school, ""};
        }}},
      {"GET /api/v1/key-changes/{id}", {A::kSchool, change("", "")}},
      {"POST /api/v1/key-changes/{id}/school-decision",
       {A::kSchool, change("/school-decision", "{}"), 400}},
      {"POST /api/v1/key-changes/{id}/authority-decision",
       {A::kSchool, change("/authority-decision", "{}"), 400}},
      {"POST /api/v1/key-changes/{id}/cancel", {A::kSchool, change("/cancel", R"({"x":1})"), 400}},
      // Status changes and 控辍保学 (R-ST-1, R-ST-5).
      {"GET /api/v1/students/{key}/status-change-options",
       {A::kSchool, student("/status-change-options")}},
      {"POST /api/v1/students/{key}/status-changes",
       {A::kSchool, student("/status-changes", R"({"bogus":1})"), 400}},
      {"GET /api/v1/status-changes",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/status-changes?org=" + t.school, ""};
        }}},
      {"GET /api/v1/status-changes/{id}", {A::kSchool, status_change("", "")}},
      {"POST /api/v1/status-changes/{id}/decision",
       {A::kSchool, status_change("/decision", "{}"), 400}},
      {"POST /api/v1/status-changes/{id}/cancel",
       {A::kSchool, status_change("/cancel", R"({"x":1})"), 400}},
      {"GET /api/v1/dropouts",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/dropouts?org=" + t.school, ""};
        }}},
      {"GET /api/v1/dropouts/{id}", {A::kSchool, dropout("", "")}},
      {"POST /api/v1/dropouts/{id}/resolve", {A::kSchool, dropout("/resolve", "{}"), 400}},
      {"GET /api/v1/suspected-duplicates",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/suspected-duplicates?org=" + t.school, ""};
        }}},
      {"POST /api/v1/suspected-duplicates/{id}/review",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/suspected-duplicates/" + std::to_string(t.pair_id) + "/review",
                         "{}"};
        },
        400}},
      {"GET /api/v1/number-batches", {A::kNone, fixed("/api/v1/number-batches")}},
      // The service answers for batches of the actor's subtree only: none has this id.
      {"GET /api/v1/number-batches/{id}", {A::kNone, fixed("/api/v1/number-batches/999999"), 404}},
      {"POST /api/v1/number-batches",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/number-batches", R"({"scope":")" + t.school + "\"}"};
        }}},
      {"GET /api/v1/divisions/{code}", {A::kNone, fixed("/api/v1/divisions/520102")}},
      {"GET /api/v1/divisions/{code}/children",
       {A::kNone, fixed("/api/v1/divisions/520100/children")}},
      {"GET /api/v1/provinces/{code}/fields", {A::kNone, fixed("/api/v1/provinces/520000/fields")}},
      {"PUT /api/v1/provinces/{code}/fields/{name}",
       {A::kProvince,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/provinces/" + t.school.substr(0, 2) + "0000/fields/matrix_item",
                         R"({"label":"矩阵测试项","kind":"text"})"};
        }}},
      {"GET /api/v1/calendar/working-days",
       {A::kNone, fixed("/api/v1/calendar/working-days?from=2026-02-13&days=2")}},
      {"GET /api/v1/calendar/{year}", {A::kNone, fixed("/api/v1/calendar/2026")}},
      // 2100 is read by no other test; saving the same days again is a 200
      // that changes nothing (R-CAL-1).
      {"PUT /api/v1/calendar/{year}",
       {A::kMinistry, fixed("/api/v1/calendar/2100",
                            R"({"days":[{"date":"2100-01-01","kind":"holiday","name":"元旦"}]})")}},
      // 待办审批 and escalation: the caller's own steps, selected by the service.
      {"GET /api/v1/approvals/pending", {A::kNone, fixed("/api/v1/approvals/pending?limit=5")}},
      {"GET /api/v1/approvals/escalated", {A::kNone, fixed("/api/v1/approvals/escalated?limit=5")}},
      // Transfers belong to two schools: the routes are scoped to the actor's
      // own subtree and the service answers 404 outside it (R-ORG-4, tested
      // in tests/service/transfers_test.cc and tests/api/transfer_test.cc);
      // here a transfer that exists nowhere reaches the handler as a 404.
      {"POST /api/v1/transfers", {A::kNone, fixed("/api/v1/transfers", R"({"bogus":1})"), 400}},
      {"GET /api/v1/transfers", {A::kNone, fixed("/api/v1/transfers?direction=incoming")}},
      {"GET /api/v1/transfers/{id}", {A::kNone, fixed("/api/v1/transfers/999999999"), 404}},
      {"POST /api/v1/transfers/{id}/steps/{step}/decision",
       {A::kNone, fixed("/api/v1/transfers/999999999/steps/0/decision", R"({"approve":true})"),
        404}},
      {"POST /api/v1/transfers/{id}/cancel",
       {A::kNone, fixed("/api/v1/transfers/999999999/cancel"), 404}},
      {"POST /api/v1/transfers/{id}/move",
       {A::kNone, fixed("/api/v1/transfers/999999999/move"), 404}},
      {"POST /api/v1/transfers/{id}/shipping",
       {A::kNone,
        fixed("/api/v1/transfers/999999999/shipping",
              R"({"method":"邮寄","shipped_on":"2026-01-05"})"),
        404}},
      {"POST /api/v1/transfers/{id}/rollback",
       {A::kNone, fixed("/api/v1/transfers/999999999/rollback", R"({"reason":"误转"})"), 404}},
      {"GET /api/v1/transfers/{id}/archive-backup",
       {A::kNone, fixed("/api/v1/transfers/999999999/archive-backup"), 404}},
      {"GET /api/v1/transfers/{id}/student-sheet",
       {A::kNone, fixed("/api/v1/transfers/999999999/student-sheet"), 404}},
      {"POST /api/v1/offline-transfers",
       {A::kNone, fixed("/api/v1/offline-transfers", R"({"bogus":1})"), 400}},
      {"GET /api/v1/transfer-archives/overdue",
       {A::kNone, fixed("/api/v1/transfer-archives/overdue")}},
      {"GET /api/v1/counties/{code}/transfer-report",
       {A::kCounty,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/counties/" + t.county + "/transfer-report?semester=2026-09", ""};
        }}},
      // 就读安置 (R-TR-12): the attending school's list and the record's
      // placement are scoped to their school; a placement belongs to two
      // schools, so ending one is scoped like a transfer (the service answers
      // 404 outside both; tested in tests/service/placements_test.cc).
      {"GET /api/v1/record-stay-options",
       {A::kNone, fixed("/api/v1/record-stay-options?student_key=G000&name=x"), 404}},
      {"GET /api/v1/schools/{code}/placements",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/placements", ""};
        }}},
      {"GET /api/v1/students/{key}/placement", {A::kSchool, student("/placement")}},
      {"POST /api/v1/placements/{id}/end",
       {A::kNone,
        fixed("/api/v1/placements/999999999/end", R"({"ended_on":"2026-09-10","reason":"回原校"})"),
        404}},
      // R-POL-1: anyone reads the policy of a unit of their subtree; only the
      // unit's own registrar saves it, so the save is aimed at the ministry:
      // an empty layer where none is set is a 200 that changes nothing.
      {"GET /api/v1/policy/{org_code}",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/policy/" + t.school, ""};
        }}},
      {"PUT /api/v1/policy/{org_code}", {A::kMinistry, fixed("/api/v1/policy/000000", "{}")}},
      // Public (R-SVC-3): every role, and no role, reaches it alike. A
      // malformed number is answered before any lookup, so the matrix leaves
      // the shared server's rate-limit counts alone.
      {"POST /api/v1/public/guardian-query",
       {A::kNone, fixed("/api/v1/public/guardian-query", R"({"number":"1","name":"王小明"})"),
        400}},
      // Bulk import (R-IO-1): the upload queues the job, which the server's
      // worker runs; the job routes act on a job of the target school,
      // uploaded once by its registrar and run to its end (mode B, a row
      // without its required values: done, nothing written), so that
      // cancelling it is the 409 of an ended job. Each upload waits for the
      // school's previous job to end (IMPORT_BUSY otherwise).
      {"GET /api/v1/import-template.xlsx", {A::kNone, fixed("/api/v1/import-template.xlsx")}},
      {"POST /api/v1/schools/{code}/imports",
       {A::kSchool,
        [imports_idle](ApiClient& setup, const Target& t, int) {
          imports_idle(setup, t.school);
          return Request{"/api/v1/schools/" + t.school + "/imports?name=a.csv&mode=B", ImportCsv()};
        }}},
      {"GET /api/v1/schools/{code}/imports",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          return Request{"/api/v1/schools/" + t.school + "/imports", ""};
        }}},
      {"GET /api/v1/imports/{id}", {A::kSchool, import_job("")}},
      {"POST /api/v1/imports/{id}/cancel", {A::kSchool, import_job("/cancel"), 409}},
      {"GET /api/v1/imports/{id}/result.xlsx", {A::kSchool, import_job("/result.xlsx")}},
      // Export requests (R-SEC-1): filed on the target school; deciding or
      // downloading its rejected request is a 409 for everyone who reaches it.
      {"POST /api/v1/export-requests",
       {A::kSchool,
        [](ApiClient&, const Target& t, int) {
          json::object b{{"scope_org", t.school},
                         {"kind", "roster"},
                         {"full_id_numbers", true},
                         {"purpose", "矩阵"},
                         {"recipient", "矩阵接收方"}};
          return Request{"/api/v1/export-requests", json::serialize(b)};
        },
        201}},
      {"GET /api/v1/export-requests", {A::kNone, fixed("/api/v1/export-requests?box=mine")}},
      {"GET /api/v1/export-requests/{id}", {A::kSchool, export_request("")}},
      {"POST /api/v1/export-requests/{id}/approve", {A::kSchool, export_request("/approve"), 409}},
      {"POST /api/v1/export-requests/{id}/reject", {A::kSchool, export_request("/reject"), 409}},
      {"GET /api/v1/export-requests/{id}/file.xlsx",
       {A::kSchool, export_request("/file.xlsx"), 409}},
      {"GET /healthz", {A::kNone, fixed("/healthz")}},
      {"GET /metrics", {A::kNone, fixed("/metrics")}},
      {"GET /api/v1/openapi.json", {A::kNone, fixed("/api/v1/openapi.json")}},
  };
}

// The router's routes, from a router built in-process on a scratch database.
std::vector<http::Route> RouterRoutes() {
  auto db = NewTestDatabase(store::Dialect::kSqlite);
  service::SystemClock clock;
  http::Router router(*db, clock, {});
  return router.routes();
}

TEST(Jurisdiction, R_ORG_4_RouteTableIsComplete) {
  auto table = Table();
  std::set<std::string> seen;
  for (const auto& route : RouterRoutes()) {
    std::string key = route.method + " " + route.pattern;
    seen.insert(key);
    EXPECT_TRUE(table.count(key)) << "no jurisdiction row for route " << key;
  }
  for (const auto& [key, row] : table) EXPECT_TRUE(seen.count(key)) << "row without route: " << key;
}

struct Account {
  std::string username;
  domain::Role role;
  std::string path;  // materialized path of the account's organization
};

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

int64_t UploadPng(ApiClient& registrar, const std::string& key, const std::string& kind) {
  auto p =
      registrar.Send("POST", "/api/v1/students/" + key + "/proofs?kind=" + kind + "&name=p.png",
                     TinyPng(), {{"content-type", "image/png"}});
  EXPECT_EQ(p.status, 201) << p.body;
  return p.status == 201 ? p.Json().at("id").as_int64() : 0;
}

// The demo account `username` acting at `now` (the services below run on a
// fixed clock, so that their working-day deadlines fall inside the shipped
// calendar whatever the machine's date).
service::Context ActorAt(store::Database& db, const std::string& username, const char* now) {
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(
      "SELECT u.id, u.display_name, u.role, u.org_code, o.name, o.path, o.level FROM app_user u "
      "JOIN org o ON o.code = u.org_code WHERE u.username = $1",
      {username});
  return service::Context{
      service::Actor{r->Int(0), username, r->Text(1), *domain::ParseRole(r->Text(2)), r->Text(3),
                     r->Text(4), r->Text(5), *domain::ParseOrgLevel(r->Text(6))},
      "test", *domain::ParseInstant(now)};
}

// The active record `key` drops out (approved by the school and the county:
// a 控辍保学 case, R-ST-5) and a 复学 of it is filed (R-ST-2).
void SeedStatusChanges(store::Dialect dialect, ApiClient& registrar, int64_t class_id,
                       const std::string& key, const std::string& county, Target& t) {
  constexpr const char* kNow = "2026-11-20T10:00:00+08:00";
  auto db = store::OpenDatabase(SharedServer(dialect).db_url());
  std::string registrar_name = "treg_" + t.school;
  int64_t student = std::stoll(key);
  domain::StatusChangeInput drop{"drop_out", "长期未到校", domain::ParseDate("2026-09-01")};
  auto d = service::StartStatusChange(*db, ActorAt(*db, registrar_name, kNow), student, drop,
                                      {UploadPng(registrar, key, "dropout_report")});
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_TRUE(service::DecideStatusChange(*db, ActorAt(*db, t.user, kNow), d->id, true, "").ok());
  auto done = service::DecideStatusChange(*db, ActorAt(*db, county, kNow), d->id, true, "");
  ASSERT_TRUE(done.ok() && done->state == "approved") << (done.ok() ? done->state : "");
  auto cases = registrar.Get("/api/v1/dropouts?org=" + t.school).Json();
  t.dropout_id = cases.at("items").at(0).at("id").as_int64();
  domain::StatusChangeInput resume{"resume",     "返校", domain::ParseDate("2026-11-16"),
                                   std::nullopt, "11",   class_id};
  auto r = service::StartStatusChange(*db, ActorAt(*db, registrar_name, kNow), student, resume,
                                      {UploadPng(registrar, key, "guardian_application")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  t.status_change_id = r->id;
}

// An active record of the target's school with two proofs and a request to
// change its name (R-CHG-2, R-ARC-3); then its status changes.
void SeedChange(store::Dialect dialect, ApiClient& registrar, int64_t class_id,
                const std::string& id_number, const std::string& name, Target& t) {
  auto sub = registrar.Post("/api/v1/schools/" + t.school + "/students",
                            FirstGraderBody(class_id, id_number, name));
  ASSERT_EQ(sub.status, 201) << sub.body;
  std::string key = std::to_string(sub.Json().at("id").as_int64());
  ASSERT_EQ(LoggedIn(dialect, t.user)
                .Post("/api/v1/students/" + key + "/school-decision", R"({"approve":true})")
                .status,
            200);
  std::string county = t.county == "520102"   ? "nanming_registrar"
                       : t.county == "520103" ? "yunyan_registrar"
                                              : "matrix_dongcheng";
  auto done = LoggedIn(dialect, county)
                  .Post("/api/v1/students/" + key + "/authority-decision", R"({"approve":true})");
  ASSERT_EQ(done.Json().at("registration").as_string(), "active") << done.body;
  std::vector<int64_t> proofs;
  for (const char* kind : {"id_card", "hukou_page"}) {
    auto p =
        registrar.Send("POST", "/api/v1/students/" + key + "/proofs?kind=" + kind + "&name=p.png",
                       TinyPng(), {{"content-type", "image/png"}});
    ASSERT_EQ(p.status, 201) << p.body;
    proofs.push_back(p.Json().at("id").as_int64());
  }
  t.proof_id = proofs[0];
  json::object change{{"changes", json::object{{"name", name + "改"}}},
                      {"reason", "户口簿已更名"},
                      {"proof_ids", json::array{proofs[0], proofs[1]}}};
  auto c = registrar.Post("/api/v1/students/" + key + "/key-changes", json::serialize(change));
  ASSERT_EQ(c.status, 201) << c.body;
  t.change_id = c.Json().at("id").as_int64();
  ASSERT_NO_FATAL_FAILURE(SeedStatusChanges(dialect, registrar, class_id, key, county, t));
}

// The target's pending record registered again without an ID number: the
// same name, sex and birth date make a suspected duplicate (R-REG-4).
void SeedSuspectedPair(ApiClient& registrar, int64_t class_id, const std::string& name, Target& t) {
  auto pending = registrar.Get("/api/v1/students/" + std::to_string(t.student_id)).Json();
  auto body = json::parse(FirstGraderBody(class_id, NewFirstGraderIdNumber(), name)).as_object();
  body["birth_date"] = pending.at("record").at("birth_date");
  body["id_type"] = "Z";
  body["id_number"] = "";
  auto r = registrar.Post("/api/v1/schools/" + t.school + "/students", json::serialize(body));
  ASSERT_EQ(r.status, 201) << r.body;
  auto pairs = registrar.Get("/api/v1/suspected-duplicates?org=" + t.school).Json();
  ASSERT_FALSE(pairs.at("items").as_array().empty()) << json::serialize(pairs);
  t.pair_id = pairs.at("items").at(0).at("id").as_int64();
}

// Gives every target, inside its own school only: a record pending the school
// approver, an active record with proofs and a key-data change request, a
// 问题学籍 (the active record's ID number registered again) and a suspected
// duplicate pair (the pending record again without an ID number).
void SeedStudents(store::Dialect dialect, ApiClient& moe, ApiClient& sys,
                  std::vector<Target>& targets) {
  json::object county{{"username", "matrix_dongcheng"},
                      {"display_name", "东城区"},
                      {"password", kDemoPassword},
                      {"role", "county_registrar"},
                      {"org_code", "110101"}};
  sys.Post("/api/v1/users", json::serialize(county));
  const char* pending_names[] = {"赵一", "钱二", "孙三"};
  const char* active_names[] = {"周一", "吴二", "郑三"};
  for (size_t i = 0; i < targets.size(); ++i) {
    Target& t = targets[i];
    json::object reg{{"username", "treg_" + t.school},
                     {"display_name", "矩阵"},
                     {"password", kDemoPassword},
                     {"role", "school_registrar"},
                     {"org_code", t.school}};
    sys.Post("/api/v1/users", json::serialize(reg));
    ApiClient registrar = LoggedIn(dialect, "treg_" + t.school);
    auto cls = moe.Post("/api/v1/schools/" + t.school + "/classes",
                        R"({"grade_code":"11","name":"矩阵一年级"})");
    ASSERT_EQ(cls.status, 201) << cls.body;
    int64_t first_grade = cls.Json().at("id").as_int64();
    auto pending =
        registrar.Post("/api/v1/schools/" + t.school + "/students",
                       FirstGraderBody(first_grade, NewFirstGraderIdNumber(), pending_names[i]));
    ASSERT_EQ(pending.status, 201) << pending.body;
    t.student_id = pending.Json().at("id").as_int64();
    std::string active_id = NewFirstGraderIdNumber();
    ASSERT_NO_FATAL_FAILURE(
        SeedChange(dialect, registrar, first_grade, active_id, active_names[i], t));
    auto dup = registrar.Post("/api/v1/schools/" + t.school + "/students",
                              FirstGraderBody(first_grade, active_id, active_names[i]));
    ASSERT_EQ(dup.Json().at("registration").as_string(), "problem") << dup.body;
    t.problem_id = dup.Json().at("problem_id").as_int64();
    ASSERT_NO_FATAL_FAILURE(SeedSuspectedPair(registrar, first_grade, pending_names[i], t));
  }
}

class JurisdictionMatrix : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(JurisdictionMatrix, R_ORG_4_every_route_every_role_inside_and_outside) {
  store::Dialect dialect = GetParam();
  ApiClient moe = LoggedIn(dialect, "moe_registrar");
  ApiClient sys = LoggedIn(dialect, "sysadmin");
  // A Beijing school so that Guizhou's province-level accounts have an outside.
  moe.Post(
      "/api/v1/schools",
      R"({"code":"1101010001","name":"北京市东城区矩阵小学","stage":"primary","type":"regular","county_code":"110101"})");
  moe.Post("/api/v1/schools/1101010001/classes", R"({"grade_code":"11","name":"1班"})");
  std::vector<Target> targets = {
      {"A", "5201020001", "520102", "/000000/520000/520100/520102/5201020001/",
       "/000000/520000/520100/520102/"},
      {"B", "1101010001", "110101", "/000000/110000/110100/110101/1101010001/",
       "/000000/110000/110100/110101/"},
      {"C", "5201030001", "520103", "/000000/520000/520100/520103/5201030001/",
       "/000000/520000/520100/520103/"},
  };
  for (auto& t : targets) {
    auto classes =
        moe.Get("/api/v1/schools/" + t.school + "/classes").Json().at("items").as_array();
    ASSERT_FALSE(classes.empty()) << t.school;
    t.class_id = classes.at(0).at("id").as_int64();
    t.user = "target_" + t.school;
    json::object b{{"username", t.user},
                   {"display_name", "目标"},
                   {"password", kDemoPassword},
                   {"role", "school_approver"},
                   {"org_code", t.school}};
    sys.Post("/api/v1/users", json::serialize(b));
  }
  ASSERT_NO_FATAL_FAILURE(SeedStudents(dialect, moe, sys, targets));
  const std::string gz = "/000000/520000/";
  std::vector<Account> accounts = {
      {"school_registrar", domain::Role::kSchoolRegistrar, targets[0].school_path},
      {"school_approver", domain::Role::kSchoolApprover, targets[0].school_path},
      {"head_teacher", domain::Role::kHeadTeacher, targets[0].school_path},
      {"nanming_registrar", domain::Role::kCountyRegistrar, targets[0].county_path},
      {"yunyan_registrar", domain::Role::kCountyRegistrar, targets[2].county_path},
      {"gy_registrar", domain::Role::kCityRegistrar, "/000000/520000/520100/"},
      {"gz_registrar", domain::Role::kProvinceRegistrar, gz},
      {"moe_registrar", domain::Role::kMinistryRegistrar, "/000000/"},
      {"sysadmin", domain::Role::kSystemAdmin, "/000000/"},
      {"secadmin", domain::Role::kSecurityAdmin, "/000000/"},
      {"auditadmin", domain::Role::kAuditAdmin, "/000000/"},
      {"gz_sysadmin", domain::Role::kSystemAdmin, gz},
      {"gz_secadmin", domain::Role::kSecurityAdmin, gz},
      {"gz_auditadmin", domain::Role::kAuditAdmin, gz},
  };
  for (const char* role : {"system_admin", "security_admin", "audit_admin"}) {
    std::string name = std::string("gz_") + (role[1] == 'y'   ? "sysadmin"
                                             : role[1] == 'e' ? "secadmin"
                                                              : "auditadmin");
    json::object b{{"username", name},
                   {"display_name", "贵州省管理员"},
                   {"password", kDemoPassword},
                   {"role", role},
                   {"org_code", "520000"}};
    auto r = sys.Post("/api/v1/users", json::serialize(b));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  auto table = Table();
  int n = 0, checked = 0;
  std::set<std::string> saw_inside, saw_outside;
  for (const auto& route : RouterRoutes()) {
    std::string key = route.method + " " + route.pattern;
    const Row& row = table.at(key);
    int reached = row.reached_status ? row.reached_status : route.success_status;
    bool has_perm = !route.permission.has_value();
    for (const auto& account : accounts) {
      ApiClient c = LoggedIn(dialect, account.username);
      bool permitted = has_perm || domain::HasPermission(account.role, *route.permission);
      std::vector<const Target*> aimed;
      if (row.aim == Row::Aim::kNone || row.aim == Row::Aim::kMinistry) {
        aimed.push_back(&targets[0]);
      } else {
        for (const auto& t : targets) aimed.push_back(&t);
      }
      for (const Target* t : aimed) {
        ++n;
        Request req = row.build(moe, *t, n);
        bool inside = true;
        if (row.aim == Row::Aim::kSchool) inside = domain::IsWithin(account.path, t->school_path);
        if (row.aim == Row::Aim::kCounty) inside = domain::IsWithin(account.path, t->county_path);
        if (row.aim == Row::Aim::kProvince) {
          inside = domain::IsWithin(account.path, t->county_path.substr(0, 15));
        }
        if (row.aim == Row::Aim::kMinistry) inside = account.path == "/000000/";
        int expected = !inside ? 404 : permitted ? reached : 403;
        if (route.auth == http::Auth::kPublic) expected = reached;
        SCOPED_TRACE(key + " as " + account.username + " on " + t->name + " (" + req.path + ")");
        HttpResult r = c.Send(route.method, req.path, req.body);
        EXPECT_EQ(r.status, expected) << r.body;
        ++checked;
        (inside ? saw_inside : saw_outside).insert(key);
        if (key == "POST /api/v1/auth/logout") break;
      }
    }
  }
  // Every scoped route was exercised both inside and outside some subtree.
  for (const auto& route : RouterRoutes()) {
    const Row& row = table.at(route.method + " " + route.pattern);
    if (row.aim == Row::Aim::kNone) continue;
    std::string key = route.method + " " + route.pattern;
    EXPECT_TRUE(saw_inside.count(key)) << key;
    EXPECT_TRUE(saw_outside.count(key)) << key;
  }
  EXPECT_GT(checked, 500);
}

INSTANTIATE_TEST_SUITE_P(Backends, JurisdictionMatrix, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
