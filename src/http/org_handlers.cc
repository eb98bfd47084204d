// The organization tree, schools, grades and classes (R-ORG-1..3, R-ORG-6).
// Jurisdiction and permissions are checked by the router before these run.

#include <algorithm>

#include "domain/school.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/org_service.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::object SchoolJson(const service::SchoolInfo& s) {
  const auto* stage = domain::FindSchoolStage(s.stage);
  const auto* type = domain::FindSchoolType(s.type);
  return json::object{{"code", s.code},
                      {"name", s.name},
                      {"stage", s.stage},
                      {"stage_name", stage ? stage->chinese : ""},
                      {"type", s.type},
                      {"type_name", type ? type->chinese : ""},
                      {"county_code", s.county_code},
                      {"county_name", s.county_name},
                      {"authority_code", s.authority_code},
                      {"authority_name", s.authority_name},
                      {"class_count", s.class_count}};
}

json::object ClassJson(const service::ClassInfo& c) {
  const auto* grade = domain::FindGrade(c.grade_code);
  return json::object{{"id", c.id},
                      {"school_code", c.school_code},
                      {"grade_code", c.grade_code},
                      {"grade_name", grade ? grade->chinese : ""},
                      {"name", c.name},
                      {"head_teacher", c.head_teacher},
                      {"capacity", c.capacity}};
}

std::string_view StageName(domain::Stage s) {
  switch (s) {
    case domain::Stage::kPrimary:
      return "primary";
    case domain::Stage::kJunior:
      return "junior";
    case domain::Stage::kSenior:
      return "senior";
  }
  return "";
}

HandlerResult GetMeta(ApiContext&) {
  json::array stages, types, grades, roles;
  for (const auto& s : domain::SchoolStages()) {
    json::array codes;
    for (const auto& g : domain::Grades()) {
      if (std::find(s.stages.begin(), s.stages.end(), g.stage) != s.stages.end()) {
        codes.emplace_back(g.code);
      }
    }
    stages.push_back(json::object{{"code", s.code}, {"name", s.chinese}, {"grades", codes}});
  }
  for (const auto& t : domain::SchoolTypes()) {
    types.push_back(
        json::object{{"code", t.code}, {"name", t.chinese}, {"historical", t.historical}});
  }
  for (const auto& g : domain::Grades()) {
    grades.push_back(
        json::object{{"code", g.code}, {"name", g.chinese}, {"stage", StageName(g.stage)}});
  }
  for (auto r : domain::AllRoles()) {
    json::array levels;
    for (auto l : {domain::OrgLevel::kMinistry, domain::OrgLevel::kProvince,
                   domain::OrgLevel::kCity, domain::OrgLevel::kCounty, domain::OrgLevel::kSchool}) {
      if (domain::RoleAllowedAtLevel(r, l)) levels.emplace_back(domain::OrgLevelName(l));
    }
    roles.push_back(json::object{
        {"code", domain::RoleName(r)}, {"name", domain::RoleChinese(r)}, {"levels", levels}});
  }
  return JsonResponse(200, json::object{{"school_stages", stages},
                                        {"school_types", types},
                                        {"grades", grades},
                                        {"roles", roles}});
}

HandlerResult GetOrg(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto d, service::GetOrgDetail(api.db, *api.org));
  json::array path;
  for (const auto& [code, name] : d.path)
    path.push_back(json::object{{"code", code}, {"name", name}});
  json::object out{{"code", d.org.code},
                   {"name", d.org.name},
                   {"level", domain::OrgLevelName(d.org.level)},
                   {"level_name", domain::OrgLevelChinese(d.org.level)},
                   {"parent_code", d.org.parent_code},
                   {"path", path},
                   {"child_count", d.child_count},
                   {"school", nullptr}};
  if (d.school) out["school"] = SchoolJson(*d.school);
  return JsonResponse(200, out);
}

HandlerResult GetChildren(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 200));
  std::string after = api.query.count("after") ? api.query["after"] : "";
  XUEJI_ASSIGN_OR_RETURN(auto page, service::ListChildren(api.db, *api.org, after, limit));
  json::array items;
  for (const auto& c : page.items) {
    items.push_back(json::object{{"code", c.code},
                                 {"name", c.name},
                                 {"level", domain::OrgLevelName(c.level)},
                                 {"child_count", c.child_count},
                                 {"dev_zone", c.dev_zone}});
  }
  json::object out{{"items", items}, {"next_cursor", nullptr}};
  if (page.next_cursor) out["next_cursor"] = *page.next_cursor;
  return JsonResponse(200, out);
}

HandlerResult GetContacts(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto contacts, service::ListContacts(api.db, *api.org));
  json::array items;
  for (const auto& c : contacts) {
    auto role = domain::ParseRole(c.role);
    items.push_back(json::object{{"username", c.username},
                                 {"display_name", c.display_name},
                                 {"role", c.role},
                                 {"role_name", role ? domain::RoleChinese(*role) : ""},
                                 {"phone", c.phone},
                                 {"org_code", c.org_code},
                                 {"org_name", c.org_name}});
  }
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult PostSchool(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"code", "name", "stage", "type", "county_code", "authority_code"}));
  domain::SchoolInput in;
  XUEJI_ASSIGN_OR_RETURN(in.code, RequireString(api.body, "code", 64));
  XUEJI_ASSIGN_OR_RETURN(in.name, RequireString(api.body, "name", 400));
  XUEJI_ASSIGN_OR_RETURN(in.stage, RequireString(api.body, "stage", 64));
  XUEJI_ASSIGN_OR_RETURN(in.type, RequireString(api.body, "type", 64));
  XUEJI_ASSIGN_OR_RETURN(in.county_code, RequireString(api.body, "county_code", 64));
  in.authority_code = api.org->code;
  XUEJI_ASSIGN_OR_RETURN(auto school, service::CreateSchool(api.db, api.ctx, *api.org, in));
  return JsonResponse(201, SchoolJson(school));
}

