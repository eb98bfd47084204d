// Administrative divisions as public reference data for every logged-in user
// (R-INFO-4): a code's name, and the divisions below one.

#include "http/router.h"
#include "service/divisions.h"

namespace xueji::http {
namespace {

json::object DivisionJson(const service::DivisionInfo& d) {
  return json::object{{"code", d.code},
                      {"name", d.name},
                      {"level", d.level},
                      {"parent_code", d.parent_code},
                      {"full_name", d.full_name}};
}

HandlerResult GetDivision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto d, service::GetDivision(api.db, api.params["code"]));
  return JsonResponse(200, DivisionJson(d));
}

HandlerResult GetDivisionChildren(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListDivisionChildren(api.db, api.params["code"]));
  json::array items;
  for (const auto& d : list) items.push_back(DivisionJson(d));
  return JsonResponse(200, json::object{{"items", items}});
}

}  // namespace

std::vector<Route> DivisionRoutes() {
  return {
      {"GET", "/api/v1/divisions/{code}", Auth::kSession, std::nullopt, {}, GetDivision},
      {"GET",
       "/api/v1/divisions/{code}/children",
       Auth::kSession,
       std::nullopt,
       {},
       GetDivisionChildren},
  };
}

}  // namespace xueji::http
