#pragma once

// Who is acting, from where, and when. Every service function takes a
// Context; the HTTP layer builds it from the session, the CLI from its flags.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/org.h"
#include "domain/role.h"
#include "domain/time.h"

namespace xueji::service {

struct Actor {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kSchoolRegistrar;
  std::string org_code;
  std::string org_name;
  std::string org_path;  // materialized path of org_code: the jurisdiction root (R-ORG-4)
  domain::OrgLevel org_level = domain::OrgLevel::kSchool;
};

struct Context {
  std::optional<Actor> actor;  // empty for anonymous (login) and the CLI's system actions
  std::string client;          // client address, or "cli"
  domain::Instant now;

  // The name written to the audit log.
  std::string ActorName() const { return actor ? actor->username : "-"; }
  std::string ActorOrg() const { return actor ? actor->org_code : ""; }
};

}  // namespace xueji::service
