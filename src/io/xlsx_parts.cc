#include "io/xlsx_parts.h"

#include <charconv>
#include <map>

#include "io/file_errors.h"
#include "io/sheet_xml.h"
#include "io/xlsx_reader.h"

namespace xueji::io {

namespace {

Error CellTooLong() {
  return FileError(kFileCorrupt, "文件中有超过32767个字符的单元格，不是有效的Excel文件");
}

int ParseInt(const char* s, int fallback) {
  if (s == nullptr) return fallback;
  int v = fallback;
  std::string_view sv(s);
  auto [ptr, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), v);
  if (ec != std::errc() || ptr != sv.data() + sv.size()) return fallback;
  return v;
}

bool IsTrue(const char* s) {
  return s != nullptr && (std::string_view(s) == "1" || std::string_view(s) == "true");
}

}  // namespace

Status StreamPart(ZipArchive& zip, const std::string& part, uint64_t max_bytes,
                  const ZipChunkSink& sink) {
  uint64_t seen = 0;
  return zip.ReadEntry(part, [&](std::string_view chunk) -> Status {
    seen += chunk.size();
    if (seen > max_bytes) {
      return FileTooLarge(kFileTooLarge, "文件中的“" + part + "”过大，拒绝读取");
    }
    return sink(chunk);
  });
}

Status ParsePart(ZipArchive& zip, const std::string& part, uint64_t max_bytes,
                 XmlHandlers handlers) {
  XmlStream xml(std::move(handlers));
  XUEJI_RETURN_IF_ERROR(
      StreamPart(zip, part, max_bytes, [&](std::string_view chunk) { return xml.Feed(chunk); }));
  return xml.Finish();
}

std::string ResolveTarget(std::string_view source_part, std::string_view target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    target.remove_prefix(1);
  } else {
    size_t slash = source_part.rfind('/');
    if (slash != std::string_view::npos) path = std::string(source_part.substr(0, slash + 1));
  }
  while (!target.empty()) {
    size_t slash = target.find('/');
    std::string_view step = target.substr(0, slash);
    target = slash == std::string_view::npos ? "" : target.substr(slash + 1);
    if (step == "..") {
      if (!path.empty()) path.pop_back();
      size_t up = path.rfind('/');
      path.erase(up == std::string::npos ? 0 : up + 1);
    } else if (step != "." && !step.empty()) {
      path.append(step);
      if (slash != std::string_view::npos) path.push_back('/');
    }
  }
  return path;
}

Result<std::vector<Relationship>> ReadRelationships(ZipArchive& zip, const std::string& source_part,
                                                    uint64_t max_bytes) {
  size_t slash = source_part.rfind('/');
  std::string dir = slash == std::string::npos ? "" : source_part.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? source_part : source_part.substr(slash + 1);
  std::string rels_part = dir + "_rels/" + base + ".rels";
  std::vector<Relationship> rels;
  if (!zip.Has(rels_part)) return rels;
  XmlHandlers h;
  h.start = [&](std::string_view local, const XmlAttributes& a) -> Status {
    if (local != "Relationship") return Ok();
    const char* id = a.Get("Id");
    const char* type = a.Get("Type");
    const char* target = a.Get("Target");
    if (id == nullptr || type == nullptr || target == nullptr) return Ok();
    const char* mode = a.Get("TargetMode");
    if (mode != nullptr && std::string_view(mode) == "External") return Ok();
    rels.push_back(Relationship{id, type, ResolveTarget(source_part, target)});
    return Ok();
  };
  XUEJI_RETURN_IF_ERROR(ParsePart(zip, rels_part, max_bytes, std::move(h)));
  return rels;
}

const Relationship* FindRelationship(const std::vector<Relationship>& rels, std::string_view kind) {
  for (const auto& r : rels) {
    std::string_view type = r.type;
    if (type.size() > kind.size() && type.substr(type.size() - kind.size()) == kind &&
        type[type.size() - kind.size() - 1] == '/') {
      return &r;
    }
  }
  return nullptr;
}

