// The import routes on the real server, both backends (R-IO-1, R-IO-2):
// upload (202, the job runs on the server's worker) with two bad rows in
// mode A, progress, the school's job list, the result workbook, a bad file,
// the empty template, cancel of an ended and of a running job, and a server
// stopped while a job runs.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
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
  // A new first-grade class of 5201020001, made by `moe` (the ministry's
  // registrar); its name.
  std::string NewClass() { return NewClass(As("moe_registrar")); }
  std::string NewClass(ApiClient& moe) {
    static int classes = 0;
    std::string name = "导入" + std::to_string(++classes) + "班";
    auto r = moe.Post("/api/v1/schools/5201020001/classes",
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
  // `n` valid rows in `class_name`: a file that takes a while to run.
  std::string BigCsv(const std::string& class_name, int n) {
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < n; ++i) rows.push_back(Row(class_name));
    return Csv(rows);
  }
  // Polls the job until it has ended (done, failed, cancelled).
  static json::object Ended(ApiClient& client, int64_t id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    for (;;) {
      auto r = client.Get("/api/v1/imports/" + std::to_string(id));
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) return {};
      auto job = r.Json().as_object();
      std::string state(job.at("state").as_string());
      if ((state != "queued" && state != "running") ||
          std::chrono::steady_clock::now() > deadline) {
        return job;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // Polls the job until it runs with some of its rows checked and at least
  // half of them to go (many chunks left); false when it ended or got past
  // half first.
  static bool Running(ApiClient& client, int64_t id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = client.Get("/api/v1/imports/" + std::to_string(id));
      if (r.status != 200) return false;
      auto job = r.Json().as_object();
      std::string state(job.at("state").as_string());
      int64_t processed = job.at("rows_processed").as_int64();
      if (state == "running" && processed > 0) {
        return processed <= job.at("rows_total").as_int64() / 2;
      }
      if (state != "queued" && state != "running") return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
  // Students of the class class_id_ in the database of `db_url`.
  int64_t StudentsInClass(const std::string& db_url) {
    auto db = store::OpenDatabase(db_url);
    auto tx = db->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM student WHERE class_id = $1", {class_id_})->Int(0);
  }
  // Rows of the large file: enough to be caught running.
  static constexpr int kBigRows = 6000;
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
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.Json().at("state").as_string(), "queued");
  auto job = Ended(As("school_registrar"), r.Json().at("id").as_int64());
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

TEST_P(Imports, R_IO_1_the_schools_latest_jobs_newest_first) {
  std::string cls = NewClass();
  std::vector<int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    auto r = As("school_registrar")
                 .Post("/api/v1/schools/5201020001/imports?name=a.csv&mode=A", Csv({Row(cls)}));
    ASSERT_EQ(r.status, 202) << r.body;
    ids.push_back(r.Json().at("id").as_int64());
    EXPECT_EQ(Ended(As("school_registrar"), ids.back()).at("state").as_string(), "done");
  }
  for (const char* viewer : {"school_approver", "nanming_registrar", "gz_registrar"}) {
    SCOPED_TRACE(viewer);
    auto list = As(viewer).Get("/api/v1/schools/5201020001/imports");
    ASSERT_EQ(list.status, 200) << list.body;
    auto body = list.Json();
    const auto& items = body.at("items").as_array();
    ASSERT_GE(items.size(), 2u);
    EXPECT_LE(items.size(), 20u);
    EXPECT_EQ(items[0].at("id").as_int64(), ids[1]);
    EXPECT_EQ(items[1].at("id").as_int64(), ids[0]);
    EXPECT_EQ(items[0].at("school_code").as_string(), "5201020001");
    EXPECT_EQ(items[0].at("actor").as_string(), "school_registrar");
  }
  EXPECT_EQ(As("yunyan_registrar").Get("/api/v1/schools/5201020001/imports").status, 404);
}

TEST_P(Imports, R_IO_1_the_empty_template_downloads_and_uploads_as_empty) {
  auto t = As("school_registrar").Get("/api/v1/import-template.xlsx");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(t.headers["content-disposition"].find("attachment;"), std::string::npos);
  EXPECT_NE(t.headers["content-disposition"].find("filename*=UTF-8''" +
                                                  PercentEncode("学生信息导入模板.xlsx")),
            std::string::npos)
      << t.headers["content-disposition"];
  auto reader = io::XlsxReader::FromBuffer(t.body);
  ASSERT_TRUE(reader.ok());
  int headers = 0, rows = 0;
  Status read = io::ReadTemplate(
      reader.value(),
      [&](const io::HeaderMapping&) {
        ++headers;
        return Ok();
      },
      [&](const io::TemplateRow&) {
        ++rows;
        return Ok();
      });
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(headers, 1);
  EXPECT_EQ(rows, 0);
  auto upload = As("school_registrar")
                    .Post("/api/v1/schools/5201020001/imports?name=" +
                              PercentEncode("学生信息导入模板.xlsx") + "&mode=A",
                          t.body);
  EXPECT_EQ(upload.status, 400) << upload.body;
  EXPECT_EQ(upload.ErrorCode(), "IMPORT_EMPTY");
  EXPECT_EQ(As("school_approver").Get("/api/v1/import-template.xlsx").status, 403);
  EXPECT_EQ(ApiClient(SharedServer(GetParam()).port()).Get("/api/v1/import-template.xlsx").status,
            401);
}

TEST_P(Imports, R_IO_1_a_running_job_is_cancelled_and_writes_nothing) {
  std::string cls = NewClass();
  auto r =
      As("school_registrar")
          .Post("/api/v1/schools/5201020001/imports?name=big.csv&mode=A", BigCsv(cls, kBigRows));
  ASSERT_EQ(r.status, 202) << r.body;
  int64_t id = r.Json().at("id").as_int64();
  ASSERT_TRUE(Running(As("school_registrar"), id));
  auto cancel =
      As("school_registrar").Post("/api/v1/imports/" + std::to_string(id) + "/cancel", "");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_TRUE(cancel.Json().at("cancel_requested").as_bool());
  auto job = Ended(As("school_registrar"), id);
  EXPECT_EQ(job.at("state").as_string(), "cancelled");
  EXPECT_EQ(job.at("imported").as_int64(), 0);
  EXPECT_LT(job.at("rows_processed").as_int64(), kBigRows);
  EXPECT_FALSE(job.at("has_result").as_bool());
  auto result =
      As("school_registrar").Get("/api/v1/imports/" + std::to_string(id) + "/result.xlsx");
  EXPECT_EQ(result.status, 409);
  EXPECT_EQ(result.ErrorCode(), "IMPORT_NO_RESULT");
  EXPECT_EQ(StudentsInClass(SharedServer(GetParam()).db_url()), 0);
}

// A server of its own: stopped (SIGTERM) while a job runs, it exits within
// its drain time; the job ends failed with nothing written, and a restart
// on the same database starts cleanly and shows it so.
TEST_P(Imports, R_IO_1_a_server_stopped_during_a_run_writes_nothing_and_restarts_cleanly) {
  auto server = std::make_unique<TestServer>(GetParam());
  ApiClient moe(server->port());
  ASSERT_EQ(moe.Login("moe_registrar", kDemoPassword).status, 200);
  std::string cls = NewClass(moe);
  ApiClient registrar(server->port());
  ASSERT_EQ(registrar.Login("school_registrar", kDemoPassword).status, 200);
  auto r = registrar.Post("/api/v1/schools/5201020001/imports?name=big.csv&mode=A",
                          BigCsv(cls, kBigRows));
  ASSERT_EQ(r.status, 202) << r.body;
  int64_t id = r.Json().at("id").as_int64();
  ASSERT_TRUE(Running(registrar, id));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server->Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));  // drain time
  std::string db_url = server->db_url();
  EXPECT_EQ(StudentsInClass(db_url), 0);
  server->Restart();
  ApiClient viewer(server->port());
  ASSERT_EQ(viewer.Login("school_registrar", kDemoPassword).status, 200);
  auto job = viewer.Get("/api/v1/imports/" + std::to_string(id));
  ASSERT_EQ(job.status, 200) << job.body;
  EXPECT_EQ(job.Json().at("state").as_string(), "failed");
  EXPECT_EQ(job.Json().at("imported").as_int64(), 0);
  EXPECT_FALSE(job.Json().at("error").as_string().empty());
  EXPECT_EQ(StudentsInClass(db_url), 0);
  // The school may import again.
  auto next = viewer.Post("/api/v1/schools/5201020001/imports?name=a.csv&mode=A", Csv({Row(cls)}));
  ASSERT_EQ(next.status, 202) << next.body;
  EXPECT_EQ(Ended(viewer, next.Json().at("id").as_int64()).at("imported").as_int64(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, Imports, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
