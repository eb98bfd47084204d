#pragma once

// The administrative divisions (行政区划) as a public reference: every
// logged-in user may look up a division code's name and walk the tree of
// provinces, cities and counties, to fill 出生地, 户口所在地 and similar
// fields (R-INFO-4). Schools are not divisions and never appear here; the
// organization tree with its schools stays behind jurisdiction (R-ORG-4).

#include <string>
#include <vector>

#include "domain/result.h"
#include "store/database.h"

namespace xueji::service {

struct DivisionInfo {
  std::string code, name, level, parent_code;
  std::string full_name;  // names from the province down, e.g. 贵州省贵阳市南明区
};

// NotFound when `code` is not a division (or is a school).
Result<DivisionInfo> GetDivision(store::Database& db, const std::string& code);

// The divisions directly below `code` ("000000" for the provinces), by code.
Result<std::vector<DivisionInfo>> ListDivisionChildren(store::Database& db,
                                                       const std::string& code);

}  // namespace xueji::service
