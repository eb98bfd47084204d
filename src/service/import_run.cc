// RunImportJob (service/import_jobs.h): validation in chunks with committed
// progress, then one transaction that writes the records (mode A: the valid
// rows; mode B: all, only if every row is valid), the job's end state and
// its result workbook together.

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "service/audit.h"
#include "service/import_cancel_signal.h"
#include "service/import_insert.h"
#include "service/import_job_store.h"
#include "service/import_jobs.h"
#include "service/import_result.h"
#include "service/import_rows.h"
#include "service/import_sheet_cache.h"
#include "service/import_validation.h"
#include "service/name_keys_ahead.h"
#include "service/province_fields.h"
#include "service/revalidated_rows.h"
#include "service/stored_codes.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

// What a run keeps per row between its passes: whether the row is valid and
// its normalized ID number, not the validated record (100,000 of those would
// not fit the memory an import may take); the insert validates the valid
// rows again.
struct RunState {
  const ImportSheet& sheet;
  std::vector<uint8_t> valid;    // per row
  std::vector<std::string> ids;  // per row: its normalized ID number, "" for none;
                                 // released once the final transaction has checked them
  std::vector<ImportProblem> problems;
  std::map<std::string, int64_t> first_row_of_id;  // normalized ID → row index
  std::vector<std::vector<int>> reader_columns;    // per row: cells the reader refused
  // The names' keys, worked out meanwhile; released once the records are written.
  std::unique_ptr<NameKeysAhead> name_keys;
  int64_t job_id = 0;
};

// R-REG-3: an ID number repeated within the file makes every row holding it
// invalid: which of them is right is for the school to decide.
void CheckRepeatedId(RunState& st, int64_t index) {
  auto i = static_cast<size_t>(index);
  if (!st.valid[i] || st.ids[i].empty()) return;
  auto [it, fresh] = st.first_row_of_id.emplace(st.ids[i], index);
  if (fresh) return;
  int column = st.sheet.ColumnOf("id_number");
  const auto& rows = st.sheet.rows;
  int64_t first = it->second;
  st.problems.push_back(
      {index, column, "身份证件号与本文件第" + std::to_string(rows[first].number) + "行重复"});
  st.valid[i] = 0;
  if (st.valid[static_cast<size_t>(first)]) {
    st.problems.push_back(
        {first, column, "身份证件号与本文件第" + std::to_string(rows[index].number) + "行重复"});
    st.valid[static_cast<size_t>(first)] = 0;
  }
}

// R-REG-3, R-REG-6: each of rows [from, to) still valid whose ID number a
// record in the database holds gets that problem and is no longer valid.
void RefuseHeldIds(store::Tx& tx, RunState& st, size_t from, size_t to) {
  std::vector<std::string> ids;
  for (size_t i = from; i < to; ++i) {
    if (st.valid[i] && !st.ids[i].empty()) ids.push_back(st.ids[i]);
  }
  auto held = HeldIdNumberProblems(tx, ids);
  if (held.empty()) return;
  for (size_t i = from; i < to; ++i) {
    if (!st.valid[i] || st.ids[i].empty()) continue;
    auto it = held.find(st.ids[i]);
    if (it == held.end()) continue;
    st.problems.push_back({static_cast<int64_t>(i), st.sheet.ColumnOf("id_number"), it->second});
    st.valid[i] = 0;
  }
}

// Validates rows [from, to) in a read transaction.
void ValidateChunk(store::Database& db, const Context& ctx, const OrgRef& school, RunState& st,
                   int64_t from, int64_t to) {
  auto tx = db.BeginRead();
  StoredCodes codes(*tx);
  auto fields = LoadProvinceFields(*tx, ProvinceOfPath(school.path));
  ImportRowContext rc{*tx, codes, school, fields, domain::CstDate(ctx.now)};
  for (int64_t i = from; i < to; ++i) {
    auto r = static_cast<size_t>(i);
    auto v = ValidateImportRow(rc, st.sheet, i, st.reader_columns[r], st.problems);
    st.valid[r] = v.has_value();
    st.ids[r] = v && v->id ? v->id->normalized : "";
  }
  RefuseHeldIds(*tx, st, static_cast<size_t>(from), static_cast<size_t>(to));
  for (int64_t i = from; i < to; ++i) CheckRepeatedId(st, i);
}

