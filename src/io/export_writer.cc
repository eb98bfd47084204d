#include "io/export_writer.h"

#include <string_view>

#include "domain/id_number.h"

namespace xueji::io {

Result<std::unique_ptr<ExportWriter>> ExportWriter::Begin(const std::string& path,
                                                          std::vector<ExportColumn> columns,
                                                          ExportOptions options) {
  if (options.rows_per_sheet < 1 || options.rows_per_sheet > kXlsxMaxRows - 1) {
    options.rows_per_sheet = kXlsxMaxRows - 1;
  }
  XUEJI_ASSIGN_OR_RETURN(auto writer, XlsxWriter::Create(path, options.tmpdir));
  std::unique_ptr<ExportWriter> out(
      new ExportWriter(std::move(writer), std::move(columns), std::move(options)));
  XUEJI_RETURN_IF_ERROR(out->StartSheet());
  return out;
}

Status ExportWriter::StartSheet() {
  std::vector<XlsxColumn> header;
  for (const auto& c : columns_) header.push_back(XlsxColumn{c.header, c.width, true, false, ""});
  ++sheets_;
  std::string name = options_.sheet_name;
  if (sheets_ > 1) name += "(" + std::to_string(sheets_) + ")";
  XUEJI_ASSIGN_OR_RETURN(sheet_, writer_->AddSheet(name, header));
  rows_in_sheet_ = 0;
  return Ok();
}

// R-SEC-1, R-SEC-3
Status ExportWriter::AddRow(std::vector<std::string> cells) {
  if (rows_in_sheet_ >= options_.rows_per_sheet) XUEJI_RETURN_IF_ERROR(StartSheet());
  if (!options_.reveal_id_numbers) {
    for (size_t c = 0; c < cells.size() && c < columns_.size(); ++c) {
      if (columns_[c].id_number && !cells[c].empty()) cells[c] = domain::MaskIdNumber(cells[c]);
    }
  }
  XUEJI_RETURN_IF_ERROR(writer_->WriteRow(sheet_, cells));
  ++rows_;
  ++rows_in_sheet_;
  return Ok();
}

Result<int64_t> ExportWriter::Finish() {
  XUEJI_RETURN_IF_ERROR(writer_->Close());
  return rows_;
}

std::vector<ExportColumn> BasicInfoExportColumns() {
  std::vector<ExportColumn> out;
  for (const auto& f : domain::StudentFields()) {
    bool id = std::string_view(f.name) == "id_number";
    out.push_back(ExportColumn{f.label, id, id ? 22.0 : 14.0});
  }
  return out;
}

std::vector<std::string> BasicInfoExportRow(const domain::StudentInput& student) {
  std::vector<std::string> row;
  for (const auto& f : domain::StudentFields()) row.push_back(student.*(f.member));
  return row;
}

std::vector<ExportColumn> RosterExportColumns() {
  return {{"学籍号", false, 22},   {"姓名", false, 12},      {"性别", false, 6},
          {"出生日期", false, 12}, {"身份证件号", true, 22}, {"年级", false, 10},
          {"班级", false, 10},     {"学籍状态", false, 10}};
}

std::vector<std::string> RosterExportRow(const RosterEntry& e) {
  return {e.student_number, e.name,  e.sex,        e.birth_date,
          e.id_number,      e.grade, e.class_name, e.status};
}

}  // namespace xueji::io
