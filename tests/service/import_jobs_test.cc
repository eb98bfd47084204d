// The import job on both backends (R-IO-1, R-IO-2, R-REG-3): modes A and B,
// the result workbook, bad files, duplicate ID numbers, cancel, crash
// recovery. Workbooks are written here with libxlsxwriter.

#include "service/import_jobs.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "import_fixture.h"
#include "io/import_template.h"
#include "io/result_workbook.h"
#include "io/template_columns.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_test_files.h"
#include "service/audit.h"
#include "service/import_cancel_signal.h"
#include "service/suspected_duplicates.h"

namespace xueji::service {
namespace {

constexpr const char* kErrorColumn = io::kErrorColumnHeader;

using import_test::Cells;
using import_test::Columns;
using import_test::Id;
using import_test::IdWithCheck;
using import_test::kSchool;

struct Sheet {
  std::vector<Cells> rows;
  std::vector<size_t> id_as_number;  // rows whose ID number is written as a number
};

std::string Xlsx(const Sheet& sheet) {
  auto columns = Columns();
  return io::testing_files::MakeXlsx([&](lxw_workbook*, lxw_worksheet* ws) {
    for (size_t c = 0; c < columns.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c]->header.c_str(), nullptr);
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < columns.size(); ++c) {
        auto it = sheet.rows[r].find(columns[c]->field);
        if (it == sheet.rows[r].end() || it->second.empty()) continue;
        auto row = static_cast<lxw_row_t>(r + 1);
        auto col = static_cast<lxw_col_t>(c);
        bool number = columns[c]->field == "id_number" &&
                      std::count(sheet.id_as_number.begin(), sheet.id_as_number.end(), r) > 0;
        if (number) {
          worksheet_write_number(ws, row, col, std::stod(it->second), nullptr);
        } else {
          worksheet_write_string(ws, row, col, it->second.c_str(), nullptr);
        }
      }
    }
  });
}

std::string Csv(const Sheet& sheet) { return import_test::Csv(sheet.rows); }

struct ResultRow {
  std::vector<std::string> cells;
  std::string errors;  // the 错误说明 cell
};

std::vector<ResultRow> ReadResult(const std::string& bytes) {
  auto reader = io::XlsxReader::FromBuffer(bytes);
  EXPECT_TRUE(reader.ok());
  std::vector<ResultRow> rows;
  int error_column = -1;
  EXPECT_TRUE(reader.value()
                  .ForEachRow([&](const io::SheetRow& row) {
                    std::vector<std::string> cells;
                    for (const auto& c : row.cells) cells.push_back(c.text);
                    if (error_column < 0) {
                      for (size_t i = 0; i < cells.size(); ++i) {
                        if (cells[i] == kErrorColumn) error_column = static_cast<int>(i);
                      }
                      return Ok();
                    }
                    auto e = static_cast<size_t>(error_column);
                    rows.push_back({cells, e < cells.size() ? cells[e] : ""});
                    return Ok();
                  })
                  .ok());
  return rows;
}

class ImportJobs : public import_test::ImportFixture {
 protected:
  // Five rows; the second has an unknown sex code, the fourth no birth date.
  Sheet TwoBadRows() {
    Sheet sheet;
    for (int i = 1; i <= 5; ++i) sheet.rows.push_back(Row(Id(i)));
    sheet.rows[1]["sex"] = "9";
    sheet.rows[3]["birth_date"] = "";
    return sheet;
  }
  int64_t Count(const std::string& sql) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, {kSchool})->Int(0);
  }
  int64_t Requests() {
    return Count(
        "SELECT COUNT(*) FROM workflow_request w JOIN student s ON s.id = w.subject_student_id "
        "WHERE s.school_code = $1 AND w.type = 'registration'");
  }
  int64_t Audits(const std::string& action) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action})->Int(0);
  }
  Result<ImportJob> Import(const std::string& file, const std::string& mode, std::string bytes,
                           const ImportRunOptions& options = {}) {
    auto job =
        CreateImportJob(*db_, As("school_registrar"), Org(kSchool), file, mode, std::move(bytes));
    if (!job.ok()) return job;
    return RunImportJob(*db_, As("school_registrar"), job->id, options);
  }
};