Result<WorkbookInfo> ReadWorkbook(ZipArchive& zip, const std::string& part, uint64_t max_bytes) {
  WorkbookInfo info;
  bool have_sheet = false;
  XmlHandlers h;
  h.start = [&](std::string_view local, const XmlAttributes& a) -> Status {
    if (local == "workbookPr") info.date1904 = IsTrue(a.Get("date1904"));
    if (local == "sheet" && !have_sheet) {
      const char* name = a.Get("name");
      const char* rel = a.Get("id");
      if (rel == nullptr) return Ok();
      info.first_sheet_name = name == nullptr ? "" : name;
      info.first_sheet_rel = rel;
      have_sheet = true;
    }
    return Ok();
  };
  XUEJI_RETURN_IF_ERROR(ParsePart(zip, part, max_bytes, std::move(h)));
  if (!have_sheet) return FileError(kFileNotXlsx, "工作簿中没有工作表");
  return info;
}

Result<std::vector<bool>> ReadDateStyles(ZipArchive& zip, const std::string& part,
                                         uint64_t max_bytes) {
  std::map<int, std::string> custom;
  std::vector<bool> is_date;
  bool in_cell_xfs = false;
  XmlHandlers h;
  h.start = [&](std::string_view local, const XmlAttributes& a) -> Status {
    if (local == "numFmt") {
      const char* code = a.Get("formatCode");
      custom[ParseInt(a.Get("numFmtId"), -1)] = code == nullptr ? "" : code;
    } else if (local == "cellXfs") {
      in_cell_xfs = true;
    } else if (local == "xf" && in_cell_xfs) {
      int id = ParseInt(a.Get("numFmtId"), 0);
      auto it = custom.find(id);
      is_date.push_back(IsDateNumberFormat(id, it == custom.end() ? "" : it->second));
    }
    return Ok();
  };
  h.end = [&](std::string_view local) -> Status {
    if (local == "cellXfs") in_cell_xfs = false;
    return Ok();
  };
  XUEJI_RETURN_IF_ERROR(ParsePart(zip, part, max_bytes, std::move(h)));
  return is_date;
}

namespace {

// <sst><si>…</si>…: each item's <t> runs joined, phonetic runs left out.
// The handler of a SheetXmlParser.
class SharedStringsParser {
 public:
  explicit SharedStringsParser(size_t max_cell_bytes) : max_cell_bytes_(max_cell_bytes) {}

  Status Start(std::string_view local, const XmlTagAttributes&) {
    if (local == "si") {
      in_si_ = true;
      current_.clear();
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_si_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
    return {};
  }

  Status End(std::string_view local) {
    if (local == "si") {
      strings_.push_back(std::move(current_));
      current_.clear();
      in_si_ = false;
    } else if (local == "rPh") {
      --phonetic_depth_;
    } else if (local == "t") {
      in_t_ = false;
    }
    return {};
  }

  Status Text(std::string_view text) {
    if (!in_t_) return {};
    if (current_.size() + text.size() > max_cell_bytes_) return CellTooLong();
    current_.append(text);
    return {};
  }

  std::vector<std::string> Take() { return std::move(strings_); }

 private:
  const size_t max_cell_bytes_;
  std::vector<std::string> strings_;
  std::string current_;
  bool in_si_ = false, in_t_ = false;
  int phonetic_depth_ = 0;
};

}  // namespace

Result<std::vector<std::string>> ReadSharedStrings(ZipArchive& zip, const std::string& part,
                                                   uint64_t max_bytes, size_t max_cell_bytes) {
  SharedStringsParser handler(max_cell_bytes);
  SheetXmlParser<SharedStringsParser> xml(handler);
  XUEJI_RETURN_IF_ERROR(
      StreamPart(zip, part, max_bytes, [&](std::string_view chunk) { return xml.Feed(chunk); }));
  XUEJI_RETURN_IF_ERROR(xml.Finish());
  return handler.Take();
}

}  // namespace xueji::io
