// Sessions: login, logout, the current user, password change (R-SEC-4).

#include "http/json_input.h"
#include "http/router.h"
#include "service/account_service.h"

namespace xueji::http {
namespace {

using domain::Permission;

constexpr Permission kAllPermissions[] = {
    Permission::kViewOrgs,
    Permission::kManageSchools,
    Permission::kManageClasses,
    Permission::kViewContacts,
    Permission::kManageAccounts,
    Permission::kViewAccounts,
    Permission::kManageSecurityPolicy,
    Permission::kUnlockAccounts,
    Permission::kReadAudit,
    Permission::kManageCodeTables,
    Permission::kViewStudents,
    Permission::kEditStudents,
    Permission::kApproveAtSchool,
    Permission::kApproveAtAuthority,
    Permission::kRevealIdNumbers,
    Permission::kArbitrate,
    Permission::kRunNumberBatches,
    Permission::kManageProvinceFields,
    Permission::kManageCalendar,
    Permission::kManagePolicy,
};

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kViewOrgs:
      return "view_orgs";
    case Permission::kManageSchools:
      return "manage_schools";
    case Permission::kManageClasses:
      return "manage_classes";
    case Permission::kViewContacts:
      return "view_contacts";
    case Permission::kManageAccounts:
      return "manage_accounts";
    case Permission::kViewAccounts:
      return "view_accounts";
    case Permission::kManageSecurityPolicy:
      return "manage_security_policy";
    case Permission::kUnlockAccounts:
      return "unlock_accounts";
    case Permission::kReadAudit:
      return "read_audit";
    case Permission::kManageCodeTables:
      return "manage_code_tables";
    case Permission::kViewStudents:
      return "view_students";
    case Permission::kEditStudents:
      return "edit_students";
    case Permission::kApproveAtSchool:
      return "approve_at_school";
    case Permission::kApproveAtAuthority:
      return "approve_at_authority";
    case Permission::kRevealIdNumbers:
      return "reveal_id_numbers";
    case Permission::kArbitrate:
      return "arbitrate";
    case Permission::kRunNumberBatches:
      return "run_number_batches";
    case Permission::kManageProvinceFields:
      return "manage_province_fields";
    case Permission::kManageCalendar:
      return "manage_calendar";
    case Permission::kManagePolicy:
      return "manage_policy";
  }
  return "";
}

json::object UserJson(const service::Actor& a) {
  json::array perms;
  for (auto p : kAllPermissions) {
    if (domain::HasPermission(a.role, p)) perms.emplace_back(PermissionName(p));
  }
  return json::object{{"username", a.username},
                      {"display_name", a.display_name},
                      {"role", domain::RoleName(a.role)},
                      {"role_name", domain::RoleChinese(a.role)},
                      {"org_code", a.org_code},
                      {"org_name", a.org_name},
                      {"org_level", domain::OrgLevelName(a.org_level)},
                      {"permissions", std::move(perms)}};
}

std::string SessionCookie(const std::string& token, bool secure, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

}  // namespace

std::vector<Route> AuthRoutes(const RouterOptions& options) {
  bool secure = options.secure_cookies;
  std::vector<Route> routes;
  routes.push_back(Route{
      "POST",
      "/api/v1/auth/login",
      Auth::kPublic,
      std::nullopt,
      {},
      [secure](ApiContext& api) -> HandlerResult {
        XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"username", "password"}));
        XUEJI_ASSIGN_OR_RETURN(auto username, RequireString(api.body, "username", 64));
        XUEJI_ASSIGN_OR_RETURN(auto password, RequireString(api.body, "password", 128));
        XUEJI_ASSIGN_OR_RETURN(auto login, service::Login(api.db, api.ctx, username, password));
        HttpResponse r = JsonResponse(
            200, json::object{{"user", UserJson(login.actor)}, {"csrf_token", login.csrf_token}});
        r.headers.emplace_back("Set-Cookie", SessionCookie(login.session_token, secure, false));
        return r;
      }});
  routes.push_back(Route{"POST",
                         "/api/v1/auth/logout",
                         Auth::kSession,
                         std::nullopt,
                         {},
                         [secure](ApiContext& api) -> HandlerResult {
                           XUEJI_RETURN_IF_ERROR(
                               service::Logout(api.db, api.ctx, api.session_token));
                           HttpResponse r = NoContent();
                           r.headers.emplace_back("Set-Cookie", SessionCookie("", secure, true));
                           return r;
                         },
                         204});
  routes.push_back(
      Route{"GET",
            "/api/v1/auth/me",
            Auth::kSession,
            std::nullopt,
            {},
            [](ApiContext& api) -> HandlerResult {
              auto session = service::Authenticate(api.db, api.session_token, api.ctx.now);
              if (!session.ok()) return session.error();
              return JsonResponse(200, json::object{{"user", UserJson(*api.ctx.actor)},
                                                    {"csrf_token", session->csrf_token}});
            }});
  routes.push_back(
      Route{"POST",
            "/api/v1/auth/password",
            Auth::kSession,
            std::nullopt,
            {},
            [](ApiContext& api) -> HandlerResult {
              XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"old_password", "new_password"}));
              XUEJI_ASSIGN_OR_RETURN(auto old_pw, RequireString(api.body, "old_password", 128));
              XUEJI_ASSIGN_OR_RETURN(auto new_pw, RequireString(api.body, "new_password", 128));
              XUEJI_RETURN_IF_ERROR(
                  service::ChangePassword(api.db, api.ctx, api.session_token, old_pw, new_pw));
              return NoContent();
            },
            204});
  return routes;
}

}  // namespace xueji::http
