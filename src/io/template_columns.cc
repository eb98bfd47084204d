#include "io/template_columns.h"

#include <map>
#include <unordered_map>

namespace xueji::io {
namespace {

constexpr FieldFormat kText{FieldKind::kText, 0};
constexpr FieldFormat kCode{FieldKind::kCode, 0};
constexpr FieldFormat kCode2{FieldKind::kCode, 2};  // 民族, 港澳台侨外, 政治面貌: "01"
constexpr FieldFormat kIdNo{FieldKind::kIdNumber, 0};
constexpr FieldFormat kDate{FieldKind::kDate, 0};
constexpr FieldFormat kMonth{FieldKind::kYearMonth, 0};
constexpr FieldFormat kPostal{FieldKind::kCode, 6};

constexpr size_t kNationalMembers = 2;  // 成员1, 成员2

// A column the record holds.
TemplateColumn Col(const char* header, const char* field, bool required, const char* code_table,
                   FieldFormat format, std::vector<std::string> aliases = {}) {
  return TemplateColumn{header, std::move(aliases), field, required, code_table, format, true};
}

// A column of the national template that the record does not hold.
TemplateColumn Unkept(const char* header, const char* code_table = "", bool text = true) {
  return TemplateColumn{header, {}, "", false, code_table, kText, text};
}

const std::vector<std::string> kHukouAliases = {"户口所在地行政区划", "户口所在地行政区域",
                                                "户口所在地行政区划代码"};

// 成员N…: the twelve family-member columns; 成员1's are required as the
// record needs at least one family member or guardian (R-INFO-2).
void AddMember(std::vector<TemplateColumn>& out, size_t index) {
  static const std::vector<TemplateColumn> kParts = {
      Col("姓名", "name", true, "", kText),
      Col("关系", "relation", true, "family_relation", kCode),
      Col("关系说明", "relation_note", false, "", kText),
      Col("现住址", "address", true, "", kText, {"现住地址"}),
      Col("户口所在地", "hukou_division", true, "", kCode, kHukouAliases),
      Col("联系电话", "phone", true, "", kCode),
      Col("是否监护人", "is_guardian", true, "yes_no", kCode),
      Col("身份证件类型", "id_type", false, "id_type", kCode),
      Col("身份证件号", "id_number", false, "", kIdNo, {"身份证件号码"}),
      Col("民族", "ethnicity", false, "ethnicity", kCode2),
      Col("工作单位", "employer", false, "", kText),
      Col("职务", "position", false, "", kText),
  };
  std::string prefix = "成员" + std::to_string(index + 1);
  for (const TemplateColumn& part : kParts) {
    TemplateColumn c = part;
    c.header = prefix + part.header;
    c.field = "guardians[" + std::to_string(index) + "]." + part.field;
    c.required = part.required && index == 0;
    c.aliases.clear();
    for (const auto& a : part.aliases) c.aliases.push_back(prefix + a);
    c.aliases.push_back("家庭" + c.header);
    out.push_back(std::move(c));
  }
}

// 学校标识码 … 随班就读: the national template's columns before 成员1.
std::vector<TemplateColumn> StudentColumns() {
  return {
      Col("学校标识码", kSchoolCodeField, false, "", kCode),
      Col("姓名", "name", true, "", kText, {"学生姓名"}),
      Col("性别", "sex", true, "sex", kCode),
      Col("出生日期", "birth_date", true, "", kDate),
      Col("出生地", "birthplace", true, "", kCode,
          {"出生地行政区划代码", "出生地行政区划", "出生地行政区域"}),
      Col("籍贯", "native_place", false, "", kText),
      Col("民族", "ethnicity", true, "ethnicity", kCode2),
      Col("国籍/地区", "nationality", true, "nationality", kCode,
          {"国籍、地区", "国籍地区", "国籍"}),
      Col("身份证件类型", "id_type", true, "id_type", kCode, {"证件类型"}),
      Col("港澳台侨外", "hmt", true, "hmt_overseas", kCode2),
      Col("健康状况", "health", true, "health", kCode),
      Col("政治面貌", "political", true, "political", kCode2),
      Col("身份证件号", "id_number", true, "", kIdNo,
          {"身份证件号码", "身份证号", "身份证号码", "证件号码"}),
      Col("户口性质", "hukou_type", true, "hukou_type", kCode),
      Col("户口所在地", "hukou_division", true, "", kCode, kHukouAliases),
      Col("班级", kClassNameField, true, "", kText, {"班级号", "班号", "班级名称"}),
      Col("入学年月", "entry_month", true, "", kMonth, {"入学年份"}),
      Col("入学方式", "enroll_method", true, "enroll_method", kCode),
      Col("就读方式", "attend_mode", true, "attend_mode", kCode),
      Col("现住址", "address", true, "", kText, {"现住地址"}),
      Col("通信地址", "mail_address", false, "", kText),
      Col("家庭地址", "home_address", false, "", kText),
      Col("联系电话", "phone", true, "", kCode),
      Col("邮政编码", "postal_code", false, "", kPostal),
      Col("是否独生子女", "only_child", true, "yes_no", kCode),
      Col("是否受过学前教育", "preschool", true, "yes_no", kCode),
      Col("是否留守儿童", "left_behind", true, "left_behind", kCode),
      Col("是否需要申请资助", "needs_aid", true, "yes_no", kCode),
      Col("是否享受一补", "one_subsidy", true, "yes_no", kCode),
      Col("是否孤儿", "orphan", true, "yes_no", kCode),
      Col("是否烈士或优抚子女", "martyr_child", true, "yes_no", kCode, {"是否烈士或扶优子女"}),
      Unkept("上下学距离（公里）", "", false),
      Unkept("上下学交通方式"),
      Unkept("是否需要乘坐校车", "yes_no"),
      Col("曾用名", "former_name", false, "", kText),
      Unkept("身份证件有效期"),
      Unkept("血型"),
      Col("特长", "specialty", false, "", kText),
      Col("学籍辅号", "school_student_no", false, "", kCode, {"学习辅号"}),
      Unkept("班内学号"),
      Col("学生来源", "source", true, "student_source", kCode),
      Col("年级", "grade_code", true, "", kCode),
      Col("电子信箱", "email", false, "", kText, {"电子邮箱"}),
      Unkept("主页地址"),
      Col("残疾类型", "disability", true, "disability", kCode, {"残疾人类型"}),
      Col("是否由政府购买学位", "govt_degree", true, "yes_no", kCode),
      Col("随班就读", "inclusive_class", true, "inclusive_class", kCode),
  };
}

std::vector<TemplateColumn> BuildColumns() {
  std::vector<TemplateColumn> c = StudentColumns();
  for (size_t i = 0; i < kNationalMembers; ++i) AddMember(c, i);
  c.push_back(Col("是否进城务工人员随迁子女", "migrant_child", true, "yes_no", kCode));
  for (size_t i = kNationalMembers; i < domain::kMaxGuardians; ++i) AddMember(c, i);
  return c;
}

// The value of a student or guardian field named as in TemplateColumn.
std::string FieldValue(const domain::StudentInput& s, const std::string& field) {
  static const auto* kStudent = [] {
    auto* m = new std::map<std::string, std::string domain::StudentInput::*>;
    for (const auto& f : domain::StudentFields()) (*m)[f.name] = f.member;
    return m;
  }();
  static const auto* kGuardian = [] {
    auto* m = new std::map<std::string, std::string domain::GuardianInput::*>;
    for (const auto& f : domain::GuardianFields()) (*m)[f.name] = f.member;
    return m;
  }();
  if (auto it = kStudent->find(field); it != kStudent->end()) return s.*(it->second);
  const std::string prefix = "guardians[";
  if (field.compare(0, prefix.size(), prefix) != 0) return "";
  size_t close = field.find("].", prefix.size());
  if (close == std::string::npos) return "";
  size_t index = std::stoul(field.substr(prefix.size(), close - prefix.size()));
  if (index >= s.guardians.size()) return "";
  auto it = kGuardian->find(field.substr(close + 2));
  return it == kGuardian->end() ? "" : s.guardians[index].*(it->second);
}

}  // namespace

const std::vector<TemplateColumn>& TemplateColumns() {
  static const std::vector<TemplateColumn> kColumns = BuildColumns();
  return kColumns;
}

std::span<const TemplateColumn> NationalTemplateColumns() {
  // 是否进城务工人员随迁子女 is the national template's last column.
  static const size_t kCount = static_cast<size_t>(TemplateColumnOf("migrant_child")) + 1;
  return std::span<const TemplateColumn>(TemplateColumns()).first(kCount);
}

int TemplateColumnOf(std::string_view field) {
  // Field → the first column holding it, built once: the importer asks per
  // row and field.
  static const auto* kIndex = [] {
    auto* index = new std::unordered_map<std::string_view, int>;
    const auto& columns = TemplateColumns();
    for (size_t i = 0; i < columns.size(); ++i) {
      index->try_emplace(columns[i].field, static_cast<int>(i));
    }
    return index;
  }();
  auto it = kIndex->find(field);
  return it == kIndex->end() ? -1 : it->second;
}

std::vector<std::string> TemplateRowCells(const domain::StudentInput& student,
                                          std::string_view school_code,
                                          std::string_view class_name) {
  std::vector<std::string> row;
  row.reserve(NationalTemplateColumns().size());
  for (const TemplateColumn& c : NationalTemplateColumns()) {
    if (c.field == kSchoolCodeField) {
      row.emplace_back(school_code);
    } else if (c.field == kClassNameField) {
      row.emplace_back(class_name);
    } else if (c.field.empty()) {
      row.emplace_back();
    } else {
      row.push_back(FieldValue(student, c.field));
    }
  }
  return row;
}

}  // namespace xueji::io
