#include "io/result_workbook.h"

#include <algorithm>

namespace xueji::io {
namespace {

void Append(std::string& to, const std::string& text) {
  if (!to.empty()) to += "；";
  to += text;
}

}  // namespace

Result<std::unique_ptr<ResultWorkbookWriter>> ResultWorkbookWriter::Create(
    const std::string& path, const std::vector<std::string>& headers, const std::string& tmpdir) {
  std::vector<std::string> kept;
  std::vector<XlsxColumn> columns;
  int old_errors = -1;
  for (size_t c = 0; c < headers.size(); ++c) {
    if (headers[c] == kErrorColumnHeader && old_errors < 0) {
      old_errors = static_cast<int>(c);
      continue;
    }
    kept.push_back(headers[c]);
    columns.push_back(XlsxColumn{headers[c], 14, true, false, ""});
  }
  columns.push_back(XlsxColumn{kErrorColumnHeader, 60, true, true, ""});
  XUEJI_ASSIGN_OR_RETURN(auto writer, XlsxWriter::Create(path, tmpdir));
  XUEJI_ASSIGN_OR_RETURN(int sheet, writer->AddSheet(kResultSheet, columns));
  return std::unique_ptr<ResultWorkbookWriter>(
      new ResultWorkbookWriter(std::move(writer), sheet, std::move(kept), old_errors));
}

// R-IO-1
Status ResultWorkbookWriter::AddRow(const std::vector<std::string>& uploaded,
                                    const std::vector<RowProblem>& problems) {
  std::vector<std::string> cells = uploaded;
  if (old_errors_ >= 0 && static_cast<size_t>(old_errors_) < cells.size()) {
    cells.erase(cells.begin() + old_errors_);
  }
  const size_t width = std::max(cells.size(), headers_.size());
  std::vector<XlsxCell> out(width + 1);
  for (size_t c = 0; c < cells.size(); ++c) out[c].text = cells[c];
  std::string summary;
  for (const RowProblem& p : problems) {
    int column = p.column;
    if (old_errors_ >= 0 && column >= old_errors_) column = column == old_errors_ ? -1 : column - 1;
    if (column < 0 || static_cast<size_t>(column) >= headers_.size()) {
      Append(summary, p.message);
      continue;
    }
    XlsxCell& cell = out[column];
    cell.bad = true;
    Append(cell.comment, p.message);
    Append(summary, headers_[column] + "：" + p.message);
  }
  // The error column sits right after the headers; extra cells beyond them
  // (a row longer than its header) are shifted one to the right.
  if (cells.size() > headers_.size()) {
    std::rotate(out.begin() + headers_.size(), out.end() - 1, out.end());
  }
  out[headers_.size()] = XlsxCell{summary, !summary.empty(), ""};
  return writer_->WriteCells(sheet_, out);
}

// R-IO-1
Status WriteResultWorkbook(const std::string& path, const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<RowProblem>& problems,
                           const ResultWorkbookOptions& options) {
  std::vector<std::vector<RowProblem>> by_row(rows.size());
  for (const RowProblem& p : problems) {
    if (p.row < 0 || static_cast<size_t>(p.row) >= rows.size()) {
      return Error{ErrorKind::kInternal, "RESULT_PROBLEM_ROW", "",
                   "错误所在行不存在：" + std::to_string(p.row)};
    }
    by_row[p.row].push_back(p);
  }
  XUEJI_ASSIGN_OR_RETURN(auto writer, ResultWorkbookWriter::Create(path, headers));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (options.only_rows_with_problems && by_row[r].empty()) continue;
    XUEJI_RETURN_IF_ERROR(writer->AddRow(rows[r], by_row[r]));
  }
  return writer->Finish();
}

}  // namespace xueji::io
