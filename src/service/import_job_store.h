#pragma once

// The import_job rows (migration 0021), read and written in the caller's
// transaction. Internal to service/import_jobs.cc and import_run.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/import_jobs.h"
#include "store/database.h"

namespace xueji::service {

// The job with its school's path, without its upload or result bytes.
struct StoredImportJob {
  ImportJob job;
  std::string school_path;
};

// `for_update` (in a write transaction) locks the row for the rest of `tx`.
std::optional<StoredImportJob> LoadImportJob(store::Tx& tx, int64_t id, bool for_update = false);

// The school's latest `limit` jobs, newest first.
std::vector<ImportJob> LoadSchoolImportJobs(store::Tx& tx, const std::string& school_code,
                                            int64_t limit);

// Ends the job in `state` at `at` with `error`.
void EndImportJob(store::Tx& tx, int64_t id, const std::string& state, int64_t at,
                  const std::string& error);

}  // namespace xueji::service
