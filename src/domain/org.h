#pragma once

// The administrative tree (R-ORG-1): 教育部 → 省 → 市 → 县 → 学校.
// Codes: the ministry is "000000"; provinces, cities and counties use their
// GB/T 2260 codes padded to six digits ("110000", "110100", "110101"); a
// school uses its ten-digit 学校标识码.
//
// Jurisdiction (R-ORG-4) is decided on materialized paths: every organization
// stores the codes from the root down to itself ("/000000/110000/.../X/"),
// so "is B inside A's subtree" is a prefix test, answerable without I/O.

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace xueji::domain {

enum class OrgLevel { kMinistry, kProvince, kCity, kCounty, kSchool };

inline constexpr std::string_view kMinistryCode = "000000";

std::string_view OrgLevelName(OrgLevel level);     // "ministry", "province", …
std::string_view OrgLevelChinese(OrgLevel level);  // 教育部, 省级, …
std::optional<OrgLevel> ParseOrgLevel(std::string_view name);

// The level a well-formed code denotes, or an error naming the field.
// R-ORG-1: six digits for divisions (province xx0000, city xxxx00, county
// otherwise), ten digits for schools.
Result<OrgLevel> LevelOfCode(std::string_view code, std::string_view field = "code");

// The division code of the province or city containing a county/city code:
// ProvinceOf("110101") == "110000", CityOf("110101") == "110100".
std::string ProvinceOf(std::string_view division_code);
std::string CityOf(std::string_view division_code);

// Path of a child under a parent path: ChildPath("/000000/", "110000").
std::string ChildPath(std::string_view parent_path, std::string_view code);

// R-ORG-4: true when `path` is `ancestor_path` or lies below it.
bool IsWithin(std::string_view ancestor_path, std::string_view path);

// R-REG-5, R-SVC-2: the code of the lowest organization whose subtree holds
// both paths (the arbiter of a dispute between two units).
std::string LowestCommonAncestor(std::string_view path_a, std::string_view path_b);

// Depth-independent check that `code` consists of ASCII digits only.
bool AllDigits(std::string_view code);

}  // namespace xueji::domain
