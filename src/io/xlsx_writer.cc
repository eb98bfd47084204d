#include "io/xlsx_writer.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "domain/text.h"

namespace xueji::io {
namespace {

// Excel's built-in 文本 ("@") number format, the one its own menu sets.
constexpr uint8_t kBuiltinTextFormat = 49;

Error WriteFailed(lxw_error e) {
  return Error{ErrorKind::kInternal, "XLSX_WRITE", "",
               std::string("生成Excel文件失败：") + lxw_strerror(e)};
}

Error CellTooLong() {
  return Invalid("XLSX_CELL_TOO_LONG", "",
                 "单元格内容超过Excel的上限" + std::to_string(kXlsxMaxCellChars) + "个字符");
}

bool AllowedInXml(int32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n';
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string CleanCellText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    int32_t cp = domain::NextCodePoint(text, i);
    if (cp < 0) {
      domain::AppendUtf8(out, 0xFFFD);
    } else if (AllowedInXml(cp)) {
      domain::AppendUtf8(out, cp);
    }
  }
  return out;
}

struct XlsxWriter::Impl {
  struct Sheet {
    lxw_worksheet* ws = nullptr;
    int64_t rows = 0;
    std::vector<bool> text;  // per column: the 文本 format
  };

  lxw_workbook* wb = nullptr;
  std::string path;
  std::string tmpdir;  // libxlsxwriter keeps the pointer until close
  bool closed = false;
  lxw_format* header = nullptr;
  lxw_format* required_header = nullptr;
  lxw_format* text = nullptr;
  lxw_format* bad = nullptr;
  lxw_format* bad_text = nullptr;
  std::vector<Sheet> sheets;

  lxw_format* Format(bool is_bad, bool is_text) const {
    if (is_bad) return is_text ? bad_text : bad;
    return is_text ? text : nullptr;
  }

  void MakeFormats() {
    header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_num_format_index(header, kBuiltinTextFormat);
    required_header = workbook_add_format(wb);
    format_set_bold(required_header);
    format_set_font_color(required_header, 0xC00000);
    format_set_bg_color(required_header, 0xD9E1F2);
    format_set_border(required_header, LXW_BORDER_THIN);
    format_set_num_format_index(required_header, kBuiltinTextFormat);
    text = workbook_add_format(wb);
    format_set_num_format_index(text, kBuiltinTextFormat);
    bad = workbook_add_format(wb);
    format_set_bg_color(bad, 0xFFC7CE);
    format_set_font_color(bad, 0x9C0006);
    bad_text = workbook_add_format(wb);
    format_set_bg_color(bad_text, 0xFFC7CE);
    format_set_font_color(bad_text, 0x9C0006);
    format_set_num_format_index(bad_text, kBuiltinTextFormat);
  }

  Status WriteCell(Sheet& s, lxw_row_t row, lxw_col_t col, const XlsxCell& cell) const {
    bool is_text = col < s.text.size() ? bool(s.text[col]) : true;
    std::string clean = CleanCellText(cell.text);
    lxw_error e = LXW_NO_ERROR;
    if (clean.empty()) {
      if (cell.bad) e = worksheet_write_blank(s.ws, row, col, Format(true, is_text));
    } else {
      e = worksheet_write_string(s.ws, row, col, clean.c_str(), Format(cell.bad, is_text));
    }
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) return CellTooLong();
    if (e != LXW_NO_ERROR) return WriteFailed(e);
    if (!cell.comment.empty()) {
      std::string note = CleanCellText(cell.comment);
      if (note.size() > 8000) note = note.substr(0, 8000);  // notes stay readable
      e = worksheet_write_comment(s.ws, row, col, note.c_str());
      if (e != LXW_NO_ERROR) return WriteFailed(e);
    }
    return Ok();
  }
};

XlsxWriter::XlsxWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

XlsxWriter::~XlsxWriter() {
  if (impl_ && !impl_->closed) {
    lxw_workbook_free(impl_->wb);
    std::error_code ec;
    std::filesystem::remove(impl_->path, ec);
  }
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::string& path,
                                                       const std::string& tmpdir) {
  {
    // libxlsxwriter opens the file only when closing; find an unwritable
    // place now, before a long export.
    std::ofstream probe(path, std::ios::binary | std::ios::trunc);
    if (!probe) return WriteFailed(LXW_ERROR_CREATING_XLSX_FILE);
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->tmpdir = tmpdir;
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = impl->tmpdir.empty() ? nullptr : impl->tmpdir.data();
  impl->wb = workbook_new_opt(impl->path.c_str(), &options);
  if (impl->wb == nullptr) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return WriteFailed(LXW_ERROR_MEMORY_MALLOC_FAILED);
  }
  impl->MakeFormats();
  return std::unique_ptr<XlsxWriter>(new XlsxWriter(std::move(impl)));
}

