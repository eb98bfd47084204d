// Black-box tests of the .xlsx exports (R-IO-3): the workbook arrives as an
// attachment with its Chinese file name (RFC 5987), ID numbers masked
// (R-SEC-1), one audit entry with the row count (R-SEC-2), the temporary file
// gone after sending, and schools outside the subtree answered 404 (R-ORG-4);
// on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "io/xlsx_probe.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

const std::string kSchool = "5201020001";

// Submits a first-grader with `id` to the school; returns the class id.
int64_t SubmitFirstGrader(ApiClient& registrar, const std::string& id) {
  auto classes = registrar.Get("/api/v1/schools/" + kSchool + "/classes").Json();
  int64_t class_id = 0;
  for (const auto& c : classes.at("items").as_array()) {
    if (c.at("grade_code") == "11") class_id = c.at("id").as_int64();
  }
  HttpResult r = registrar.Post("/api/v1/schools/" + kSchool + "/students",
                                FirstGraderBody(class_id, id, "安导出"));
  EXPECT_EQ(r.status, 201) << r.body;
  return class_id;
}

// Files the server's exports leave in the temporary directory.
int LeftoverExports() {
  int n = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    if (e.path().filename().string().rfind("xueji-export-", 0) == 0) ++n;
  }
  return n;
}

class Export : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(Export, R_IO_3_roster_downloads_as_an_attachment_with_masked_ids_and_an_audit_row) {
  ApiClient registrar = LoggedIn(GetParam(), "school_registrar");
  ApiClient auditor = LoggedIn(GetParam(), "auditadmin");
  std::string id = NewFirstGraderIdNumber();
  SubmitFirstGrader(registrar, id);
  int leftovers = LeftoverExports();
  HttpResult r = registrar.Get("/api/v1/schools/" + kSchool + "/exports/roster.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // "_花名册.xlsx" percent-encoded as UTF-8.
  EXPECT_NE(r.headers["content-disposition"].find("filename*=UTF-8''"), std::string::npos);
  EXPECT_NE(r.headers["content-disposition"].find("_%E8%8A%B1%E5%90%8D%E5%86%8C.xlsx"),
            std::string::npos)
      << r.headers["content-disposition"];
  EXPECT_EQ(LeftoverExports(), leftovers);

  std::string path = (std::filesystem::temp_directory_path() /
                      ("xueji-api-export-" + std::to_string(::getpid()) + ".xlsx"))
                         .string();
  std::ofstream(path, std::ios::binary) << r.body;
  auto sheet = io::testing::ReadSheet(path);
  auto xml = io::testing::ZipEntry(path, "xl/worksheets/sheet1.xml");
  std::filesystem::remove(path);
  ASSERT_TRUE(xml.has_value());
  EXPECT_NE(xml->find("安导出"), std::string::npos);
  EXPECT_EQ(xml->find(id), std::string::npos) << "R-SEC-1: the full ID number left";
  ASSERT_FALSE(sheet.rows.empty());
  EXPECT_EQ(sheet.Text(0, 4), "身份证件号");
  int64_t rows = static_cast<int64_t>(sheet.rows.size()) - 1;
  EXPECT_EQ(r.headers["x-export-rows"], std::to_string(rows));
  std::regex masked("[0-9]{6}\\*{8}[0-9]{3}[0-9X]");
  for (int64_t i = 1; i <= rows; ++i) {
    std::string id = sheet.Text(static_cast<size_t>(i), 4);
    if (id.size() == 18) {
      EXPECT_TRUE(std::regex_match(id, masked)) << id;
    }
  }

  auto audit = auditor.Get("/api/v1/audit?limit=1").Json().at("items").at(0).as_object();
  EXPECT_EQ(audit.at("action"), "student.export");
  EXPECT_EQ(audit.at("subject"), kSchool.c_str());
  std::string summary(audit.at("summary").as_string());
  EXPECT_NE(summary.find("\"rows\":\"" + std::to_string(rows) + "\""), std::string::npos)
      << summary;
}

TEST_P(Export, R_ORG_4_outside_the_subtree_or_bad_class_is_refused) {
  ApiClient yunyan = LoggedIn(GetParam(), "yunyan_registrar");
  ApiClient registrar = LoggedIn(GetParam(), "school_registrar");
  struct Case {
    ApiClient* who;
    std::string path;
    int status;
  };
  for (const Case& c :
       {Case{&yunyan, "/api/v1/schools/" + kSchool + "/exports/roster.xlsx", 404},
        Case{&yunyan, "/api/v1/schools/" + kSchool + "/exports/basic-info.xlsx", 404},
        Case{&registrar, "/api/v1/schools/" + kSchool + "/exports/roster.xlsx?class_id=x", 400},
        Case{&registrar, "/api/v1/schools/" + kSchool + "/exports/roster.xlsx?class_id=999999999",
             404}}) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(c.who->Get(c.path).status, c.status);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Export, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
