#include "domain/role.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(Role, R_SEC_4_three_administrators_have_separate_duties) {
  struct Case {
    Role role;
    Permission permission;
    bool allowed;
  };
  const Case cases[] = {
      {Role::kSystemAdmin, Permission::kManageAccounts, true},
      {Role::kSystemAdmin, Permission::kViewStudents, false},
      {Role::kAuditAdmin, Permission::kViewStudents, false},
      {Role::kHeadTeacher, Permission::kViewStudents, true},
      {Role::kHeadTeacher, Permission::kRevealIdNumbers, false},
      {Role::kSchoolApprover, Permission::kEditStudents, false},
      {Role::kSchoolRegistrar, Permission::kApproveAtSchool, false},
      {Role::kCountyRegistrar, Permission::kApproveAtAuthority, true},
      {Role::kSchoolApprover, Permission::kApproveAtAuthority, false},
      {Role::kSystemAdmin, Permission::kReadAudit, false},
      {Role::kSystemAdmin, Permission::kManageSecurityPolicy, false},
      {Role::kAuditAdmin, Permission::kReadAudit, true},
      {Role::kAuditAdmin, Permission::kManageAccounts, false},
      {Role::kAuditAdmin, Permission::kUnlockAccounts, false},
      {Role::kAuditAdmin, Permission::kManageSecurityPolicy, false},
      {Role::kSecurityAdmin, Permission::kManageSecurityPolicy, true},
      {Role::kSecurityAdmin, Permission::kUnlockAccounts, true},
      {Role::kSecurityAdmin, Permission::kManageAccounts, false},
      {Role::kSecurityAdmin, Permission::kReadAudit, false},
      {Role::kCountyRegistrar, Permission::kManageSchools, true},
      {Role::kCountyRegistrar, Permission::kReadAudit, false},
      {Role::kSchoolRegistrar, Permission::kManageSchools, false},
      {Role::kSchoolRegistrar, Permission::kManageClasses, true},
      {Role::kHeadTeacher, Permission::kManageClasses, false},
      {Role::kSchoolApprover, Permission::kManageAccounts, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(RoleName(c.role)) + " " +
                 std::to_string(static_cast<int>(c.permission)));
    EXPECT_EQ(HasPermission(c.role, c.permission), c.allowed);
  }
}

TEST(Role, R_INFO_4_only_the_ministry_registrar_edits_code_tables) {
  for (Role role : AllRoles()) {
    SCOPED_TRACE(std::string(RoleName(role)));
    EXPECT_EQ(HasPermission(role, Permission::kManageCodeTables), role == Role::kMinistryRegistrar);
  }
}

TEST(Role, R_CAL_1_only_the_system_administrator_enters_the_business_calendar) {
  for (Role role : AllRoles()) {
    SCOPED_TRACE(std::string(RoleName(role)));
    EXPECT_EQ(HasPermission(role, Permission::kManageCalendar), role == Role::kSystemAdmin);
  }
}

TEST(Role, R_SEC_4_nobody_approves_their_own_submission) {
  EXPECT_FALSE(MayDecide(7, 7));
  EXPECT_TRUE(MayDecide(7, 8));
}

TEST(Role, R_SEC_4_only_system_admins_assign_roles_and_not_their_own_peers) {
  EXPECT_TRUE(MayAssignRole(Role::kSystemAdmin, OrgLevel::kMinistry, Role::kCountyRegistrar,
                            OrgLevel::kCounty));
  EXPECT_TRUE(MayAssignRole(Role::kSystemAdmin, OrgLevel::kMinistry, Role::kAuditAdmin,
                            OrgLevel::kMinistry));
  EXPECT_TRUE(MayAssignRole(Role::kSystemAdmin, OrgLevel::kMinistry, Role::kSystemAdmin,
                            OrgLevel::kProvince));
  EXPECT_FALSE(MayAssignRole(Role::kSystemAdmin, OrgLevel::kProvince, Role::kSystemAdmin,
                             OrgLevel::kProvince));
  EXPECT_FALSE(MayAssignRole(Role::kSecurityAdmin, OrgLevel::kMinistry, Role::kCountyRegistrar,
                             OrgLevel::kCounty));
  EXPECT_FALSE(MayAssignRole(Role::kAuditAdmin, OrgLevel::kMinistry, Role::kCountyRegistrar,
                             OrgLevel::kCounty));
  // A role is only held at its level.
  EXPECT_FALSE(MayAssignRole(Role::kSystemAdmin, OrgLevel::kMinistry, Role::kCountyRegistrar,
                             OrgLevel::kSchool));
}

TEST(Role, NamesRoundTrip) {
  for (Role r : AllRoles()) {
    SCOPED_TRACE(std::string(RoleName(r)));
    EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_NE(RoleChinese(r), "未知角色");
  }
  EXPECT_FALSE(ParseRole("root").has_value());
}

}  // namespace
}  // namespace xueji::domain
