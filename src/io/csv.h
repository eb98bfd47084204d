#pragma once

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends, a UTF-8
// byte-order mark ignored. Data files of the project are UTF-8; uploaded
// spreadsheets may also be GBK/GB18030, as Chinese Excel saves
// "CSV (逗号分隔)" (DecodeSpreadsheetText).

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

// R-IO-1: the text of an uploaded CSV file as UTF-8. Valid UTF-8 (with or
// without a byte-order mark) is kept as it is; anything else is decoded as
// GB18030, the superset of GBK and GB2312 that Chinese Windows writes.
// FILE_ENCODING when it is neither (naming the line of the first bad byte),
// and for UTF-16 ("Unicode 文本"), which is no CSV.
Result<std::string> DecodeSpreadsheetText(std::string_view bytes);

// R-IO-1: DecodeSpreadsheetText, then ParseCsv.
Result<std::vector<CsvRow>> ParseSpreadsheetCsv(std::string_view bytes);

}  // namespace xueji::io
