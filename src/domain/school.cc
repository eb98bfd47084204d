#include "domain/school.h"

#include <algorithm>

#include "domain/org.h"

namespace xueji::domain {

const std::vector<SchoolStageInfo>& SchoolStages() {
  static const std::vector<SchoolStageInfo> kStages = {
      {"primary", "小学", {Stage::kPrimary}},
      {"junior", "初中", {Stage::kJunior}},
      {"senior", "高中", {Stage::kSenior}},
      {"nine_year", "九年一贯制", {Stage::kPrimary, Stage::kJunior}},
      {"complete_middle", "完全中学", {Stage::kJunior, Stage::kSenior}},
      {"twelve_year", "十二年一贯制", {Stage::kPrimary, Stage::kJunior, Stage::kSenior}},
  };
  return kStages;
}

const SchoolStageInfo* FindSchoolStage(std::string_view code) {
  for (const auto& s : SchoolStages())
    if (s.code == code) return &s;
  return nullptr;
}

const std::vector<SchoolTypeInfo>& SchoolTypes() {
  static const std::vector<SchoolTypeInfo> kTypes = {
      {"regular", "普通学校", false},
      {"special", "特殊教育学校", false},
      {"specialized", "专门学校", false},
      {"reform", "工读学校", true},
  };
  return kTypes;
}

const SchoolTypeInfo* FindSchoolType(std::string_view code) {
  for (const auto& t : SchoolTypes())
    if (t.code == code) return &t;
  return nullptr;
}

const std::vector<GradeInfo>& Grades() {
  static const std::vector<GradeInfo> kGrades = {
      {"11", "一年级", Stage::kPrimary}, {"12", "二年级", Stage::kPrimary},
      {"13", "三年级", Stage::kPrimary}, {"14", "四年级", Stage::kPrimary},
      {"15", "五年级", Stage::kPrimary}, {"16", "六年级", Stage::kPrimary},
      {"21", "七年级", Stage::kJunior},  {"22", "八年级", Stage::kJunior},
      {"23", "九年级", Stage::kJunior},  {"31", "高一", Stage::kSenior},
      {"32", "高二", Stage::kSenior},    {"33", "高三", Stage::kSenior},
  };
  return kGrades;
}

const GradeInfo* FindGrade(std::string_view code) {
  for (const auto& g : Grades())
    if (g.code == code) return &g;
  return nullptr;
}

// R-POL-2
int DefaultClassCap(Stage stage) { return stage == Stage::kPrimary ? 45 : 50; }

namespace {

Status ValidateName(std::string& name, std::string_view field, int max_len, std::string_view what) {
  name = TrimSpaces(name);
  int len = Utf8Length(name);
  if (len < 0) {
    return Invalid("TEXT_ENCODING", std::string(field),
                   std::string(what) + "含有无效字符，请使用UTF-8文本");
  }
  if (len == 0) return Invalid("REQUIRED", std::string(field), std::string(what) + "不能为空");
  if (len > max_len) {
    return Invalid("TOO_LONG", std::string(field),
                   std::string(what) + "不能超过" + std::to_string(max_len) + "个字符");
  }
  return Ok();
}

}  // namespace

// R-ORG-2, R-ORG-3
Status ValidateSchool(SchoolInput& in) {
  if (in.code.size() != 10 || !AllDigits(in.code)) {
    return Invalid("SCHOOL_CODE_FORMAT", "code", "学校标识码应为10位数字");
  }
  XUEJI_RETURN_IF_ERROR(ValidateName(in.name, "name", 60, "学校名称"));
  if (FindSchoolStage(in.stage) == nullptr) {
    return Invalid("SCHOOL_STAGE", "stage",
                   "学段无效，应为小学、初中、高中、九年一贯制、完全中学或十二年一贯制");
  }
  const SchoolTypeInfo* type = FindSchoolType(in.type);
  if (type == nullptr) return Invalid("SCHOOL_TYPE", "type", "学校类型无效");
  if (type->historical) {
    return Invalid("SCHOOL_TYPE_HISTORICAL", "type",
                   "“工读学校”已由“专门学校”取代（教基〔2025〕1号），新建学校请选择专门学校");
  }
  // A prefecture-level city without counties (不设区的地级市: 东莞, 中山, 儋州)
  // is its own location; whether a city has counties is checked with the
  // tree by the service.
  auto county_level = LevelOfCode(in.county_code, "county_code");
  if (!county_level.ok() ||
      (*county_level != OrgLevel::kCounty && *county_level != OrgLevel::kCity)) {
    return Invalid("SCHOOL_COUNTY", "county_code",
                   "所在县（区）应为6位县级行政区划代码（不设区的地级市填市的代码）");
  }
  if (in.authority_code.empty()) in.authority_code = in.county_code;
  bool authority_ok = in.authority_code == in.county_code ||
                      in.authority_code == CityOf(in.county_code) ||
                      in.authority_code == ProvinceOf(in.county_code);
  if (!authority_ok) {
    return Invalid("SCHOOL_AUTHORITY", "authority_code",
                   "学籍主管部门应为所在县，或（省直管、市直管学校）所在的市或省");
  }
  return Ok();
}

namespace {
std::string StageLabel(Stage s) {
  return s == Stage::kPrimary ? "小学" : s == Stage::kJunior ? "初中" : "高中";
}
}  // namespace

// R-ORG-3, R-POL-2
Status ValidateClass(const SchoolStageInfo& school_stage, ClassInput& in, const ClassCaps& caps,
                     bool check_cap) {
  const GradeInfo* grade = FindGrade(in.grade_code);
  if (grade == nullptr) return Invalid("GRADE_CODE", "grade_code", "年级代码无效");
  if (std::find(school_stage.stages.begin(), school_stage.stages.end(), grade->stage) ==
      school_stage.stages.end()) {
    return Invalid("GRADE_STAGE", "grade_code",
                   std::string(grade->chinese) + "不属于本校学段（" +
                       std::string(school_stage.chinese) + "）");
  }
  XUEJI_RETURN_IF_ERROR(ValidateName(in.name, "name", 20, "班级名称"));
  in.head_teacher = TrimSpaces(in.head_teacher);
  int teacher_len = Utf8Length(in.head_teacher);
  if (teacher_len < 0 || teacher_len > 50) {
    return Invalid("HEAD_TEACHER", "head_teacher", "班主任姓名应为不超过50个字符的文本");
  }
  auto policy = caps.find(grade->stage);
  int cap = policy != caps.end() ? policy->second : DefaultClassCap(grade->stage);
  if (in.capacity == 0) in.capacity = cap;
  if (in.capacity < 1 || in.capacity > kMaxClassCap) {
    return Invalid("CLASS_CAPACITY", "capacity",
                   "班额上限应在1到" + std::to_string(kMaxClassCap) + "之间");
  }
  if (check_cap && in.capacity > cap) {
    return Invalid("CLASS_CAP_ABOVE_POLICY", "capacity",
                   "班额不能超过本地政策规定的" + StageLabel(grade->stage) + "班额上限" +
                       std::to_string(cap) + "人（本班设为" + std::to_string(in.capacity) + "人）");
  }
  return Ok();
}

}  // namespace xueji::domain
