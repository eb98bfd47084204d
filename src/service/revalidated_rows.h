#pragma once

// The rows an import's final transaction writes (R-IO-1), validated once
// more (service/import_validation.h) on a thread of their own and handed to
// the writer in batches, in row order, while the writer writes the batch
// before. Validation is most of the final transaction's work outside the
// store; on a second core it no longer adds to the transaction's length.
//
// The thread validates in a read transaction of its own (a second connection
// of the database's pool, which must have one free). What validation reads
// — the school's classes, division codes, code tables, the province's
// fields, the enrollment policy — the import does not write, so that
// snapshot sees of it what the writer's transaction sees: on SQLite the
// writer holds the only write lock, so nobody commits meanwhile; on
// PostgreSQL the writer's read-committed statements could as well see a
// commit made after its own start.
//
// Internal to the import job (service/import_jobs.h). Not thread-safe: one
// caller calls Next() until it returns nullopt, then Failed()/TakeProblems().

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "domain/student_record.h"
#include "service/context.h"
#include "service/import_duplicates.h"
#include "service/import_rows.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

class RevalidatedRows {
 public:
  struct Options {
    size_t batch_records = 500;
    // Mode B: after the first row that fails, rows are still validated (for
    // their problems) but no more records are handed out.
    bool stop_records_at_failure = false;
    // Called on the thread, in its read transaction, with each batch before
    // it is handed out, in order (the import's ImportDuplicates::Prepare).
    std::function<void(store::Tx&, ImportBatch&)> prepare;
  };

  // Starts the thread on `rows` (indexes into sheet.rows, ascending);
  // `reader_columns[i]` are the cells of row i the reader already refused.
  // `sheet` and `reader_columns` must outlive this object.
  RevalidatedRows(store::Database& db, const Context& ctx, const OrgRef& school,
                  const ImportSheet& sheet, const std::vector<std::vector<int>>& reader_columns,
                  std::vector<int64_t> rows, Options options);
  // Stops the thread at its next row and joins it.
  ~RevalidatedRows();
  RevalidatedRows(const RevalidatedRows&) = delete;
  RevalidatedRows& operator=(const RevalidatedRows&) = delete;

  // The next batch of records that validated, in row order; nullopt once
  // every row is through. An exception of the thread (a store failure) is
  // thrown here.
  std::optional<ImportBatch> Next();

  // After Next() returned nullopt: the rows that failed this time, in order,
  // and their problems (ImportProblem::row indexes sheet.rows).
  const std::vector<int64_t>& Failed() const { return failed_; }
  std::vector<ImportProblem> TakeProblems() { return std::move(problems_); }

 private:
  void Validate(store::Database& db, const Context& ctx, const OrgRef& school);
  // Waits for room in the queue; false when stopped.
  bool Push(ImportBatch batch);

  static constexpr size_t kBatchesAhead = 2;

  const ImportSheet& sheet_;
  const std::vector<std::vector<int>>& reader_columns_;
  const std::vector<int64_t> rows_;
  const Options options_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ImportBatch> ready_;
  bool done_ = false;     // the thread has pushed its last batch
  bool stopped_ = false;  // the owner is going away
  std::exception_ptr error_;

  // Written by the thread, read by the owner after done_.
  std::vector<int64_t> failed_;
  std::vector<ImportProblem> problems_;

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace xueji::service
