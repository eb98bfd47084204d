#include "io/csv.h"

#include <fstream>
#include <sstream>

namespace xueji::io {

Result<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  int line = 1;
  int quote_line = 0;  // where the open quoted field began
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        in_quotes = true;
        field_started = true;
        quote_line = line;
        break;
      case ',':
        end_field();
        break;
      case '\r':
        break;
      case '\n':
        end_field();
        rows.push_back(std::move(row));
        row.clear();
        ++line;
        break;
      default:
        field.push_back(c);
        field_started = true;
    }
  }
  if (in_quotes) {
    return Invalid("CSV_QUOTE", "", "CSV第" + std::to_string(quote_line) + "行的引号未闭合");
  }
  if (field_started || !row.empty()) {
    end_field();
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid("FILE_READ", "", "无法读取文件：" + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseCsv(buf.str());
}

}  // namespace xueji::io