int64_t CountValid(const RunState& st) {
  int64_t n = 0;
  for (auto v : st.valid) n += v;
  return n;
}

// Commits the progress; returns whether a cancel was requested.
bool CommitProgress(store::Database& db, int64_t id, int64_t processed, int64_t valid) {
  auto tx = db.BeginWrite();
  tx->Exec(
      "UPDATE import_job SET rows_processed = $1, rows_valid = $2, rows_invalid = $3 WHERE id = $4",
      {processed, valid, processed - valid, id});
  bool cancel =
      tx->QueryOne("SELECT cancel_requested FROM import_job WHERE id = $1", {id})->Int(0) != 0;
  tx->Commit();
  return cancel;
}

void EndCancelled(store::Database& db, const Context& ctx, int64_t id) {
  auto tx = db.BeginWrite();
  EndImportJob(*tx, id, "cancelled", ctx.now.micros, "");
  tx->Commit();
}

// ImportRunOptions::analyze_after_batches on PostgreSQL: ANALYZE of the
// tables the look-ups read after that many batches, then each time the
// batches written have doubled. ANALYZE run inside the transaction samples the
// rows it has written too; at most 30,000 rows a table, so a schedule that
// doubles keeps its share of a large import small.
class AnalyzeSchedule {
 public:
  AnalyzeSchedule(store::Tx& tx, int64_t after_batches)
      : tx_(tx), next_(tx.dialect() == store::Dialect::kPostgres ? after_batches : 0) {}

  void BatchWritten() {
    if (next_ <= 0 || ++batches_ != next_) return;
    tx_.ExecScript("ANALYZE student, guardian");
    next_ *= 2;
  }

 private:
  store::Tx& tx_;
  int64_t next_;
  int64_t batches_ = 0;
};

// InsertValid's error when a cancel was signalled (service/
// import_cancel_signal.h): the transaction is to be rolled back.
constexpr const char* kCancelledInFinal = "IMPORT_CANCELLED";

// ImportRunOptions::hold_after_first_batch.
void HoldForCancel(std::chrono::milliseconds hold, int64_t job_id) {
  auto until = std::chrono::steady_clock::now() + hold;
  while (std::chrono::steady_clock::now() < until && !ImportCancelSignalled(job_id)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<int64_t> ValidRows(const RunState& st) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < st.valid.size(); ++i) {
    if (st.valid[i]) rows.push_back(static_cast<int64_t>(i));
  }
  return rows;
}

// R-IO-1, R-REG-1: the valid rows validated again for the final transaction
// (service/revalidated_rows.h) and inserted in `tx`; returns how many. A row
// that fails now (the classes or code tables changed since its chunk) gets
// its problems; in mode B (`all_or_nothing`) nothing is then inserted. A
// cancel is obeyed before each batch.
Result<int64_t> InsertValid(store::Database& db, store::Tx& tx, const Context& ctx,
                            const OrgRef& school, bool all_or_nothing,
                            const ImportRunOptions& options, RunState& st) {
  std::vector<int64_t> rows = ValidRows(st);
  if (rows.empty()) return 0;
  XUEJI_ASSIGN_OR_RETURN(auto inserter, ImportInserter::Prepare(tx, ctx, school));
  // R-REG-4: found on the validating thread, in its snapshot taken after `tx`
  // began (service/import_duplicates.h); it ends before `duplicates` does.
  ImportDuplicates duplicates(static_cast<int64_t>(rows.size()), st.name_keys.get());
  RevalidatedRows revalidated(
      db, ctx, school, st.sheet, st.reader_columns, std::move(rows),
      {static_cast<size_t>(std::max<int64_t>(1, options.batch_records)), all_or_nothing,
       [&duplicates](store::Tx& read, ImportBatch& batch) { duplicates.Prepare(read, batch); }});
  tx.ExecScript("SAVEPOINT import_insert");
  AnalyzeSchedule analyze(tx, options.analyze_after_batches);
  int64_t imported = 0;
  for (;;) {
    if (ImportCancelSignalled(st.job_id)) {
      return Error{ErrorKind::kConflict, kCancelledInFinal, "", "导入已取消"};
    }
    auto batch = revalidated.Next();
    if (!batch) break;
    bool first = imported == 0;
    imported += static_cast<int64_t>(inserter.InsertBatch(tx, ctx, school, *batch).size());
    analyze.BatchWritten();
    if (first) HoldForCancel(options.hold_after_first_batch, st.job_id);
  }
  for (int64_t row : revalidated.Failed()) st.valid[static_cast<size_t>(row)] = 0;
  for (auto& p : revalidated.TakeProblems()) st.problems.push_back(std::move(p));
  if (!revalidated.Failed().empty() && all_or_nothing) {
    tx.ExecScript("ROLLBACK TO SAVEPOINT import_insert");
    return 0;
  }
  tx.ExecScript("RELEASE SAVEPOINT import_insert");
  return imported;
}