TEST_P(ImportJobs, R_IO_1_mode_A_imports_the_valid_rows_as_one_submission) {
  int64_t students = Students();
  auto job = Import("学生.xlsx", "A", Xlsx(TwoBadRows()));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->state, "done");
  EXPECT_EQ(job->rows_total, 5);
  EXPECT_EQ(job->rows_invalid, 2);
  EXPECT_EQ(job->imported, 3);
  EXPECT_EQ(Students(), students + 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student WHERE school_code = $1 AND registration = "
                  "'pending_school'"),
            3);
  EXPECT_EQ(Requests(), 3);
  EXPECT_EQ(Audits("student.import"), 1);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
  // Mode A: the result lists just the two bad rows, each with its error.
  auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
  ASSERT_TRUE(result.ok());
  auto rows = ReadResult(*result);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) EXPECT_FALSE(r.errors.empty());
  EXPECT_NE(rows[0].cells[0], "");
}

// R-POL-5: a row is checked against the province's first-grade cut-off as a
// registration is: a child born after it is refused, naming the cut-off.
TEST_P(ImportJobs, R_POL_5_a_first_grader_born_after_the_cut_off_is_refused) {
  Sheet sheet;
  sheet.rows.push_back(Row(Id(1)));  // born 2019-09-01: old enough for 2026
  sheet.rows.push_back(Row(IdWithCheck("52010220200901301")));
  sheet.rows[1]["birth_date"] = "2020-09-01";  // the 2027 intake
  int64_t students = Students();
  auto job = Import("学生.xlsx", "A", Xlsx(sheet));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->rows_invalid, 1);
  EXPECT_EQ(job->imported, 1);
  EXPECT_EQ(Students(), students + 1);
  auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
  ASSERT_TRUE(result.ok());
  auto rows = ReadResult(*result);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].errors.find("2020-08-31"), std::string::npos) << rows[0].errors;
}

TEST_P(ImportJobs, R_IO_1_mode_B_imports_nothing_when_a_row_fails) {
  int64_t students = Students();
  auto job = Import("学生.xlsx", "B", Xlsx(TwoBadRows()));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->state, "done");
  EXPECT_EQ(job->imported, 0);
  EXPECT_EQ(job->rows_invalid, 2);
  EXPECT_EQ(Students(), students);
  EXPECT_EQ(Requests(), 0);
  auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
  ASSERT_TRUE(result.ok());
  auto rows = ReadResult(*result);
  ASSERT_EQ(rows.size(), 5u);
  std::vector<bool> bad;
  for (const auto& r : rows) bad.push_back(!r.errors.empty());
  EXPECT_EQ(bad, (std::vector<bool>{false, true, false, true, false}));
}

TEST_P(ImportJobs, R_IO_1_mode_B_imports_every_row_of_a_clean_file) {
  Sheet sheet;
  for (int i = 1; i <= 3; ++i) sheet.rows.push_back(Row(Id(i)));
  auto job = Import("学生.xlsx", "B", Xlsx(sheet));
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->imported, 3);
  EXPECT_EQ(Requests(), 3);
}

// R-IO-1: on PostgreSQL the final transaction analyzes the tables it writes
// (ImportRunOptions::analyze_after_batches), inside the transaction; the
// statistics then count its rows. On SQLite the option does nothing.
TEST_P(ImportJobs, R_IO_1_the_final_transaction_analyzes_the_tables_it_writes) {
  Sheet sheet;
  for (int i = 1; i <= 3; ++i) sheet.rows.push_back(Row(Id(i)));
  ImportRunOptions options;
  options.analyze_after_batches = 1;
  auto job = Import("学生.xlsx", "B", Xlsx(sheet), options);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(job->imported, 3);
  EXPECT_EQ(Requests(), 3);
  if (db_->dialect() != store::Dialect::kPostgres) return;
  auto tx = db_->BeginRead();
  double tuples = std::stod(
      tx->QueryOne("SELECT reltuples::text FROM pg_class WHERE relname = 'student'")->Text(0));
  EXPECT_GE(tuples, static_cast<double>(Students()));
}

TEST_P(ImportJobs, R_IO_1_csv_upload_is_read_like_the_workbook) {
  auto job = Import("学生.csv", "A", Csv(TwoBadRows()));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->imported, 3);
  EXPECT_EQ(job->rows_invalid, 2);
}

