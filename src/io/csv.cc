#include "io/csv.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <memory>
#include <sstream>

#include "domain/text.h"
#include "io/file_errors.h"

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

namespace {

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else if (domain::NextCodePoint(s, i) < 0) {
      return false;
    }
  }
  return true;
}

Error EncodingError(std::string_view bytes, size_t bad_offset) {
  auto line =
      1 + std::count(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(bad_offset), '\n');
  return FileError(kFileEncoding,
                   "文件第" + std::to_string(line) +
                       "行含有无法识别的字符：文件既不是UTF-8也不是GBK编码。"
                       "请在Excel中另存为“CSV UTF-8(逗号分隔)”或“CSV(逗号分隔)”后再上传");
}

// GB18030 → UTF-8 with glibc's iconv.
Result<std::string> DecodeGb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Error{ErrorKind::kInternal, "ICONV", "", "系统不支持GB18030编码转换"};
  }
  std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  size_t used = 0;
  while (in_left > 0) {
    char* dst = out.data() + used;
    size_t out_left = out.size() - used;
    size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
    used = out.size() - out_left;
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else {  // EILSEQ, or EINVAL: a sequence cut off at the end
      return EncodingError(bytes, bytes.size() - in_left);
    }
  }
  out.resize(used);
  return out;
}

}  // namespace

// R-IO-1
Result<std::string> DecodeSpreadsheetText(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    return FileError(kFileEncoding,
                     "文件是UTF-16编码的“Unicode文本”，不是CSV。请在Excel中另存为“CSV "
                     "UTF-8(逗号分隔)”或“Excel工作簿(*.xlsx)”后再上传");
  }
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return DecodeGb18030(bytes);
}

// R-IO-1
Result<std::vector<CsvRow>> ParseSpreadsheetCsv(std::string_view bytes) {
  XUEJI_ASSIGN_OR_RETURN(std::string text, DecodeSpreadsheetText(bytes));
  return ParseCsv(text);
}

}  // namespace xueji::io
