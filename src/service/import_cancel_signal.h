#pragma once

// Cancel requests for running imports, in this process's memory (R-IO-1).
// The final transaction of an import holds the job's row (PostgreSQL) or
// the writer (SQLite) until it ends, so a cancel stored in the job's row
// would only be read after the records were in; the run checks this signal
// between its batches instead and rolls back. One server process runs the
// imports of a database (docs/import.md), so the signal needs no store.
// Thread-safe.

#include <cstdint>

namespace xueji::service {

void SignalImportCancel(int64_t job_id);
bool ImportCancelSignalled(int64_t job_id);
void ClearImportCancel(int64_t job_id);

}  // namespace xueji::service
