// 问题学籍 (R-REG-5, R-REG-8): lists with counts per kind for a school or an
// authority, one problem, and its resolution by the arbitrating authority.
// Jurisdiction and permissions are checked by the router before these run.

#include "domain/org.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/problem_records.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object PartyJson(const service::ProblemParty& p) {
  return json::object{{"id", p.student_id},
                      {"student_number", p.student_number},
                      {"name", p.name},
                      {"sex", p.sex},
                      {"birth_date", p.birth_date},
                      {"id_number", p.id_number_masked},
                      {"school_code", p.school_code},
                      {"school_name", p.school_name},
                      {"registration", p.registration}};
}

json::object ProblemJson(const service::ProblemRecordInfo& p) {
  auto time = [](int64_t micros) {
    return micros == 0 ? json::value(nullptr)
                       : json::value(domain::FormatUtc(domain::Instant{micros}));
  };
  return json::object{{"id", p.id},
                      {"kind", p.kind},
                      {"state", p.state},
                      {"detail", p.detail},
                      {"student", PartyJson(p.student)},
                      {"other", p.other ? json::value(PartyJson(*p.other)) : json::value(nullptr)},
                      {"arbiter_org", p.arbiter_org},
                      {"arbiter_name", p.arbiter_name},
                      {"action", p.action},
                      {"resolution", p.resolution},
                      {"resolved_by", p.resolved_by},
                      {"resolved_at", time(p.resolved_at)},
                      {"kept_student_id", p.kept_student_id == 0 ? json::value(nullptr)
                                                                 : json::value(p.kept_student_id)},
                      {"created_at", time(p.created_at)}};
}

HandlerResult GetProblems(ApiContext& api) {
  auto get = [&](const char* key) {
    auto it = api.query.find(key);
    return it == api.query.end() ? std::string() : it->second;
  };
  std::string before = get("before");
  if (!before.empty() && (before.size() > 18 || !domain::AllDigits(before))) {
    return Invalid("WRONG_TYPE", "before", "before 应为数字");
  }
  XUEJI_ASSIGN_OR_RETURN(auto limit, QueryLimit(api.query, 50, 200));
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListProblemRecords(
                                        api.db, api.ctx, api.org->path, get("state"), get("kind"),
                                        before.empty() ? 0 : std::stoll(before), limit));
  json::array items;
  for (const auto& p : list.items) items.push_back(ProblemJson(p));
  json::object counts;
  for (const char* kind : {"invalid_id", "duplicate_id", "duplicate_no_id"}) {
    auto it = list.open_counts.find(kind);
    counts[kind] = it == list.open_counts.end() ? 0 : it->second;
  }
  return JsonResponse(200,
                      json::object{{"items", items},
                                   {"open_counts", counts},
                                   {"next_before", list.next_before ? json::value(*list.next_before)
                                                                    : json::value(nullptr)}});
}

HandlerResult GetProblem(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto p, service::GetProblemRecord(api.db, std::stoll(api.params["id"])));
  return JsonResponse(200, ProblemJson(p));
}

// {action: keep_this|keep_other|evidence|delete_this, note, proof_id?}
HandlerResult PostResolve(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"action", "note", "proof_id"}));
  XUEJI_ASSIGN_OR_RETURN(auto action_name, RequireString(api.body, "action", 32));
  auto action = service::ParseProblemAction(action_name);
  if (!action) {
    return Invalid("ACTION", "action",
                   "处理方式应为 keep_this、keep_other、evidence 或 delete_this");
  }
  XUEJI_ASSIGN_OR_RETURN(auto note, OptionalString(api.body, "note"));
  XUEJI_ASSIGN_OR_RETURN(auto proof, OptionalInt(api.body, "proof_id", 1, INT64_MAX));
  XUEJI_ASSIGN_OR_RETURN(
      auto p, service::ResolveProblemRecord(api.db, api.ctx, std::stoll(api.params["id"]), *action,
                                            note.value_or(""), proof.value_or(0)));
  return JsonResponse(200, ProblemJson(p));
}

}  // namespace

std::vector<Route> ProblemRoutes() {
  using K = Scope::Kind;
  Scope by_problem{K::kPathLookup, "id", "", service::ProblemSchool};
  return {
      {"GET",
       "/api/v1/problem-records",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kQueryOrg, "org"},
       GetProblems},
      {"GET", "/api/v1/problem-records/{id}", Auth::kSession, Permission::kViewStudents, by_problem,
       GetProblem},
      {"POST", "/api/v1/problem-records/{id}/resolve", Auth::kSession, Permission::kArbitrate,
       by_problem, PostResolve},
  };
}

}  // namespace xueji::http
