#pragma once

// Cells as spreadsheets deliver them (xlsx or CSV), and their normalization
// to the text a record field takes (R-IO-2): ID numbers that Excel turned
// into numbers are refused with an explanation, serial dates become
// YYYY-MM-DD, full-width digits and stray spaces are normalized. Whether the
// text is a valid value of its field is for registration's validation to
// decide, not for this file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::io {

enum class CellKind { kEmpty, kText, kNumber, kBoolean, kError };

struct SheetCell {
  CellKind kind = CellKind::kEmpty;
  // kText: the text; kNumber: the number as the file wrote it ("1.10101E+17",
  // "44197"); kBoolean: "1" or "0"; kError: "#N/A" and the like.
  std::string text;
  double number = 0;         // kNumber
  bool date_format = false;  // kNumber shown with a date or time format
};

// One row of a sheet: `number` is the spreadsheet's row number (1-based);
// cells[i] is column i (A = 0), gaps are kEmpty, trailing empty cells cut.
struct SheetRow {
  int64_t number = 0;
  std::vector<SheetCell> cells;
};

// Column letters of a 0-based index: 0 → "A", 27 → "AB".
std::string ColumnLetters(int index);

// The 0-based column of a cell reference ("AB12" → 27), or nullopt when it
// does not start with 1–3 letters (up to XFD, Excel's last column).
std::optional<int> ColumnOfReference(std::string_view ref);
// The row number of a cell reference ("AB12" → 12), or nullopt.
std::optional<int64_t> RowOfReference(std::string_view ref);

// R-IO-2: an Excel serial date to a calendar date. The 1900 system counts
// 1900-01-01 as 1 and keeps Lotus 1-2-3's nonexistent 1900-02-29 as 60
// (refused: nullopt), so serials from 61 on are one day ahead; the 1904
// system (workbook.xml date1904) counts 1904-01-01 as 0. The fraction (time
// of day) is dropped; serials outside 1900–9999 are nullopt.
std::optional<domain::Date> SerialToDate(double serial, bool date1904);

// How a record field's cells are normalized.
enum class FieldKind {
  kText,       // names, addresses: trimmed, full-width digits folded
  kIdNumber,   // ID numbers: numbers refused (ID_AS_NUMBER)
  kDate,       // 出生日期: serials and common text forms → YYYY-MM-DD
  kYearMonth,  // 入学年月: serials → YYYYMM
  kCode,       // codes, phone numbers, postal codes: compacted; numbers
               // padded to `width` with leading zeros when width > 0
};

struct FieldFormat {
  FieldKind kind = FieldKind::kText;
  int width = 0;  // kCode: the fixed width of the code ("01" 汉族), 0 if none
};

// R-IO-2: the text of `cell` for a field of format `format`. Errors (kind
// kInvalid, field empty; the caller names the cell): ID_AS_NUMBER, DATE_SERIAL
// (a serial that is no date), CELL_ERROR (a formula error such as #N/A).
Result<std::string> NormalizeCell(const SheetCell& cell, FieldFormat format, bool date1904);

// R-IO-2: NormalizeCell into `out` (replaced, its buffer reused), for a
// reader that normalizes many cells; `out` is "" on an error.
Status NormalizeCellTo(const SheetCell& cell, FieldFormat format, bool date1904, std::string& out);

}  // namespace xueji::io
