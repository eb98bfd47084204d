#include "service/account_service.h"

#include <algorithm>

#include "domain/school.h"
#include "service/audit.h"
#include "service/crypto.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

using domain::Instant;

constexpr int64_t kTouchIntervalMicros = 60 * domain::kMicrosPerSecond;

struct PolicyField {
  const char* name;
  int domain::SecurityPolicy::*member;
};
constexpr PolicyField kPolicyFields[] = {
    {"max_failed_logins", &domain::SecurityPolicy::max_failed_logins},
    {"lockout_minutes", &domain::SecurityPolicy::lockout_minutes},
    {"session_idle_minutes", &domain::SecurityPolicy::session_idle_minutes},
    {"password_min_length", &domain::SecurityPolicy::password_min_length},
    {"seal_after_days", &domain::SecurityPolicy::seal_after_days},
};

Status ValidateUsername(const std::string& u) {
  bool ok = u.size() >= 3 && u.size() <= 32;
  for (char c : u) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-');
  }
  if (!ok) {
    return Invalid("USERNAME_FORMAT", "username",
                   "用户名应为3到32位小写字母、数字、下划线、点或连字符");
  }
  return Ok();
}

Status ValidatePhone(const std::string& phone) {
  if (phone.empty()) return Ok();
  bool ok = phone.size() >= 7 && phone.size() <= 20;
  for (char c : phone) ok = ok && ((c >= '0' && c <= '9') || c == '-' || c == '+');
  if (!ok) return Invalid("PHONE_FORMAT", "phone", "联系电话应为7到20位数字（可含“-”）");
  return Ok();
}

// Loads the actor for a user row: u.id, username, display_name, role,
// org_code, o.name, o.path, o.level.
std::optional<Actor> ActorFromRow(const store::Row& r, size_t base) {
  auto role = domain::ParseRole(r.Text(base + 3));
  auto level = domain::ParseOrgLevel(r.Text(base + 7));
  if (!role || !level) return std::nullopt;
  return Actor{r.Int(base),      r.Text(base + 1), r.Text(base + 2), *role,
               r.Text(base + 4), r.Text(base + 5), r.Text(base + 6), *level};
}

constexpr const char* kActorColumns =
    "u.id, u.username, u.display_name, u.role, u.org_code, o.name, o.path, o.level";

std::string LockedMessage(Instant until) {
  return "账号因多次登录失败已被锁定，请于 " + domain::FormatCst(until) +
         "（北京时间）后再试，或联系安全管理员解锁";
}

}  // namespace

domain::SecurityPolicy LoadPolicy(store::Tx& tx) {
  domain::SecurityPolicy p;
  for (const auto& r : tx.Query("SELECT name, value FROM setting WHERE name LIKE 'security.%'")) {
    for (const auto& f : kPolicyFields) {
      if (r.Text(0) == std::string("security.") + f.name) p.*f.member = static_cast<int>(r.Int(1));
    }
  }
  return p;
}

Result<domain::SecurityPolicy> GetPolicy(store::Database& db) {
  auto tx = db.BeginRead();
  return LoadPolicy(*tx);
}

// R-SEC-4
Result<domain::SecurityPolicy> SetPolicy(store::Database& db, const Context& ctx,
                                         const domain::SecurityPolicy& policy) {
  XUEJI_RETURN_IF_ERROR(domain::ValidatePolicy(policy));
  auto tx = db.BeginWrite();
  std::string summary = "{";
  for (const auto& f : kPolicyFields) {
    std::string name = std::string("security.") + f.name;
    std::string value = std::to_string(policy.*f.member);
    if (tx->Exec("UPDATE setting SET value = $1 WHERE name = $2", {value, name}) == 0) {
      tx->Exec("INSERT INTO setting (name, value) VALUES ($1, $2)", {name, value});
    }
    summary += std::string(summary.size() > 1 ? "," : "") + "\"" + f.name + "\":" + value;
  }
  AppendAudit(*tx, ctx, {"security.policy.set", "security_policy", "ok", summary + "}"});
  tx->Commit();
  return policy;
}

