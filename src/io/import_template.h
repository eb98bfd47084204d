#pragma once

// The national student import template (学生信息导入模板, R-IO-1): its header
// row mapped to record fields, and its data rows turned into field → text,
// normalized against spreadsheet pitfalls (R-IO-2), each problem pinned to
// its cell. Whether a value is valid for its field is decided afterwards by
// registration's own validation (domain::ValidateNewStudent).
//
// Columns are those of io/template_columns.h (TemplateColumns(), 成员1…成员6
// included); fields are named as there: as the record names them
// (domain::StudentFields: "name", "id_number", …), family members as
// "guardians[0].name", plus "school_code" (学校标识码) and "class_name" (班级,
// the class's name in the school). Columns the record does not hold (血型 …)
// are ignored like unknown ones. Column order does not matter; headers are
// recognized with spaces, line breaks, full-width characters, ★/* required
// markers and notes in brackets ("出生日期（YYYYMMDD）") ignored, and under
// the columns' aliases.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "io/spreadsheet_cell.h"
#include "io/template_columns.h"

namespace xueji::io {

class XlsxReader;

// The comparison key of a header: full-width folded, spaces and line breaks
// removed, ★☆* markers and "(必填)" removed.
std::string HeaderKey(std::string_view header);

// The template column holding a record field that a header names (by its
// header or an alias), or nullptr.
const TemplateColumn* FindTemplateColumn(std::string_view header);

struct MappedColumn {
  int column = 0;      // 0-based
  std::string header;  // as written in the file
  const TemplateColumn* def = nullptr;
};

struct IgnoredColumn {
  int column = 0;
  std::string letter;  // "AB"
  std::string header;
  bool duplicate = false;  // names a field an earlier column already has
};

struct HeaderMapping {
  int64_t row = 0;                             // the header's row number
  std::vector<MappedColumn> columns;           // one per field, in the file's order
  std::vector<IgnoredColumn> ignored;          // unknown or repeated headers, listed for the user
  std::vector<const TemplateColumn*> missing;  // required columns not found

  // The place in `columns` (and in TemplateRow::fields) of the column holding
  // `field`, or -1 when the file has none.
  int FieldIndex(std::string_view field) const;
};

// R-IO-1: maps one header row.
HeaderMapping MapHeader(const SheetRow& row);

// R-IO-1: TEMPLATE_COLUMNS_MISSING naming every missing required column
// (one detail per column, field = the template field), or Ok.
Status CheckRequiredColumns(const HeaderMapping& mapping);

// A problem of one cell: where it is, what the header said, and why.
struct CellProblem {
  int64_t row = 0;
  std::string column;  // letter, "D"
  std::string header;
  std::string field;
  std::string code;     // ID_AS_NUMBER, DATE_SERIAL, CELL_ERROR
  std::string message;  // Chinese, names the cell: "第5行D列（身份证件号）：…"
};

// One data row: fields[i] is the normalized text of mapping.columns[i]'s
// cell, "" when empty; the field's name is the mapping's.
struct TemplateRow {
  int64_t row = 0;
  std::vector<std::string> fields;    // one per HeaderMapping::columns
  std::vector<CellProblem> problems;  // the field of a problem cell is ""

  // The text of `field` (a TemplateColumn::field) under `mapping`, the
  // mapping the row was read with; "" when the file has no such column.
  std::string_view Field(const HeaderMapping& mapping, std::string_view field) const;
};

// R-IO-2: one data row through the mapping, each cell normalized.
TemplateRow MapRow(const HeaderMapping& mapping, const SheetRow& row, bool date1904);
// MapRow into `out`, reusing its buffers: a reader's row after row.
void MapRowInto(const HeaderMapping& mapping, const SheetRow& row, bool date1904, TemplateRow& out);

using TemplateHeaderSink = std::function<Status(const HeaderMapping& mapping)>;
using TemplateRowSink = std::function<Status(const TemplateRow& row)>;

// Rows of a sheet in, template rows out. The header is the first row (among
// the first kHeaderSearchRows non-empty rows) in which at least three cells
// name template columns; rows above it (a title, notes) are skipped. Rows
// whose mapped cells are all empty are skipped.
class TemplateRowReader {
 public:
  static constexpr int kHeaderSearchRows = 10;

  TemplateRowReader(bool date1904, TemplateHeaderSink on_header, TemplateRowSink on_row);

  // R-IO-1: HEADER_NOT_FOUND when the search rows are exhausted;
  // TEMPLATE_COLUMNS_MISSING when the header lacks required columns; errors of
  // the sinks are passed on.
  Status Add(const SheetRow& row);
  // HEADER_NOT_FOUND when no header came (an empty sheet included).
  Status Finish() const;

 private:
  bool date1904_;
  TemplateHeaderSink on_header_;
  TemplateRowSink on_row_;
  bool have_header_ = false;
  int searched_ = 0;
  HeaderMapping mapping_;
  TemplateRow row_;  // the row handed out last, its buffers reused for the next
};

// R-IO-1, R-IO-2: the first worksheet of an .xlsx, row by row.
Status ReadTemplate(XlsxReader& reader, const TemplateHeaderSink& on_header,
                    const TemplateRowSink& on_row);

// R-IO-1, R-IO-2: an uploaded CSV file (UTF-8 or GBK/GB18030); every cell is
// text, rows are numbered from 1 as Excel numbers them.
Status ReadTemplateCsv(std::string_view bytes, const TemplateHeaderSink& on_header,
                       const TemplateRowSink& on_row);

}  // namespace xueji::io
