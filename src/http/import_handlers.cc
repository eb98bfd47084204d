// Bulk import of the national template (R-IO-1, R-IO-2; docs/import.md):
// upload and run, progress, cancel, the result workbook.

#include "domain/role.h"
#include "domain/time.h"
#include "http/api.h"
#include "http/router.h"
#include "service/import_jobs.h"

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

// R-IO-1: the upload is read and the job runs within this request; another
// request reads its progress and may cancel it meanwhile.
HandlerResult PostImport(ApiContext& api) {
  std::string name = Query(api, "name");
  if (name.empty()) return Invalid("REQUIRED", "name", "缺少文件名");
  std::string mode = Query(api, "mode").empty() ? "A" : Query(api, "mode");
  XUEJI_ASSIGN_OR_RETURN(
      auto job, service::CreateImportJob(api.db, api.ctx, *api.org, name, mode, api.request.body));
  XUEJI_ASSIGN_OR_RETURN(auto done, service::RunImportJob(api.db, api.ctx, job.id));
  return JsonResponse(201, JobJson(done));
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

std::vector<Route> ImportRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  const Scope job{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfImportJob)};
  return {
      {"POST", "/api/v1/schools/{code}/imports", Auth::kSession, P::kEditStudents,
       Scope{K::kPathSchool, "code"}, PostImport, 201,
       /*raw_body=*/true, /*max_body=*/kMaxRawBody},
      {"GET", "/api/v1/imports/{id}", Auth::kSession, P::kViewStudents, job, GetImport},
      {"POST", "/api/v1/imports/{id}/cancel", Auth::kSession, P::kEditStudents, job, PostCancel},
      {"GET", "/api/v1/imports/{id}/result.xlsx", Auth::kSession, P::kViewStudents, job, GetResult},
  };
}

}  // namespace xueji::http