// R-SEC-4
Result<LoginResult> Login(store::Database& db, const Context& ctx, const std::string& username,
                          const std::string& password) {
  std::string claimed = username.substr(0, 64);
  struct Candidate {
    Actor actor;
    std::string hash;
    bool disabled;
  };
  std::optional<Candidate> candidate;
  {
    auto tx = db.BeginRead();
    auto r = tx->QueryOne(std::string("SELECT ") + kActorColumns +
                              ", u.password_hash, u.disabled FROM app_user u JOIN org o ON "
                              "o.code = u.org_code WHERE u.username = $1",
                          {username});
    if (r) {
      if (auto actor = ActorFromRow(*r, 0))
        candidate = Candidate{*actor, r->Text(8), r->Int(9) != 0};
    }
  }
  // Verify outside any transaction: Argon2id takes ~20 ms and must not hold
  // the writer. Unknown users cost the same time as known ones.
  static const std::string kDummyHash = HashPassword("xueji-dummy-password");
  bool password_ok = VerifyPassword(candidate ? candidate->hash : kDummyHash, password);

  auto tx = db.BeginWrite();
  auto fail = [&](Error error, const std::string& org) -> Result<LoginResult> {
    AppendAudit(*tx, ctx, {"auth.login", claimed, error.code, "", claimed, org});
    tx->Commit();
    return error;
  };
  Error bad_credentials = Unauthenticated("AUTH_FAILED", "用户名或密码错误");
  if (!candidate) return fail(bad_credentials, "");
  const Actor& actor = candidate->actor;
  domain::SecurityPolicy policy = LoadPolicy(*tx);
  auto t = tx->QueryOne(
      "SELECT failed_count, locked_until, sealed, "
      "COALESCE(last_login_at, 0), COALESCE(reopened_at, 0), created_at FROM app_user "
      "WHERE id = $1" +
          std::string(tx->ForUpdate()),
      {actor.user_id});
  domain::LoginThrottle throttle{static_cast<int>(t->Int(0)), Instant{t->Int(1)}};
  if (domain::IsLocked(throttle, ctx.now)) {
    return fail(
        Error{ErrorKind::kLocked, "ACCOUNT_LOCKED", "", LockedMessage(throttle.locked_until)},
        actor.org_code);
  }
  if (!password_ok) {
    throttle = domain::AfterFailure(policy, throttle, ctx.now);
    tx->Exec(
        "UPDATE app_user SET failed_count = $1, locked_until = $2 WHERE id = $3",
        {static_cast<int64_t>(throttle.failed_count), throttle.locked_until.micros, actor.user_id});
    if (domain::IsLocked(throttle, ctx.now)) {
      return fail(
          Error{ErrorKind::kLocked, "ACCOUNT_LOCKED", "", LockedMessage(throttle.locked_until)},
          actor.org_code);
    }
    return fail(bad_credentials, actor.org_code);
  }
  if (candidate->disabled) {
    return fail(
        Error{ErrorKind::kForbidden, "ACCOUNT_DISABLED", "", "账号已停用，请联系系统管理员"},
        actor.org_code);
  }
  // R-SPEC-2025: a dormant account is sealed at its next correct login.
  Instant last_used{std::max({t->Int(3), t->Int(4), t->Int(5)})};
  if (t->Int(2) != 0 || domain::IsDormant(policy, last_used, ctx.now)) {
    tx->Exec("UPDATE app_user SET sealed = 1 WHERE id = $1", {actor.user_id});
    return fail(Error{ErrorKind::kForbidden, "ACCOUNT_SEALED", "",
                      "账号超过" + std::to_string(policy.seal_after_days) +
                          "天未使用，已封存，请联系上级单位的系统管理员解封"},
                actor.org_code);
  }
  LoginResult result{RandomToken(), RandomToken(), actor};
  tx->Exec(
      "UPDATE app_user SET failed_count = 0, locked_until = 0, last_login_at = $1 WHERE id = $2",
      {ctx.now.micros, actor.user_id});
  tx->Exec(
      "INSERT INTO app_session (token_hash, user_id, csrf_token, created_at, last_seen_at, client) "
      "VALUES ($1, $2, $3, $4, $4, $5)",
      {Blake2bHex(result.session_token), actor.user_id, result.csrf_token, ctx.now.micros,
       ctx.client});
  Context as_user = ctx;
  as_user.actor = actor;
  AppendAudit(*tx, as_user, {"auth.login", claimed, "ok", ""});
  tx->Commit();
  return result;
}

