#include "domain/security_policy.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

const Instant kNoon = *ParseInstant("2026-11-23T12:00:00+08:00");

TEST(SecurityPolicy, R_SEC_4_lockout_after_max_failures_for_lockout_minutes) {
  SecurityPolicy p;  // 5 failures, 15 minutes
  LoginThrottle t;
  for (int i = 1; i <= 4; ++i) {
    SCOPED_TRACE(i);
    t = AfterFailure(p, t, kNoon);
    EXPECT_EQ(t.failed_count, i);
    EXPECT_FALSE(IsLocked(t, kNoon));
  }
  t = AfterFailure(p, t, kNoon);
  EXPECT_TRUE(IsLocked(t, kNoon));
  EXPECT_TRUE(IsLocked(t, AddMinutes(kNoon, 14)));
  EXPECT_FALSE(IsLocked(t, AddMinutes(kNoon, 15)));
}

TEST(SecurityPolicy, R_SEC_4_lockout_values_are_policy_not_constants) {
  SecurityPolicy p;
  p.max_failed_logins = 2;
  p.lockout_minutes = 60;
  LoginThrottle t = AfterFailure(p, AfterFailure(p, {}, kNoon), kNoon);
  EXPECT_TRUE(IsLocked(t, AddMinutes(kNoon, 59)));
  EXPECT_FALSE(IsLocked(t, AddMinutes(kNoon, 60)));
}

TEST(SecurityPolicy, R_SEC_4_policy_bounds) {
  struct Case {
    const char* what;
    SecurityPolicy policy;
    const char* field;
  };
  const Case cases[] = {
      {"defaults", SecurityPolicy{}, ""},
      {"zero failures", SecurityPolicy{0, 15, 30, 10}, "max_failed_logins"},
      {"day-long lockout ok", SecurityPolicy{5, 1440, 30, 10}, ""},
      {"lockout too long", SecurityPolicy{5, 1441, 30, 10}, "lockout_minutes"},
      {"idle too short", SecurityPolicy{5, 15, 4, 10}, "session_idle_minutes"},
      {"short passwords", SecurityPolicy{5, 15, 30, 6}, "password_min_length"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Status s = ValidatePolicy(c.policy);
    EXPECT_EQ(s.ok(), std::string(c.field).empty());
    if (!s.ok()) {
      EXPECT_EQ(s.error().field, c.field);
    }
  }
}

TEST(SecurityPolicy, R_SEC_4_password_strength) {
  SecurityPolicy p;
  struct Case {
    const char* password;
    bool ok;
  };
  const Case cases[] = {
      {"Demo@2026xj", true},    {"short1A!", false},     {"alllowercaseletters", false},
      {"lower12345678", false}, {"Lower12345678", true}, {"UPPER-and-lower", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.password);
    Status s = CheckPasswordStrength(p, "someone", c.password);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "PASSWORD_WEAK");
    }
  }
  EXPECT_FALSE(CheckPasswordStrength(p, "Abcdef12345", "Abcdef12345").ok());
}

}  // namespace
}  // namespace xueji::domain

namespace xueji::domain {
namespace {

TEST(SecurityPolicy, R_SPEC_2025_accounts_unused_for_six_months_are_dormant) {
  SecurityPolicy p;  // 180 days
  const Instant last = *ParseInstant("2026-01-01T08:00:00+08:00");
  struct Case {
    const char* now;
    bool dormant;
  };
  const Case cases[] = {
      {"2026-01-02T08:00:00+08:00", false},
      {"2026-06-30T08:00:00+08:00", false},  // day 180
      {"2026-06-30T08:00:01+08:00", true},   // just past 180 days
      {"2027-01-01T08:00:00+08:00", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.now);
    EXPECT_EQ(IsDormant(p, last, *ParseInstant(c.now)), c.dormant);
  }
  p.seal_after_days = 365;
  EXPECT_FALSE(IsDormant(p, last, *ParseInstant("2026-12-31T08:00:00+08:00")));
}

TEST(SecurityPolicy, R_SPEC_2025_only_the_level_above_reopens) {
  const char* school = "/000000/520000/520100/520102/5201020001/";
  EXPECT_TRUE(MayReopen("/000000/520000/520100/520102/", school));
  EXPECT_TRUE(MayReopen("/000000/", school));
  EXPECT_FALSE(MayReopen(school, school));  // the unit itself
  EXPECT_FALSE(MayReopen("/000000/520000/520100/520103/", school));
  EXPECT_FALSE(MayReopen("/000000/520000/520100/520102/", "/000000/520000/520100/520102/"));
}

}  // namespace
}  // namespace xueji::domain
