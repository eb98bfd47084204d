#include "io/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>

#include "io/file_errors.h"
#include "io/sheet_scan.h"
#include "io/sheet_xml.h"
#include "io/xlsx_parts.h"

namespace xueji::io {

struct XlsxReader::State {
  ZipArchive zip;
  XlsxLimits limits;
  bool date1904 = false;
  std::string sheet_name;
  std::string sheet_part;
  std::vector<std::string> shared;
  std::vector<bool> date_styles;
  std::vector<MergedRange> merges;
};

namespace {

Error NotWorkbook() {
  return FileError(kFileNotXlsx,
                   "文件不是Excel工作簿（.xlsx）。请使用国家模板，在Excel中另存为“Excel "
                   "工作簿(*.xlsx)”后上传");
}

// A cell's position from its "r" attribute, or the next one in the row.
Result<int> CellColumn(const std::string_view* ref, int next) {
  if (ref == nullptr) return next;
  auto col = ColumnOfReference(*ref);
  if (!col) return FileCorrupt("单元格位置“" + std::string(*ref) + "”无效");
  return *col;
}

Result<int64_t> RowNumber(const std::string_view* ref, int64_t previous) {
  if (ref == nullptr) return previous + 1;
  auto row = RowOfReference("A" + std::string(*ref));
  if (!row) return FileCorrupt("行号“" + std::string(*ref) + "”无效");
  return *row;
}

// The leading integer of `s` as std::atoi reads it (white space, a sign,
// digits; 0 when there is none), saturated instead of overflowing.
int LeadingInt(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  bool negative = i < s.size() && s[i] == '-';
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  int64_t v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = std::min<int64_t>(v * 10 + (s[i] - '0'), int64_t{1} << 32);
  }
  v = negative ? -v : v;
  return static_cast<int>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
}

}  // namespace

XlsxReader::XlsxReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
XlsxReader::XlsxReader(XlsxReader&&) noexcept = default;
XlsxReader& XlsxReader::operator=(XlsxReader&&) noexcept = default;
XlsxReader::~XlsxReader() = default;

bool XlsxReader::Date1904() const { return state_->date1904; }
const std::string& XlsxReader::SheetName() const { return state_->sheet_name; }
const std::vector<MergedRange>& XlsxReader::Merges() const { return state_->merges; }

Result<XlsxReader> XlsxReader::FromBuffer(std::string bytes, const XlsxLimits& limits) {
  XUEJI_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::FromBuffer(std::move(bytes), limits.zip));
  return Open(std::move(zip), limits);
}

Result<XlsxReader> XlsxReader::FromFile(const std::string& path, const XlsxLimits& limits) {
  XUEJI_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::FromFile(path, limits.zip));
  return Open(std::move(zip), limits);
}

// R-IO-1
Result<XlsxReader> XlsxReader::Open(ZipArchive zip, const XlsxLimits& limits) {
  auto s = std::make_unique<State>(State{std::move(zip), limits});
  const uint64_t part_max = limits.max_part_bytes;
  XUEJI_ASSIGN_OR_RETURN(auto package_rels, ReadRelationships(s->zip, "", part_max));
  const Relationship* doc = FindRelationship(package_rels, "officeDocument");
  if (doc == nullptr || !s->zip.Has(doc->target)) return NotWorkbook();
  const std::string workbook_part = doc->target;
  XUEJI_ASSIGN_OR_RETURN(WorkbookInfo wb, ReadWorkbook(s->zip, workbook_part, part_max));
  XUEJI_ASSIGN_OR_RETURN(auto rels, ReadRelationships(s->zip, workbook_part, part_max));
  s->date1904 = wb.date1904;
  s->sheet_name = wb.first_sheet_name;
  for (const auto& r : rels) {
    if (r.id == wb.first_sheet_rel) s->sheet_part = r.target;
  }
  if (s->sheet_part.empty() || !s->zip.Has(s->sheet_part)) return NotWorkbook();
  if (const Relationship* st = FindRelationship(rels, "styles"); st && s->zip.Has(st->target)) {
    XUEJI_ASSIGN_OR_RETURN(s->date_styles, ReadDateStyles(s->zip, st->target, part_max));
  }
  const Relationship* ss = FindRelationship(rels, "sharedStrings");
  if (ss != nullptr && s->zip.Has(ss->target)) {
    XUEJI_ASSIGN_OR_RETURN(s->shared,
                           ReadSharedStrings(s->zip, ss->target, limits.max_shared_strings_bytes,
                                             limits.max_cell_bytes));
  }
  XUEJI_ASSIGN_OR_RETURN(s->merges, ScanSheet(s->zip, s->sheet_part, limits));
  return XlsxReader(std::move(s));
}

