#pragma once

// The policy in force at an organization (R-POL-1): the national values, then
// the layers set by the ministry, the province, the city and the county on the
// organization's path, each only narrowing what is above it. A school follows
// its county's policy.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/org.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// The layer `org_code` itself set (empty when it set nothing). A stored entry
// that no longer parses is POLICY_VALUE naming it.
Result<domain::PolicyLayer> LoadPolicyLayer(store::Tx& tx, std::string_view org_code);

// R-POL-1: the policy in force at `org_code` (any level, schools included).
// NotFound for an unknown organization; the first layer on the path that does
// not fit the one above it is its error (POLICY_WIDENS …), naming the
// organization — saving a layer keeps this from happening.
Result<domain::Policy> EffectivePolicy(store::Tx& tx, std::string_view org_code);

// The organization whose layer set a value; `org_code` is "" for a national
// default that no layer changed.
struct PolicySource {
  std::string org_code;
  std::string org_name;
  domain::OrgLevel level = domain::OrgLevel::kMinistry;
};

// What an organization's policy page shows (R-POL-1).
struct PolicyView {
  domain::Policy effective;  // in force at the organization
  domain::Policy above;      // in force at its parent: what an empty layer inherits
  domain::PolicyLayer own;   // the organization's own layer
  // By entry name (domain/policy_entries.h: "class_caps.primary", …): the
  // organization whose layer set the value in force; absent = national default.
  std::map<std::string, PolicySource> sources;
  std::vector<PolicySource> extra_freeze_sources;  // one per effective.extra_freezes
};

// R-POL-1: `org` (already in the caller's scope) with its policy.
Result<PolicyView> DescribePolicy(store::Database& db, const OrgRef& org);

// R-POL-1, R-POL-2, R-POL-4, R-POL-5, R-POL-6, R-POL-7: replaces the layer of
// `org_code` with `layer` (a value absent from it is inherited again), in one
// transaction with its audit entry naming each changed entry (old → new).
//  - Who: a registrar of the authorities (Permission::kManagePolicy) for their
//    own organization only — the ministry's registrar for the national values
//    (each year's national freeze, R-POL-7), a province, city or county
//    registrar for theirs. Outside the actor's subtree is NotFound; a unit
//    below the actor's own is FORBIDDEN.
//  - Validation: domain::ApplyLayer against the policy in force at the level
//    above (POLICY_WIDENS, POLICY_PROVINCE_ONLY, POLICY_MINISTRY_ONLY,
//    POLICY_VALUE, every problem in details).
//  - A layer that would leave a unit below wider than the new values (a
//    province lowering a cap a county below has set higher) is refused with
//    POLICY_CONFLICTS_BELOW, one detail per unit naming it and its value: the
//    units below narrow their layers first, so the chain EffectivePolicy
//    walks is always consistent.
//  - Saves are serialized: each locks the organization rows of its path from
//    the ministry down before reading anything, so two saves on one path
//    (a province narrowing while a county widens) never both pass.
// Returns the layer as stored.
Result<domain::PolicyLayer> SavePolicyLayer(store::Database& db, const Context& ctx,
                                            const std::string& org_code,
                                            const domain::PolicyLayer& layer);

}  // namespace xueji::service