TEST_P(ImportJobs, R_IO_2_id_number_typed_as_number_is_refused_with_the_explanation) {
  Sheet sheet;
  for (int i = 1; i <= 2; ++i) sheet.rows.push_back(Row(Id(i)));
  sheet.rows[1]["id_number"] = "520102201909011020";  // digits only, as Excel would take it
  sheet.id_as_number = {1};
  auto job = Import("学生.xlsx", "A", Xlsx(sheet));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->imported, 1);
  auto rows = ReadResult(ImportResultOf(*db_, As("school_registrar"), job->id).value());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].errors.find("文本"), std::string::npos) << rows[0].errors;
  EXPECT_NE(rows[0].errors.find("身份证件号"), std::string::npos) << rows[0].errors;
}

TEST_P(ImportJobs, R_REG_3_repeated_and_already_held_id_numbers_are_refused) {
  ASSERT_TRUE(Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                       kSchool, Id(9))
                  .ok());
  int64_t students = Students();
  Sheet sheet;
  for (int i : {1, 2, 1, 9, 3}) sheet.rows.push_back(Row(Id(i)));
  auto job = Import("学生.xlsx", "A", Xlsx(sheet));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->rows_invalid, 3);
  EXPECT_EQ(job->imported, 2);
  EXPECT_EQ(Students(), students + 2);
  auto rows = ReadResult(ImportResultOf(*db_, As("school_registrar"), job->id).value());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[0].errors.find("第4行重复"), std::string::npos) << rows[0].errors;
  EXPECT_NE(rows[1].errors.find("第2行重复"), std::string::npos) << rows[1].errors;
  EXPECT_NE(rows[2].errors.find("籍随人走"), std::string::npos) << rows[2].errors;
  // The same file again: every row's ID number is now held.
  auto again = Import("学生.xlsx", "A", Xlsx(sheet));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(Students(), students + 2);
}

struct BadFileCase {
  std::string name;
  std::string file_name;
  std::function<std::string()> bytes;
  std::string code;
};

TEST_P(ImportJobs, R_IO_1_bad_files_are_refused_and_nothing_is_written) {
  std::string good = Xlsx(TwoBadRows());
  std::vector<BadFileCase> cases = {
      {"not a workbook", "学生.xlsx", [] { return std::string("名字,性别\n张三,1\n"); },
       "FILE_NOT_XLSX"},
      {"truncated", "学生.xlsx", [&] { return good.substr(0, good.size() / 2); }, ""},
      {"zip bomb", "学生.xlsx",
       [] {
         return io::testing_files::MakeZip({{"[Content_Types].xml", "<Types/>"},
                                            {"xl/media/padding.xml", std::string(16u << 20, ' ')}});
       },
       "FILE_TOO_LARGE"},
      {"no template header", "学生.csv", [] { return std::string("a,b,c\n1,2,3\n"); },
       "HEADER_NOT_FOUND"},
      {"no data rows", "学生.xlsx", [] { return Xlsx(Sheet{}); }, "IMPORT_EMPTY"},
  };
  int64_t audits = Count("SELECT COUNT(*) FROM audit_log WHERE $1 <> ''");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto job =
        CreateImportJob(*db_, As("school_registrar"), Org(kSchool), c.file_name, "A", c.bytes());
    ASSERT_FALSE(job.ok());
    if (!c.code.empty()) {
      EXPECT_EQ(job.error().code, c.code) << job.error().message;
    }
    EXPECT_FALSE(job.error().message.empty());
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM import_job WHERE school_code = $1"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE $1 <> ''"), audits);
}

TEST_P(ImportJobs, R_IO_1_only_the_schools_registrar_imports_and_jobs_are_in_jurisdiction) {
  auto refused =
      CreateImportJob(*db_, As("school_approver"), Org(kSchool), "a.xlsx", "A", Xlsx(TwoBadRows()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto mode = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "a.xlsx", "C",
                              Xlsx(TwoBadRows()));
  ASSERT_FALSE(mode.ok());
  EXPECT_EQ(mode.error().code, "IMPORT_MODE");
  auto job = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "a.xlsx", "A",
                             Xlsx(TwoBadRows()));
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "queued");
  EXPECT_TRUE(GetImportJob(*db_, As("nanming_registrar"), job->id).ok());
  auto outside = GetImportJob(*db_, As("yunyan_registrar"), job->id);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().kind, ErrorKind::kNotFound);
  auto busy = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "b.xlsx", "A",
                              Xlsx(TwoBadRows()));
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "IMPORT_BUSY");
}

