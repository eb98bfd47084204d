// Code tables (SPEC §2, R-INFO-4, R-SPEC-2025): every logged-in user reads
// them; the ministry registrar adds and changes values. Permissions and the
// ministry scope are checked by the router before these run.

#include "domain/code_table.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/code_table_service.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object InfoJson(const service::CodeTableInfo& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"standard", t.standard},
                      {"description", t.description},
                      {"version", t.version},
                      {"updated_at", domain::FormatUtc(t.updated_at)},
                      {"value_count", t.value_count}};
}

json::object ValueJson(const domain::CodeValue& v) {
  return json::object{{"code", v.code}, {"name", v.name}, {"historical", v.historical}};
}

HandlerResult GetCodeTables(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto tables, service::ListCodeTables(api.db));
  json::array items;
  for (const auto& t : tables) items.push_back(InfoJson(t));
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult GetCodeTable(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto detail, service::GetCodeTable(api.db, api.params["id"]));
  json::object out = InfoJson(detail.info);
  json::array values;
  for (const auto& v : detail.table.values()) values.push_back(ValueJson(v));
  out["values"] = std::move(values);
  return JsonResponse(200, out);
}

// R-INFO-4, R-SPEC-2025: creates or changes one value; codes are never
// deleted, so there is no DELETE: `historical: true` retires a code.
HandlerResult PutCodeValue(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"name", "historical"}));
  XUEJI_RETURN_IF_ERROR(domain::ValidateCodeFormat(api.params["code"], "code"));
  XUEJI_ASSIGN_OR_RETURN(auto name, RequireString(api.body, "name", 400));
  XUEJI_ASSIGN_OR_RETURN(auto historical, OptionalBool(api.body, "historical"));
  XUEJI_ASSIGN_OR_RETURN(
      auto change, service::UpsertCodeValue(api.db, api.ctx, api.params["id"], api.params["code"],
                                            std::move(name), historical));
  json::object out = ValueJson(change.value);
  out["table_id"] = api.params["id"];
  out["version"] = change.version;
  out["created"] = change.created;
  out["changed"] = change.changed;
  return JsonResponse(200, out);
}

}  // namespace

std::vector<Route> CodeTableRoutes() {
  using K = Scope::Kind;
  return {
      {"GET", "/api/v1/code-tables", Auth::kSession, std::nullopt, {}, GetCodeTables},
      {"GET", "/api/v1/code-tables/{id}", Auth::kSession, std::nullopt, {}, GetCodeTable},
      {"PUT",
       "/api/v1/code-tables/{id}/values/{code}",
       Auth::kSession,
       Permission::kManageCodeTables,
       {K::kMinistry, ""},
       PutCodeValue},
  };
}

}  // namespace xueji::http
