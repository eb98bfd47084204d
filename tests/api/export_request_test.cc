// Black-box tests of export requests (R-SEC-1): a school asks for full ID
// numbers, its county approves, the school downloads a workbook holding the
// full number; nobody else decides or downloads; a rejected request is never
// downloaded; each download audited with its row count (R-SEC-2); requests
// outside the subtree are 404 (R-ORG-4); on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "io/xlsx_probe.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

const std::string kSchool = "5201020001";

void SubmitFirstGrader(ApiClient& registrar, const std::string& id) {
  auto classes = registrar.Get("/api/v1/schools/" + kSchool + "/classes").Json();
  int64_t class_id = 0;
  for (const auto& c : classes.at("items").as_array()) {
    if (c.at("grade_code") == "11") class_id = c.at("id").as_int64();
  }
  HttpResult r = registrar.Post("/api/v1/schools/" + kSchool + "/students",
                                FirstGraderBody(class_id, id, "申导出"));
  ASSERT_EQ(r.status, 201) << r.body;
}

int64_t FileRequest(ApiClient& registrar) {
  json::object body{{"scope_org", kSchool},
                    {"kind", "roster"},
                    {"full_id_numbers", true},
                    {"purpose", "核对营养餐补助名单"},
                    {"recipient", "区教育局资助中心"}};
  auto r = registrar.Post("/api/v1/export-requests", json::serialize(body));
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return 0;
  EXPECT_EQ(r.Json().at("state"), "pending");
  EXPECT_EQ(r.Json().at("authority_org"), "520102");
  return r.Json().at("id").as_int64();
}

class ExportRequestApi : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(ExportRequestApi, R_SEC_1_approved_by_the_county_the_school_downloads_full_ids) {
  ApiClient registrar = LoggedIn(GetParam(), "school_registrar");
  ApiClient approver = LoggedIn(GetParam(), "school_approver");
  ApiClient county = LoggedIn(GetParam(), "nanming_registrar");
  ApiClient auditor = LoggedIn(GetParam(), "auditadmin");
  std::string id_number = NewFirstGraderIdNumber();
  ASSERT_NO_FATAL_FAILURE(SubmitFirstGrader(registrar, id_number));
  int64_t id = FileRequest(registrar);
  std::string base = "/api/v1/export-requests/" + std::to_string(id);
  EXPECT_EQ(registrar.Get(base + "/file.xlsx").status, 409);
  EXPECT_EQ(approver.Post(base + "/approve", "{}").status, 403);
  EXPECT_EQ(registrar.Post(base + "/approve", "{}").status, 403);
  auto approved = county.Post(base + "/approve", R"({"comment":"同意"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Json().at("state"), "approved");
  EXPECT_EQ(county.Post(base + "/reject", R"({"comment":"晚了"})").status, 409);
  EXPECT_EQ(approver.Get(base + "/file.xlsx").status, 403);

  HttpResult r = registrar.Get(base + "/file.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.headers["content-disposition"].find("filename*=UTF-8''"), std::string::npos);
  std::string path = (std::filesystem::temp_directory_path() /
                      ("xueji-api-export-request-" + std::to_string(::getpid()) + ".xlsx"))
                         .string();
  std::ofstream(path, std::ios::binary) << r.body;
  auto sheet = io::testing::ReadSheet(path);
  auto xml = io::testing::ZipEntry(path, "xl/worksheets/sheet1.xml");
  std::filesystem::remove(path);
  ASSERT_TRUE(xml.has_value());
  EXPECT_NE(xml->find(id_number), std::string::npos) << "the approved full ID number";
  int64_t rows = static_cast<int64_t>(sheet.rows.size()) - 1;
  EXPECT_EQ(r.headers["x-export-rows"], std::to_string(rows));

  // R-SEC-2: the download is audited with its rows, full numbers and the request.
  auto audit = auditor.Get("/api/v1/audit?limit=1").Json().at("items").at(0).as_object();
  EXPECT_EQ(audit.at("action"), "student.export");
  std::string summary(audit.at("summary").as_string());
  for (const std::string& part :
       {"\"rows\":\"" + std::to_string(rows) + "\"", std::string("\"id_numbers\":\"full\""),
        "\"request\":\"" + std::to_string(id) + "\""}) {
    EXPECT_NE(summary.find(part), std::string::npos) << summary;
  }
  auto mine = registrar.Get("/api/v1/export-requests?box=mine").Json().at("items").as_array();
  ASSERT_FALSE(mine.empty());
  EXPECT_EQ(mine.at(0).at("downloads").as_int64(), 1);
}

TEST_P(ExportRequestApi, R_SEC_1_a_rejected_request_is_never_downloaded) {
  ApiClient registrar = LoggedIn(GetParam(), "school_registrar");
  ApiClient county = LoggedIn(GetParam(), "nanming_registrar");
  int64_t id = FileRequest(registrar);
  std::string base = "/api/v1/export-requests/" + std::to_string(id);
  EXPECT_EQ(county.Post(base + "/reject", "{}").status, 400);  // no reason
  auto rejected = county.Post(base + "/reject", R"({"comment":"用途不明"})");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.Json().at("state"), "rejected");
  auto r = registrar.Get(base + "/file.xlsx");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("REQUEST_REJECTED"), std::string::npos) << r.body;
}

TEST_P(ExportRequestApi, R_ORG_4_requests_outside_the_subtree_are_not_found) {
  ApiClient registrar = LoggedIn(GetParam(), "school_registrar");
  ApiClient yunyan = LoggedIn(GetParam(), "yunyan_registrar");
  int64_t id = FileRequest(registrar);
  std::string base = "/api/v1/export-requests/" + std::to_string(id);
  EXPECT_EQ(yunyan.Get(base).status, 404);
  EXPECT_EQ(yunyan.Post(base + "/approve", "{}").status, 404);
  EXPECT_EQ(yunyan.Get("/api/v1/export-requests/999999999").status, 404);
  json::object other{{"scope_org", "5201030001"},
                     {"kind", "roster"},
                     {"full_id_numbers", true},
                     {"purpose", "核对"},
                     {"recipient", "某单位"}};
  EXPECT_EQ(registrar.Post("/api/v1/export-requests", json::serialize(other)).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportRequestApi, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