bool IsDateNumberFormat(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58)) {
    return true;
  }
  if (id < 164) return false;  // other built-in formats are numbers or text
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracket) {
      bracket = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (std::string_view("yYmMdDhHsS").find(c) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

namespace {

// The value types of <c t="…">; anything else reads as a number.
enum class CellType { kNumber, kShared, kString, kBoolean, kError, kDate };

CellType TypeOf(const std::string_view* t) {
  if (t == nullptr) return CellType::kNumber;
  if (*t == "s") return CellType::kShared;
  if (*t == "str" || *t == "inlineStr") return CellType::kString;
  if (*t == "b") return CellType::kBoolean;
  if (*t == "e") return CellType::kError;
  if (*t == "d") return CellType::kDate;
  return CellType::kNumber;
}

// Parses <sheetData> into rows; see XlsxReader::ForEachRow. The handler of
// a SheetXmlParser.
class SheetParser {
 public:
  SheetParser(const XlsxReader::State& s, const SheetRowSink& sink) : s_(s), sink_(sink) {}

  Status Start(std::string_view local, const XmlTagAttributes& a) {
    if (local == "c") return StartCell(a);
    if (local == "v" || local == "t") {
      // <v>, <is><t> or <is><r><t>; not the <t> of a phonetic run
      if (in_cell_ && (local == "v" || phonetic_depth_ == 0)) collect_ = true;
    } else if (local == "row") {
      XUEJI_ASSIGN_OR_RETURN(row_.number, RowNumber(a.Find("r"), row_.number));
      row_.cells.clear();
      next_col_ = 0;
    } else if (local == "rPh") {
      ++phonetic_depth_;
    }
    return {};
  }

  Status End(std::string_view local) {
    if (local == "v" || local == "t") {
      collect_ = false;
    } else if (local == "c") {
      return EndCell();
    } else if (local == "row") {
      return EndRow();
    } else if (local == "rPh") {
      --phonetic_depth_;
    }
    return {};
  }

  Status Text(std::string_view text) {
    if (!collect_) return {};
    if (value_.size() + text.size() > s_.limits.max_cell_bytes) {
      return FileCorrupt("单元格内容超过32767个字符");
    }
    value_.append(text);
    return {};
  }

 private:
  Status StartCell(const XmlTagAttributes& a) {
    const std::string_view *ref = nullptr, *type = nullptr, *style = nullptr;
    for (const XmlAttribute& attr : a.All()) {  // the first of each local name
      if (attr.local.size() != 1) continue;
      if (attr.local[0] == 'r' && ref == nullptr) ref = &attr.value;
      if (attr.local[0] == 't' && type == nullptr) type = &attr.value;
      if (attr.local[0] == 's' && style == nullptr) style = &attr.value;
    }
    XUEJI_ASSIGN_OR_RETURN(col_, CellColumn(ref, next_col_));
    if (col_ >= s_.limits.max_columns) return SheetTooManyColumns(s_.limits);
    type_ = TypeOf(type);
    style_ = style == nullptr ? 0 : LeadingInt(*style);
    value_.clear();
    in_cell_ = true;
    return {};
  }

  Status EndCell() {
    in_cell_ = false;
    next_col_ = col_ + 1;
    XUEJI_ASSIGN_OR_RETURN(SheetCell cell, MakeCell());
    if (cell.kind == CellKind::kEmpty) return {};
    if (row_.cells.size() <= static_cast<size_t>(col_)) row_.cells.resize(col_ + 1);
    row_.cells[col_] = std::move(cell);
    return {};
  }

  Result<SheetCell> MakeCell() const {
    SheetCell cell;
    switch (type_) {
      case CellType::kShared:
        return SharedCell();
      case CellType::kString:
        cell.text = value_;
        cell.kind = value_.empty() ? CellKind::kEmpty : CellKind::kText;
        return cell;
      case CellType::kBoolean:
        cell.kind = CellKind::kBoolean;
        cell.text = value_ == "1" || value_ == "true" ? "1" : "0";
        return cell;
      case CellType::kError:
        cell.kind = CellKind::kError;
        cell.text = value_;
        return cell;
      case CellType::kDate:  // ISO 8601, written by some tools instead of a serial
        cell.kind = value_.empty() ? CellKind::kEmpty : CellKind::kText;
        cell.text = value_.substr(0, std::min<size_t>(value_.size(), 10));
        return cell;
      case CellType::kNumber:
        break;
    }
    if (value_.empty()) return cell;
    const char* begin = value_.data();
    auto [p, ec] = std::from_chars(begin, begin + value_.size(), cell.number);
    if (ec != std::errc() || p != begin + value_.size()) {
      return FileCorrupt("数值“" + value_ + "”无效");
    }
    cell.kind = CellKind::kNumber;
    cell.text = value_;
    cell.date_format = style_ >= 0 && static_cast<size_t>(style_) < s_.date_styles.size() &&
                       s_.date_styles[style_];
    return cell;
  }

  Result<SheetCell> SharedCell() const {
    SheetCell cell;
    if (value_.empty()) return cell;
    size_t index = 0;
    auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
    if (ec != std::errc() || p != value_.data() + value_.size() || index >= s_.shared.size()) {
      return FileCorrupt("共享字符串编号“" + value_ + "”无效");
    }
    cell.text = s_.shared[index];
    cell.kind = cell.text.empty() ? CellKind::kEmpty : CellKind::kText;
    return cell;
  }

  // R-IO-2: merged header cells take the value of their range's first cell.
  void FillMerges() {
    for (const MergedRange& m : s_.merges) {
      if (row_.number < m.first_row || row_.number > m.last_row) continue;
      const SheetCell* origin = nullptr;
      if (row_.number == m.first_row) {
        if (row_.cells.size() > static_cast<size_t>(m.first_column)) {
          origin = &row_.cells[m.first_column];
          origins_[{m.first_row, m.first_column}] = *origin;
        }
      } else if (auto it = origins_.find({m.first_row, m.first_column}); it != origins_.end()) {
        origin = &it->second;
      }
      if (origin == nullptr || origin->kind == CellKind::kEmpty) continue;
      SheetCell value = *origin;
      if (row_.cells.size() <= static_cast<size_t>(m.last_column)) {
        row_.cells.resize(m.last_column + 1);
      }
      for (int c = m.first_column; c <= m.last_column; ++c) {
        if (row_.cells[c].kind == CellKind::kEmpty) row_.cells[c] = value;
      }
    }
  }

  Status EndRow() {
    if (row_.number > s_.limits.max_rows) return SheetTooManyRows(s_.limits);
    if (row_.number <= s_.limits.merge_fill_rows) FillMerges();
    while (!row_.cells.empty() && row_.cells.back().kind == CellKind::kEmpty) {
      row_.cells.pop_back();
    }
    if (row_.cells.empty()) return Ok();
    return sink_(row_);
  }

  const XlsxReader::State& s_;
  const SheetRowSink& sink_;
  SheetRow row_;
  int next_col_ = 0;
  int col_ = 0;
  CellType type_ = CellType::kNumber;
  int style_ = 0;
  std::string value_;
  bool in_cell_ = false;
  bool collect_ = false;
  int phonetic_depth_ = 0;
  std::map<std::pair<int64_t, int>, SheetCell> origins_;
};

}  // namespace

// R-IO-1, R-IO-2
Status XlsxReader::ForEachRow(const SheetRowSink& sink) {
  SheetParser handler(*state_, sink);
  SheetXmlParser<SheetParser> xml(handler);
  XUEJI_RETURN_IF_ERROR(StreamPart(state_->zip, state_->sheet_part,
                                   state_->limits.zip.max_entry_bytes,
                                   [&](std::string_view chunk) { return xml.Feed(chunk); }));
  return xml.Finish();
}

}  // namespace xueji::io
