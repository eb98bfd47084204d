#pragma once

// Test-only: opens an .xlsx written by io::XlsxWriter with libzip and reads
// what the tests check — cell texts and types of a sheet, the style of a
// cell (fill colour, number format), the column formats, and the notes.
// libxlsxwriter writes inline strings in constant-memory mode, so a sheet's
// XML holds its texts; a shared-string file is not needed.

#include <zip.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xueji::io::testing {

// The bytes of one entry of the zip at `path`, or nullopt.
inline std::optional<std::string> ZipEntry(const std::string& path, const std::string& entry) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) return std::nullopt;
  std::optional<std::string> out;
  zip_stat_t st;
  if (zip_stat(z, entry.c_str(), 0, &st) == 0) {
    zip_file_t* f = zip_fopen(z, entry.c_str(), 0);
    if (f != nullptr) {
      std::string data(st.size, '\0');
      if (zip_fread(f, data.data(), st.size) == static_cast<zip_int64_t>(st.size)) out = data;
      zip_fclose(f);
    }
  }
  zip_close(z);
  return out;
}

inline std::string XmlUnescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    std::string ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    if (ent == "lt") out += '<';
    if (ent == "gt") out += '>';
    if (ent == "quot") out += '"';
    if (ent == "apos") out += '\'';
    i = semi;
  }
  return out;
}

// The value of attribute `name` in the start tag `tag`, or "".
inline std::string Attribute(const std::string& tag, const std::string& name) {
  size_t p = tag.find(" " + name + "=\"");
  if (p == std::string::npos) return "";
  p += name.size() + 3;
  return tag.substr(p, tag.find('"', p) - p);
}

struct ProbeCell {
  std::string text;
  std::string type;  // "inlineStr", "n" (no t attribute), …
  int style = 0;
  bool operator==(const ProbeCell&) const = default;
};

// Column letters → 0-based index ("A" 0, "AA" 26).
inline int ColumnIndex(const std::string& ref) {
  int n = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    n = n * 26 + (c - 'A' + 1);
  }
  return n - 1;
}

struct ProbeSheet {
  std::vector<std::map<int, ProbeCell>> rows;  // by row index; cells by column
  std::map<int, int> column_style;             // column → style of its <col> entry

  const ProbeCell* Cell(size_t row, int col) const {
    if (row >= rows.size()) return nullptr;
    auto it = rows[row].find(col);
    return it == rows[row].end() ? nullptr : &it->second;
  }
  std::string Text(size_t row, int col) const {
    const ProbeCell* c = Cell(row, col);
    return c ? c->text : "";
  }
};

inline ProbeSheet ParseSheet(const std::string& xml) {
  ProbeSheet sheet;
  for (size_t p = xml.find("<col "); p != std::string::npos; p = xml.find("<col ", p + 1)) {
    std::string tag = xml.substr(p, xml.find('>', p) - p);
    if (Attribute(tag, "style").empty()) continue;
    for (int c = std::stoi(Attribute(tag, "min")); c <= std::stoi(Attribute(tag, "max")); ++c) {
      sheet.column_style[c - 1] = std::stoi(Attribute(tag, "style"));
    }
  }
  for (size_t p = xml.find("<row "); p != std::string::npos; p = xml.find("<row ", p + 1)) {
    std::string tag = xml.substr(p, xml.find('>', p) - p);
    size_t index = std::stoul(Attribute(tag, "r")) - 1;
    if (sheet.rows.size() <= index) sheet.rows.resize(index + 1);
    size_t end = xml.find("</row>", p);
    for (size_t c = xml.find("<c ", p); c != std::string::npos && c < end;
         c = xml.find("<c ", c + 1)) {
      size_t close = xml.find('>', c);
      std::string ctag = xml.substr(c, close - c);
      ProbeCell cell;
      cell.type = Attribute(ctag, "t");
      std::string s = Attribute(ctag, "s");
      cell.style = s.empty() ? 0 : std::stoi(s);
      if (ctag.back() != '/') {
        size_t cend = xml.find("</c>", close);
        std::string body = xml.substr(close + 1, cend - close - 1);
        size_t t = body.find("<t");
        if (t == std::string::npos) t = body.find("<v");
        if (t != std::string::npos) {
          size_t start = body.find('>', t) + 1;
          cell.text = XmlUnescape(body.substr(start, body.find("</", start) - start));
        }
      }
      sheet.rows[index][ColumnIndex(Attribute(ctag, "r"))] = cell;
    }
  }
  return sheet;
}

// Sheet `n` (1-based) of the workbook, or an empty sheet.
inline ProbeSheet ReadSheet(const std::string& path, int n = 1) {
  auto xml = ZipEntry(path, "xl/worksheets/sheet" + std::to_string(n) + ".xml");
  return xml ? ParseSheet(*xml) : ProbeSheet{};
}

// The <n>th element `<name ...>` (0-based) inside `<group ...>…</group>`.
inline std::string NthElement(const std::string& xml, const std::string& group,
                              const std::string& name, int n) {
  size_t g = xml.find("<" + group);
  if (g == std::string::npos) return "";
  size_t gend = xml.find("</" + group + ">", g);
  size_t p = g;
  for (int seen = -1; seen < n;) {
    p = xml.find("<" + name, p + 1);
    if (p == std::string::npos || p >= gend) return "";
    char next = xml[p + 1 + name.size()];
    if (next == ' ' || next == '>' || next == '/') ++seen;
  }
  size_t tag_end = xml.find('>', p);
  if (xml[tag_end - 1] == '/') return xml.substr(p, tag_end - p);
  return xml.substr(p, xml.find("</" + name + ">", p) - p);
}

struct ProbeStyle {
  std::string fill_rgb;  // e.g. "FFFFC7CE", "" when unfilled
  std::string font_rgb;  // e.g. "FFC00000", "" for the default colour
  int num_fmt = 0;       // 49 = text ("@")
};

// The cell format `index` of the workbook's styles.
inline ProbeStyle Style(const std::string& path, int index) {
  ProbeStyle out;
  auto xml = ZipEntry(path, "xl/styles.xml");
  if (!xml) return out;
  std::string xf = NthElement(*xml, "cellXfs", "xf", index);
  if (xf.empty()) return out;
  out.num_fmt = std::stoi(Attribute(xf, "numFmtId"));
  int fill_id = std::stoi(Attribute(xf, "fillId"));
  std::string fill = NthElement(*xml, "fills", "fill", fill_id);
  size_t fg = fill.find("<fgColor");
  if (fg != std::string::npos) out.fill_rgb = Attribute(fill.substr(fg), "rgb");
  std::string font = NthElement(*xml, "fonts", "font", std::stoi(Attribute(xf, "fontId")));
  size_t color = font.find("<color");
  if (color != std::string::npos) out.font_rgb = Attribute(font.substr(color), "rgb");
  return out;
}

// The texts of every note (comment) of the workbook, concatenated.
inline std::string AllNotes(const std::string& path) {
  std::string all;
  for (int n = 1; n <= 8; ++n) {
    auto xml = ZipEntry(path, "xl/comments" + std::to_string(n) + ".xml");
    if (xml) all += XmlUnescape(*xml);
  }
  return all;
}

}  // namespace xueji::io::testing
