#include "domain/security_policy.h"

namespace xueji::domain {

// R-SEC-4
Status ValidatePolicy(const SecurityPolicy& p) {
  if (p.max_failed_logins < 1 || p.max_failed_logins > 100) {
    return Invalid("POLICY_RANGE", "max_failed_logins", "连续失败次数上限应在1到100之间");
  }
  if (p.lockout_minutes < 1 || p.lockout_minutes > 1440) {
    return Invalid("POLICY_RANGE", "lockout_minutes", "锁定时长应在1到1440分钟之间");
  }
  if (p.session_idle_minutes < 5 || p.session_idle_minutes > 720) {
    return Invalid("POLICY_RANGE", "session_idle_minutes", "会话空闲超时应在5到720分钟之间");
  }
  if (p.password_min_length < 8 || p.password_min_length > 64) {
    return Invalid("POLICY_RANGE", "password_min_length", "密码最短长度应在8到64之间");
  }
  if (p.seal_after_days < 30 || p.seal_after_days > 730) {
    return Invalid("POLICY_RANGE", "seal_after_days", "账号封存期限应在30到730天之间");
  }
  return Ok();
}

// R-SEC-4
Status CheckPasswordStrength(const SecurityPolicy& policy, std::string_view username,
                             std::string_view password) {
  if (password.size() < static_cast<size_t>(policy.password_min_length)) {
    return Invalid("PASSWORD_WEAK", "password",
                   "密码至少需要" + std::to_string(policy.password_min_length) + "个字符");
  }
  if (password.size() > 128) return Invalid("PASSWORD_WEAK", "password", "密码不能超过128个字符");
  bool lower = false, upper = false, digit = false, symbol = false;
  for (char c : password) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      symbol = true;
  }
  if (lower + upper + digit + symbol < 3) {
    return Invalid("PASSWORD_WEAK", "password",
                   "密码需包含小写字母、大写字母、数字、符号中的至少三类");
  }
  if (password == username) return Invalid("PASSWORD_WEAK", "password", "密码不能与用户名相同");
  return Ok();
}

// R-SEC-4
bool IsLocked(const LoginThrottle& t, Instant now) { return t.locked_until > now; }

// R-SEC-4
LoginThrottle AfterFailure(const SecurityPolicy& p, LoginThrottle t, Instant now) {
  if (t.locked_until <= now) t.locked_until = Instant{0};
  t.failed_count += 1;
  if (t.failed_count >= p.max_failed_logins) {
    t.locked_until = AddMinutes(now, p.lockout_minutes);
    t.failed_count = 0;
  }
  return t;
}

// R-SPEC-2025
bool IsDormant(const SecurityPolicy& policy, Instant last_used, Instant now) {
  constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
  return now.micros - last_used.micros > policy.seal_after_days * kMicrosPerDay;
}

// R-SPEC-2025
bool MayReopen(std::string_view actor_org_path, std::string_view account_org_path) {
  return actor_org_path.size() < account_org_path.size() &&
         account_org_path.substr(0, actor_org_path.size()) == actor_org_path;
}

}  // namespace xueji::domain
