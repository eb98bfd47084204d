#pragma once

// The policy in force at an organization (R-POL-1): the national values, then
// the layers set by the ministry, the province, the city and the county on the
// organization's path, each only narrowing what is above it. A school follows
// its county's policy.

#include <string>
#include <string_view>

#include "domain/policy.h"
#include "domain/result.h"
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

}  // namespace xueji::service