// The SQLite page cache of the final transaction (store::Database::
// BeginLargeWrite). With the default 2 MiB, the indexes the transaction
// grows and reads at once no longer fit, and their pages go to the WAL and
// back many times over; 32 MiB holds them for an import of 100,000 records
// within the import's memory budget (docs/benchmarks.md).
constexpr int64_t kFinalPageCacheKib = 32 * 1024;

// R-IO-1, R-REG-1, R-REG-3: the final transaction. The job's row is locked
// first, so a cancel that came after the last chunk is still obeyed.
Result<ImportJob> Finish(store::Database& db, const Context& ctx, const OrgRef& school,
                         const ImportJob& job, const ImportRunOptions& options, RunState& st) {
  auto tx = db.BeginLargeWrite(kFinalPageCacheKib);
  if (tx->dialect() == store::Dialect::kPostgres) {
    // The tables grow by thousands of rows inside this one transaction; a
    // generic plan cached while they were small scans them whole for every
    // record. Planning each statement for its values keeps the indexes.
    tx->ExecScript("SET LOCAL plan_cache_mode = force_custom_plan");
  }
  auto locked = LoadImportJob(*tx, job.id, true);
  if (locked->job.state != "running") return locked->job;  // failed by a restart meanwhile
  if (locked->job.cancel_requested) {
    EndImportJob(*tx, job.id, "cancelled", ctx.now.micros, "");
    tx->Commit();
    return LoadImportJob(*db.BeginRead(), job.id)->job;
  }
  // R-REG-3: the database may have changed since the rows were checked.
  RefuseHeldIds(*tx, st, 0, st.valid.size());
  // The ID numbers are checked; their memory goes to the records written next.
  std::vector<std::string>().swap(st.ids);
  auto total = static_cast<int64_t>(st.valid.size());
  int64_t imported = 0;
  if (job.mode == "A" || CountValid(st) == total) {
    auto inserted = InsertValid(db, *tx, ctx, school, job.mode == "B", options, st);
    st.name_keys.reset();  // the result workbook is built next, in its memory
    if (!inserted.ok() && inserted.error().code == kCancelledInFinal) {
      tx.reset();  // rolls back every record written
      EndCancelled(db, ctx, job.id);
      return LoadImportJob(*db.BeginRead(), job.id)->job;
    }
    XUEJI_ASSIGN_OR_RETURN(imported, std::move(inserted));
  }
  int64_t valid = CountValid(st);
  XUEJI_ASSIGN_OR_RETURN(auto result, BuildImportResult(st.sheet, st.problems, job.mode == "A"));
  tx->Exec(
      "UPDATE import_job SET state = 'done', rows_processed = $1, rows_valid = $2, "
      "rows_invalid = $3, imported = $4, finished_at = $5 WHERE id = $6",
      {total, valid, total - valid, imported, ctx.now.micros, job.id});
  tx->Exec("INSERT INTO import_job_file (job_id, kind, bytes) VALUES ($1, 'result', $2)",
           {job.id, store::Blob{std::move(result)}});
  AppendAudit(*tx, ctx,
              {"student.import", std::to_string(job.id), "ok",
               Summary({{"school", school.code},
                        {"mode", job.mode},
                        {"rows", std::to_string(total)},
                        {"invalid", std::to_string(total - valid)},
                        {"imported", std::to_string(imported)}})});
  tx->Commit();
  return LoadImportJob(*db.BeginRead(), job.id)->job;
}

// Marks the job running; IMPORT_STATE unless it was queued.
Result<ImportJob> Start(store::Database& db, const Context& ctx, int64_t job_id) {
  auto tx = db.BeginWrite();
  auto s = LoadImportJob(*tx, job_id, true);
  if (!s) return NotFound("导入任务不存在");
  if (!ctx.actor || ctx.actor->username != s->job.actor) return Forbidden();
  if (s->job.state != "queued") return Conflict("IMPORT_STATE", "导入任务不在排队状态");
  tx->Exec("UPDATE import_job SET state = 'running' WHERE id = $1", {job_id});
  tx->Commit();
  s->job.state = "running";
  return s->job;
}

