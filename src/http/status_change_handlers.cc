// Status changes (学籍异动 other than transfers, R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6,
// R-ST-7) and 控辍保学 cases (R-ST-5). The router resolves the record, request or case to its
// school inside the actor's jurisdiction (R-ORG-4) before these run; the
// services decide who may act (the school's registrar files, its approver
// and then its record authority decide, the initiator cancels).

#include <limits>

#include "domain/org.h"
#include "domain/policy.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/status_change_dropouts.h"
#include "service/status_changes.h"

namespace xueji::http {
namespace {

json::value OptDate(const std::optional<domain::Date>& d) {
  return d ? json::value(domain::FormatDate(*d)) : json::value(nullptr);
}

json::value OptInstant(const std::optional<domain::Instant>& t) {
  return t ? json::value(domain::FormatUtc(*t)) : json::value(nullptr);
}

json::object StepJson(const service::StatusChangeStep& s) {
  return json::object{{"name", s.name},
                      {"owner_org", s.owner_org},
                      {"owner_role", s.owner_role},
                      {"state", s.state},
                      {"opened_on", OptDate(s.opened_on)},
                      {"due", OptDate(s.due)},
                      {"overdue", s.overdue},
                      {"decided_by", s.decided_by},
                      {"decided_at", OptInstant(s.decided_at)},
                      {"reason", s.reason}};
}

json::object ChangeJson(const service::StatusChangeInfo& r) {
  json::array steps, proofs;
  for (const auto& s : r.steps) steps.push_back(StepJson(s));
  for (int64_t id : r.proof_ids) proofs.emplace_back(id);
  return json::object{{"id", r.id},
                      {"student_id", r.student_id},
                      {"student_number", r.student_number},
                      {"student_name", r.student_name},
                      {"school_code", r.school_code},
                      {"school_name", r.school_name},
                      {"authority_code", r.authority_code},
                      {"type", r.type},
                      {"type_label", r.type_label},
                      {"from_status", r.from_status},
                      {"to_status", r.to_status},
                      {"reason", r.reason},
                      {"effective_date", domain::FormatDate(r.effective_date)},
                      {"until_date", OptDate(r.until_date)},
                      {"grade_code", r.grade_code},
                      {"class_id", r.class_id ? json::value(r.class_id) : json::value(nullptr)},
                      {"class_name", r.class_name},
                      {"state", r.state},
                      {"initiated_by", r.initiated_by},
                      {"created_at", domain::FormatUtc(r.created_at)},
                      {"ended_at", OptInstant(r.ended_at)},
                      {"applied_at", OptInstant(r.applied_at)},
                      {"steps", steps},
                      {"proof_ids", proofs}};
}

json::object CaseJson(const service::DropoutCase& c) {
  json::array reports;
  for (const auto& r : c.reports) {
    reports.push_back(
        json::object{{"recipient", r.recipient}, {"title", r.title}, {"body", r.body}});
  }
  return json::object{{"id", c.id},
                      {"student_id", c.student_id},
                      {"status_change_id", c.status_change_id},
                      {"student_number", c.student_number},
                      {"student_name", c.student_name},
                      {"grade_code", c.grade_code},
                      {"school_code", c.school_code},
                      {"school_name", c.school_name},
                      {"authority_code", c.authority_code},
                      {"dropped_on", domain::FormatDate(c.dropped_on)},
                      {"reported_on", domain::FormatDate(c.reported_on)},
                      {"reports", reports},
                      {"migrant_child", c.migrant_child},
                      {"archive_county", c.archive_county},
                      {"archive_county_name", c.archive_county_name},
                      {"state", c.state},
                      {"resolution", c.resolution},
                      {"resolution_reason", c.resolution_reason},
                      {"resolved_on", OptDate(c.resolved_on)},
                      {"resolved_by", c.resolved_by},
                      {"resolved_request", c.resolved_request ? json::value(*c.resolved_request)
                                                              : json::value(nullptr)}};
}

Result<std::optional<domain::Date>> OptionalDate(const json::object& body, std::string_view key) {
  XUEJI_ASSIGN_OR_RETURN(auto text, OptionalString(body, key));
  if (!text || text->empty()) return std::optional<domain::Date>();
  auto d = domain::ParseDate(*text);
  if (!d) return Invalid("DATE", std::string(key), "应为YYYY-MM-DD格式的有效日期");
  return d;
}

Result<std::vector<int64_t>> ProofIds(const json::object& body) {
  std::vector<int64_t> out;
  const json::value* v = body.if_contains("proof_ids");
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > 50) {
    return Invalid("WRONG_TYPE", "proof_ids", "proof_ids应为证明材料编号的列表，最多50个");
  }
  for (const auto& id : v->as_array()) {
    if (!id.is_int64() || id.as_int64() <= 0) {
      return Invalid("WRONG_TYPE", "proof_ids", "证明材料编号应为正整数");
    }
    out.push_back(id.as_int64());
  }
  return out;
}

// {type, reason, effective_date, until_date?, grade_code?, class_id?, proof_ids}
Result<domain::StatusChangeInput> InputFromJson(const json::object& body) {
  XUEJI_RETURN_IF_ERROR(CheckFields(body, {"type", "reason", "effective_date", "until_date",
                                           "grade_code", "class_id", "proof_ids"}));
  domain::StatusChangeInput in;
  XUEJI_ASSIGN_OR_RETURN(in.type, RequireString(body, "type"));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  in.reason = reason.value_or("");
  XUEJI_ASSIGN_OR_RETURN(in.effective_date, OptionalDate(body, "effective_date"));
  XUEJI_ASSIGN_OR_RETURN(in.until_date, OptionalDate(body, "until_date"));
  XUEJI_ASSIGN_OR_RETURN(auto grade, OptionalString(body, "grade_code"));
  in.grade_code = grade.value_or("");
  XUEJI_ASSIGN_OR_RETURN(auto cls,
                         OptionalInt(body, "class_id", 1, std::numeric_limits<int64_t>::max()));
  in.class_id = cls.value_or(0);
  return in;
}

std::string QueryValue(const ApiContext& api, const std::string& key) {
  auto it = api.query.find(key);
  return it == api.query.end() ? "" : it->second;
}

// R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6
HandlerResult PostStatusChange(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto in, InputFromJson(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto proofs, ProofIds(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto r,
                         service::StartStatusChange(api.db, api.ctx, api.student_id, in, proofs));
  return JsonResponse(201, ChangeJson(r));
}

// R-ST-1, R-POL-4
HandlerResult GetOptions(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto options,
                         service::StatusChangeOptions(api.db, api.ctx, api.student_id));
  static const char* kPlacement[] = {"none", "required", "optional"};
  json::array items;
  for (const auto& o : options) {
    json::array proofs;
    for (auto kind : o.proofs) {
      proofs.push_back(json::object{{"kind", domain::ProofKindCode(kind)},
                                    {"name", domain::ProofKindChinese(kind)}});
    }
    items.push_back(json::object{{"type", o.type},
                                 {"label", o.label},
                                 {"enabled", o.enabled},
                                 {"applicable", o.applicable},
                                 {"refusal", o.refusal},
                                 {"proofs", proofs},
                                 {"needs_until", o.needs_until},
                                 {"placement", kPlacement[static_cast<int>(o.placement)]}});
  }
  return JsonResponse(200, json::object{{"items", items}});
}

// R-ST-1, R-ST-7
HandlerResult PostDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto d, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto r,
                         service::DecideStatusChange(api.db, api.ctx, id, d.first, d.second));
  return JsonResponse(200, ChangeJson(r));
}

