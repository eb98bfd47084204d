// Suspected duplicates (疑似重复学籍, R-REG-4): the list for a school or an
// authority, and the record authority's review of a pair. Jurisdiction and
// permissions are checked by the router before these run.

#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/suspected_duplicates.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object SideJson(const service::DuplicateSide& s) {
  return json::object{{"id", s.student_id},
                      {"name", s.name},
                      {"sex", s.sex},
                      {"birth_date", s.birth_date},
                      {"id_type", s.id_type},
                      {"id_number", s.id_number_masked},
                      {"school_code", s.school_code},
                      {"school_name", s.school_name},
                      {"registration", s.registration}};
}

json::object PairJson(const service::SuspectedDuplicatePair& p) {
  json::array reasons;
  for (const auto& r : p.reasons) {
    reasons.push_back(json::object{{"code", r.code}, {"points", r.points}, {"message", r.text}});
  }
  return json::object{{"id", p.id},
                      {"score", p.score},
                      {"reasons", reasons},
                      {"student", SideJson(p.student)},
                      {"other", SideJson(p.other)},
                      {"created_at", domain::FormatUtc(domain::Instant{p.created_at})}};
}

HandlerResult GetSuspectedDuplicates(ApiContext& api) {
  auto it = api.query.find("cursor");
  std::string cursor = it == api.query.end() ? "" : it->second;
  XUEJI_ASSIGN_OR_RETURN(auto limit, QueryLimit(api.query, 50, 200));
  XUEJI_ASSIGN_OR_RETURN(
      auto page, service::ListSuspectedDuplicates(api.db, api.ctx, api.org->path, cursor, limit));
  json::array items;
  for (const auto& p : page.items) items.push_back(PairJson(p));
  return JsonResponse(
      200,
      json::object{{"items", items}, {"total", page.total}, {"next_cursor", page.next_cursor}});
}

// {same_person: bool, note: string}
HandlerResult PostReview(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"same_person", "note"}));
  XUEJI_ASSIGN_OR_RETURN(auto same, OptionalBool(api.body, "same_person"));
  if (!same) return Invalid("REQUIRED", "same_person", "请选择是否为同一学生");
  XUEJI_ASSIGN_OR_RETURN(auto note, OptionalString(api.body, "note"));
  XUEJI_RETURN_IF_ERROR(service::ReviewSuspectedDuplicate(
      api.db, api.ctx, std::stoll(api.params["id"]), *same, note.value_or("")));
  return NoContent();
}

}  // namespace

std::vector<Route> SuspectedDuplicateRoutes() {
  using K = Scope::Kind;
  return {
      {"GET",
       "/api/v1/suspected-duplicates",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kQueryOrg, "org"},
       GetSuspectedDuplicates},
      {"POST",
       "/api/v1/suspected-duplicates/{id}/review",
       Auth::kSession,
       Permission::kArbitrate,
       {K::kPathLookup, "id", "", service::SchoolOfSuspectedPair},
       PostReview,
       204},
  };
}

}  // namespace xueji::http
