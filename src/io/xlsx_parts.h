#pragma once

// The parts of an .xlsx around its worksheets (ECMA-376 Part 1):
// relationships, workbook.xml, styles.xml and sharedStrings.xml. Used by
// XlsxReader; each part is parsed as it is inflated.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "io/xml_stream.h"
#include "io/zip_archive.h"

namespace xueji::io {

struct Relationship {
  std::string id, type, target;  // target resolved to a zip entry name
};

// Streams entry `part` to `sink` in chunks; FILE_TOO_LARGE over `max_bytes`
// (inflated), FILE_CORRUPT when missing.
Status StreamPart(ZipArchive& zip, const std::string& part, uint64_t max_bytes,
                  const ZipChunkSink& sink);

// Streams entry `part` through an XML parser with `handlers`; FILE_TOO_LARGE
// over `max_bytes` (inflated), FILE_CORRUPT when malformed or missing.
Status ParsePart(ZipArchive& zip, const std::string& part, uint64_t max_bytes,
                 XmlHandlers handlers);

// "xl/workbook.xml" + "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml";
// an absolute target ("/xl/…") is taken from the root; ".." steps up.
std::string ResolveTarget(std::string_view source_part, std::string_view target);

// The relationships of `source_part` (read from its _rels/….rels; none when
// that entry does not exist). "" is the package itself (_rels/.rels).
Result<std::vector<Relationship>> ReadRelationships(ZipArchive& zip, const std::string& source_part,
                                                    uint64_t max_bytes);

// The first relationship whose type ends with "/" + `kind`, or nullptr.
const Relationship* FindRelationship(const std::vector<Relationship>& rels, std::string_view kind);

struct WorkbookInfo {
  bool date1904 = false;
  std::string first_sheet_name;
  std::string first_sheet_rel;  // r:id of the first <sheet>
};
Result<WorkbookInfo> ReadWorkbook(ZipArchive& zip, const std::string& part, uint64_t max_bytes);

// For each cell format (cellXfs index, the "s" attribute of a cell): whether
// its number format shows a date or time.
Result<std::vector<bool>> ReadDateStyles(ZipArchive& zip, const std::string& part,
                                         uint64_t max_bytes);

// The shared string table: each <si>'s text runs joined, phonetic runs
// (<rPh>) left out. Parsed with XmlTokenizer (it can be as large as the
// sheet); the other parts are small and go through XmlStream.
Result<std::vector<std::string>> ReadSharedStrings(ZipArchive& zip, const std::string& part,
                                                   uint64_t max_bytes, size_t max_cell_bytes);

}  // namespace xueji::io