HandlerResult PostCancel(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {}));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::CancelStatusChange(api.db, api.ctx, id));
  return JsonResponse(200, ChangeJson(r));
}

HandlerResult GetOne(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::GetStatusChange(api.db, api.ctx, id));
  return JsonResponse(200, ChangeJson(r));
}

// ?org=&state=&type=&student=&limit=
HandlerResult GetList(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 100));
  std::string student = QueryValue(api, "student");
  if (!student.empty() && (student.size() > 18 || !domain::AllDigits(student))) {
    return Invalid("WRONG_TYPE", "student", "student 应为学生记录编号");
  }
  service::StatusChangeFilter f{api.org->path, QueryValue(api, "state"), QueryValue(api, "type"),
                                student.empty() ? 0 : std::stoll(student), limit};
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListStatusChanges(api.db, api.ctx, f));
  json::array items;
  for (const auto& r : list) items.push_back(ChangeJson(r));
  return JsonResponse(200, json::object{{"items", items}});
}

// R-ST-5
HandlerResult GetDropouts(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 100));
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListDropoutCases(api.db, api.ctx, api.org->path,
                                                              QueryValue(api, "state"), limit));
  json::array items;
  for (const auto& c : list) items.push_back(CaseJson(c));
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult GetDropout(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto c, service::GetDropoutCase(api.db, api.ctx, id));
  return JsonResponse(200, CaseJson(c));
}

HandlerResult PostResolve(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"resolution", "reason"}));
  XUEJI_ASSIGN_OR_RETURN(auto resolution, RequireString(api.body, "resolution"));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(api.body, "reason"));
  XUEJI_ASSIGN_OR_RETURN(
      auto c, service::ResolveDropoutCase(api.db, api.ctx, id, resolution, reason.value_or("")));
  return JsonResponse(200, CaseJson(c));
}

}  // namespace

std::vector<Route> StatusChangeRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  const Scope student{K::kPathStudent, "key"};
  const Scope request{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfStatusChange)};
  const Scope dropout{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfDropoutCase)};
  const Scope org{K::kQueryOrg, "org"};
  return {
      {"GET", "/api/v1/students/{key}/status-change-options", Auth::kSession, P::kViewStudents,
       student, GetOptions},
      {"POST", "/api/v1/students/{key}/status-changes", Auth::kSession, P::kEditStudents, student,
       PostStatusChange, 201},
      {"GET", "/api/v1/status-changes", Auth::kSession, P::kViewStudents, org, GetList},
      {"GET", "/api/v1/status-changes/{id}", Auth::kSession, P::kViewStudents, request, GetOne},
      {"POST", "/api/v1/status-changes/{id}/decision", Auth::kSession, P::kViewStudents, request,
       PostDecision},
      {"POST", "/api/v1/status-changes/{id}/cancel", Auth::kSession, P::kEditStudents, request,
       PostCancel},
      {"GET", "/api/v1/dropouts", Auth::kSession, P::kViewStudents, org, GetDropouts},
      {"GET", "/api/v1/dropouts/{id}", Auth::kSession, P::kViewStudents, dropout, GetDropout},
      {"POST", "/api/v1/dropouts/{id}/resolve", Auth::kSession, P::kApproveAtAuthority, dropout,
       PostResolve},
  };
}

}  // namespace xueji::http