Result<SessionInfo> Authenticate(store::Database& db, const std::string& token, Instant now) {
  if (token.size() != 32) return Unauthenticated();
  std::string token_hash = Blake2bHex(token);
  std::optional<SessionInfo> info;
  int64_t last_seen = 0;
  domain::SecurityPolicy policy;
  {
    auto tx = db.BeginRead();
    auto r = tx->QueryOne(std::string("SELECT ") + kActorColumns +
                              ", s.csrf_token, s.last_seen_at FROM app_session s JOIN app_user u "
                              "ON u.id = s.user_id JOIN org o ON o.code = u.org_code "
                              "WHERE s.token_hash = $1 AND u.disabled = 0",
                          {token_hash});
    if (!r) return Unauthenticated();
    auto actor = ActorFromRow(*r, 0);
    if (!actor) return Unauthenticated();
    info = SessionInfo{*actor, r->Text(8)};
    last_seen = r->Int(9);
    policy = LoadPolicy(*tx);
  }
  int64_t idle = now.micros - last_seen;
  if (idle > policy.session_idle_minutes * domain::kMicrosPerMinute) {
    auto tx = db.BeginWrite();
    tx->Exec("DELETE FROM app_session WHERE token_hash = $1", {token_hash});
    tx->Commit();
    return Unauthenticated("SESSION_EXPIRED", "会话已超时，请重新登录");
  }
  if (idle > kTouchIntervalMicros) {
    auto tx = db.BeginWrite();
    tx->Exec("UPDATE app_session SET last_seen_at = $1 WHERE token_hash = $2",
             {now.micros, token_hash});
    tx->Commit();
  }
  return *info;
}

Status Logout(store::Database& db, const Context& ctx, const std::string& token) {
  auto tx = db.BeginWrite();
  tx->Exec("DELETE FROM app_session WHERE token_hash = $1", {Blake2bHex(token)});
  AppendAudit(*tx, ctx, {"auth.logout", ctx.ActorName(), "ok", ""});
  tx->Commit();
  return Ok();
}

// R-SEC-4
Status ChangePassword(store::Database& db, const Context& ctx, const std::string& token,
                      const std::string& old_password, const std::string& new_password) {
  if (!ctx.actor) return Unauthenticated();
  std::string hash;
  domain::SecurityPolicy policy;
  {
    auto tx = db.BeginRead();
    auto r = tx->QueryOne("SELECT password_hash FROM app_user WHERE id = $1", {ctx.actor->user_id});
    if (!r) return Unauthenticated();
    hash = r->Text(0);
    policy = LoadPolicy(*tx);
  }
  if (!VerifyPassword(hash, old_password)) {
    return Invalid("OLD_PASSWORD_WRONG", "old_password", "原密码不正确");
  }
  if (Status strong = domain::CheckPasswordStrength(policy, ctx.actor->username, new_password);
      !strong.ok()) {
    Error e = strong.error();
    e.field = "new_password";
    return e;
  }
  if (new_password == old_password) {
    return Invalid("PASSWORD_REUSED", "new_password", "新密码不能与原密码相同");
  }
  std::string new_hash = HashPassword(new_password);
  auto tx = db.BeginWrite();
  tx->Exec("UPDATE app_user SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
           {new_hash, ctx.now.micros, ctx.actor->user_id});
  tx->Exec("DELETE FROM app_session WHERE user_id = $1 AND token_hash <> $2",
           {ctx.actor->user_id, Blake2bHex(token)});
  AppendAudit(*tx, ctx, {"auth.password.change", ctx.actor->username, "ok", ""});
  tx->Commit();
  return Ok();
}

