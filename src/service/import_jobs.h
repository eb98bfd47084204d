#pragma once

// Bulk import of the national template as a job (R-IO-1, R-IO-2;
// docs/import.md). The school registrar uploads an .xlsx or CSV file; a bad
// file is refused with the reader's error and nothing is written. The job
// then validates every row exactly as registration validates one record
// (service/import_validation.h), refuses ID numbers repeated within the file
// or already held in the database, and, by its mode:
//   A — all valid rows go in as ONE registration submission: one transaction
//       with every record, its registration request and history row, and one
//       audit entry with the count;
//   B — nothing goes in if any row fails; otherwise as A.
// Progress is committed every `chunk_rows` rows, so another connection reads
// it; a cancel is seen between chunks and before the insert, and a cancelled
// job writes no record. The insert, the job's end state and its result
// workbook commit together: a job killed at any moment leaves all of its
// records or none, and a job found running at server start
// (FailInterruptedImports) is marked failed.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

struct ImportJob {
  int64_t id = 0;
  std::string school_code;
  std::string actor;  // username of who uploaded
  std::string file_name;
  std::string mode;   // A | B
  std::string state;  // queued | running | done | failed | cancelled
  int64_t rows_total = 0, rows_processed = 0, rows_valid = 0, rows_invalid = 0;
  int64_t imported = 0;  // records written (done jobs only)
  bool cancel_requested = false;
  bool has_result = false;  // the result workbook is ready
  domain::Instant created_at;
  std::optional<domain::Instant> finished_at;
  std::string error;  // why a job failed
};

// R-IO-1: the school's registrar uploads `bytes` (CSV when the name ends in
// .csv, else .xlsx) for mode "A" or "B" (IMPORT_MODE otherwise). The file is
// read whole first: its errors (FILE_NOT_XLSX, FILE_CORRUPT, FILE_TOO_LARGE,
// HEADER_NOT_FOUND, TEMPLATE_COLUMNS_MISSING, ID_AS_NUMBER never: that is a
// cell's problem …) are returned and nothing is written. IMPORT_EMPTY when no
// data row; IMPORT_BUSY (Conflict) while another job of the school is queued
// or running. The queued job is stored with its upload, audited.
Result<ImportJob> CreateImportJob(store::Database& db, const Context& ctx, const OrgRef& school,
                                  const std::string& file_name, const std::string& mode,
                                  std::string bytes);

struct ImportRunOptions {
  int64_t chunk_rows = 200;
  // Called after each chunk's progress is committed (no transaction open).
  std::function<void(const ImportJob&)> on_progress;
  // PostgreSQL: the final transaction analyzes the tables its look-ups read
  // (student, guardian) once this many batches of records
  // (batch_records each) are written, and again each time
  // the batches written have doubled since, so that later batches are planned
  // for the rows the transaction itself has written; 0 never.
  int64_t analyze_after_batches = 10;
  // Records the final transaction writes per batch: enough to keep its
  // statements few, few enough to keep its memory small.
  int64_t batch_records = 500;
  // For the browser test of cancel (web/e2e/import.test.mjs), which must
  // click while the job runs: after the final transaction's first batch,
  // wait up to this long for a cancel (service/import_cancel_signal.h).
  // 0, no wait, everywhere else.
  std::chrono::milliseconds hold_after_first_batch{0};
};

// R-IO-1, R-IO-2, R-REG-1, R-REG-3: runs a queued job to its end state under
// ctx (the uploader's context) and returns it. IMPORT_STATE (Conflict) unless
// queued. Infrastructure failures end the job failed, with nothing written.
Result<ImportJob> RunImportJob(store::Database& db, const Context& ctx, int64_t job_id,
                               const ImportRunOptions& options = {});

// The job, for anyone whose jurisdiction holds its school (else NotFound).
Result<ImportJob> GetImportJob(store::Database& db, const Context& ctx, int64_t job_id);

// R-IO-1: the school's latest jobs (at most kImportJobListLimit), newest
// first. The caller has checked that ctx's jurisdiction holds `school`.
inline constexpr int64_t kImportJobListLimit = 20;
Result<std::vector<ImportJob>> ListImportJobs(store::Database& db, const Context& ctx,
                                              const OrgRef& school);

// R-IO-1: the empty national template (io::WriteEmptyTemplate) at `path`,
// its code sheet from the code tables as the database holds them now.
Status WriteImportTemplate(store::Database& db, const std::string& path);

// The school's registrar cancels a queued job (at once) or a running one
// (its run stops at the next chunk and writes nothing); audited.
// IMPORT_ENDED (Conflict) when it already ended.
Result<ImportJob> CancelImportJob(store::Database& db, const Context& ctx, int64_t job_id);

// R-IO-1: the result workbook (.xlsx bytes) of an ended job; IMPORT_NO_RESULT
// (Conflict) while it runs, or when it was cancelled or failed.
Result<std::string> ImportResultOf(store::Database& db, const Context& ctx, int64_t job_id);

// At server start: every job still queued or running was interrupted (its
// insert never committed); each is marked failed. Returns how many.
int FailInterruptedImports(store::Database& db, const Context& ctx);

// The school of a job, for scoping routes; nullopt for none. `id` is the
// path text: anything but 1–18 digits names nothing.
std::optional<std::string> SchoolOfImportJob(store::Tx& tx, const std::string& id);

}  // namespace xueji::service
