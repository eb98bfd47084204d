// Export requests (数据导出申请; R-SEC-1, docs/exports.md): filing, the lists
// (mine, to decide), one request, the record authority's approval or
// rejection, and the download of an approved request's workbook — written to
// a temporary file and sent from it in pieces as an attachment with its
// Chinese name (RFC 5987); the server unlinks the file once it has it open.
// A request is scoped by its requester's unit (R-ORG-4).

#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <string_view>
#include <utility>

#include "domain/time.h"
#include "http/content_disposition.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/export_requests.h"

namespace xueji::http {
namespace {

using domain::Permission;

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

json::value OptInstant(const std::optional<domain::Instant>& t) {
  return t ? json::value(domain::FormatUtc(*t)) : json::value(nullptr);
}

json::object RequestJson(const service::StoredExportRequest& r) {
  return {{"id", r.id},
          {"requester", r.requester},
          {"requester_name", r.requester_name},
          {"requester_org", r.requester_org},
          {"requester_org_name", r.requester_org_name},
          {"scope_org", r.scope_org},
          {"scope_org_name", r.scope_org_name},
          {"class_id", r.class_id},
          {"kind", r.kind},
          {"full_id_numbers", r.full_id_numbers},
          {"purpose", r.purpose},
          {"recipient", r.recipient},
          {"state", r.state},
          {"authority_org", r.authority_org},
          {"authority_org_name", r.authority_org_name},
          {"decided_by", r.decided_by},
          {"decision_comment", r.decision_comment},
          {"decided_at", OptInstant(r.decided_at)},
          {"valid_until", OptInstant(r.valid_until)},
          {"max_downloads", r.max_downloads},
          {"downloads", r.downloads},
          {"created_at", domain::FormatUtc(r.created_at)}};
}

HandlerResult PostRequest(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(
      api.body, {"scope_org", "class_id", "kind", "full_id_numbers", "purpose", "recipient"}));
  service::ExportRequestInput in;
  in.scope_org = api.org->code;
  XUEJI_ASSIGN_OR_RETURN(auto class_id, OptionalInt(api.body, "class_id", 0, INT64_MAX));
  in.class_id = class_id.value_or(0);
  XUEJI_ASSIGN_OR_RETURN(in.kind, RequireString(api.body, "kind"));
  XUEJI_ASSIGN_OR_RETURN(auto full, OptionalBool(api.body, "full_id_numbers"));
  in.full_id_numbers = full.value_or(false);
  XUEJI_ASSIGN_OR_RETURN(in.purpose, RequireString(api.body, "purpose"));
  XUEJI_ASSIGN_OR_RETURN(in.recipient, RequireString(api.body, "recipient"));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::CreateExportRequest(api.db, api.ctx, in));
  return JsonResponse(201, RequestJson(r));
}

HandlerResult ListRequests(ApiContext& api) {
  auto it = api.query.find("box");
  std::string box = it == api.query.end() || it->second.empty() ? "mine" : it->second;
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListExportRequests(api.db, api.ctx, box));
  json::array items;
  for (const auto& r : list) items.push_back(RequestJson(r));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

HandlerResult GetRequest(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::GetExportRequest(api.db, api.ctx, id));
  return JsonResponse(200, RequestJson(r));
}

HandlerResult Decide(ApiContext& api, bool approve) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"comment"}));
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto comment, OptionalString(api.body, "comment"));
  XUEJI_ASSIGN_OR_RETURN(
      auto r, service::DecideExportRequest(api.db, api.ctx, id, approve, comment.value_or("")));
  return JsonResponse(200, RequestJson(r));
}

HandlerResult PostApprove(ApiContext& api) { return Decide(api, true); }
HandlerResult PostReject(ApiContext& api) { return Decide(api, false); }

Result<std::string> NewTempPath() {
  std::string pattern = (std::filesystem::temp_directory_path() / "xueji-export-XXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) return Error{ErrorKind::kInternal, "EXPORT_TEMP", "", "无法创建导出文件"};
  close(fd);
  return pattern;
}

// R-SEC-1, R-SEC-2: the service removes the file when the export fails.
HandlerResult GetFile(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto path, NewTempPath());
  XUEJI_ASSIGN_OR_RETURN(auto result, service::ExportThroughRequest(api.db, api.ctx, id, path));
  HttpResponse r;
  r.content_type = kXlsxType;
  r.file_path = path;
  r.remove_file_after_open = true;
  r.headers.emplace_back(
      "Content-Disposition",
      AttachmentDisposition("export-request-" + std::to_string(id) + ".xlsx", result.file_name));
  r.headers.emplace_back("X-Export-Rows", std::to_string(result.rows));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::vector<Route> ExportRequestRoutes() {
  using K = Scope::Kind;
  const Scope request{K::kPathLookup, "id", "", SingleOwner(service::RequesterOrgOfExportRequest)};
  return {
      {"POST", "/api/v1/export-requests", Auth::kSession, Permission::kRevealIdNumbers,
       Scope{K::kBodyOrg, "scope_org"}, PostRequest, 201},
      {"GET", "/api/v1/export-requests", Auth::kSession, Permission::kRevealIdNumbers,
       Scope{K::kNone, ""}, ListRequests},
      {"GET", "/api/v1/export-requests/{id}", Auth::kSession, Permission::kRevealIdNumbers, request,
       GetRequest},
      {"POST", "/api/v1/export-requests/{id}/approve", Auth::kSession,
       Permission::kApproveAtAuthority, request, PostApprove},
      {"POST", "/api/v1/export-requests/{id}/reject", Auth::kSession,
       Permission::kApproveAtAuthority, request, PostReject},
      {"GET", "/api/v1/export-requests/{id}/file.xlsx", Auth::kSession,
       Permission::kRevealIdNumbers, request, GetFile},
  };
}

}  // namespace xueji::http
