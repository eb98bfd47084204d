#pragma once

// RFC 4180 CSV, UTF-8: quoted fields, doubled quotes, CRLF or LF line ends,
// a UTF-8 byte-order mark ignored. GBK input arrives with the import work.

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace xueji::io {

using CsvRow = std::vector<std::string>;

// Parses a whole document. Fails on an unterminated quote, naming the line
// where it opened.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

// Reads and parses a file. Fails when it cannot be read.
Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path);

}  // namespace xueji::io
