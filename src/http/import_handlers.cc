// Bulk import of the national template (R-IO-1, R-IO-2; docs/import.md):
// the empty template, upload (the job then runs on the server's import
// worker), the school's jobs, progress, cancel, the result workbook.

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/role.h"
#include "domain/time.h"
#include "http/api.h"
#include "http/content_disposition.h"
#include "http/router.h"
#include "service/import_jobs.h"
#include "service/import_worker.h"

namespace xueji::http {
namespace {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string Query(const ApiContext& api, const std::string& key) {
  auto it = api.query.find(key);
  return it == api.query.end() ? "" : it->second;
}

json::object JobJson(const service::ImportJob& j) {
  json::object o{{"id", j.id},
                 {"school_code", j.school_code},
                 {"actor", j.actor},
                 {"file_name", j.file_name},
                 {"mode", j.mode},
                 {"state", j.state},
                 {"rows_total", j.rows_total},
                 {"rows_processed", j.rows_processed},
                 {"rows_valid", j.rows_valid},
                 {"rows_invalid", j.rows_invalid},
                 {"imported", j.imported},
                 {"cancel_requested", j.cancel_requested},
                 {"has_result", j.has_result},
                 {"created_at", domain::FormatUtc(j.created_at)},
                 {"error", j.error}};
  o["finished_at"] = j.finished_at ? json::value(domain::FormatUtc(*j.finished_at)) : nullptr;
  return o;
}

// R-IO-1: the upload is read and stored as a queued job, which the worker
// then runs; the answer (202) is the queued job, to be followed by GET.
HandlerResult PostImport(ApiContext& api, service::ImportWorker* worker) {
  if (!worker) return Error{ErrorKind::kUnavailable, "IMPORT_UNAVAILABLE", "", "导入服务未启动"};
  std::string name = Query(api, "name");
  if (name.empty()) return Invalid("REQUIRED", "name", "缺少文件名");
  std::string mode = Query(api, "mode").empty() ? "A" : Query(api, "mode");
  XUEJI_ASSIGN_OR_RETURN(
      auto job, service::CreateImportJob(api.db, api.ctx, *api.org, name, mode, api.request.body));
  // A refusal (the server is stopping) leaves the job queued: the next start
  // marks it failed.
  (void)worker->Submit(job.id, api.ctx);
  return JsonResponse(202, JobJson(job));
}

// R-IO-1
HandlerResult ListImports(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto jobs, service::ListImportJobs(api.db, api.ctx, *api.org));
  json::array items;
  for (const auto& j : jobs) items.push_back(JobJson(j));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

// R-IO-1: the empty template, written to a temporary file and sent from memory.
HandlerResult GetTemplate(ApiContext& api) {
  std::string path = (std::filesystem::temp_directory_path() / "xueji-template-XXXXXX").string();
  int fd = mkstemp(path.data());
  if (fd < 0) return Error{ErrorKind::kInternal, "TEMPLATE_TEMP", "", "无法生成导入模板"};
  close(fd);
  Status written = service::WriteImportTemplate(api.db, path);
  std::ostringstream bytes;
  if (written.ok()) bytes << std::ifstream(path, std::ios::binary).rdbuf();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  XUEJI_RETURN_IF_ERROR(written);
  HttpResponse response;
  response.content_type = kXlsxType;
  response.body = std::move(bytes).str();
  response.headers = {{"Content-Disposition",
                       AttachmentDisposition("import-template.xlsx", "学生信息导入模板.xlsx")},
                      {"Cache-Control", "no-store"}};
  return response;
}

HandlerResult GetImport(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto job, service::GetImportJob(api.db, api.ctx, id));
  return JsonResponse(200, JobJson(job));
}

HandlerResult PostCancel(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto job, service::CancelImportJob(api.db, api.ctx, id));
  return JsonResponse(200, JobJson(job));
}

// R-IO-1
HandlerResult GetResult(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto bytes, service::ImportResultOf(api.db, api.ctx, id));
  HttpResponse response;
  response.content_type = kXlsxType;
  response.body = std::move(bytes);
  response.headers = {
      {"Content-Disposition", "attachment; filename=\"import-" + api.params["id"] + ".xlsx\""},
      {"X-Content-Type-Options", "nosniff"},
      {"Cache-Control", "no-store"}};
  return response;
}

}  // namespace

std::vector<Route> ImportRoutes(const RouterOptions& options) {
  using K = Scope::Kind;
  using P = domain::Permission;
  const Scope job{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfImportJob)};
  auto post = [worker = options.import_worker](ApiContext& api) { return PostImport(api, worker); };
  return {
      {"GET", "/api/v1/import-template.xlsx", Auth::kSession, P::kEditStudents, Scope{},
       GetTemplate},
      {"POST", "/api/v1/schools/{code}/imports", Auth::kSession, P::kEditStudents,
       Scope{K::kPathSchool, "code"}, post, 202,
       /*raw_body=*/true, /*max_body=*/kMaxRawBody},
      {"GET", "/api/v1/schools/{code}/imports", Auth::kSession, P::kViewStudents,
       Scope{K::kPathSchool, "code"}, ListImports},
      {"GET", "/api/v1/imports/{id}", Auth::kSession, P::kViewStudents, job, GetImport},
      {"POST", "/api/v1/imports/{id}/cancel", Auth::kSession, P::kEditStudents, job, PostCancel},
      {"GET", "/api/v1/imports/{id}/result.xlsx", Auth::kSession, P::kViewStudents, job, GetResult},
  };
}

}  // namespace xueji::http
