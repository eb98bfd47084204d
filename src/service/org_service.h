#pragma once

// The organization tree and schools, grades and classes (R-ORG-1..3, R-ORG-6).
//
// Every function that takes an OrgRef expects one already resolved in the
// caller's jurisdiction (service/jurisdiction.h); each write is one
// transaction with its audit entry.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/school.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

struct SchoolInfo {
  std::string code, name, stage, type, county_code, county_name, authority_code, authority_name;
  int64_t class_count = 0;
};

struct OrgDetail {
  OrgRef org;
  std::vector<std::pair<std::string, std::string>> path;  // (code, name) from the root
  int64_t child_count = 0;
  std::optional<SchoolInfo> school;
};

struct OrgChild {
  std::string code, name;
  domain::OrgLevel level;
  int64_t child_count = 0;
  bool dev_zone = false;
};

struct ChildPage {
  std::vector<OrgChild> items;
  std::optional<std::string> next_cursor;
};

struct Contact {
  std::string username, display_name, role, phone, org_code, org_name;
};

struct ClassInfo {
  int64_t id = 0;
  std::string school_code, grade_code, name, head_teacher;
  int capacity = 0;
};

struct GradeSummary {
  std::string code, name;
  domain::Stage stage;
  int64_t class_count = 0;
};

Result<OrgDetail> GetOrgDetail(store::Database& db, const OrgRef& org);
// Children ordered by code, after `after` (exclusive), at most `limit`.
Result<ChildPage> ListChildren(store::Database& db, const OrgRef& org, const std::string& after,
                               int limit);
// R-ORG-6: the registrars of a unit with their phones, for the level above.
Result<std::vector<Contact>> ListContacts(store::Database& db, const OrgRef& org);

// R-ORG-2, R-ORG-3: creates a school under its record authority (`authority`,
// already in scope; it must equal input.authority_code).
Result<SchoolInfo> CreateSchool(store::Database& db, const Context& ctx, const OrgRef& authority,
                                domain::SchoolInput input);

struct SchoolPatch {
  std::optional<std::string> name, stage, type;
};
Result<SchoolInfo> UpdateSchool(store::Database& db, const Context& ctx, const OrgRef& school,
                                SchoolPatch patch);

Result<std::vector<GradeSummary>> ListGrades(store::Database& db, const OrgRef& school);
Result<std::vector<ClassInfo>> ListClasses(store::Database& db, const OrgRef& school,
                                           const std::string& grade_filter);
// R-ORG-3, R-POL-2: a class of `school`; its capacity defaults to, and may
// not exceed, the cap the school's effective policy sets for the grade's
// stage (CLASS_CAP_ABOVE_POLICY, naming the cap). Editing holds a changed
// capacity to the same cap.
Result<ClassInfo> CreateClass(store::Database& db, const Context& ctx, const OrgRef& school,
                              domain::ClassInput input);

struct ClassPatch {
  std::optional<std::string> name, head_teacher;
  std::optional<int> capacity;
};
Result<ClassInfo> UpdateClass(store::Database& db, const Context& ctx, int64_t class_id,
                              ClassPatch patch);
Status DeleteClass(store::Database& db, const Context& ctx, int64_t class_id);

}  // namespace xueji::service