Result<int> XlsxWriter::AddSheet(std::string_view name, const std::vector<XlsxColumn>& columns,
                                 bool header_row) {
  if (impl_->closed) return WriteFailed(LXW_ERROR_PARAMETER_VALIDATION);
  if (columns.size() > static_cast<size_t>(kXlsxMaxColumns)) {
    return Invalid("XLSX_TOO_MANY_COLUMNS", "", "列数超过Excel的上限");
  }
  std::string sheet_name(name);
  lxw_error valid = workbook_validate_sheet_name(impl_->wb, sheet_name.c_str());
  if (valid != LXW_NO_ERROR) {
    return Invalid("XLSX_SHEET_NAME", "",
                   "工作表名称无效：" + sheet_name + "（" + lxw_strerror(valid) + "）");
  }
  Impl::Sheet s;
  s.ws = workbook_add_worksheet(impl_->wb, sheet_name.c_str());
  if (s.ws == nullptr) return WriteFailed(LXW_ERROR_MEMORY_MALLOC_FAILED);
  for (size_t c = 0; c < columns.size(); ++c) {
    const XlsxColumn& col = columns[c];
    s.text.push_back(col.text);
    auto cc = static_cast<lxw_col_t>(c);
    worksheet_set_column(s.ws, cc, cc, col.width, col.text ? impl_->text : nullptr);
  }
  if (header_row && !columns.empty()) {
    for (size_t c = 0; c < columns.size(); ++c) {
      const XlsxColumn& col = columns[c];
      std::string text = CleanCellText(col.header);
      lxw_format* f = col.required ? impl_->required_header : impl_->header;
      lxw_error e = worksheet_write_string(s.ws, 0, static_cast<lxw_col_t>(c), text.c_str(), f);
      if (e == LXW_NO_ERROR && !col.comment.empty()) {
        e = worksheet_write_comment(s.ws, 0, static_cast<lxw_col_t>(c),
                                    CleanCellText(col.comment).c_str());
      }
      if (e != LXW_NO_ERROR) return WriteFailed(e);
    }
    worksheet_freeze_panes(s.ws, 1, 0);
    s.rows = 1;
  }
  impl_->sheets.push_back(std::move(s));
  return static_cast<int>(impl_->sheets.size() - 1);
}

Status XlsxWriter::WriteRow(int sheet, const std::vector<std::string>& cells) {
  std::vector<XlsxCell> row;
  row.reserve(cells.size());
  for (const auto& text : cells) row.push_back(XlsxCell{text, false, ""});
  return WriteCells(sheet, row);
}

Status XlsxWriter::WriteCells(int sheet, const std::vector<XlsxCell>& cells) {
  if (impl_->closed || sheet < 0 || static_cast<size_t>(sheet) >= impl_->sheets.size()) {
    return WriteFailed(LXW_ERROR_PARAMETER_VALIDATION);
  }
  Impl::Sheet& s = impl_->sheets[sheet];
  if (s.rows >= kXlsxMaxRows) {
    return Error{ErrorKind::kTooLarge, "XLSX_TOO_MANY_ROWS", "",
                 "行数超过Excel工作表的上限" + std::to_string(kXlsxMaxRows) + "行"};
  }
  if (cells.size() > static_cast<size_t>(kXlsxMaxColumns)) {
    return Invalid("XLSX_TOO_MANY_COLUMNS", "", "列数超过Excel的上限");
  }
  auto row = static_cast<lxw_row_t>(s.rows);
  for (size_t c = 0; c < cells.size(); ++c) {
    XUEJI_RETURN_IF_ERROR(impl_->WriteCell(s, row, static_cast<lxw_col_t>(c), cells[c]));
  }
  ++s.rows;
  return Ok();
}

int64_t XlsxWriter::RowCount(int sheet) const {
  if (sheet < 0 || static_cast<size_t>(sheet) >= impl_->sheets.size()) return 0;
  return impl_->sheets[sheet].rows;
}

Status XlsxWriter::Close() {
  if (impl_->closed) return Ok();
  impl_->closed = true;
  lxw_error e = workbook_close(impl_->wb);
  if (e != LXW_NO_ERROR) {
    std::error_code ec;
    std::filesystem::remove(impl_->path, ec);
    return WriteFailed(e);
  }
  return Ok();
}

Status StreamFileChunks(const std::string& path, const ChunkSink& sink, size_t chunk) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{ErrorKind::kInternal, "XLSX_READ", "", "无法读取生成的Excel文件"};
  }
  std::string buffer(chunk == 0 ? 1 : chunk, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    XUEJI_RETURN_IF_ERROR(sink(std::string_view(buffer.data(), static_cast<size_t>(n))));
  }
  if (in.bad()) return Error{ErrorKind::kInternal, "XLSX_READ", "", "读取生成的Excel文件失败"};
  return Ok();
}

}  // namespace xueji::io
