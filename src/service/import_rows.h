#pragma once

// An uploaded import file read into memory (R-IO-1, R-IO-2): the header as
// written, every data row's cells as written (for the result workbook) and
// its fields normalized by the template reader (io/import_template.h), with
// the problems the reader found in its cells. Internal to the import job
// (service/import_jobs.h).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace xueji::service {

// One problem of an uploaded row: `row` indexes ImportSheet::rows; `column`
// indexes the headers, -1 for the row as a whole.
struct ImportProblem {
  int64_t row = 0;
  int column = -1;
  std::string message;
};

struct ImportRow {
  int64_t number = 0;                         // the spreadsheet's row number
  std::vector<std::string> cells;             // as written, one per header
  std::map<std::string, std::string> fields;  // template field → normalized text
};

struct ImportSheet {
  std::vector<std::string> headers;
  std::map<std::string, int> field_columns;  // template field → column index
  std::vector<ImportRow> rows;
  std::vector<ImportProblem> problems;  // the reader's, per cell (R-IO-2)
};

inline constexpr const char* kImportXlsx = "xlsx";
inline constexpr const char* kImportCsv = "csv";

// "csv" for a name ending in .csv (any case), else "xlsx".
std::string ImportFileKind(std::string_view file_name);

// R-IO-1, R-IO-2: the whole file through the template reader. A bad file
// (corrupt, encrypted, a zip bomb, no workbook, no template header, required
// columns missing, undecodable text) is the reader's error, as it gave it.
Result<ImportSheet> ReadImportFile(std::string bytes, const std::string& kind);

}  // namespace xueji::service
