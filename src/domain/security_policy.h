#pragma once

// Account security policy (R-SEC-4): values, never constants. The security
// administrator changes them; the defaults below are what a new installation
// starts with.

#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

struct SecurityPolicy {
  int max_failed_logins = 5;      // consecutive failures before a lockout
  int lockout_minutes = 15;       // how long a lockout lasts
  int session_idle_minutes = 30;  // a session unused this long ends
  int password_min_length = 10;
  int seal_after_days = 180;  // R-SPEC-2025: unused this long → sealed (封存)
};

// R-SEC-4: each value within sane bounds (1..100 failures, 1..1440 minutes of
// lockout, 5..720 idle minutes, 8..64 characters, 30..730 days before sealing).
Status ValidatePolicy(const SecurityPolicy& policy);

// R-SEC-4: a password is min_length..128 characters with at least three of
// lower case, upper case, digits and symbols, and is not the username.
Status CheckPasswordStrength(const SecurityPolicy& policy, std::string_view username,
                             std::string_view password);

// The state of an account's login throttle.
struct LoginThrottle {
  int failed_count = 0;
  Instant locked_until{0};  // 0 = not locked
};

// R-SEC-4: whether a login attempt at `now` is refused outright.
bool IsLocked(const LoginThrottle& throttle, Instant now);

// R-SEC-4: the throttle after a failed attempt at `now`: the count rises, and
// reaching max_failed_logins locks the account for lockout_minutes and
// restarts the count.
LoginThrottle AfterFailure(const SecurityPolicy& policy, LoginThrottle throttle, Instant now);

// R-SPEC-2025: an account not used for more than seal_after_days is sealed
// (封存) until the level above reopens it. `last_used` is the later of the last
// login, the last reopening and the creation of the account.
bool IsDormant(const SecurityPolicy& policy, Instant last_used, Instant now);

// R-SPEC-2025: only an administrator of a level above the account's unit
// reopens it: the account's organization lies strictly inside the actor's.
bool MayReopen(std::string_view actor_org_path, std::string_view account_org_path);

}  // namespace xueji::domain
