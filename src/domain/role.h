#pragma once

// Roles and what they may do (R-SEC-4 三员分立, R-DQ-4, R-ORG-6).
//
// A role is held at one organization; every permission applies only inside
// that organization's subtree (R-ORG-4, enforced by http/jurisdiction).

#include <optional>
#include <string_view>
#include <vector>

#include "domain/org.h"

namespace xueji::domain {

enum class Role {
  kSchoolRegistrar,    // 学校学籍管理员
  kSchoolApprover,     // 学校审核人
  kHeadTeacher,        // 班主任
  kCountyRegistrar,    // 县级学籍管理员
  kCityRegistrar,      // 市级学籍管理员
  kProvinceRegistrar,  // 省级学籍管理员
  kMinistryRegistrar,  // 教育部学籍管理员
  kSystemAdmin,        // 系统管理员: accounts
  kSecurityAdmin,      // 安全管理员: security policy, unlocking
  kAuditAdmin,         // 审计管理员: reads the audit log, nothing else
};

enum class Permission {
  kViewOrgs,              // browse the organization tree
  kManageSchools,         // create and edit schools
  kManageClasses,         // create and edit grades and classes
  kViewContacts,          // registrars and phones of units below (R-ORG-6)
  kManageAccounts,        // create accounts, reset passwords, disable
  kViewAccounts,          // list accounts
  kManageSecurityPolicy,  // lockout and session values
  kUnlockAccounts,        // lift a lockout
  kReadAudit,             // read the audit log
  kManageCodeTables,      // add and change national code-table values (R-INFO-4)
  kViewStudents,          // read student records (ID numbers masked, R-SEC-3)
  kEditStudents,          // create, correct and resubmit records; upload proofs (R-REG-1, R-CHG-1)
  kApproveAtSchool,       // the school approver's decision (R-REG-2, R-CHG-2)
  kApproveAtAuthority,    // the record authority's 核准 (R-REG-2, R-CHG-2)
  kRevealIdNumbers,       // see a full ID number, each reveal audited (R-SEC-3)
  kArbitrate,             // resolve 问题学籍 as the arbitrating authority (R-REG-5)
  kRunNumberBatches,      // run the spring formal-number batch (R-NO-3, R-YR-4)
  kManageProvinceFields,  // define the province's 非基础信息 fields (R-SPEC-2025)
  kManageCalendar,        // enter and correct the business calendar's years (R-CAL-1)
  kManagePolicy,          // set the own organization's policy layer (R-POL-1)
};

std::string_view RoleName(Role role);     // stable code, e.g. "county_registrar"
std::string_view RoleChinese(Role role);  // 县级学籍管理员
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();

// The organization levels at which a role may be held: school roles at
// schools, the county registrar at counties, administrators at any authority.
bool RoleAllowedAtLevel(Role role, OrgLevel level);

// The registrars of the authorities (county to ministry), and the three
// administrators (R-SEC-4 三员分立: they run the system and never read
// student records).
bool IsAuthorityRegistrar(Role role);
bool IsAdmin(Role role);

// R-SEC-4: the permission table. 三员分立: the system administrator manages
// accounts but cannot read the audit log; the audit administrator reads the
// audit log but cannot change accounts or policy; the security administrator
// sets policy and unlocks accounts but creates none. Only the ministry
// registrar edits the national code tables (R-INFO-4, SPEC §2). The business
// calendar is system configuration: the system administrator enters it
// (R-CAL-1).
bool HasPermission(Role role, Permission permission);

// R-SEC-4: whether an account holding `actor` may create or change an account
// holding `target`. Nobody grants administrator roles to an account they
// administer themselves into: a system administrator may create any role
// except another system administrator at their own or a higher level, which
// only the level above can do.
bool MayAssignRole(Role actor, OrgLevel actor_level, Role target, OrgLevel target_level);

// R-SEC-4: nobody approves their own submission. Holds for every workflow step.
bool MayDecide(long long actor_user_id, long long submitter_user_id);

}  // namespace xueji::domain
