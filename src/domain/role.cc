#include "domain/role.h"

#include <algorithm>
#include <array>

namespace xueji::domain {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view chinese;
};

constexpr std::array<RoleInfo, 10> kRoles = {{
    {Role::kSchoolRegistrar, "school_registrar", "学校学籍管理员"},
    {Role::kSchoolApprover, "school_approver", "学校审核人"},
    {Role::kHeadTeacher, "head_teacher", "班主任"},
    {Role::kCountyRegistrar, "county_registrar", "县级学籍管理员"},
    {Role::kCityRegistrar, "city_registrar", "市级学籍管理员"},
    {Role::kProvinceRegistrar, "province_registrar", "省级学籍管理员"},
    {Role::kMinistryRegistrar, "ministry_registrar", "教育部学籍管理员"},
    {Role::kSystemAdmin, "system_admin", "系统管理员"},
    {Role::kSecurityAdmin, "security_admin", "安全管理员"},
    {Role::kAuditAdmin, "audit_admin", "审计管理员"},
}};

int Depth(OrgLevel level) { return static_cast<int>(level); }

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.name;
  return "unknown";
}

std::string_view RoleChinese(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.chinese;
  return "未知角色";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return kAll;
}

bool RoleAllowedAtLevel(Role role, OrgLevel level) {
  switch (role) {
    case Role::kSchoolRegistrar:
    case Role::kSchoolApprover:
    case Role::kHeadTeacher:
      return level == OrgLevel::kSchool;
    case Role::kCountyRegistrar:
      return level == OrgLevel::kCounty;
    case Role::kCityRegistrar:
      return level == OrgLevel::kCity;
    case Role::kProvinceRegistrar:
      return level == OrgLevel::kProvince;
    case Role::kMinistryRegistrar:
      return level == OrgLevel::kMinistry;
    case Role::kSystemAdmin:
    case Role::kSecurityAdmin:
    case Role::kAuditAdmin:
      return level != OrgLevel::kSchool;
  }
  return false;
}

bool IsAuthorityRegistrar(Role r) {
  return r == Role::kCountyRegistrar || r == Role::kCityRegistrar ||
         r == Role::kProvinceRegistrar || r == Role::kMinistryRegistrar;
}

bool IsAdmin(Role r) {
  return r == Role::kSystemAdmin || r == Role::kSecurityAdmin || r == Role::kAuditAdmin;
}

// R-SEC-4 三员分立, R-INFO-4, R-SEC-3, R-CAL-1: administrators manage the system
// and never read student records; only the school's registrar writes them.
bool HasPermission(Role role, Permission p) {
  switch (p) {
    case Permission::kViewOrgs:
      return true;
    case Permission::kManageSchools:
      return IsAuthorityRegistrar(role);
    case Permission::kManageClasses:
      return IsAuthorityRegistrar(role) || role == Role::kSchoolRegistrar;
    case Permission::kViewContacts:
      return !IsAdmin(role) || role == Role::kSystemAdmin;
    case Permission::kManageAccounts:
      return role == Role::kSystemAdmin;
    case Permission::kViewAccounts:
      return role == Role::kSystemAdmin || role == Role::kSecurityAdmin;
    case Permission::kManageSecurityPolicy:
    case Permission::kUnlockAccounts:
      return role == Role::kSecurityAdmin;
    case Permission::kReadAudit:
      return role == Role::kAuditAdmin;
    case Permission::kManageCodeTables:
      return role == Role::kMinistryRegistrar;
    case Permission::kViewStudents:
      return !IsAdmin(role);
    case Permission::kEditStudents:
      return role == Role::kSchoolRegistrar;
    case Permission::kApproveAtSchool:
      return role == Role::kSchoolApprover;
    case Permission::kApproveAtAuthority:
    case Permission::kArbitrate:
      return IsAuthorityRegistrar(role);
    case Permission::kRunNumberBatches:
      return role == Role::kMinistryRegistrar;
    case Permission::kManageProvinceFields:
      return role == Role::kProvinceRegistrar;
    case Permission::kManageCalendar:
      return role == Role::kSystemAdmin;
    case Permission::kManagePolicy:
      // R-POL-1: the registrars of the authorities, each for their own unit.
      return IsAuthorityRegistrar(role);
    case Permission::kRevealIdNumbers:
      // R-SEC-3: the head teacher works from the roster and needs no full number.
      return role == Role::kSchoolRegistrar || role == Role::kSchoolApprover ||
             IsAuthorityRegistrar(role);
  }
  return false;
}

// R-SEC-4
bool MayAssignRole(Role actor, OrgLevel actor_level, Role target, OrgLevel target_level) {
  if (actor != Role::kSystemAdmin) return false;
  if (!RoleAllowedAtLevel(target, target_level)) return false;
  if (IsAdmin(target) && Depth(target_level) <= Depth(actor_level) &&
      target == Role::kSystemAdmin) {
    return false;
  }
  return true;
}

// R-SEC-4
bool MayDecide(long long actor_user_id, long long submitter_user_id) {
  return actor_user_id != submitter_user_id;
}

}  // namespace xueji::domain
