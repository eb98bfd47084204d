// Accounts, security policy and the audit log: the three administrators'
// screens (R-SEC-4 三员分立, R-SEC-2). Jurisdiction and permissions are checked
// by the router before these run.

#include "http/json_input.h"
#include "http/router.h"
#include "service/account_service.h"
#include "service/audit.h"

namespace xueji::http {
namespace {

using domain::Permission;

json::value OptionalTime(std::optional<domain::Instant> t) {
  if (!t || t->micros == 0) return nullptr;
  return json::value(domain::FormatUtc(*t));
}

json::object UserInfoJson(const service::UserInfo& u, domain::Instant now) {
  auto role = domain::ParseRole(u.role);
  std::optional<domain::Instant> locked;
  if (u.locked_until > now) locked = u.locked_until;
  return json::object{
      {"username", u.username}, {"display_name", u.display_name},
      {"role", u.role},         {"role_name", role ? domain::RoleChinese(*role) : ""},
      {"org_code", u.org_code}, {"org_name", u.org_name},
      {"phone", u.phone},       {"locked_until", OptionalTime(locked)},
      {"disabled", u.disabled}, {"last_login_at", OptionalTime(u.last_login_at)}};
}

json::object PolicyJson(const domain::SecurityPolicy& p) {
  return json::object{{"max_failed_logins", p.max_failed_logins},
                      {"lockout_minutes", p.lockout_minutes},
                      {"session_idle_minutes", p.session_idle_minutes},
                      {"password_min_length", p.password_min_length},
                      {"seal_after_days", p.seal_after_days}};
}

HandlerResult GetUsers(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto users, service::ListUsers(api.db, *api.org, api.ctx.now));
  json::array items;
  for (const auto& u : users) items.push_back(UserInfoJson(u, api.ctx.now));
  return JsonResponse(200, json::object{{"items", items}});
}

HandlerResult PostUser(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"username", "display_name", "password", "role", "org_code", "phone"}));
  service::NewUser u;
  XUEJI_ASSIGN_OR_RETURN(u.username, RequireString(api.body, "username", 64));
  XUEJI_ASSIGN_OR_RETURN(u.display_name, RequireString(api.body, "display_name", 400));
  XUEJI_ASSIGN_OR_RETURN(u.password, RequireString(api.body, "password", 256));
  XUEJI_ASSIGN_OR_RETURN(u.role, RequireString(api.body, "role", 64));
  XUEJI_ASSIGN_OR_RETURN(auto phone, OptionalString(api.body, "phone", 64));
  u.org_code = api.org->code;
  u.phone = phone.value_or("");
  XUEJI_ASSIGN_OR_RETURN(auto user, service::AddUser(api.db, api.ctx, *api.org, u));
  return JsonResponse(201, UserInfoJson(user, api.ctx.now));
}

HandlerResult PostReopen(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(service::ReopenUser(api.db, api.ctx, api.params["username"]));
  return NoContent();
}

HandlerResult PostUnlock(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(service::UnlockUser(api.db, api.ctx, api.params["username"]));
  return NoContent();
}

HandlerResult SetDisabled(ApiContext& api, bool disabled) {
  XUEJI_RETURN_IF_ERROR(
      service::SetUserDisabled(api.db, api.ctx, api.params["username"], disabled));
  return NoContent();
}

HandlerResult GetPolicy(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto p, service::GetPolicy(api.db));
  return JsonResponse(200, PolicyJson(p));
}

