#include "io/sheet_scan.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "io/file_errors.h"

namespace xueji::io {

Error FileCorrupt(const std::string& what) {
  return FileError(kFileCorrupt, "文件内容已损坏（" + what + "），无法读取");
}

Error SheetTooManyRows(const XlsxLimits& limits) {
  return FileTooLarge(kSheetTooLarge, "工作表超过" + std::to_string(limits.max_rows) +
                                          "行的上限，请拆分为多个文件分批导入");
}

Error SheetTooManyColumns(const XlsxLimits& limits) {
  return FileTooLarge(kSheetTooLarge, "工作表超过" + std::to_string(limits.max_columns) +
                                          "列的上限，请删除模板以外的列后再上传");
}

namespace {

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
  SheetScan(const XlsxLimits& limits, std::vector<MergedRange>& merges)
      : limits_(limits), merges_(merges) {}

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
    if (buf_.size() - from_ > kMaxTag) return FileCorrupt("标记过长");
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
      return FileCorrupt(merge ? "合并单元格范围无效" : "工作表范围无效");
    }
    std::string_view value = tag.substr(ref + 5);  // after the opening quote, ' or "
    value = value.substr(0, value.find(tag[ref + 4]));
    if (!merge) {
      seen_dimension_ = true;
      return CheckDimension(value);
    }
    auto range = ParseRange(value);
    if (!range) return FileCorrupt("合并单元格范围无效");
    if (range->first_row <= limits_.merge_fill_rows) {
      if (merges_.size() >= kMaxHeaderMerges) return FileCorrupt("合并单元格过多");
      range->last_row = std::min(range->last_row, limits_.merge_fill_rows);
      range->last_column = std::min(range->last_column, limits_.max_columns - 1);
      merges_.push_back(*range);
    }
    return Ok();
  }

  Status CheckDimension(std::string_view ref) {
    std::string_view last =
        ref.substr(ref.find(':') == std::string_view::npos ? 0 : ref.find(':') + 1);
    auto row = RowOfReference(last);
    auto col = ColumnOfReference(last);
    if (!row || !col) return Ok();  // a malformed claim decides nothing
    if (*row > limits_.max_rows) return SheetTooManyRows(limits_);
    if (*col >= limits_.max_columns) return SheetTooManyColumns(limits_);
    return Ok();
  }

  static constexpr size_t kMaxHeaderMerges = 10000;
  const XlsxLimits& limits_;
  std::vector<MergedRange>& merges_;
  std::string buf_;
  size_t from_ = 0;  // where the search goes on in buf_
  bool seen_dimension_ = false;
};

}  // namespace

// R-IO-1
Result<std::vector<MergedRange>> ScanSheet(ZipArchive& zip, const std::string& sheet_part,
                                           const XlsxLimits& limits) {
  std::vector<MergedRange> merges;
  SheetScan scan(limits, merges);
  XUEJI_RETURN_IF_ERROR(
      zip.ReadEntry(sheet_part, [&](std::string_view chunk) { return scan.Feed(chunk); }));
  return merges;
}

}  // namespace xueji::io
