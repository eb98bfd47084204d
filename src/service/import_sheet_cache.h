#pragma once

// The sheets parsed at upload, kept in memory for the run of their job
// (R-IO-1; docs/import.md): CreateImportJob reads the whole upload to refuse
// a bad file at once, and the run of the same job in the same process uses
// that sheet instead of reading the stored upload a second time. The cache
// is only a shortcut: a run that finds no sheet (the server restarted, the
// sheet was evicted or dropped) reads the stored upload as before, and gets
// the same sheet, since ReadImportFile is a function of the bytes alone.
//
// Process-wide and bounded: at most kMaxParsedSheets sheets holding at most
// kMaxParsedSheetRows rows in all; keeping one more evicts the oldest until
// both bounds hold, and a sheet above the row bound on its own is not kept.
// Keys are job ids, which name a job within one database: the server opens
// one. Every function is thread safe (one mutex, held for a few pointer
// moves: no sheet is copied, and an evicted or replaced sheet is released
// after it; a taken sheet belongs to its taker alone).

#include <cstddef>
#include <cstdint>
#include <memory>

#include "service/import_rows.h"

namespace xueji::service {

inline constexpr size_t kMaxParsedSheets = 4;
inline constexpr size_t kMaxParsedSheetRows = 250'000;

// Keeps `sheet` as job `job_id`'s, replacing what that id held; evicts the
// oldest sheets while a bound is exceeded. A null sheet keeps nothing.
void KeepParsedSheet(int64_t job_id, std::shared_ptr<const ImportSheet> sheet);

// The sheet kept for `job_id`, removed from the cache; null when none is.
std::shared_ptr<const ImportSheet> TakeParsedSheet(int64_t job_id);

// Forgets job `job_id`'s sheet, if one is kept.
void DropParsedSheet(int64_t job_id);

// What the cache holds now (tests, diagnostics).
struct ParsedSheetCacheSize {
  size_t sheets = 0;
  size_t rows = 0;
};
ParsedSheetCacheSize ParsedSheetCacheSizeNow();

}  // namespace xueji::service
