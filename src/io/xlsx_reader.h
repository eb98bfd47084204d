#pragma once

// Streaming reader of the first worksheet of an .xlsx workbook (R-IO-1,
// R-IO-2), over libzip, XmlTokenizer (the worksheet and the shared strings)
// and expat (the small parts). The worksheet XML is inflated and parsed
// chunk by chunk and handed out row by row; only the shared strings, the
// cell styles and the merged ranges of the header rows are kept in memory.
//
// Cells: shared strings, inline strings, formula results, numbers (with a
// flag for date/time formats, so that serial dates can be told apart),
// booleans, error values; gaps in cell references (A1, C1) leave empty
// cells. The workbook's date system (1900, or 1904 from workbook.xml) is
// reported for serial dates. Merged ranges that start in the first
// `merge_fill_rows` rows (the header: a title or a group header spanning
// several columns or rows) copy their value into every cell of the range.
//
// Errors (io/file_errors.h): those of ZipArchive, FILE_NOT_XLSX (a zip that is
// no workbook), FILE_CORRUPT (malformed XML, a dangling shared-string index),
// SHEET_TOO_LARGE (more rows or columns than the limits: when the sheet
// declares its size, on opening; otherwise from ForEachRow when the first
// row or cell over a limit comes, after the rows before it were handed out).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "io/spreadsheet_cell.h"
#include "io/zip_archive.h"

namespace xueji::io {

struct XlsxLimits {
  ZipLimits zip;
  int64_t max_rows = 200000;  // the highest row number, header included
  int max_columns = 256;
  uint64_t max_shared_strings_bytes = 128ull << 20;  // sharedStrings.xml, inflated
  uint64_t max_part_bytes = 16ull << 20;             // workbook, relationships, styles
  size_t max_cell_bytes = 32767 * 4;                 // Excel's 32,767 characters in UTF-8
  int64_t merge_fill_rows = 20;
};

struct MergedRange {
  int64_t first_row = 0, last_row = 0;
  int first_column = 0, last_column = 0;  // 0-based
};

using SheetRowSink = std::function<Status(const SheetRow& row)>;

class XlsxReader {
 public:
  // R-IO-1: opens the workbook, reads its parts (relationships, workbook,
  // styles, shared strings) and scans the first worksheet for its declared
  // size and the merged ranges of its header rows.
  static Result<XlsxReader> FromBuffer(std::string bytes, const XlsxLimits& limits = {});
  static Result<XlsxReader> FromFile(const std::string& path, const XlsxLimits& limits = {});

  XlsxReader(XlsxReader&&) noexcept;
  XlsxReader& operator=(XlsxReader&&) noexcept;
  ~XlsxReader();

  bool Date1904() const;
  const std::string& SheetName() const;
  const std::vector<MergedRange>& Merges() const;  // those starting in the header rows

  // R-IO-1, R-IO-2: hands out the non-empty rows of the first worksheet in
  // order; an error from `sink` stops the read and is returned.
  Status ForEachRow(const SheetRowSink& sink);

  struct State;

 private:
  explicit XlsxReader(std::unique_ptr<State> state);
  static Result<XlsxReader> Open(ZipArchive archive, const XlsxLimits& limits);
  std::unique_ptr<State> state_;
};

// Whether Excel shows number format `id` (built in, or custom with `code`) as
// a date or time: built-in 14–22, 27–36, 45–47, 50–58, or a custom code with
// y, m, d, h or s outside quotes and brackets.
bool IsDateNumberFormat(int id, std::string_view code);

}  // namespace xueji::io
