#pragma once

// Accounts, sessions and the security policy (R-SEC-4).

#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/security_policy.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// --- security policy (values held in the setting table) ---
domain::SecurityPolicy LoadPolicy(store::Tx& tx);
Result<domain::SecurityPolicy> GetPolicy(store::Database& db);
Result<domain::SecurityPolicy> SetPolicy(store::Database& db, const Context& ctx,
                                         const domain::SecurityPolicy& policy);

// --- sessions ---
struct LoginResult {
  std::string session_token;  // goes to the cookie; only its hash is stored
  std::string csrf_token;
  Actor actor;
};

// R-SEC-4: checks the password (Argon2id), applies the lockout policy, and
// audits every attempt, successful or not, in the transaction that records it.
Result<LoginResult> Login(store::Database& db, const Context& ctx, const std::string& username,
                          const std::string& password);

struct SessionInfo {
  Actor actor;
  std::string csrf_token;
};

// The session of a cookie token, refreshed; Unauthenticated when unknown,
// idle past the policy's timeout, or its account is disabled.
Result<SessionInfo> Authenticate(store::Database& db, const std::string& token,
                                 domain::Instant now);

Status Logout(store::Database& db, const Context& ctx, const std::string& token);

// R-SEC-4: needs the old password; ends the account's other sessions.
Status ChangePassword(store::Database& db, const Context& ctx, const std::string& token,
                      const std::string& old_password, const std::string& new_password);

// --- accounts ---
struct NewUser {
  std::string username, display_name, password, role, org_code, phone;
};

struct UserInfo {
  std::string username, display_name, role, org_code, org_name, phone;
  domain::Instant locked_until{0};
  bool disabled = false;
  std::optional<domain::Instant> last_login_at;
  bool sealed = false;  // R-SPEC-2025: sealed, or dormant and sealed at its next login
};

// R-SEC-4: creates an account at `org` (in the actor's scope). With no actor
// in ctx (the CLI's bootstrap `xueji user add`) only the format rules apply;
// with an actor, MayAssignRole decides. `password_hash`, when given, is used
// instead of hashing `password` (bulk demo accounts).
Result<UserInfo> AddUser(store::Database& db, const Context& ctx, const OrgRef& org, NewUser user,
                         const std::string& password_hash = "");

Result<std::vector<UserInfo>> ListUsers(store::Database& db, const OrgRef& org,
                                        domain::Instant now);
// R-SPEC-2025: lifts a seal; only an administrator of a unit above the
// account's unit may (the route's permission is checked by the caller).
Status ReopenUser(store::Database& db, const Context& ctx, const std::string& username);
Status UnlockUser(store::Database& db, const Context& ctx, const std::string& username);
Status SetUserDisabled(store::Database& db, const Context& ctx, const std::string& username,
                       bool disabled);

}  // namespace xueji::service
