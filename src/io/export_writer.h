#pragma once

// R-IO-3: exports as .xlsx — rosters, the basic-info table — written row by
// row in constant memory, so a million-row export costs no more memory than
// a small one; past Excel's row limit the rows continue on a new sheet
// (名单, 名单(2), …) under the same header.
//
// R-SEC-1, R-SEC-3: ID-number columns are masked (domain::MaskIdNumber)
// unless the caller states that an approved export request allows full data
// (`reveal_id_numbers`); the writer counts the rows for the export's audit
// entry.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/student_record.h"
#include "io/xlsx_writer.h"

namespace xueji::io {

struct ExportColumn {
  std::string header;
  bool id_number = false;  // masked unless revealed
  double width = 14;
};

struct ExportOptions {
  std::string sheet_name = "名单";
  bool reveal_id_numbers = false;             // R-SEC-1: only with an approved export request
  std::string tmpdir;                         // "" = the system's temporary directory
  int64_t rows_per_sheet = kXlsxMaxRows - 1;  // data rows before a new sheet starts
};

class ExportWriter {
 public:
  // Begins the workbook at `path` with `columns` as its header row.
  static Result<std::unique_ptr<ExportWriter>> Begin(const std::string& path,
                                                     std::vector<ExportColumn> columns,
                                                     ExportOptions options = {});
  // R-SEC-1, R-SEC-3: appends one row, masking ID-number cells unless revealed.
  Status AddRow(std::vector<std::string> cells);
  // Writes the file; returns the number of data rows (for the audit entry).
  Result<int64_t> Finish();
  int64_t rows() const { return rows_; }

 private:
  ExportWriter(std::unique_ptr<XlsxWriter> writer, std::vector<ExportColumn> columns,
               ExportOptions options)
      : writer_(std::move(writer)), columns_(std::move(columns)), options_(std::move(options)) {}
  Status StartSheet();
  std::unique_ptr<XlsxWriter> writer_;
  std::vector<ExportColumn> columns_;
  ExportOptions options_;
  int sheet_ = -1;
  int sheets_ = 0;
  int64_t rows_ = 0;
  int64_t rows_in_sheet_ = 0;
};

// The basic-info table (学籍基础信息表): one column per record field in the
// order of domain::StudentFields(), labelled in Chinese, 身份证件号 an
// ID-number column.
std::vector<ExportColumn> BasicInfoExportColumns();
std::vector<std::string> BasicInfoExportRow(const domain::StudentInput& student);

// A roster (花名册) of a class or school.
struct RosterEntry {
  std::string student_number;  // 学籍号 (G or L number)
  std::string name, sex, birth_date, id_number, grade, class_name, status;
};
std::vector<ExportColumn> RosterExportColumns();
std::vector<std::string> RosterExportRow(const RosterEntry& entry);

}  // namespace xueji::io
