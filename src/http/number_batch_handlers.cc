// The spring formal-number batch (正式学籍号, R-NO-3, R-YR-4): the ministry
// runs it for a subtree; authorities read the reports. Jurisdiction and
// permissions are checked by the router before these run; the service
// filters the batch list to the actor's subtree.

#include "domain/org.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/formal_number_batch.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object BatchJson(const service::NumberBatch& b) {
  auto time = [](int64_t micros) {
    return micros == 0 ? json::value(nullptr)
                       : json::value(domain::FormatUtc(domain::Instant{micros}));
  };
  return json::object{{"id", b.id},
                      {"scope_org", b.scope_org},
                      {"state", b.state},
                      {"actor", b.actor},
                      {"started_at", time(b.started_at)},
                      {"finished_at", time(b.finished_at)},
                      {"considered", b.considered},
                      {"issued", b.issued},
                      {"mismatched", b.mismatched},
                      {"unknown", b.unknown},
                      {"skipped", b.skipped},
                      {"problems_opened", b.problems_opened}};
}

json::object ReportJson(const service::BatchReport& r) {
  json::object out = BatchJson(r.batch);
  json::array skips;
  for (const auto& s : r.skips) {
    skips.push_back(json::object{{"student_id", s.student_id},
                                 {"student_number", s.student_number},
                                 {"code", s.code},
                                 {"message", s.message}});
  }
  out["resumed"] = r.resumed;
  out["skips"] = std::move(skips);
  return out;
}

HandlerResult GetBatches(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto limit, QueryLimit(api.query, 50, 200));
  XUEJI_ASSIGN_OR_RETURN(auto batches, service::ListNumberBatches(api.db, api.ctx, limit));
  json::array items;
  for (const auto& b : batches) items.push_back(BatchJson(b));
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult GetBatch(ApiContext& api) {
  const std::string& id = api.params["id"];
  if (id.size() > 18 || !domain::AllDigits(id)) return NotFound("批次不存在");
  XUEJI_ASSIGN_OR_RETURN(auto report, service::LoadNumberBatch(api.db, api.ctx, std::stoll(id)));
  return JsonResponse(200, ReportJson(report));
}

// {scope: org code}: runs, or continues, the batch over that subtree.
HandlerResult PostBatch(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"scope"}));
  XUEJI_ASSIGN_OR_RETURN(auto report,
                         service::RunFormalNumberBatch(api.db, api.ctx, api.org->path));
  return JsonResponse(200, ReportJson(report));
}

}  // namespace

std::vector<Route> NumberBatchRoutes() {
  using K = Scope::Kind;
  return {
      {"GET",
       "/api/v1/number-batches",
       Auth::kSession,
       Permission::kApproveAtAuthority,
       {K::kOwnSubtree, ""},
       GetBatches},
      {"GET",
       "/api/v1/number-batches/{id}",
       Auth::kSession,
       Permission::kApproveAtAuthority,
       {K::kOwnSubtree, ""},
       GetBatch},
      {"POST",
       "/api/v1/number-batches",
       Auth::kSession,
       Permission::kRunNumberBatches,
       {K::kBodyOrg, "scope"},
       PostBatch},
  };
}

}  // namespace xueji::http
