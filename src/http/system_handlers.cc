// Operations: health, metrics, and the API description.

#include <string_view>

#include "http/metrics.h"
#include "http/router.h"

namespace xueji::http {

extern const std::string_view kOpenApiJson;

std::vector<Route> SystemRoutes(Router& router) {
  Router* r = &router;
  return {
      {"GET",
       "/healthz",
       Auth::kPublic,
       std::nullopt,
       {},
       [](ApiContext& api) -> HandlerResult {
         auto tx = api.db.BeginRead();
         tx->Query("SELECT 1");
         return JsonResponse(200, json::object{{"status", "ok"}});
       }},
      {"GET",
       "/metrics",
       Auth::kPublic,
       std::nullopt,
       {},
       [r](ApiContext&) -> HandlerResult {
         HttpResponse out;
         out.content_type = "text/plain; version=0.0.4; charset=utf-8";
         out.body = r->metrics().Render();
         return out;
       }},
      {"GET",
       "/api/v1/openapi.json",
       Auth::kPublic,
       std::nullopt,
       {},
       [](ApiContext&) -> HandlerResult {
         HttpResponse out;
         out.body = std::string(kOpenApiJson);
         return out;
       }},
  };
}

}  // namespace xueji::http