// The rows are validated again in the final transaction: a class removed
// after the row's chunk was checked makes the row fail there; mode A still
// imports the rest, mode B nothing.
TEST_P(ImportJobs, R_IO_1_a_row_that_fails_at_insert_time_is_refused_and_mode_B_imports_nothing) {
  struct Case {
    std::string mode;
    int64_t imported;
  };
  for (const Case& c : {Case{"A", 2}, Case{"B", 0}}) {
    SCOPED_TRACE(c.mode);
    std::string name = "移除" + c.mode + "班";
    ASSERT_TRUE(CreateClass(*db_, As("school_registrar"), Org(kSchool), {"11", name, "", 0}).ok());
    int64_t students = Students();
    Sheet sheet;
    for (int i = 1; i <= 3; ++i) sheet.rows.push_back(Row(Id(c.mode == "A" ? i : 10 + i)));
    sheet.rows[1][io::kClassNameField] = name;
    ImportRunOptions options;
    options.on_progress = [&](const ImportJob&) {
      auto tx = db_->BeginWrite();
      tx->Exec("DELETE FROM school_class WHERE school_code = $1 AND name = $2",
               {std::string(kSchool), name});
      tx->Commit();
    };
    auto job = Import("学生.xlsx", c.mode, Xlsx(sheet), options);
    ASSERT_TRUE(job.ok()) << job.error().message;
    EXPECT_EQ(job->state, "done");
    EXPECT_EQ(job->imported, c.imported);
    EXPECT_EQ(job->rows_invalid, 1);
    EXPECT_EQ(Students(), students + c.imported);
    auto rows = ReadResult(*ImportResultOf(*db_, As("school_registrar"), job->id));
    ASSERT_EQ(rows.size(), c.mode == "A" ? 1u : 3u);
    bool named = false;
    for (const auto& r : rows) named = named || r.errors.find(name) != std::string::npos;
    EXPECT_TRUE(named);
  }
}

TEST_P(ImportJobs, R_IO_1_a_cancelled_job_writes_nothing) {
  int64_t students = Students();
  // Cancelled while queued: it never runs.
  auto queued = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "a.xlsx", "A",
                                Xlsx(TwoBadRows()));
  ASSERT_TRUE(queued.ok());
  auto cancelled = CancelImportJob(*db_, As("school_registrar"), queued->id);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, "cancelled");
  auto run = RunImportJob(*db_, As("school_registrar"), queued->id);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, "IMPORT_STATE");
  // Cancelled while running, after its first row: progress was visible.
  std::vector<int64_t> seen;
  ImportRunOptions options;
  options.chunk_rows = 1;
  options.on_progress = [&](const ImportJob& j) {
    auto read = GetImportJob(*db_, As("school_registrar"), j.id);
    seen.push_back(read->rows_processed);
    if (seen.size() == 1) {
      EXPECT_EQ(read->state, "running");
      EXPECT_TRUE(CancelImportJob(*db_, As("school_registrar"), j.id).ok());
    }
  };
  auto job = Import("b.xlsx", "A", Xlsx(TwoBadRows()), options);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "cancelled");
  EXPECT_EQ(seen, (std::vector<int64_t>{1}));
  EXPECT_EQ(Students(), students);
  auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "IMPORT_NO_RESULT");
  auto late = CancelImportJob(*db_, As("school_registrar"), job->id);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "IMPORT_ENDED");
}

