#pragma once

// The national student import template as .xlsx (R-IO-1): an empty one for
// schools to fill, or filled with students (gen-data --xlsx, demos,
// benchmarks). Sheet 学生信息 has the NationalTemplateColumns() headers,
// required ones in red with the note 必填, every column but the distance in
// the 文本 format (ID numbers and dates stay text, R-IO-2); sheet 代码表 lists the
// current (not historical) codes of every coded column's table and the
// grade codes.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/code_table.h"
#include "domain/result.h"
#include "domain/student_record.h"
#include "io/xlsx_writer.h"

namespace xueji::io {

inline constexpr const char* kTemplateSheet = "学生信息";
inline constexpr const char* kCodeSheet = "代码表";

class TemplateWriter {
 public:
  // Starts the workbook at `path`: the header row and the code sheet from
  // `tables` (tables no template column uses are left out).
  static Result<std::unique_ptr<TemplateWriter>> Create(
      const std::string& path, const std::vector<domain::CodeTable>& tables,
      const std::string& tmpdir = "");

  // One row of the template (TemplateRowCells).
  Status AddStudent(const domain::StudentInput& student, std::string_view school_code,
                    std::string_view class_name);

  // Rows written below the header.
  int64_t rows() const { return writer_->RowCount(sheet_) - 1; }

  Status Finish() { return writer_->Close(); }

 private:
  TemplateWriter(std::unique_ptr<XlsxWriter> writer, int sheet)
      : writer_(std::move(writer)), sheet_(sheet) {}
  std::unique_ptr<XlsxWriter> writer_;
  int sheet_ = 0;
};

// The header columns of the 学生信息 sheet, with widths and notes.
std::vector<XlsxColumn> TemplateXlsxColumns(const std::vector<domain::CodeTable>& tables);

// An empty template at `path`.
Status WriteEmptyTemplate(const std::string& path, const std::vector<domain::CodeTable>& tables);

}  // namespace xueji::io
