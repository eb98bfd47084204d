#include "io/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>

#include "io/file_errors.h"
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

Error Corrupt(const std::string& what) {
  return FileError(kFileCorrupt, "文件内容已损坏（" + what + "），无法读取");
}

Error TooManyRows(const XlsxLimits& limits) {
  return FileTooLarge(kSheetTooLarge, "工作表超过" + std::to_string(limits.max_rows) +
                                          "行的上限，请拆分为多个文件分批导入");
}

Error TooManyColumns(const XlsxLimits& limits) {
  return FileTooLarge(kSheetTooLarge, "工作表超过" + std::to_string(limits.max_columns) +
                                          "列的上限，请删除模板以外的列后再上传");
}

// A cell's position from its "r" attribute, or the next one in the row.
Result<int> CellColumn(const char* ref, int next) {
  if (ref == nullptr) return next;
  auto col = ColumnOfReference(ref);
  if (!col) return Corrupt("单元格位置“" + std::string(ref) + "”无效");
  return *col;
}

Result<int64_t> RowNumber(const char* ref, int64_t previous) {
  if (ref == nullptr) return previous + 1;
  auto row = RowOfReference(std::string("A") + ref);
  if (!row) return Corrupt("行号“" + std::string(ref) + "”无效");
  return *row;
}

