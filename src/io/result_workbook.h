#pragma once

// R-IO-1: the result workbook of an import. The uploaded rows come back with
// an added 错误说明 column and every cell a problem names highlighted and
// noted with its message, so that the school fixes the cells and uploads the
// same file again (the reader ignores the 错误说明 column by its header).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "io/xlsx_writer.h"

namespace xueji::io {

inline constexpr const char* kErrorColumnHeader = "错误说明";
inline constexpr const char* kResultSheet = "导入结果";

// One problem of an uploaded row: `column` indexes the headers; -1 (or an
// index past the headers) is a problem of the row as a whole, e.g. a
// duplicate of another row.
struct RowProblem {
  int64_t row = 0;  // index into the uploaded data rows, 0 = the first below the header
  int column = -1;
  std::string message;
};

// Streams a result workbook: rows in upload order, each with its problems.
// An uploaded 错误说明 column (a result workbook fixed and uploaded again) is
// dropped: the new one replaces it.
class ResultWorkbookWriter {
 public:
  static Result<std::unique_ptr<ResultWorkbookWriter>> Create(
      const std::string& path, const std::vector<std::string>& headers,
      const std::string& tmpdir = "");
  // The row with its bad cells highlighted and noted, and the 错误说明 cell
  // listing every problem as "列名：说明" joined by "；" (empty for a good row).
  Status AddRow(const std::vector<std::string>& cells, const std::vector<RowProblem>& problems);
  int64_t rows() const { return writer_->RowCount(sheet_) - 1; }
  Status Finish() { return writer_->Close(); }

 private:
  ResultWorkbookWriter(std::unique_ptr<XlsxWriter> writer, int sheet,
                       std::vector<std::string> headers, int old_errors)
      : writer_(std::move(writer)),
        sheet_(sheet),
        headers_(std::move(headers)),
        old_errors_(old_errors) {}
  std::unique_ptr<XlsxWriter> writer_;
  int sheet_ = 0;
  std::vector<std::string> headers_;  // without an uploaded 错误说明 column
  int old_errors_ = -1;               // that column's index in the upload, or -1
};

struct ResultWorkbookOptions {
  // Mode A of R-IO-1 (the valid rows went in): only the rows with problems,
  // so that uploading the fixed file again adds just them. Mode B (nothing
  // went in): every row.
  bool only_rows_with_problems = false;
};

// The whole result workbook at once. A problem naming a row that does not
// exist is refused (RESULT_PROBLEM_ROW, kInternal) and no file is left.
Status WriteResultWorkbook(const std::string& path, const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<RowProblem>& problems,
                           const ResultWorkbookOptions& options = {});

}  // namespace xueji::io