// R-SEC-4
Result<UserInfo> AddUser(store::Database& db, const Context& ctx, const OrgRef& org, NewUser u,
                         const std::string& password_hash) {
  XUEJI_RETURN_IF_ERROR(ValidateUsername(u.username));
  u.display_name = domain::TrimSpaces(u.display_name);
  int name_len = domain::Utf8Length(u.display_name);
  if (name_len < 1 || name_len > 50) {
    return Invalid("DISPLAY_NAME", "display_name", "姓名应为1到50个字符");
  }
  auto role = domain::ParseRole(u.role);
  if (!role) return Invalid("ROLE_UNKNOWN", "role", "角色无效");
  if (!domain::RoleAllowedAtLevel(*role, org.level)) {
    return Invalid("ROLE_LEVEL", "role",
                   std::string(domain::RoleChinese(*role)) + "不能设在" +
                       std::string(domain::OrgLevelChinese(org.level)) + "机构");
  }
  if (ctx.actor &&
      !domain::MayAssignRole(ctx.actor->role, ctx.actor->org_level, *role, org.level)) {
    return Forbidden("无权创建该角色的账号（三员分立）");
  }
  XUEJI_RETURN_IF_ERROR(ValidatePhone(u.phone));
  domain::SecurityPolicy policy = LoadPolicy(*db.BeginRead());
  std::string hash = password_hash;
  if (hash.empty()) {
    XUEJI_RETURN_IF_ERROR(domain::CheckPasswordStrength(policy, u.username, u.password));
    hash = HashPassword(u.password);
  }
  auto tx = db.BeginWrite();
  if (tx->QueryOne("SELECT 1 FROM app_user WHERE username = $1", {u.username})) {
    return Conflict("USERNAME_TAKEN", "用户名 " + u.username + " 已存在", "username");
  }
  tx->Exec(
      "INSERT INTO app_user (username, display_name, password_hash, role, org_code, phone, "
      "password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
      {u.username, u.display_name, hash, u.role, org.code, u.phone, ctx.now.micros});
  AppendAudit(
      *tx, ctx,
      {"user.create", u.username, "ok",
       Summary({{"role", u.role}, {"org_code", org.code}, {"display_name", u.display_name}})});
  tx->Commit();
  return UserInfo{u.username, u.display_name, u.role, org.code,    org.name,
                  u.phone,    Instant{0},     false,  std::nullopt};
}

Result<std::vector<UserInfo>> ListUsers(store::Database& db, const OrgRef& org, Instant now) {
  auto tx = db.BeginRead();
  domain::SecurityPolicy policy = LoadPolicy(*tx);
  std::vector<UserInfo> out;
  for (const auto& r : tx->Query(
           "SELECT u.username, u.display_name, u.role, u.org_code, o.name, u.phone, "
           "u.locked_until, u.disabled, u.last_login_at, u.sealed, u.reopened_at, u.created_at "
           "FROM app_user u JOIN org o ON "
           "o.code = u.org_code WHERE u.org_code = $1 ORDER BY u.username",
           {org.code})) {
    std::optional<Instant> last;
    if (!r.IsNull(8)) last = Instant{r.Int(8)};
    Instant last_used{std::max({r.Int(8), r.Int(10), r.Int(11)})};
    bool sealed = r.Int(9) != 0 || domain::IsDormant(policy, last_used, now);
    out.push_back(UserInfo{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                           Instant{r.Int(6)}, r.Int(7) != 0, last, sealed});
  }
  return out;
}

// R-SEC-4
Status UnlockUser(store::Database& db, const Context& ctx, const std::string& username) {
  auto tx = db.BeginWrite();
  if (tx->Exec("UPDATE app_user SET failed_count = 0, locked_until = 0 WHERE username = $1",
               {username}) == 0) {
    return NotFound("账号不存在");
  }
  AppendAudit(*tx, ctx, {"user.unlock", username, "ok", ""});
  tx->Commit();
  return Ok();
}

// R-SPEC-2025
Status ReopenUser(store::Database& db, const Context& ctx, const std::string& username) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  auto r = tx->QueryOne(
      "SELECT u.id, o.path FROM app_user u JOIN org o ON o.code = u.org_code WHERE u.username = $1",
      {username});
  if (!r) return NotFound("账号不存在");
  if (!domain::MayReopen(ctx.actor->org_path, r->Text(1))) {
    return Forbidden("封存的账号只能由其上级单位的系统管理员解封");
  }
  tx->Exec("UPDATE app_user SET sealed = 0, reopened_at = $1 WHERE id = $2",
           {ctx.now.micros, r->Int(0)});
  AppendAudit(*tx, ctx, {"user.reopen", username, "ok", ""});
  tx->Commit();
  return Ok();
}

Status SetUserDisabled(store::Database& db, const Context& ctx, const std::string& username,
                       bool disabled) {
  if (disabled && ctx.actor && ctx.actor->username == username) {
    return Invalid("SELF_DISABLE", "username", "不能停用自己的账号");
  }
  auto tx = db.BeginWrite();
  auto r = tx->QueryOne("SELECT id FROM app_user WHERE username = $1", {username});
  if (!r) return NotFound("账号不存在");
  tx->Exec("UPDATE app_user SET disabled = $1 WHERE id = $2",
           {int64_t{disabled ? 1 : 0}, r->Int(0)});
  if (disabled) tx->Exec("DELETE FROM app_session WHERE user_id = $1", {r->Int(0)});
  AppendAudit(*tx, ctx, {disabled ? "user.disable" : "user.enable", username, "ok", ""});
  tx->Commit();
  return Ok();
}

}  // namespace xueji::service
