#pragma once

// An uploaded import file read into memory (R-IO-1, R-IO-2): the header as
// written, every data row's cells as written (for the result workbook) and
// its fields normalized by the template reader (io/import_template.h), with
// the problems the reader found in its cells. Internal to the import job
// (service/import_jobs.h).

#include <cstdint>
#include <functional>
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

// Texts packed into one buffer, without a string object each: a sheet of
// 100,000 rows of some 110 columns is held in a few hundred bytes a row.
class PackedTexts {
 public:
  PackedTexts() = default;
  explicit PackedTexts(const std::vector<std::string_view>& texts);
  explicit PackedTexts(const std::vector<std::string>& texts);
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const;
  std::vector<std::string> Unpacked() const;

 private:
  std::string bytes_;
  std::vector<uint32_t> ends_;
};

struct ImportRow {
  int64_t number = 0;  // the spreadsheet's row number
  PackedTexts cells;   // as written, one per header
  PackedTexts fields;  // normalized by the template reader, one per ImportSheet::field_names
};

struct ImportSheet {
  std::vector<std::string> headers;
  std::map<std::string, int> field_columns;  // template field → column index
  std::vector<std::string> field_names;      // every mapped field, as ImportRow::fields holds them
  // Per column of io::TemplateColumns(): the place of its field in
  // ImportRow::fields, -1 when the file has no such column.
  std::vector<int> field_slots;
  std::vector<ImportRow> rows;
  std::vector<ImportProblem> problems;  // the reader's, per cell (R-IO-2)

  // The row's normalized text of template field `field`; "" when empty or
  // not in the file.
  std::string Field(const ImportRow& row, std::string_view field) const;
  // The same by the field's column in io::TemplateColumns()
  // (io::TemplateColumnOf), without a look-up by name; "" for -1.
  std::string_view FieldAt(const ImportRow& row, int template_column) const;
  // The file's column (index into headers) of template field `field`, the
  // record's class_id being the 班级 column; -1 when the file has none.
  int ColumnOf(std::string_view field) const;
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