// R-IO-1: the final transaction holds the job until it ends, so a cancel
// that comes while it runs is signalled in memory; the run rolls back at its
// next batch and ends cancelled, with no record written.
TEST_P(ImportJobs, R_IO_1_a_cancel_during_the_final_transaction_writes_nothing) {
  int64_t students = Students();
  Sheet sheet;
  for (int i = 1; i <= 3; ++i) sheet.rows.push_back(Row(Id(i)));
  ImportRunOptions options;
  options.on_progress = [&](const ImportJob& j) {
    // After the last chunk: the job is running and about to write.
    EXPECT_EQ(j.rows_processed, 3);
    EXPECT_TRUE(CancelImportJob(*db_, As("school_registrar"), j.id).ok());
    EXPECT_TRUE(ImportCancelSignalled(j.id));
    // As if the cancel had come after the final transaction locked the job.
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE import_job SET cancel_requested = 0 WHERE id = $1", {j.id});
    tx->Commit();
  };
  auto job = Import("c.xlsx", "A", Xlsx(sheet), options);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->state, "cancelled");
  EXPECT_EQ(job->imported, 0);
  EXPECT_EQ(Students(), students);
  EXPECT_EQ(Requests(), 0);
  EXPECT_FALSE(ImportCancelSignalled(job->id)) << "the signal ends with the run";
  EXPECT_EQ(Audits("import.cancel"), 1);
  auto late = CancelImportJob(*db_, As("school_registrar"), job->id);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "IMPORT_ENDED");
}

// R-REG-4: an import finds its records' suspected duplicates before writing
// them (service/import_duplicates.h), among the stored records and its own
// rows before each, across its batches: it records, for every record, the
// pairs that looking the written record up finds among the records before it.
TEST_P(ImportJobs, R_REG_4_an_import_records_the_pairs_its_records_find_once_written) {
  const std::vector<std::string> names = {"王小明", "王晓明", "張曉明", "李华"};
  for (int i : {40, 41}) {
    auto stored =
        SubmitRegistration(*db_, As("school_registrar"), Org(kSchool), FirstGrader(kSchool, Id(i)));
    ASSERT_TRUE(stored.ok()) << stored.error().message;
  }
  const int64_t before = Count("SELECT MAX(id) FROM student WHERE school_code = $1");
  Sheet sheet;
  for (int i = 1; i <= 14; ++i) {
    sheet.rows.push_back(Row(Id(i)));
    sheet.rows.back()["name"] = names[static_cast<size_t>(i) % names.size()];
  }
  ImportRunOptions options;
  options.batch_records = 4;
  auto job = Import("dup.xlsx", "A", Xlsx(sheet), options);
  ASSERT_TRUE(job.ok()) << job.error().message;
  ASSERT_EQ(job->imported, 14);
  auto tx = db_->BeginRead();
  std::vector<int64_t> imported;
  for (const auto& r :
       tx->Query("SELECT id FROM student WHERE school_code = $1 AND id > $2 ORDER BY id",
                 {kSchool, before})) {
    imported.push_back(r.Int(0));
  }
  ASSERT_EQ(imported.size(), 14u);
  size_t pairs = 0;
  int with_stored = 0;
  for (int64_t id : imported) {
    SCOPED_TRACE("record " + std::to_string(id));
    std::set<std::pair<int64_t, int64_t>> found, recorded;
    auto looked_up = FindSuspectedDuplicates(*tx, id);
    ASSERT_TRUE(looked_up.ok());
    for (const auto& d : *looked_up) {
      if (d.other_student_id < id) found.emplace(d.other_student_id, d.score);
    }
    for (const auto& r : tx->Query("SELECT student_id, score FROM suspected_duplicate WHERE "
                                   "other_student_id = $1 AND state = 'open'",
                                   {id})) {
      recorded.emplace(r.Int(0), r.Int(1));
    }
    EXPECT_EQ(recorded, found);
    pairs += recorded.size();
    for (const auto& [other, score] : recorded) with_stored += other < imported.front();
  }
  // Pairs within a batch, across batches and with the stored records.
  EXPECT_GE(pairs, 8u);
  EXPECT_GE(with_stored, 2);
}

TEST_P(ImportJobs, R_IO_1_a_job_interrupted_by_a_restart_is_marked_failed) {
  auto job = CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "a.xlsx", "A",
                             Xlsx(TwoBadRows()));
  ASSERT_TRUE(job.ok());
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE import_job SET state = 'running' WHERE id = $1", {job->id});
    tx->Commit();
  }
  EXPECT_EQ(FailInterruptedImports(*db_, Context{std::nullopt, "test", now_}), 1);
  auto after = GetImportJob(*db_, As("school_registrar"), job->id);
  EXPECT_EQ(after->state, "failed");
  EXPECT_FALSE(after->error.empty());
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportJobs, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
