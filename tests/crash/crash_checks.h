#pragma once

// What the import crash test checks after each restart (R-SEC-5, R-IO-1;
// docs/crash_test.md). Each function reports failures with gtest's
// EXPECT_*, so one kill shows every broken property at once.

#include <cstdint>

#include "api/api_client.h"
#include "crash/crash_workbook.h"
#include "crash/import_job_watch.h"
#include "store/database.h"

namespace xueji::testing {

// How many records of the workbook (by ID number) the database holds.
int64_t WorkbookRecordsIn(store::Tx& tx, const CrashWorkbook& workbook);

// R-SEC-5: no job is left queued or running once a server has started.
void ExpectNoJobLeftRunning(store::Tx& tx);

// R-IO-1: the whole submission is in: every record with its registration
// request and history row, the job `done` with imported = N and its result,
// exactly one `student.import` audit entry; the server reports the same job.
void ExpectWholeSubmission(store::Tx& tx, ApiClient& client, const CrashWorkbook& workbook,
                           const JobSight& job);

// R-SEC-5: nothing of the submission is in: no record, no successful
// `student.import` entry; the job, if it was created, failed or cancelled.
void ExpectNothingWritten(store::Tx& tx, const CrashWorkbook& workbook, const JobSight& job);

// The database is sound: SQLite's integrity and foreign key checks, and on
// both backends the audit log's hash chain (`xueji verify-audit`).
void ExpectConsistent(store::Tx& tx, const std::string& db_url);

}  // namespace xueji::testing
