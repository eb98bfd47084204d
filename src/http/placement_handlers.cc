// 就读安置 (R-TR-12, 第十七条): the attending school's list of students whose
// record stays at another school, the record's current placement, and
// ending a placement (the student went back to the record school).
// Placements begin at 调档 of a transfer that keeps the record
// (transfer_handlers.cc, record_stays).

#include "domain/student_status.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/placements.h"

namespace xueji::http {
namespace {

json::object PlacementJson(const service::PlacementInfo& p) {
  auto status = domain::ParseStudentStatus(p.record_status);
  return json::object{
      {"id", p.id},
      {"student_id", p.student_id},
      {"transfer_id", p.transfer_id},
      {"student_name", p.student_name},
      {"student_number", p.student_number},
      {"id_number_masked", p.id_number_masked},
      {"record_status", p.record_status},
      {"record_status_name",
       status ? std::string(domain::StudentStatusChinese(*status)) : p.record_status},
      {"attending_school", p.attending_school},
      {"attending_school_name", p.attending_school_name},
      {"attending_class_id", p.attending_class_id},
      {"attending_class_name", p.attending_class_name},
      {"attending_grade", p.attending_grade},
      {"record_school", p.record_school},
      {"record_school_name", p.record_school_name},
      {"record_grade", p.record_grade},
      {"record_class_name", p.record_class_name},
      {"basis", p.basis},
      {"since", domain::FormatDate(p.since)},
      {"state", p.state},
      {"ended_on", p.ended_on ? json::value(domain::FormatDate(*p.ended_on)) : nullptr},
      {"ended_by", p.ended_by},
      {"end_reason", p.end_reason}};
}

// R-TR-12: ?student_key=&name= → {"basis": special_education |
// specialized_school | null}
HandlerResult GetRecordStayOption(ApiContext& api) {
  auto key = api.query.count("student_key") ? api.query["student_key"] : "";
  auto name = api.query.count("name") ? api.query["name"] : "";
  XUEJI_ASSIGN_OR_RETURN(auto basis, service::RecordStayOption(api.db, api.ctx, key, name));
  return JsonResponse(
      200, json::object{{"basis", basis ? json::value(domain::RecordStayBasisName(*basis))
                                        : json::value(nullptr)}});
}

// R-TR-12
HandlerResult GetSchoolPlacements(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListSchoolPlacements(api.db, api.ctx, api.org->code));
  json::array items;
  for (const auto& p : list) items.push_back(PlacementJson(p));
  return JsonResponse(200, json::object{{"items", items}});
}

// R-TR-12: {"placement": the active placement or null}
HandlerResult GetStudentPlacement(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto p, service::GetStudentPlacement(api.db, api.ctx, api.student_id));
  return JsonResponse(200,
                      json::object{{"placement", p ? json::value(PlacementJson(*p)) : nullptr}});
}

// R-TR-12: {ended_on, reason}
HandlerResult PostEndPlacement(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"ended_on", "reason"}));
  XUEJI_ASSIGN_OR_RETURN(std::string date, RequireString(api.body, "ended_on", 10));
  auto ended_on = domain::ParseDate(date);
  if (!ended_on) return Invalid("DATE", "ended_on", "应为YYYY-MM-DD格式的有效日期");
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(api.body, "reason"));
  XUEJI_ASSIGN_OR_RETURN(
      auto p, service::EndPlacement(api.db, api.ctx, id, *ended_on, reason.value_or("")));
  return JsonResponse(200, PlacementJson(p));
}

}  // namespace

std::vector<Route> PlacementRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  return {
      {"GET",
       "/api/v1/record-stay-options",
       Auth::kSession,
       P::kEditStudents,
       {K::kOwnSubtree, ""},
       GetRecordStayOption},
      {"GET",
       "/api/v1/schools/{code}/placements",
       Auth::kSession,
       P::kViewStudents,
       {K::kPathSchool, "code"},
       GetSchoolPlacements},
      {"GET",
       "/api/v1/students/{key}/placement",
       Auth::kSession,
       P::kViewStudents,
       {K::kPathStudent, "key"},
       GetStudentPlacement},
      {"POST",
       "/api/v1/placements/{id}/end",
       Auth::kSession,
       P::kEditStudents,
       {K::kOwnSubtree, ""},  // two schools: the service answers 404 outside both
       PostEndPlacement},
  };
}

}  // namespace xueji::http
