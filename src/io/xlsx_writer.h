#pragma once

// Writing .xlsx files (R-IO-1, R-IO-3) through libxlsxwriter in
// constant-memory mode: each row goes to a temporary file as soon as the next
// one starts, so memory stays flat however many rows an export has. Rows of
// a sheet are therefore written strictly in order, top to bottom; sheets are
// added up front and each is filled in order independently.
//
// Every cell is written as a text cell: ID numbers, codes with leading zeros
// ("01" 汉族) and dates keep every character and never become numbers or
// formulas (a value starting with "=" stays text). Columns marked `text`
// also carry the 文本 number format, so what a person types there later
// stays text too (R-IO-2). Invalid UTF-8 is replaced by U+FFFD and control
// characters other than tab and newline are dropped: the file always opens.
//
// Failures are values: XLSX_WRITE (kInternal: the file or temporary space
// could not be written), XLSX_SHEET_NAME (kInvalid), XLSX_TOO_MANY_ROWS
// (kTooLarge: over Excel's 1,048,576 rows), XLSX_CELL_TOO_LONG (kInvalid:
// over 32,767 characters).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace xueji::io {

inline constexpr int64_t kXlsxMaxRows = 1048576;  // rows per sheet, the header included
inline constexpr int kXlsxMaxColumns = 16384;
inline constexpr int kXlsxMaxCellChars = 32767;

struct XlsxColumn {
  std::string header;
  double width = 14;      // in Excel character units
  bool text = true;       // 文本 number format for the whole column
  bool required = false;  // header in the required style (red)
  std::string comment;    // note on the header cell, e.g. how to fill the column
};

// One cell of a row: its text, whether it is highlighted as wrong (R-IO-1,
// the result workbook) and an optional note shown on the cell.
struct XlsxCell {
  std::string text;
  bool bad = false;
  std::string comment;
};

class XlsxWriter {
 public:
  // Starts a workbook that Close() writes to `path`; temporary row files go
  // to `tmpdir` ("" = the system's).
  static Result<std::unique_ptr<XlsxWriter>> Create(const std::string& path,
                                                    const std::string& tmpdir = "");
  // An unclosed workbook is discarded and nothing is left at `path`.
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Adds a sheet with `columns` as its styled, frozen header row (no header
  // row when `columns` is empty: widths and formats come from the columns).
  // Returns the sheet's index for the Write calls.
  Result<int> AddSheet(std::string_view name, const std::vector<XlsxColumn>& columns,
                       bool header_row = true);

  // Appends a row below the last one written on `sheet`. Missing cells are
  // left empty; more cells than columns are written too.
  Status WriteRow(int sheet, const std::vector<std::string>& cells);
  Status WriteCells(int sheet, const std::vector<XlsxCell>& cells);

  // Rows written on `sheet`, the header row included.
  int64_t RowCount(int sheet) const;

  // Writes the file. After Close() the writer accepts nothing more.
  Status Close();

 private:
  struct Impl;
  explicit XlsxWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Hands the file at `path` to `sink` in pieces of at most `chunk` bytes, in
// order (an HTTP response streams a finished workbook this way). Stops at the
// first piece `sink` refuses and returns its error.
using ChunkSink = std::function<Status(std::string_view)>;
Status StreamFileChunks(const std::string& path, const ChunkSink& sink, size_t chunk = 64 * 1024);

// `text` as valid UTF-8 without the control characters XML 1.0 forbids.
std::string CleanCellText(std::string_view text);

}  // namespace xueji::io
