#pragma once

// Jurisdiction (R-ORG-4), decided in one place.
//
// The HTTP router calls ResolveInScope for the organization every route acts
// on before the handler runs; handlers and services receive only organizations
// already known to be inside the caller's subtree. A target outside the
// subtree is reported exactly like one that does not exist.

#include <optional>
#include <string>

#include "domain/org.h"
#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct OrgRef {
  std::string code;
  std::string name;
  domain::OrgLevel level;
  std::string parent_code;
  std::string path;
};

// Loads an organization by code. NotFound when absent.
Result<OrgRef> LoadOrg(store::Tx& tx, const std::string& code);

// R-ORG-4: the organization `code` if it lies inside the actor's subtree;
// NotFound when it does not exist or lies outside (indistinguishable).
Result<OrgRef> ResolveInScope(store::Tx& tx, const Actor& actor, const std::string& code);

// The organizations that own other objects, for scoping routes keyed by them.
std::optional<std::string> SchoolOfClass(store::Tx& tx, int64_t class_id);
std::optional<std::string> OrgOfUser(store::Tx& tx, const std::string& username);

// The student a path key names — an internal id (digits) or a 学籍号
// (G/L/J + 18, any case) — and the school that holds the record.
struct StudentOwnerRef {
  int64_t student_id;
  std::string school_code;
};
std::optional<StudentOwnerRef> StudentOwner(store::Tx& tx, const std::string& key);

// The upper bound of the path range of a subtree: every path p inside the
// subtree of `path` satisfies path <= p < SubtreeUpperBound(path).
std::string SubtreeUpperBound(const std::string& path);

}  // namespace xueji::service
