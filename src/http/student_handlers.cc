// Student records: registration (学籍建立) and its decisions, search and
// lists, the full record, and the audited reveal of ID numbers (R-REG-1,
// R-REG-2, R-REG-3, R-SEC-2, R-SEC-3). Jurisdiction and permissions are
// checked by the router before these run.

#include "domain/org.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "http/student_json.h"
#include "service/registration.h"
#include "service/student_history.h"
#include "service/student_queries.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object RegistrationJson(const service::RegistrationResult& r) {
  json::array warnings;
  for (const auto& w : r.warnings) {
    warnings.push_back(json::object{{"code", w.code}, {"field", w.field}, {"message", w.message}});
  }
  return json::object{
      {"id", r.student_id},
      {"registration", r.registration},
      {"student_number", r.student_number},
      {"problem_id", r.problem_id ? json::value(*r.problem_id) : json::value(nullptr)},
      {"warnings", warnings}};
}

HandlerResult PostStudent(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto input, StudentFromJson(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto result,
                         service::SubmitRegistration(api.db, api.ctx, *api.org, std::move(input)));
  return JsonResponse(201, RegistrationJson(result));
}

HandlerResult PostSchoolDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto d, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(
      auto result, service::DecideAtSchool(api.db, api.ctx, api.student_id, d.first, d.second));
  return JsonResponse(200, RegistrationJson(result));
}

HandlerResult PostAuthorityDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto d, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(
      auto result, service::DecideAtAuthority(api.db, api.ctx, api.student_id, d.first, d.second));
  return JsonResponse(200, RegistrationJson(result));
}

HandlerResult PostResubmit(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {}));
  XUEJI_ASSIGN_OR_RETURN(auto result,
                         service::ResubmitRegistration(api.db, api.ctx, api.student_id));
  return JsonResponse(200, RegistrationJson(result));
}

// A query parameter of digits, or 0 when absent.
Result<int64_t> QueryId(const std::map<std::string, std::string>& query, const std::string& key) {
  auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return int64_t{0};
  if (it->second.size() > 18 || !domain::AllDigits(it->second)) {
    return Invalid("WRONG_TYPE", key, key + " 应为数字");
  }
  return std::stoll(it->second);
}

HandlerResult GetStudents(ApiContext& api) {
  service::StudentFilter f;
  f.org_path = api.org->path;
  auto get = [&](const char* key) {
    auto it = api.query.find(key);
    return it == api.query.end() ? std::string() : it->second;
  };
  f.school_code = get("school");
  f.grade_code = get("grade");
  f.registration = get("registration");
  f.status = get("status");
  f.awaiting = get("awaiting");
  f.q = get("q");
  if (f.q.size() > 200) return Invalid("TOO_LONG", "q", "搜索内容过长");
  XUEJI_ASSIGN_OR_RETURN(f.class_id, QueryId(api.query, "class"));
  XUEJI_ASSIGN_OR_RETURN(f.before_id, QueryId(api.query, "before"));
  XUEJI_ASSIGN_OR_RETURN(f.limit, QueryLimit(api.query, 50, 200));
  XUEJI_ASSIGN_OR_RETURN(auto page, service::ListStudents(api.db, api.ctx, f));
  json::array items;
  for (const auto& s : page.items) items.push_back(StudentSummaryJson(s));
  return JsonResponse(200,
                      json::object{{"items", items},
                                   {"next_before", page.next_before ? json::value(*page.next_before)
                                                                    : json::value(nullptr)}});
}

// R-SEC-2; R-CHG-4: with `as_of=YYYY-MM-DD`, the record as it stood at the
// end of that day (the same answer as /as-of?date=).
HandlerResult GetStudent(ApiContext& api) {
  if (auto it = api.query.find("as_of"); it != api.query.end()) {
    auto date = domain::ParseDate(it->second);
    if (!date) return Invalid("DATE", "as_of", "as_of应为YYYY-MM-DD格式的有效日期");
    XUEJI_ASSIGN_OR_RETURN(auto r, service::StudentAsOf(api.db, api.ctx, api.student_id, *date));
    return JsonResponse(200, RecordAsOfJson(r));
  }
  XUEJI_ASSIGN_OR_RETURN(auto s, service::ViewStudent(api.db, api.ctx, api.student_id));
  return JsonResponse(200, StoredStudentJson(s));
}

// R-SEC-3: {guardian: index} reveals a family member's number; {} the student's.
HandlerResult PostRevealId(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"guardian"}));
  XUEJI_ASSIGN_OR_RETURN(auto guardian, OptionalInt(api.body, "guardian", 0, 100));
  XUEJI_ASSIGN_OR_RETURN(auto number,
                         service::RevealIdNumber(api.db, api.ctx, api.student_id,
                                                 guardian ? static_cast<int>(*guardian) : -1));
  return JsonResponse(200, json::object{{"id_number", number}});
}

}  // namespace

std::vector<Route> StudentRoutes() {
  using K = Scope::Kind;
  std::vector<Route> routes = {
      {"POST",
       "/api/v1/schools/{code}/students",
       Auth::kSession,
       Permission::kEditStudents,
       {K::kPathSchool, "code"},
       PostStudent,
       201},
      {"GET",
       "/api/v1/students",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kQueryOrg, "org"},
       GetStudents},
      {"GET",
       "/api/v1/students/{key}",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kPathStudent, "key"},
       GetStudent},
      {"POST",
       "/api/v1/students/{key}/reveal-id",
       Auth::kSession,
       Permission::kRevealIdNumbers,
       {K::kPathStudent, "key"},
       PostRevealId},
      {"POST",
       "/api/v1/students/{key}/school-decision",
       Auth::kSession,
       Permission::kApproveAtSchool,
       {K::kPathStudent, "key"},
       PostSchoolDecision},
      {"POST",
       "/api/v1/students/{key}/authority-decision",
       Auth::kSession,
       Permission::kApproveAtAuthority,
       {K::kPathStudent, "key"},
       PostAuthorityDecision},
      {"POST",
       "/api/v1/students/{key}/resubmit",
       Auth::kSession,
       Permission::kEditStudents,
       {K::kPathStudent, "key"},
       PostResubmit},
  };
  return routes;
}

}  // namespace xueji::http
