#include "io/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>

#include "io/file_errors.h"
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
Result<int> CellColumn(const std::string_view* ref, int next) {
  if (ref == nullptr) return next;
  auto col = ColumnOfReference(*ref);
  if (!col) return Corrupt("单元格位置“" + std::string(*ref) + "”无效");
  return *col;
}

Result<int64_t> RowNumber(const std::string_view* ref, int64_t previous) {
  if (ref == nullptr) return previous + 1;
  auto row = RowOfReference("A" + std::string(*ref));
  if (!row) return Corrupt("行号“" + std::string(*ref) + "”无效");
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
// (or "<x:mergeCell") followed by white space starts such an element; the
// XML itself is checked by ForEachRow. The scan looks for the element names
// with memmem, not at every tag.
class SheetScan {
 public:
  explicit SheetScan(XlsxReader::State& s) : s_(s) {}

  Status Feed(std::string_view chunk) {
    buf_.append(chunk);
    size_t merge = Find(kMerge, from_);
    size_t dimension = seen_dimension_ ? npos : Find(kDimension, from_);
    bool incomplete = false;
    while (!incomplete && std::min(merge, dimension) != npos) {
      const bool is_merge = merge < dimension;
      const size_t at = is_merge ? merge : dimension;
      XUEJI_RETURN_IF_ERROR(Element(at, is_merge, &incomplete));
      if (is_merge || from_ > merge) merge = Find(kMerge, from_);
      dimension = seen_dimension_ ? npos : Find(kDimension, from_);
    }
    if (!incomplete) from_ = std::max(from_, buf_.size() > kName ? buf_.size() - kName : 0);
    if (buf_.size() - from_ > kMaxTag) return Corrupt("标记过长");
    const size_t keep_from = from_ > kContext ? from_ - kContext : 0;
    buf_.erase(0, keep_from);
    from_ -= keep_from;
    return Ok();
  }

 private:
  static constexpr size_t npos = std::string::npos;
  static constexpr std::string_view kMerge = "mergeCell", kDimension = "dimension";
  static constexpr size_t kName = 9;      // the length of both names
  static constexpr size_t kContext = 64;  // kept before from_, for a tag's prefix
  static constexpr size_t kMaxTag = 4096;

  size_t Find(std::string_view name, size_t from) const {
    if (from >= buf_.size()) return npos;
    const void* hit = memmem(buf_.data() + from, buf_.size() - from, name.data(), name.size());
    return hit == nullptr ? npos : static_cast<size_t>(static_cast<const char*>(hit) - buf_.data());
  }

  // Where the tag whose element name starts at `name` opens: "<" right
  // before it, or "<prefix:" (the prefix without ':', '>', ' ' or '/').
  size_t TagStart(size_t name) const {
    if (name == 0) return npos;
    if (buf_[name - 1] == '<') return name - 1;
    if (buf_[name - 1] != ':') return npos;
    for (size_t i = name - 1; i-- > 0;) {
      if (buf_[i] == '<') return i;
      if (std::string_view(":> /").find(buf_[i]) != std::string_view::npos) return npos;
    }
    return npos;
  }

  // The element whose name may start at `at`; `incomplete` when the rest is
  // still to come (from_ stays there).
  Status Element(size_t at, bool merge, bool* incomplete) {
    from_ = at;
    if (at + kName >= buf_.size()) {
      *incomplete = true;
      return Ok();
    }
    const size_t open = TagStart(at);
    if (open == npos || std::string_view(" \t\r\n").find(buf_[at + kName]) == npos) {
      from_ = at + 1;
      return Ok();
    }
    const size_t close = buf_.find('>', at);
    if (close == npos) {
      *incomplete = true;
      return Ok();
    }
    from_ = close + 1;
    return Tag(std::string_view(buf_).substr(open, close - open), merge);
  }

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
  size_t from_ = 0;  // where the search goes on in buf_
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

  HandlerStatus Start(std::string_view local, const XmlTagAttributes& a) {
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

  HandlerStatus End(std::string_view local) {
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

  HandlerStatus Text(std::string_view text) {
    if (!collect_) return {};
    if (value_.size() + text.size() > s_.limits.max_cell_bytes) {
      return Corrupt("单元格内容超过32767个字符");
    }
    value_.append(text);
    return {};
  }

 private:
  HandlerStatus StartCell(const XmlTagAttributes& a) {
    const std::string_view *ref = nullptr, *type = nullptr, *style = nullptr;
    for (const XmlAttribute& attr : a.All()) {  // the first of each local name
      if (attr.local.size() != 1) continue;
      if (attr.local[0] == 'r' && ref == nullptr) ref = &attr.value;
      if (attr.local[0] == 't' && type == nullptr) type = &attr.value;
      if (attr.local[0] == 's' && style == nullptr) style = &attr.value;
    }
    XUEJI_ASSIGN_OR_RETURN(col_, CellColumn(ref, next_col_));
    if (col_ >= s_.limits.max_columns) return TooManyColumns(s_.limits);
    type_ = TypeOf(type);
    style_ = style == nullptr ? 0 : LeadingInt(*style);
    value_.clear();
    in_cell_ = true;
    return {};
  }

  HandlerStatus EndCell() {
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
      return Corrupt("数值“" + value_ + "”无效");
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
      return Corrupt("共享字符串编号“" + value_ + "”无效");
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