HandlerResult PatchSchool(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"name", "stage", "type"}));
  service::SchoolPatch patch;
  XUEJI_ASSIGN_OR_RETURN(patch.name, OptionalString(api.body, "name", 400));
  XUEJI_ASSIGN_OR_RETURN(patch.stage, OptionalString(api.body, "stage", 64));
  XUEJI_ASSIGN_OR_RETURN(patch.type, OptionalString(api.body, "type", 64));
  XUEJI_ASSIGN_OR_RETURN(auto school, service::UpdateSchool(api.db, api.ctx, *api.org, patch));
  return JsonResponse(200, SchoolJson(school));
}

HandlerResult GetGrades(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto grades, service::ListGrades(api.db, *api.org));
  json::array items;
  for (const auto& g : grades) {
    items.push_back(json::object{{"code", g.code},
                                 {"name", g.name},
                                 {"stage", StageName(g.stage)},
                                 {"class_count", g.class_count}});
  }
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult GetClasses(ApiContext& api) {
  std::string grade = api.query.count("grade") ? api.query["grade"] : "";
  XUEJI_ASSIGN_OR_RETURN(auto classes, service::ListClasses(api.db, *api.org, grade));
  json::array items;
  for (const auto& c : classes) items.push_back(ClassJson(c));
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult PostClass(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"grade_code", "name", "head_teacher", "capacity"}));
  domain::ClassInput in;
  XUEJI_ASSIGN_OR_RETURN(in.grade_code, RequireString(api.body, "grade_code", 16));
  XUEJI_ASSIGN_OR_RETURN(in.name, RequireString(api.body, "name", 200));
  XUEJI_ASSIGN_OR_RETURN(auto teacher, OptionalString(api.body, "head_teacher", 400));
  XUEJI_ASSIGN_OR_RETURN(auto cap, OptionalInt(api.body, "capacity", 0, domain::kMaxClassCap));
  in.head_teacher = teacher.value_or("");
  in.capacity = static_cast<int>(cap.value_or(0));
  XUEJI_ASSIGN_OR_RETURN(auto c, service::CreateClass(api.db, api.ctx, *api.org, in));
  return JsonResponse(201, ClassJson(c));
}

HandlerResult PatchClass(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"name", "head_teacher", "capacity"}));
  service::ClassPatch patch;
  XUEJI_ASSIGN_OR_RETURN(patch.name, OptionalString(api.body, "name", 200));
  XUEJI_ASSIGN_OR_RETURN(patch.head_teacher, OptionalString(api.body, "head_teacher", 400));
  XUEJI_ASSIGN_OR_RETURN(auto cap, OptionalInt(api.body, "capacity", 1, domain::kMaxClassCap));
  if (cap) patch.capacity = static_cast<int>(*cap);
  XUEJI_ASSIGN_OR_RETURN(
      auto c, service::UpdateClass(api.db, api.ctx, std::stoll(api.params["id"]), patch));
  return JsonResponse(200, ClassJson(c));
}

HandlerResult DeleteClass(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(service::DeleteClass(api.db, api.ctx, std::stoll(api.params["id"])));
  return NoContent();
}

}  // namespace

std::vector<Route> OrgRoutes() {
  using K = Scope::Kind;
  return {
      {"GET", "/api/v1/meta", Auth::kSession, std::nullopt, {}, GetMeta},
      {"GET",
       "/api/v1/orgs/{code}",
       Auth::kSession,
       Permission::kViewOrgs,
       {K::kPathOrg, "code"},
       GetOrg},
      {"GET",
       "/api/v1/orgs/{code}/children",
       Auth::kSession,
       Permission::kViewOrgs,
       {K::kPathOrg, "code"},
       GetChildren},
      {"GET",
       "/api/v1/orgs/{code}/contacts",
       Auth::kSession,
       Permission::kViewContacts,
       {K::kPathOrg, "code"},
       GetContacts},
      {"POST",
       "/api/v1/schools",
       Auth::kSession,
       Permission::kManageSchools,
       {K::kBodyOrg, "authority_code", "county_code"},
       PostSchool,
       201},
      {"PATCH",
       "/api/v1/schools/{code}",
       Auth::kSession,
       Permission::kManageSchools,
       {K::kPathSchool, "code"},
       PatchSchool},
      {"GET",
       "/api/v1/schools/{code}/grades",
       Auth::kSession,
       Permission::kViewOrgs,
       {K::kPathSchool, "code"},
       GetGrades},
      {"GET",
       "/api/v1/schools/{code}/classes",
       Auth::kSession,
       Permission::kViewOrgs,
       {K::kPathSchool, "code"},
       GetClasses},
      {"POST",
       "/api/v1/schools/{code}/classes",
       Auth::kSession,
       Permission::kManageClasses,
       {K::kPathSchool, "code"},
       PostClass,
       201},
      {"PATCH",
       "/api/v1/classes/{id}",
       Auth::kSession,
       Permission::kManageClasses,
       {K::kPathClass, "id"},
       PatchClass},
      {"DELETE",
       "/api/v1/classes/{id}",
       Auth::kSession,
       Permission::kManageClasses,
       {K::kPathClass, "id"},
       DeleteClass,
       204},
  };
}

}  // namespace xueji::http