// "B2:D3" → range; nullopt when malformed.
std::optional<MergedRange> ParseRange(std::string_view ref) {
  size_t colon = ref.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto c1 = ColumnOfReference(ref.substr(0, colon));
  auto r1 = RowOfReference(ref.substr(0, colon));
  auto c2 = ColumnOfReference(ref.substr(colon + 1));
  auto r2 = RowOfReference(ref.substr(colon + 1));
  if (!c1 || !r1 || !c2 || !r2 || *c2 < *c1 || *r2 < *r1) return std::nullopt;
  return MergedRange{*r1, *r2, *c1, *c2};
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

namespace {

// The pass over the worksheet before any row is handed out (R-IO-1): its
// declared size (<dimension ref="A1:BA500">, checked against the limits so
// that an honest oversized sheet is refused at once; ForEachRow enforces the
// limits on the actual cells) and the merged ranges of the header rows,
// which Excel writes after all rows. A byte scan, not an XML parse: '<'
// cannot occur unescaped in text or attribute values, so every "<mergeCell"
// found starts such an element; the XML itself is checked by ForEachRow.
class SheetScan {
 public:
  explicit SheetScan(XlsxReader::State& s) : s_(s) {}

  Status Feed(std::string_view chunk) {
    buf_.append(chunk);
    size_t done = 0;  // bytes of buf_ fully handled
    size_t at = 0;
    while ((at = buf_.find('<', at)) != std::string::npos) {
      size_t name = at + 1;
      size_t colon = buf_.find_first_of(":> /", name);
      if (colon != std::string::npos && buf_[colon] == ':') name = colon + 1;
      std::string_view rest = std::string_view(buf_).substr(name);
      if (rest.size() < 10) break;  // the name may continue in the next chunk
      bool spaced = std::string_view(" \t\r\n").find(rest[9]) != std::string_view::npos;
      bool merge = spaced && rest.substr(0, 9) == "mergeCell";
      bool dimension = spaced && !seen_dimension_ && rest.substr(0, 9) == "dimension";
      if (!merge && !dimension) {
        done = at = name;
        continue;
      }
      size_t close = buf_.find('>', name);
      if (close == std::string::npos) break;  // the tag continues in the next chunk
      XUEJI_RETURN_IF_ERROR(Tag(std::string_view(buf_).substr(at, close - at), merge));
      done = at = close + 1;
    }
    size_t keep_from = std::max(done, buf_.size() > kTail ? buf_.size() - kTail : 0);
    if (at != std::string::npos) keep_from = std::min(keep_from, at);
    if (buf_.size() - keep_from > kMaxTag) return Corrupt("标记过长");
    buf_.erase(0, keep_from);
    return Ok();
  }

 private:
  static constexpr size_t kTail = 16;  // longer than "<x:mergeCell "
  static constexpr size_t kMaxTag = 4096;

  Status Tag(std::string_view tag, bool merge) {
    size_t ref = tag.find("ref=");
    if (ref == std::string_view::npos || ref + 5 > tag.size()) {
      return Corrupt(merge ? "合并单元格范围无效" : "工作表范围无效");
    }
    std::string_view value = tag.substr(ref + 5);  // after the opening quote, ' or "
    value = value.substr(0, value.find(tag[ref + 4]));
    if (!merge) {
      seen_dimension_ = true;
      return CheckDimension(value);
    }
    auto range = ParseRange(value);
    if (!range) return Corrupt("合并单元格范围无效");
    if (range->first_row <= s_.limits.merge_fill_rows) {
      if (s_.merges.size() >= kMaxHeaderMerges) return Corrupt("合并单元格过多");
      range->last_row = std::min(range->last_row, s_.limits.merge_fill_rows);
      range->last_column = std::min(range->last_column, s_.limits.max_columns - 1);
      s_.merges.push_back(*range);
    }
    return Ok();
  }

  Status CheckDimension(std::string_view ref) {
    std::string_view last =
        ref.substr(ref.find(':') == std::string_view::npos ? 0 : ref.find(':') + 1);
    auto row = RowOfReference(last);
    auto col = ColumnOfReference(last);
    if (!row || !col) return Ok();  // a malformed claim decides nothing
    if (*row > s_.limits.max_rows) return TooManyRows(s_.limits);
    if (*col >= s_.limits.max_columns) return TooManyColumns(s_.limits);
    return Ok();
  }

  static constexpr size_t kMaxHeaderMerges = 10000;
  XlsxReader::State& s_;
  std::string buf_;
  bool seen_dimension_ = false;
};

// R-IO-1
Status ScanSheet(XlsxReader::State& s) {
  SheetScan scan(s);
  return s.zip.ReadEntry(s.sheet_part, [&](std::string_view chunk) { return scan.Feed(chunk); });
}

}  // namespace

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
  XUEJI_RETURN_IF_ERROR(ScanSheet(*s));
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

// Parses <sheetData> into rows; see XlsxReader::ForEachRow.
class SheetParser {
 public:
  SheetParser(const XlsxReader::State& s, const SheetRowSink& sink) : s_(s), sink_(sink) {}

  XmlHandlers Handlers() {
    XmlHandlers h;
    h.start = [this](std::string_view local, const XmlAttributes& a) { return Start(local, a); };
    h.end = [this](std::string_view local) { return End(local); };
    h.text = [this](std::string_view text) { return Text(text); };
    return h;
  }

 private:
  Status Start(std::string_view local, const XmlAttributes& a) {
    if (local == "row") {
      XUEJI_ASSIGN_OR_RETURN(row_.number, RowNumber(a.Get("r"), row_.number));
      row_.cells.clear();
      next_col_ = 0;
    } else if (local == "c") {
      XUEJI_ASSIGN_OR_RETURN(col_, CellColumn(a.Get("r"), next_col_));
      if (col_ >= s_.limits.max_columns) return TooManyColumns(s_.limits);
      const char* t = a.Get("t");
      type_ = t == nullptr ? "n" : t;
      const char* style = a.Get("s");
      style_ = style == nullptr ? 0 : std::atoi(style);
      value_.clear();
      in_cell_ = true;
    } else if (local == "v" && in_cell_) {
      collect_ = true;
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_cell_ && phonetic_depth_ == 0) {
      collect_ = true;  // <is><t> or <is><r><t>
    }
    return Ok();
  }

  Status End(std::string_view local) {
    if (local == "v" || local == "t") {
      collect_ = false;
    } else if (local == "rPh") {
      --phonetic_depth_;
    } else if (local == "c") {
      in_cell_ = false;
      next_col_ = col_ + 1;
      XUEJI_ASSIGN_OR_RETURN(SheetCell cell, MakeCell());
      if (cell.kind == CellKind::kEmpty) return Ok();
      if (row_.cells.size() <= static_cast<size_t>(col_)) row_.cells.resize(col_ + 1);
      row_.cells[col_] = std::move(cell);
    } else if (local == "row") {
      return EndRow();
    }
    return Ok();
  }

  Status Text(std::string_view text) {
    if (!collect_) return Ok();
    if (value_.size() + text.size() > s_.limits.max_cell_bytes) {
      return Corrupt("单元格内容超过32767个字符");
    }
    value_.append(text);
    return Ok();
  }

  Result<SheetCell> MakeCell() const {
    SheetCell cell;
    if (type_ == "s") {
      if (value_.empty()) return cell;
      size_t index = 0;
      auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec != std::errc() || p != value_.data() + value_.size() || index >= s_.shared.size()) {
        return Corrupt("共享字符串编号“" + value_ + "”无效");
      }
      cell.text = s_.shared[index];
      cell.kind = cell.text.empty() ? CellKind::kEmpty : CellKind::kText;
    } else if (type_ == "str" || type_ == "inlineStr") {
      cell.text = value_;
      cell.kind = value_.empty() ? CellKind::kEmpty : CellKind::kText;
    } else if (type_ == "b") {
      cell.kind = CellKind::kBoolean;
      cell.text = value_ == "1" || value_ == "true" ? "1" : "0";
    } else if (type_ == "e") {
      cell.kind = CellKind::kError;
      cell.text = value_;
    } else if (type_ == "d") {  // ISO 8601, written by some tools instead of a serial
      cell.kind = value_.empty() ? CellKind::kEmpty : CellKind::kText;
      cell.text = value_.substr(0, std::min<size_t>(value_.size(), 10));
    } else {
      if (value_.empty()) return cell;
      const char* begin = value_.data();
      auto [p, ec] = std::from_chars(begin, begin + value_.size(), cell.number);
      if (ec != std::errc() || p != begin + value_.size()) {
        return Corrupt("数值“" + value_ + "”无效");
      }
      cell.kind = CellKind::kNumber;
      cell.text = value_;
      cell.date_format = style_ >= 0 && static_cast<size_t>(style_) < s_.date_styles.size() &&
                         s_.date_styles[style_];
    }
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
    if (row_.number > s_.limits.max_rows) return TooManyRows(s_.limits);
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
  std::string type_;
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
  SheetParser parser(*state_, sink);
  return ParsePart(state_->zip, state_->sheet_part, state_->limits.zip.max_entry_bytes,
                   parser.Handlers());
}

}  // namespace xueji::io
