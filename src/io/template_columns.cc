#include "io/template_columns.h"

#include <map>

namespace xueji::io {
namespace {

constexpr size_t kTemplateMembers = 2;  // 成员1, 成员2

WriterColumn Col(const char* header, const char* field, bool required = false,
                 const char* code_table = "") {
  return WriterColumn{header, field, required, code_table, true};
}

// 成员N…: the twelve family-member columns, 成员1 required as the record
// needs at least one family member or guardian (R-INFO-2).
void AddMember(std::vector<WriterColumn>& out, size_t index) {
  struct Part {
    const char* header;
    const char* field;
    bool required;
    const char* code_table;
  };
  static const Part kParts[] = {
      {"姓名", "name", true, ""},
      {"关系", "relation", true, "family_relation"},
      {"关系说明", "relation_note", false, ""},
      {"现住址", "address", true, ""},
      {"户口所在地", "hukou_division", true, ""},
      {"联系电话", "phone", true, ""},
      {"是否监护人", "is_guardian", true, "yes_no"},
      {"身份证件类型", "id_type", false, "id_type"},
      {"身份证件号", "id_number", false, ""},
      {"民族", "ethnicity", false, "ethnicity"},
      {"工作单位", "employer", false, ""},
      {"职务", "position", false, ""},
  };
  std::string prefix = "成员" + std::to_string(index + 1);
  std::string field_prefix = "guardians[" + std::to_string(index) + "].";
  for (const Part& p : kParts) {
    out.push_back(WriterColumn{prefix + p.header, field_prefix + p.field, p.required && index == 0,
                               p.code_table, true});
  }
}

std::vector<WriterColumn> BuildColumns() {
  std::vector<WriterColumn> c = {
      Col("学校标识码", kSchoolCodeField, true),
      Col("姓名", "name", true),
      Col("性别", "sex", true, "sex"),
      Col("出生日期", "birth_date", true),
      Col("出生地", "birthplace", true),
      Col("籍贯", "native_place"),
      Col("民族", "ethnicity", true, "ethnicity"),
      Col("国籍/地区", "nationality", true, "nationality"),
      Col("身份证件类型", "id_type", true, "id_type"),
      Col("港澳台侨外", "hmt", true, "hmt_overseas"),
      Col("健康状况", "health", true, "health"),
      Col("政治面貌", "political", true, "political"),
      Col("身份证件号", "id_number"),  // may stay empty for 身份证件类型 Z-其他
      Col("户口性质", "hukou_type", true, "hukou_type"),
      Col("户口所在地", "hukou_division", true),
      Col("班级", kClassNameField, true),
      Col("入学年月", "entry_month", true),
      Col("入学方式", "enroll_method", true, "enroll_method"),
      Col("就读方式", "attend_mode", true, "attend_mode"),
      Col("现住址", "address", true),
      Col("通信地址", "mail_address"),
      Col("家庭地址", "home_address"),
      Col("联系电话", "phone", true),
      Col("邮政编码", "postal_code"),
      Col("是否独生子女", "only_child", true, "yes_no"),
      Col("是否受过学前教育", "preschool", true, "yes_no"),
      Col("是否留守儿童", "left_behind", true, "left_behind"),
      Col("是否需要申请资助", "needs_aid", true, "yes_no"),
      Col("是否享受一补", "one_subsidy", true, "yes_no"),
      Col("是否孤儿", "orphan", true, "yes_no"),
      Col("是否烈士或优抚子女", "martyr_child", true, "yes_no"),
      WriterColumn{"上下学距离（公里）", "", false, "", false},
      Col("上下学交通方式", ""),
      Col("是否需要乘坐校车", "", false, "yes_no"),
      Col("曾用名", "former_name"),
      Col("身份证件有效期", ""),
      Col("血型", ""),
      Col("特长", "specialty"),
      Col("学籍辅号", "school_student_no"),
      Col("班内学号", ""),
      Col("学生来源", "source", true, "student_source"),
      Col("年级", "grade_code", true),
      Col("电子信箱", "email"),
      Col("主页地址", ""),
      Col("残疾类型", "disability", true, "disability"),
      Col("是否由政府购买学位", "govt_degree", true, "yes_no"),
      Col("随班就读", "inclusive_class", true, "inclusive_class"),
  };
  for (size_t i = 0; i < kTemplateMembers; ++i) AddMember(c, i);
  c.push_back(Col("是否进城务工人员随迁子女", "migrant_child", true, "yes_no"));
  return c;
}

// The value of a student or guardian field named as in WriterColumn.
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

const std::vector<WriterColumn>& WriterColumns() {
  static const std::vector<WriterColumn> kColumns = BuildColumns();
  return kColumns;
}

int WriterColumnOf(std::string_view field) {
  const auto& columns = WriterColumns();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].field == field) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> WriterRow(const domain::StudentInput& student,
                                   std::string_view school_code, std::string_view class_name) {
  std::vector<std::string> row;
  const auto& columns = WriterColumns();
  row.reserve(columns.size());
  for (const WriterColumn& c : columns) {
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
