#pragma once

// The population reference (R-NO-7): what the population database holds for
// each 居民身份证 number — name, sex, birth date — imported by the ministry from
// a UTF-8 CSV file (format: docs/population_reference.md) and read by
// PopulationReferenceVerifier (service/identity_verification.h).
//
// An import checks the whole file first, then writes the good rows in chunks,
// one transaction and one audit entry each. Bad rows are reported with their
// line and never imported; the good rows of the file are. Rows are upserted on
// the ID number, so a corrected file is simply imported again, and importing
// the same file twice changes nothing. A crash loses at most the chunk being
// written; importing the file again completes the import.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct PopulationRowError {
  int64_t line = 0;   // physical line in the file; the header is line 1
  std::string code;   // ID_CHECKSUM, POPULATION_SEX, POPULATION_DUPLICATE …
  std::string field;  // id_number | name | sex | birth_date, or "" for the row
  std::string message;
};

struct PopulationImportReport {
  std::string source_file;
  int64_t rows = 0;                          // data rows in the file, blank lines not counted
  int64_t inserted = 0;                      // numbers new to the reference
  int64_t updated = 0;                       // numbers whose name, sex or birth date changed
  int64_t unchanged = 0;                     // rows equal to what the reference already held
  int64_t bad = 0;                           // rows not imported
  int64_t chunks = 0;                        // transactions committed
  std::vector<PopulationRowError> bad_rows;  // the first kMaxReportedBadRows of them
};

inline constexpr int kPopulationImportChunkRows = 2000;
inline constexpr size_t kMaxReportedBadRows = 1000;

// R-NO-7: imports the CSV text of file `source_file`. Refuses the whole file,
// writing nothing, when it is not UTF-8 text (POPULATION_ENCODING), has an
// unclosed quote (CSV_QUOTE) or another header (POPULATION_HEADER), or when
// the actor is not the ministry registrar (the CLI acts as the system).
Result<PopulationImportReport> ImportPopulationReference(
    store::Database& db, const Context& ctx, const std::string& source_file,
    std::string_view csv_text, int chunk_rows = kPopulationImportChunkRows);

// Reads `path` (FILE_READ when it cannot) and imports it under its file name.
Result<PopulationImportReport> ImportPopulationFile(store::Database& db, const Context& ctx,
                                                    const std::string& path);

}  // namespace xueji::service
