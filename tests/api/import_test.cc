// The import routes on the real server, both backends (R-IO-1, R-IO-2):
// upload with two bad rows in mode A, progress, the result workbook, a bad
// file, cancel of an ended job.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/api_client.h"
#include "api/student_bodies.h"
#include "io/import_template.h"
#include "io/template_columns.h"
#include "io/xlsx_reader.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

// io::kErrorColumnHeader: io/result_workbook.h cannot be included next to
// io/import_template.h (both define io::CellProblem).
constexpr const char* kErrorColumn = "错误说明";

namespace json = boost::json;

class Imports : public ::testing::TestWithParam<store::Dialect> {
 protected:
  ApiClient& As(const std::string& username) {
    auto it = clients_.find(username);
    if (it == clients_.end()) it = clients_.emplace(username, LoggedIn(GetParam(), username)).first;
    return it->second;
  }
  // A new first-grade class of 5201020001; its name.
  std::string NewClass() {
    static int classes = 0;
    std::string name = "导入" + std::to_string(++classes) + "班";
    auto r = As("moe_registrar")
                 .Post("/api/v1/schools/5201020001/classes",
                       R"({"grade_code":"11","name":")" + name + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    class_id_ = r.Json().at("id").as_int64();
    return name;
  }
  // The template row of a valid first-grader (FirstGraderBody) in `class_name`.
  std::vector<std::string> Row(const std::string& class_name) {
    auto body = json::parse(FirstGraderBody(class_id_, NewFirstGraderIdNumber())).as_object();
    const auto& guardian = body.at("guardians").as_array().at(0).as_object();
    std::vector<std::string> cells;
    for (const auto* c : Columns()) {
      std::string value;
      if (c->field == io::kClassNameField) {
        value = class_name;
      } else if (c->field.starts_with("guardians[0].")) {
        auto name = c->field.substr(13);
        if (guardian.contains(name)) value = guardian.at(name).as_string().c_str();
      } else if (body.contains(c->field) && body.at(c->field).is_string()) {
        value = body.at(c->field).as_string().c_str();
      }
      cells.push_back(value);
    }
    return cells;
  }
  static std::vector<const io::TemplateColumn*> Columns() {
    std::vector<const io::TemplateColumn*> out;
    for (const auto& c : io::TemplateColumns()) {
      if (c.field != "school_code" &&
          (!c.field.starts_with("guardians[") || c.field.starts_with("guardians[0]."))) {
        out.push_back(&c);
      }
    }
    return out;
  }
  static int ColumnOf(const std::string& field) {
    auto columns = Columns();
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i]->field == field) return static_cast<int>(i);
    }
    return -1;
  }
  static std::string Csv(const std::vector<std::vector<std::string>>& rows) {
    std::string out;
    auto columns = Columns();
    for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + columns[c]->header;
    out += "\n";
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + row[c];
      out += "\n";
    }
    return out;
  }
  std::map<std::string, ApiClient> clients_;
  int64_t class_id_ = 0;
};

TEST_P(Imports, R_IO_1_two_bad_rows_in_mode_A_and_their_result_workbook) {
  std::string cls = NewClass();
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 4; ++i) rows.push_back(Row(cls));
  rows[1][static_cast<size_t>(ColumnOf("sex"))] = "9";
  rows[2][static_cast<size_t>(ColumnOf("phone"))] = "";
  auto r = As("school_registrar")
               .Post("/api/v1/schools/5201020001/imports?name=" + PercentEncode("一年级.csv") +
                         "&mode=A",
                     Csv(rows));
  ASSERT_EQ(r.status, 201) << r.body;
  auto job = r.Json().as_object();
  EXPECT_EQ(job.at("state").as_string(), "done");
  EXPECT_EQ(job.at("imported").as_int64(), 2);
  EXPECT_EQ(job.at("rows_invalid").as_int64(), 2);
  std::string id = std::to_string(job.at("id").as_int64());
  auto progress = As("nanming_registrar").Get("/api/v1/imports/" + id);
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_EQ(progress.Json().at("rows_processed").as_int64(), 4);
  EXPECT_EQ(As("yunyan_registrar").Get("/api/v1/imports/" + id).status, 404);
  auto result = As("school_registrar").Get("/api/v1/imports/" + id + "/result.xlsx");
  ASSERT_EQ(result.status, 200);
  auto reader = io::XlsxReader::FromBuffer(result.body);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> errors;
  int error_column = -1;
  ASSERT_TRUE(reader.value()
                  .ForEachRow([&](const io::SheetRow& row) {
                    for (size_t i = 0; i < row.cells.size() && error_column < 0; ++i) {
                      if (row.cells[i].text == kErrorColumn) {
                        error_column = static_cast<int>(i);
                        return Ok();
                      }
                    }
                    auto e = static_cast<size_t>(error_column);
                    errors.push_back(e < row.cells.size() ? row.cells[e].text : "");
                    return Ok();
                  })
                  .ok());
  ASSERT_EQ(errors.size(), 2u);
  for (const auto& e : errors) EXPECT_FALSE(e.empty());
  auto cancel = As("school_registrar").Post("/api/v1/imports/" + id + "/cancel", "");
  EXPECT_EQ(cancel.status, 409);
  EXPECT_EQ(cancel.ErrorCode(), "IMPORT_ENDED");
}

TEST_P(Imports, R_IO_1_a_bad_file_is_refused_with_a_clear_error) {
  auto r = As("school_registrar")
               .Post("/api/v1/schools/5201020001/imports?name=a.xlsx&mode=B", "not a workbook");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.ErrorCode(), "FILE_NOT_XLSX");
  auto missing = As("school_registrar").Post("/api/v1/schools/5201020001/imports?mode=A", "x");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(As("school_approver")
                .Post("/api/v1/schools/5201020001/imports?name=a.xlsx&mode=A", "x")
                .status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Backends, Imports, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
