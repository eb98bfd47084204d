#include "domain/org.h"

#include <array>

namespace xueji::domain {
namespace {

struct LevelNames {
  OrgLevel level;
  std::string_view name;
  std::string_view chinese;
};

constexpr std::array<LevelNames, 5> kLevels = {{
    {OrgLevel::kMinistry, "ministry", "教育部"},
    {OrgLevel::kProvince, "province", "省级"},
    {OrgLevel::kCity, "city", "市级"},
    {OrgLevel::kCounty, "county", "县级"},
    {OrgLevel::kSchool, "school", "学校"},
}};

}  // namespace

std::string_view OrgLevelName(OrgLevel level) {
  for (const auto& l : kLevels)
    if (l.level == level) return l.name;
  return "unknown";
}

std::string_view OrgLevelChinese(OrgLevel level) {
  for (const auto& l : kLevels)
    if (l.level == level) return l.chinese;
  return "未知";
}

std::optional<OrgLevel> ParseOrgLevel(std::string_view name) {
  for (const auto& l : kLevels)
    if (l.name == name) return l.level;
  return std::nullopt;
}

bool AllDigits(std::string_view code) {
  if (code.empty()) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

// R-ORG-1
Result<OrgLevel> LevelOfCode(std::string_view code, std::string_view field) {
  if (!AllDigits(code) || (code.size() != 6 && code.size() != 10)) {
    return Invalid("ORG_CODE_FORMAT", std::string(field),
                   "机构代码格式错误：行政区划代码为6位数字，学校标识码为10位数字");
  }
  if (code.size() == 10) return OrgLevel::kSchool;
  if (code == kMinistryCode) return OrgLevel::kMinistry;
  if (code.substr(0, 2) == "00") {
    return Invalid("ORG_CODE_FORMAT", std::string(field), "行政区划代码的前两位应为省级代码");
  }
  if (code.substr(2) == "0000") return OrgLevel::kProvince;
  if (code.substr(4) == "00") return OrgLevel::kCity;
  return OrgLevel::kCounty;
}

std::string ProvinceOf(std::string_view division_code) {
  return std::string(division_code.substr(0, 2)) + "0000";
}

std::string CityOf(std::string_view division_code) {
  return std::string(division_code.substr(0, 4)) + "00";
}

std::string ChildPath(std::string_view parent_path, std::string_view code) {
  std::string path(parent_path);
  if (path.empty() || path.back() != '/') path.push_back('/');
  path.append(code);
  path.push_back('/');
  return path;
}

// R-ORG-4
bool IsWithin(std::string_view ancestor_path, std::string_view path) {
  return !ancestor_path.empty() && path.substr(0, ancestor_path.size()) == ancestor_path;
}

// R-REG-5
std::string LowestCommonAncestor(std::string_view a, std::string_view b) {
  // Compare whole segments "/code/" so that 5201020001 and 52010200012 part.
  size_t common = 0;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '/') common = i;
  }
  std::string_view prefix = a.substr(0, common);
  size_t slash = prefix.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(prefix.substr(slash + 1));
}

}  // namespace xueji::domain
