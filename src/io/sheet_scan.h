#pragma once

// The pass over an uploaded worksheet before any row is handed out (R-IO-1)
// by XlsxReader (io/xlsx_reader.h), and the file errors the reader and the
// pass share.

#include <string>
#include <vector>

#include "domain/result.h"
#include "io/xlsx_reader.h"
#include "io/zip_archive.h"

namespace xueji::io {

// R-IO-1: reads part `sheet_part` of `zip` for its declared size
// (<dimension ref="A1:BA500">, checked against `limits` so that an honest
// oversized sheet is refused at once; XlsxReader::ForEachRow enforces the
// limits on the actual cells) and the merged ranges of the header rows
// (those starting within limits.merge_fill_rows, clipped to it), which Excel
// writes after all rows. Returns those ranges, or the file's error.
Result<std::vector<MergedRange>> ScanSheet(ZipArchive& zip, const std::string& sheet_part,
                                           const XlsxLimits& limits);

// FILE_CORRUPT naming what is damaged.
Error FileCorrupt(const std::string& what);
// SHEET_TOO_LARGE: more rows, or columns, than `limits` allow.
Error SheetTooManyRows(const XlsxLimits& limits);
Error SheetTooManyColumns(const XlsxLimits& limits);

}  // namespace xueji::io
