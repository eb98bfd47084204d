// Province-defined 非基础信息 (R-SPEC-2025): every logged-in user reads a
// province's field definitions (forms need them); the province registrar
// defines them. Jurisdiction and permissions are checked by the router.

#include "domain/org.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/province_fields.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object FieldJson(const domain::ProvinceField& f) {
  return json::object{{"name", f.name},
                      {"label", f.label},
                      {"kind", f.kind},
                      {"code_table", f.code_table},
                      {"required", f.required},
                      {"max_length", f.max_length},
                      {"seq", f.seq}};
}

HandlerResult GetFields(ApiContext& api) {
  const std::string& code = api.params["code"];
  if (code.size() != 6 || !domain::AllDigits(code)) return NotFound("省级机构不存在");
  XUEJI_ASSIGN_OR_RETURN(auto fields, service::ListProvinceFields(api.db, code));
  json::array items;
  for (const auto& f : fields) items.push_back(FieldJson(f));
  return JsonResponse(200, json::object{{"province_code", code}, {"items", items}});
}

// {label, kind, code_table?, required?, max_length?, seq?}
HandlerResult PutField(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"label", "kind", "code_table", "required", "max_length", "seq"}));
  domain::ProvinceField f;
  f.name = api.params["name"];
  XUEJI_ASSIGN_OR_RETURN(f.label, RequireString(api.body, "label", 200));
  XUEJI_ASSIGN_OR_RETURN(f.kind, RequireString(api.body, "kind", 16));
  XUEJI_ASSIGN_OR_RETURN(auto table, OptionalString(api.body, "code_table", 64));
  XUEJI_ASSIGN_OR_RETURN(auto required, OptionalBool(api.body, "required"));
  XUEJI_ASSIGN_OR_RETURN(auto max_length, OptionalInt(api.body, "max_length", 1, 500));
  XUEJI_ASSIGN_OR_RETURN(auto seq, OptionalInt(api.body, "seq", 0, 1000));
  f.code_table = table.value_or("");
  f.required = required.value_or(false);
  f.max_length = static_cast<int>(max_length.value_or(50));
  f.seq = static_cast<int>(seq.value_or(0));
  XUEJI_ASSIGN_OR_RETURN(auto saved,
                         service::SaveProvinceField(api.db, api.ctx, *api.org, std::move(f)));
  return JsonResponse(200, FieldJson(saved));
}

}  // namespace

std::vector<Route> ProvinceFieldRoutes() {
  using K = Scope::Kind;
  return {
      {"GET", "/api/v1/provinces/{code}/fields", Auth::kSession, std::nullopt, {}, GetFields},
      {"PUT",
       "/api/v1/provinces/{code}/fields/{name}",
       Auth::kSession,
       Permission::kManageProvinceFields,
       {K::kPathOrg, "code"},
       PutField},
  };
}

}  // namespace xueji::http
