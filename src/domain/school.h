#pragma once

// Schools, grades and classes (R-ORG-2, R-ORG-3, R-POL-2).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/text.h"

namespace xueji::domain {

// 学段 (R-ORG-3). Combined schools span several stages.
enum class Stage { kPrimary, kJunior, kSenior };

struct SchoolStageInfo {
  std::string_view code;     // stable code stored in the database
  std::string_view chinese;  // 小学, 九年一贯制 …
  std::vector<Stage> stages;
};

// The school stages: 小学, 初中, 高中, 九年一贯制 (小学+初中), 完全中学 (初中+高中),
// 十二年一贯制 (all three).
const std::vector<SchoolStageInfo>& SchoolStages();
const SchoolStageInfo* FindSchoolStage(std::string_view code);

// School type (R-ORG-3, R-SPEC-2025): 普通, 特殊教育, 专门学校; 工读学校 is kept
// for old records but marked historical, so no new school may take it.
struct SchoolTypeInfo {
  std::string_view code;
  std::string_view chinese;
  bool historical;
};
const std::vector<SchoolTypeInfo>& SchoolTypes();
const SchoolTypeInfo* FindSchoolType(std::string_view code);

// Grades: 一年级 … 九年级 by stage, 高一 … 高三. Codes follow the usual 学籍
// convention: 11–16 小学, 21–23 初中, 31–33 高中.
struct GradeInfo {
  std::string_view code;
  std::string_view chinese;
  Stage stage;
};
const std::vector<GradeInfo>& Grades();
const GradeInfo* FindGrade(std::string_view code);

// R-POL-2: the national class-size norms, the defaults a province may lower.
int DefaultClassCap(Stage stage);

// Input for creating a school. The authority is normally the location county;
// a 省直管/市直管 school names its province or city (R-ORG-2).
struct SchoolInput {
  std::string code;  // 10-digit 学校标识码
  std::string name;
  std::string stage;           // SchoolStageInfo::code
  std::string type;            // SchoolTypeInfo::code
  std::string county_code;     // location county (6 digits)
  std::string authority_code;  // 学籍主管部门: the county, its city, or its province
};

// R-ORG-2, R-ORG-3: checks formats, codes and that the authority is the
// location county or one of its ancestors. Trims the name.
Status ValidateSchool(SchoolInput& input);

struct ClassInput {
  std::string grade_code;
  std::string name;          // e.g. "1班"
  std::string head_teacher;  // 班主任 name (may be empty until assigned)
  int capacity = 0;          // 0 = the stage default (R-POL-2)
};

// R-POL-2: the class-size caps in force at a school, by stage (the effective
// policy's, domain/policy.h); a stage absent uses DefaultClassCap.
using ClassCaps = std::map<Stage, int>;

// R-ORG-3, R-POL-2: the grade must belong to one of the school's stages; the
// name is 1–20 characters; the capacity is 1..kMaxClassCap (CLASS_CAPACITY)
// and, when `check_cap`, at most the cap in force for the grade's stage
// (CLASS_CAP_ABOVE_POLICY, naming the cap). A capacity of 0 becomes that cap.
Status ValidateClass(const SchoolStageInfo& school_stage, ClassInput& input,
                     const ClassCaps& caps = {}, bool check_cap = true);

inline constexpr int kMaxClassCap = 100;

}  // namespace xueji::domain