// The job's sheet: the one parsed at upload when this process still holds
// it (service/import_sheet_cache.h), else its stored upload read again. A
// kept sheet of another row count is not this job's (a job of the same id
// in another database) and is not used.
Result<std::shared_ptr<const ImportSheet>> SheetOf(store::Database& db, const ImportJob& job) {
  auto parsed = TakeParsedSheet(job.id);
  if (parsed && static_cast<int64_t>(parsed->rows.size()) == job.rows_total) return parsed;
  std::string bytes, kind;
  {
    auto tx = db.BeginRead();
    auto r = tx->QueryOne(
        "SELECT f.bytes, j.file_kind FROM import_job j JOIN import_job_file f ON f.job_id = j.id "
        "AND f.kind = 'upload' WHERE j.id = $1",
        {job.id});
    bytes = r->Bytes(0);
    kind = r->Text(1);
  }
  XUEJI_ASSIGN_OR_RETURN(auto read, ReadImportFile(std::move(bytes), kind));
  return std::make_shared<const ImportSheet>(std::move(read));
}

Result<ImportJob> Run(store::Database& db, const Context& ctx, const ImportJob& job,
                      const ImportRunOptions& options) {
  XUEJI_ASSIGN_OR_RETURN(auto parsed, SheetOf(db, job));
  OrgRef school;
  XUEJI_ASSIGN_OR_RETURN(school, LoadOrg(*db.BeginRead(), job.school_code));
  const ImportSheet& sheet = *parsed;
  std::vector<std::string> names;
  names.reserve(sheet.rows.size());
  for (const auto& row : sheet.rows) names.push_back(sheet.Field(row, "name"));
  RunState st{
      sheet, {}, {}, sheet.problems, {}, {}, std::make_unique<NameKeysAhead>(std::move(names)),
      job.id};
  st.valid.resize(sheet.rows.size());
  st.ids.resize(sheet.rows.size());
  st.reader_columns.resize(sheet.rows.size());
  for (const auto& p : sheet.problems) {
    st.reader_columns[static_cast<size_t>(p.row)].push_back(p.column);
  }
  auto total = static_cast<int64_t>(sheet.rows.size());
  int64_t chunk = std::max<int64_t>(1, options.chunk_rows);
  for (int64_t from = 0; from < total; from += chunk) {
    int64_t to = std::min(total, from + chunk);
    ValidateChunk(db, ctx, school, st, from, to);
    if (CommitProgress(db, job.id, to, CountValid(st))) {
      EndCancelled(db, ctx, job.id);
      return LoadImportJob(*db.BeginRead(), job.id)->job;
    }
    if (options.on_progress) options.on_progress(LoadImportJob(*db.BeginRead(), job.id)->job);
  }
  st.first_row_of_id.clear();  // every row is checked against the file's others
  return Finish(db, ctx, school, job, options, st);
}

void EndFailed(store::Database& db, const Context& ctx, int64_t id, const std::string& error) {
  auto tx = db.BeginWrite();
  EndImportJob(*tx, id, "failed", ctx.now.micros, error);
  AppendAudit(*tx, ctx,
              {"student.import", std::to_string(id), "error", Summary({{"error", error}})});
  tx->Commit();
}

}  // namespace

// R-IO-1, R-IO-2, R-REG-1, R-REG-3
Result<ImportJob> RunImportJob(store::Database& db, const Context& ctx, int64_t job_id,
                               const ImportRunOptions& options) {
  XUEJI_ASSIGN_OR_RETURN(auto job, Start(db, ctx, job_id));
  Result<ImportJob> out = Error{};
  try {
    out = Run(db, ctx, job, options);
  } catch (const std::exception& e) {
    out = Error{ErrorKind::kInternal, "IMPORT_FAILED", "", e.what()};
  }
  ClearImportCancel(job_id);
  if (out.ok()) return out;
  EndFailed(db, ctx, job_id, out.error().message);
  return LoadImportJob(*db.BeginRead(), job_id)->job;
}

}  // namespace xueji::service
