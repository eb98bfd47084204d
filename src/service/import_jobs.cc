#include "service/import_jobs.h"

#include <memory>
#include <vector>

#include "domain/org.h"
#include "domain/role.h"
#include "io/template_writer.h"
#include "service/audit.h"
#include "service/code_table_service.h"
#include "service/import_cancel_signal.h"
#include "service/import_job_store.h"
#include "service/import_rows.h"
#include "service/import_sheet_cache.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

bool IsSchoolRegistrar(const Context& ctx, const std::string& school_code) {
  return ctx.actor && ctx.actor->role == domain::Role::kSchoolRegistrar &&
         ctx.actor->org_code == school_code;
}

// The job if ctx's jurisdiction holds its school (R-ORG-4), else NotFound.
Result<StoredImportJob> Visible(store::Tx& tx, const Context& ctx, int64_t id, bool for_update) {
  if (!ctx.actor) return Unauthenticated();
  auto s = LoadImportJob(tx, id, for_update);
  if (!s || !domain::IsWithin(ctx.actor->org_path, s->school_path)) {
    return NotFound("导入任务不存在");
  }
  return *s;
}

}  // namespace

// R-IO-1
Result<ImportJob> CreateImportJob(store::Database& db, const Context& ctx, const OrgRef& school,
                                  const std::string& file_name, const std::string& mode,
                                  std::string bytes) {
  if (!ctx.actor) return Unauthenticated();
  if (!IsSchoolRegistrar(ctx, school.code)) return Forbidden("只有本校学籍管理员可以导入");
  if (mode != "A" && mode != "B") {
    return Invalid("IMPORT_MODE", "mode", "导入方式须为 A（导入有效行）或 B（全部有效才导入）");
  }
  std::string kind = ImportFileKind(file_name);
  XUEJI_ASSIGN_OR_RETURN(auto sheet, ReadImportFile(bytes, kind));
  if (sheet.rows.empty()) return Invalid("IMPORT_EMPTY", "file", "文件中没有学生数据行");
  auto tx = db.BeginWrite();
  if (tx->QueryOne("SELECT 1 FROM import_job WHERE school_code = $1 AND state IN ('queued', "
                   "'running')",
                   {school.code})) {
    return Conflict("IMPORT_BUSY", "本校已有正在进行的导入任务，请等待其完成或取消后再导入");
  }
  auto id = tx->QueryOne(
                  "INSERT INTO import_job (school_code, actor_id, file_name, file_kind, mode, "
                  "state, rows_total, created_at) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) "
                  "RETURNING id",
                  {school.code, ctx.actor->user_id, file_name, kind, mode,
                   static_cast<int64_t>(sheet.rows.size()), ctx.now.micros})
                ->Int(0);
  tx->Exec("INSERT INTO import_job_file (job_id, kind, bytes) VALUES ($1, 'upload', $2)",
           {id, store::Blob{std::move(bytes)}});
  AppendAudit(*tx, ctx,
              {"import.upload", std::to_string(id), "ok",
               Summary({{"school", school.code},
                        {"mode", mode},
                        {"rows", std::to_string(sheet.rows.size())}})});
  auto job = LoadImportJob(*tx, id)->job;
  tx->Commit();
  // The run in this process takes the sheet instead of reading the upload again.
  KeepParsedSheet(id, std::make_shared<const ImportSheet>(std::move(sheet)));
  return job;
}

Result<ImportJob> GetImportJob(store::Database& db, const Context& ctx, int64_t job_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto s, Visible(*tx, ctx, job_id, false));
  return s.job;
}

// R-IO-1
Result<std::vector<ImportJob>> ListImportJobs(store::Database& db, const Context& ctx,
                                              const OrgRef& school) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginRead();
  return LoadSchoolImportJobs(*tx, school.code, kImportJobListLimit);
}

// R-IO-1
Status WriteImportTemplate(store::Database& db, const std::string& path) {
  XUEJI_ASSIGN_OR_RETURN(auto infos, ListCodeTables(db));
  std::vector<domain::CodeTable> tables;
  for (const auto& info : infos) {
    XUEJI_ASSIGN_OR_RETURN(auto detail, GetCodeTable(db, info.id));
    tables.push_back(std::move(detail.table));
  }
  return io::WriteEmptyTemplate(path, tables);
}

Result<ImportJob> CancelImportJob(store::Database& db, const Context& ctx, int64_t job_id) {
  bool signalled = false;
  {
    // A running job may be in its final transaction, which holds the job
    // until it ends: signalled first, it rolls back at its next batch.
    auto tx = db.BeginRead();
    XUEJI_ASSIGN_OR_RETURN(auto s, Visible(*tx, ctx, job_id, false));
    if (!IsSchoolRegistrar(ctx, s.job.school_code))
      return Forbidden("只有本校学籍管理员可以取消导入");
    if (s.job.state == "running") {
      SignalImportCancel(job_id);
      signalled = true;
    }
  }
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto s, Visible(*tx, ctx, job_id, true));
  if (s.job.state != "running") ClearImportCancel(job_id);  // it ended meanwhile
  if (s.job.state == "queued") {
    EndImportJob(*tx, job_id, "cancelled", ctx.now.micros, "");
  } else if (s.job.state == "running") {
    tx->Exec("UPDATE import_job SET cancel_requested = 1 WHERE id = $1", {job_id});
  } else if (!(signalled && s.job.state == "cancelled")) {
    return Conflict("IMPORT_ENDED", "导入任务已结束，不能取消");
  }
  AppendAudit(*tx, ctx,
              {"import.cancel", std::to_string(job_id), "ok",
               Summary({{"state", signalled ? std::string("running") : s.job.state}})});
  auto job = LoadImportJob(*tx, job_id)->job;
  tx->Commit();
  if (s.job.state == "queued") DropParsedSheet(job_id);  // it will never run
  return job;
}

// R-IO-1
Result<std::string> ImportResultOf(store::Database& db, const Context& ctx, int64_t job_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto s, Visible(*tx, ctx, job_id, false));
  if (!s.job.has_result) return Conflict("IMPORT_NO_RESULT", "该导入任务没有结果文件");
  return tx
      ->QueryOne("SELECT bytes FROM import_job_file WHERE job_id = $1 AND kind = 'result'",
                 {job_id})
      ->Bytes(0);
}

int FailInterruptedImports(store::Database& db, const Context& ctx) {
  auto tx = db.BeginWrite();
  auto ids = tx->Query("SELECT id FROM import_job WHERE state IN ('queued', 'running')");
  std::vector<int64_t> ended;
  int failed = 0;
  for (const auto& r : ids) {
    // The state is tested again by the update itself: on PostgreSQL a job
    // whose final transaction was still committing when the select ran is
    // re-read after that commit, and a job that ended done stays done.
    int64_t changed = tx->Exec(
        "UPDATE import_job SET state = 'failed', finished_at = $1, error = $2 WHERE id = $3 AND "
        "state IN ('queued', 'running')",
        {ctx.now.micros, std::string("服务重启，导入中断，未写入任何记录"), r.Int(0)});
    if (changed == 0) continue;
    ++failed;
    ended.push_back(r.Int(0));
    AppendAudit(*tx, ctx, {"import.interrupted", r.Text(0), "ok", Summary({{"state", "failed"}})});
  }
  tx->Commit();
  for (int64_t id : ended) DropParsedSheet(id);
  return failed;
}

std::optional<std::string> SchoolOfImportJob(store::Tx& tx, const std::string& id) {
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  auto r = tx.QueryOne("SELECT school_code FROM import_job WHERE id = $1", {std::stoll(id)});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
