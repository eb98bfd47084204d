// The import run reuses the sheet parsed at upload (R-IO-1;
// service/import_sheet_cache.h) on both backends: the run takes the kept
// sheet, a run without it (after a restart, or once evicted) reads the
// stored upload and ends as the run with it does, and no sheet is left kept
// once its job ran, was cancelled while queued, or was failed at a start.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "import_fixture.h"
#include "io/xlsx_reader.h"
#include "service/import_jobs.h"
#include "service/import_rows.h"
#include "service/import_sheet_cache.h"

namespace xueji::service {
namespace {

using import_test::Cells;
using import_test::Csv;
using import_test::Id;
using import_test::kSchool;

// The cells of the result workbook, row by row.
std::vector<std::vector<std::string>> ResultCells(const std::string& bytes) {
  std::vector<std::vector<std::string>> out;
  auto reader = io::XlsxReader::FromBuffer(bytes);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return out;
  EXPECT_TRUE(reader.value()
                  .ForEachRow([&](const io::SheetRow& row) {
                    std::vector<std::string> cells;
                    for (const auto& c : row.cells) cells.push_back(c.text);
                    out.push_back(std::move(cells));
                    return Ok();
                  })
                  .ok());
  return out;
}

// Whether job_id's sheet is kept; leaves the cache as it found it.
bool Kept(int64_t job_id) {
  auto sheet = TakeParsedSheet(job_id);
  if (!sheet) return false;
  KeepParsedSheet(job_id, std::move(sheet));
  return true;
}

// How a run finds the cache.
enum class Cache {
  kAsUploaded,    // the sheet kept at upload
  kDropped,       // none: the server restarted, or it was evicted
  kOtherDatabase  // a sheet of another row count under the job's id
};

struct RunCase {
  std::string name;
  Cache cache;
};

class ImportSheetReuse : public import_test::ImportFixture {
 protected:
  // Five rows from `first`; the second has an unknown sex code, the fourth
  // no birth date.
  std::string TwoBadRows(int first) {
    std::vector<Cells> rows;
    for (int i = first; i < first + 5; ++i) rows.push_back(Row(Id(i)));
    rows[1]["sex"] = "9";
    rows[3]["birth_date"] = "";
    return Csv(rows);
  }
  Result<ImportJob> Create(const std::string& mode, std::string bytes) {
    return CreateImportJob(*db_, As("school_registrar"), Org(kSchool), "学生.csv", mode,
                           std::move(bytes));
  }
  Result<ImportJob> Run(int64_t job_id) {
    return RunImportJob(*db_, As("school_registrar"), job_id);
  }
};

// Mode B with two bad rows writes no record, so the same file runs again
// on the same database to the same end: the figures and the result
// workbook, cell for cell, whether the run found the sheet or read the
// upload.
TEST_P(ImportSheetReuse, R_IO_1_a_run_without_the_kept_sheet_reads_the_upload_to_the_same_end) {
  std::string file = TwoBadRows(1);
  std::vector<RunCase> cases = {
      {"sheet kept at upload", Cache::kAsUploaded},
      {"sheet dropped, as after a restart", Cache::kDropped},
      {"another database's sheet under the same id", Cache::kOtherDatabase},
  };
  std::optional<ImportJob> first;
  std::vector<std::vector<std::string>> first_cells;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto job = Create("B", file);
    ASSERT_TRUE(job.ok()) << job.error().message;
    ASSERT_TRUE(Kept(job->id));
    if (c.cache != Cache::kAsUploaded) DropParsedSheet(job->id);
    if (c.cache == Cache::kOtherDatabase) {
      auto other = ReadImportFile(GoodRows(1, 4), kImportCsv);
      ASSERT_TRUE(other.ok());
      ASSERT_EQ(other->rows.size(), 4u);
      KeepParsedSheet(job->id, std::make_shared<const ImportSheet>(std::move(*other)));
    }
    auto run = Run(job->id);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->state, "done");
    EXPECT_EQ(run->rows_total, 5);
    EXPECT_EQ(run->rows_invalid, 2);
    EXPECT_EQ(run->imported, 0);
    auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
    ASSERT_TRUE(result.ok());
    auto cells = ResultCells(*result);
    EXPECT_EQ(cells.size(), 6u);  // the header and the five rows
    if (!first) {
      first = *run;
      first_cells = cells;
      continue;
    }
    EXPECT_EQ(run->rows_processed, first->rows_processed);
    EXPECT_EQ(run->rows_valid, first->rows_valid);
    EXPECT_EQ(cells, first_cells);
  }
  EXPECT_EQ(Students(), 0);
}

// A mode A run that reads the upload writes the valid rows as the run with
// the kept sheet does.
TEST_P(ImportSheetReuse, R_IO_1_a_run_after_a_restart_imports_the_valid_rows_of_the_upload) {
  int64_t students = Students();
  auto job = Create("A", TwoBadRows(1));
  ASSERT_TRUE(job.ok()) << job.error().message;
  DropParsedSheet(job->id);
  auto run = Run(job->id);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->state, "done");
  EXPECT_EQ(run->rows_invalid, 2);
  EXPECT_EQ(run->imported, 3);
  EXPECT_EQ(Students(), students + 3);
  auto result = ImportResultOf(*db_, As("school_registrar"), job->id);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ResultCells(*result).size(), 3u);  // the header and the two bad rows
}

// The run reads the kept sheet, not the upload: a sheet of the same row
// count kept in the upload's place (five good rows for an upload with two
// bad ones) is what the run validates and imports.
TEST_P(ImportSheetReuse, R_IO_1_the_run_takes_the_sheet_kept_at_upload) {
  auto job = Create("A", TwoBadRows(1));
  ASSERT_TRUE(job.ok()) << job.error().message;
  auto good = ReadImportFile(GoodRows(20, 5), kImportCsv);
  ASSERT_TRUE(good.ok());
  ASSERT_EQ(good->rows.size(), 5u);
  ASSERT_TRUE(Kept(job->id));
  KeepParsedSheet(job->id, std::make_shared<const ImportSheet>(std::move(*good)));
  auto run = Run(job->id);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->rows_invalid, 0);
  EXPECT_EQ(run->imported, 5);
}

// No sheet stays kept for a job that ended or will never run.
TEST_P(ImportSheetReuse, R_IO_1_no_sheet_is_kept_after_a_run_a_cancel_or_a_restart) {
  struct EndCase {
    std::string name;
    std::function<void(int64_t)> end;
    std::string state;
  };
  std::vector<EndCase> cases = {
      {"run", [&](int64_t id) { ASSERT_TRUE(Run(id).ok()); }, "done"},
      {"cancelled while queued",
       [&](int64_t id) { ASSERT_TRUE(CancelImportJob(*db_, As("school_registrar"), id).ok()); },
       "cancelled"},
      {"failed at a start",
       [&](int64_t) {
         EXPECT_EQ(FailInterruptedImports(*db_, Context{std::nullopt, "test", now_}), 1);
       },
       "failed"},
  };
  int first = 1;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto job = Create("B", TwoBadRows(first));
    first += 5;
    ASSERT_TRUE(job.ok()) << job.error().message;
    EXPECT_TRUE(Kept(job->id));
    c.end(job->id);
    EXPECT_EQ(GetImportJob(*db_, As("school_registrar"), job->id)->state, c.state);
    EXPECT_FALSE(Kept(job->id));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportSheetReuse, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