// Fields absent from the body keep their current value.
HandlerResult PutPolicy(ApiContext& api) {
  struct Field {
    const char* name;
    int domain::SecurityPolicy::*member;
  };
  static constexpr Field kFields[] = {
      {"max_failed_logins", &domain::SecurityPolicy::max_failed_logins},
      {"lockout_minutes", &domain::SecurityPolicy::lockout_minutes},
      {"session_idle_minutes", &domain::SecurityPolicy::session_idle_minutes},
      {"password_min_length", &domain::SecurityPolicy::password_min_length},
      {"seal_after_days", &domain::SecurityPolicy::seal_after_days},
  };
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"max_failed_logins", "lockout_minutes", "session_idle_minutes",
                             "password_min_length", "seal_after_days"}));
  XUEJI_ASSIGN_OR_RETURN(auto policy, service::GetPolicy(api.db));
  for (const Field& f : kFields) {
    XUEJI_ASSIGN_OR_RETURN(auto value, OptionalInt(api.body, f.name, INT32_MIN, INT32_MAX));
    if (value) policy.*f.member = static_cast<int>(*value);
  }
  XUEJI_ASSIGN_OR_RETURN(auto saved, service::SetPolicy(api.db, api.ctx, policy));
  return JsonResponse(200, PolicyJson(saved));
}

HandlerResult GetAudit(ApiContext& api) {
  int64_t before = 0;
  if (auto it = api.query.find("after"); it != api.query.end() && !it->second.empty()) {
    if (it->second.size() > 18 || !domain::AllDigits(it->second)) {
      return Invalid("CURSOR", "after", "分页游标无效");
    }
    before = std::stoll(it->second);
  }
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 50));
  XUEJI_ASSIGN_OR_RETURN(auto page, service::ListAudit(api.db, api.ctx, before, limit));
  json::array items;
  for (const auto& e : page.items) {
    items.push_back(json::object{{"seq", e.seq},
                                 {"at", domain::FormatUtc(e.at)},
                                 {"actor", e.actor},
                                 {"org_code", e.org_code},
                                 {"action", e.action},
                                 {"subject", e.subject},
                                 {"outcome", e.outcome},
                                 {"client", e.client},
                                 {"summary", e.summary}});
  }
  json::object out{{"items", items}, {"next_cursor", nullptr}};
  if (page.next_before) out["next_cursor"] = std::to_string(*page.next_before);
  return JsonResponse(200, out);
}

}  // namespace

std::vector<Route> AccountRoutes() {
  using K = Scope::Kind;
  return {
      {"GET",
       "/api/v1/orgs/{code}/users",
       Auth::kSession,
       Permission::kViewAccounts,
       {K::kPathOrg, "code"},
       GetUsers},
      {"POST",
       "/api/v1/users",
       Auth::kSession,
       Permission::kManageAccounts,
       {K::kBodyOrg, "org_code"},
       PostUser,
       201},
      {"POST",
       "/api/v1/users/{username}/unlock",
       Auth::kSession,
       Permission::kUnlockAccounts,
       {K::kPathUser, "username"},
       PostUnlock,
       204},
      {"POST",
       "/api/v1/users/{username}/reopen",
       Auth::kSession,
       Permission::kManageAccounts,
       {K::kPathUser, "username"},
       PostReopen,
       204},
      {"POST",
       "/api/v1/users/{username}/disable",
       Auth::kSession,
       Permission::kManageAccounts,
       {K::kPathUser, "username"},
       [](ApiContext& api) { return SetDisabled(api, true); },
       204},
      {"POST",
       "/api/v1/users/{username}/enable",
       Auth::kSession,
       Permission::kManageAccounts,
       {K::kPathUser, "username"},
       [](ApiContext& api) { return SetDisabled(api, false); },
       204},
      {"GET",
       "/api/v1/security/policy",
       Auth::kSession,
       Permission::kManageSecurityPolicy,
       {K::kMinistry, ""},
       GetPolicy},
      {"PUT",
       "/api/v1/security/policy",
       Auth::kSession,
       Permission::kManageSecurityPolicy,
       {K::kMinistry, ""},
       PutPolicy},
      {"GET",
       "/api/v1/audit",
       Auth::kSession,
       Permission::kReadAudit,
       {K::kOwnSubtree, ""},
       GetAudit},
  };
}

}  // namespace xueji::http
