// The public guardian query and transfer tracker (R-SVC-3, R-TR-2): no
// session, no CSRF token; the service answers only what the page may show,
// rate-limits and audits.

#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/guardian_query.h"

namespace xueji::http {
namespace {

// Longer than any 学籍号 or ID number typed with spaces, and than any name.
constexpr size_t kMaxNumberBytes = 64;
constexpr size_t kMaxNameBytes = 200;

json::value DateOrNull(const std::optional<domain::Date>& d) {
  return d ? json::value(domain::FormatDate(*d)) : json::value(nullptr);
}

json::object StepJson(const service::GuardianStep& s) {
  json::value left = nullptr;
  if (s.working_days_left) left = *s.working_days_left;
  return json::object{{"name", s.name},
                      {"holder_org", s.holder_org},
                      {"holder_role", s.holder_role},
                      {"state", s.state},
                      {"state_name", s.state_name},
                      {"opened_on", DateOrNull(s.opened_on)},
                      {"due", DateOrNull(s.due)},
                      {"working_days_left", left},
                      {"decided_on", DateOrNull(s.decided_on)},
                      {"reason", s.reason}};
}

json::value TransferJson(const std::optional<service::GuardianTransfer>& t) {
  if (!t) return nullptr;
  json::array steps;
  for (const auto& s : t->steps) steps.push_back(StepJson(s));
  return json::object{{"state", t->state},
                      {"state_name", t->state_name},
                      {"started_on", domain::FormatDate(t->started_on)},
                      {"ended_on", DateOrNull(t->ended_on)},
                      {"steps", std::move(steps)}};
}

json::object AnswerJson(const service::GuardianAnswer& a) {
  return json::object{{"student", json::object{{"masked_name", a.masked_name},
                                               {"school_name", a.school_name},
                                               {"grade_name", a.grade_name},
                                               {"class_name", a.class_name},
                                               {"status", a.status},
                                               {"status_name", a.status_name}}},
                      {"transfer", TransferJson(a.transfer)}};
}

}  // namespace

std::vector<Route> GuardianQueryRoutes() {
  std::vector<Route> routes;
  routes.push_back(Route{
      "POST",
      "/api/v1/public/guardian-query",
      Auth::kPublic,
      std::nullopt,
      {},
      [](ApiContext& api) -> HandlerResult {
        XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"number", "name"}));
        XUEJI_ASSIGN_OR_RETURN(auto number, RequireString(api.body, "number", kMaxNumberBytes));
        XUEJI_ASSIGN_OR_RETURN(auto name, RequireString(api.body, "name", kMaxNameBytes));
        XUEJI_ASSIGN_OR_RETURN(auto answer,
                               service::GuardianQuery(api.db, api.ctx, {number, name}));
        return JsonResponse(200, AnswerJson(answer));
      }});
  return routes;
}

}  // namespace xueji::http
