#include "domain/student_record.h"

#include <gtest/gtest.h>

#include <map>

namespace xueji::domain {
namespace {

// The tables a record needs, with a few of the national codes each.
class FakeCodes : public CodeLookup {
 public:
  FakeCodes() {
    Add("sex", {{"1", "男"}, {"2", "女"}});
    Add("yes_no", {{"1", "是"}, {"0", "否"}});
    Add("ethnicity", {{"01", "汉族"}, {"09", "布依族"}, {"97", "其他"}});
    Add("nationality", {{"CHN", "中国"}, {"USA", "美国"}});
    Add("id_type", {{"1", "居民身份证"}, {"6", "香港特区护照/身份证明"}, {"Z", "其他"}});
    Add("hmt_overseas", {{"00", "否"}, {"01", "香港同胞"}});
    Add("political", {{"13", "群众"}, {"03", "共青团员"}});
    Add("health", {{"10", "健康或良好"}, {"40", "有生理缺陷", true}});
    Add("hukou_type", {{"1", "农业户口"}, {"2", "非农业户口"}});
    Add("enroll_method", {{"11", "就近入学"}, {"12", "其他"}});
    Add("attend_mode", {{"1", "走读"}, {"2", "住校"}});
    Add("student_source", {{"1", "正常入学"}, {"9", "其他"}});
    Add("left_behind", {{"0", "非留守儿童"}, {"1", "单亲留守儿童"}});
    Add("inclusive_class", {{"0", "非随班就读"}});
    Add("disability", {{"0", "无残疾"}});
    Add("family_relation", {{"51", "父亲"}, {"52", "母亲"}});
  }
  const CodeTable* Table(std::string_view id) const override {
    auto it = tables_.find(std::string(id));
    return it == tables_.end() ? nullptr : &it->second;
  }

 private:
  void Add(std::string id, std::vector<CodeValue> values) {
    tables_.emplace(id, CodeTable(id, id, std::move(values)));
  }
  std::map<std::string, CodeTable> tables_;
};

const Date kToday{2026, 11, 23};

StudentInput ValidFirstGrader() {
  StudentInput s;
  s.name = " 王小明 ";
  s.sex = "1";
  s.birth_date = "2019-09-01";
  s.birthplace = "520102";
  s.ethnicity = "01";
  s.nationality = "chn";
  s.id_type = "1";
  s.id_number = "52010220190901123x";
  s.hmt = "00";
  s.political = "13";
  s.health = "10";
  s.hukou_division = "520102";
  s.hukou_type = "2";
  s.grade_code = "11";
  s.class_id = 1;
  s.entry_month = "2026-09";
  s.enroll_method = "11";
  s.attend_mode = "1";
  s.source = "1";
  s.address = "贵阳市南明区花果园";
  s.phone = "138 0851 0000";
  for (std::string* flag :
       {&s.only_child, &s.preschool, &s.left_behind, &s.migrant_child, &s.orphan, &s.martyr_child,
        &s.inclusive_class, &s.disability, &s.govt_degree, &s.needs_aid, &s.one_subsidy}) {
    *flag = "0";
  }
  GuardianInput father;
  father.name = "王大明";
  father.relation = "51";
  father.address = "贵阳市南明区花果园";
  father.hukou_division = "520102";
  father.phone = "13908510000";
  father.is_guardian = "1";
  father.id_type = "1";
  father.id_number = "520102198001010013";
  s.guardians.push_back(father);
  return s;
}

TEST(StudentRecord, R_INFO_1_valid_record_is_normalized) {
  FakeCodes codes;
  auto v = ValidateNewStudent(ValidFirstGrader(), codes, kToday);
  ASSERT_TRUE(v.ok()) << v.error().field << " " << v.error().message;
  EXPECT_EQ(v->record.name, "王小明");
  EXPECT_EQ(v->record.id_number, "52010220190901123X");
  EXPECT_EQ(v->record.nationality, "CHN");
  EXPECT_EQ(v->record.phone, "13808510000");
  EXPECT_EQ(v->record.entry_month, "202609");
  ASSERT_TRUE(v->id.has_value());
  EXPECT_EQ(v->id->division, "520102");
  EXPECT_TRUE(v->warnings.empty());
}

TEST(StudentRecord, R_INFO_4_every_wrong_field_is_reported_at_once) {
  FakeCodes codes;
  StudentInput s = ValidFirstGrader();
  s.sex = "3";
  s.ethnicity = "";
  s.health = "40";  // historical code: refused for a new record
  s.phone = "12345";
  s.guardians[0].phone = "";
  s.birthplace = "99";
  auto v = ValidateNewStudent(s, codes, kToday);
  ASSERT_FALSE(v.ok());
  std::map<std::string, std::string> by_field;
  for (const auto& e : v.error().details) by_field[e.field] = e.code;
  EXPECT_EQ(by_field["sex"], "CODE_VALUE");
  EXPECT_EQ(by_field["ethnicity"], "REQUIRED");
  EXPECT_EQ(by_field["health"], "CODE_VALUE_HISTORICAL");
  EXPECT_EQ(by_field["phone"], "PHONE_FORMAT");
  EXPECT_EQ(by_field["guardians[0].phone"], "REQUIRED");
  EXPECT_EQ(by_field["birthplace"], "DIVISION_CODE");
  EXPECT_EQ(v.error().field, v.error().details.front().field);
}

TEST(StudentRecord, R_INFO_1_id_number_must_match_sex_and_birth) {
  FakeCodes codes;
  struct Case {
    const char* what;
    void (*mutate)(StudentInput&);
    const char* field;
    const char* code;
  };
  const Case cases[] = {
      {"sex", [](StudentInput& s) { s.sex = "2"; }, "id_number", "ID_SEX_MISMATCH"},
      {"birth", [](StudentInput& s) { s.birth_date = "2019-09-02"; }, "id_number",
       "ID_BIRTH_MISMATCH"},
      {"checksum", [](StudentInput& s) { s.id_number = "520102201909011230"; }, "id_number",
       "ID_CHECKSUM"},
      {"guardian id", [](StudentInput& s) { s.guardians[0].id_number = "52010219800101001"; },
       "guardians[0].id_number", "ID_FORMAT"},
      {"no guardian", [](StudentInput& s) { s.guardians[0].is_guardian = "0"; }, "guardians",
       "GUARDIAN_REQUIRED"},
      {"no family", [](StudentInput& s) { s.guardians.clear(); }, "guardians", "GUARDIAN_REQUIRED"},
      {"entry before birth", [](StudentInput& s) { s.entry_month = "201901"; }, "entry_month",
       "ENTRY_BEFORE_BIRTH"},
      {"name digits", [](StudentInput& s) { s.name = "王小明2"; }, "name", "NAME_CHARS"},
      {"no class", [](StudentInput& s) { s.class_id = 0; }, "class_id", "REQUIRED"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    StudentInput s = ValidFirstGrader();
    c.mutate(s);
    auto v = ValidateNewStudent(s, codes, kToday);
    ASSERT_FALSE(v.ok());
    bool found = false;
    for (const auto& e : v.error().details)
      found = found || (e.field == c.field && e.code == c.code);
    EXPECT_TRUE(found) << v.error().field << " " << v.error().code;
  }
}

TEST(StudentRecord, R_INFO_1_other_documents_and_no_document) {
  FakeCodes codes;
  StudentInput s = ValidFirstGrader();
  s.id_type = "Z";
  s.id_number = "";
  EXPECT_TRUE(ValidateNewStudent(s, codes, kToday).ok());
  s.id_type = "6";
  auto v = ValidateNewStudent(s, codes, kToday);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().field, "id_number");  // a passport-type document needs its number
  s.id_number = "H12345678";
  EXPECT_TRUE(ValidateNewStudent(s, codes, kToday).ok());
}

TEST(StudentRecord, R_INFO_3_age_far_from_grade_is_a_warning) {
  FakeCodes codes;
  StudentInput s = ValidFirstGrader();
  s.grade_code = "16";  // 六年级 at seven
  auto v = ValidateNewStudent(s, codes, kToday);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->warnings.size(), 1u);
  EXPECT_EQ(v->warnings[0].code, "AGE_GRADE_IMPLAUSIBLE");
}

// The national tables of FakeCodes, with 家庭成员关系 "59" (其他) retired.
class CodesWithRetiredRelation : public CodeLookup {
 public:
  const CodeTable* Table(std::string_view id) const override {
    return id == "family_relation" ? &relation_ : base_.Table(id);
  }

 private:
  FakeCodes base_;
  CodeTable relation_{
      "family_relation", "家庭成员关系", {{"51", "父亲"}, {"52", "母亲"}, {"59", "其他", true}}};
};

// A stored record (already normalized) holding the retired codes health
// "40" and, for its guardian, relation "59".
StudentInput StoredWithRetiredCodes() {
  CodesWithRetiredRelation codes;
  StudentInput s = ValidateNewStudent(ValidFirstGrader(), codes, kToday).value().record;
  s.health = "40";
  s.guardians[0].relation = "59";
  return s;
}

TEST(EditedStudent, R_CHG_1_codes_a_record_already_holds_stay_valid_when_retired) {
  CodesWithRetiredRelation codes;
  const StudentInput stored = StoredWithRetiredCodes();
  struct Case {
    const char* name;
    void (*edit)(StudentInput&);
  };
  const std::vector<Case> cases = {
      {"an unrelated field", [](StudentInput& s) { s.phone = "13908519999"; }},
      {"the same code typed with spaces", [](StudentInput& s) { s.health = " 40 "; }},
      {"a family member's other field",
       [](StudentInput& s) { s.guardians[0].phone = "13908519999"; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    StudentInput edited = stored;
    c.edit(edited);
    auto v = ValidateEditedStudent(edited, stored, codes, kToday);
    ASSERT_TRUE(v.ok()) << v.error().field << " " << v.error().message;
    EXPECT_EQ(v->record.health, "40");
    EXPECT_EQ(v->record.guardians[0].relation, "59");
    EXPECT_EQ(v->record.id_number, "52010220190901123X");
  }
}

TEST(EditedStudent, R_CHG_1_a_changed_value_must_be_a_current_code) {
  CodesWithRetiredRelation codes;
  StudentInput stored = ValidateNewStudent(ValidFirstGrader(), codes, kToday).value().record;
  struct Case {
    const char* name;
    void (*edit)(StudentInput&);
    const char* field;
  };
  const std::vector<Case> cases = {
      {"health changed to a retired code", [](StudentInput& s) { s.health = "40"; }, "health"},
      {"relation changed to a retired code",
       [](StudentInput& s) { s.guardians[0].relation = "59"; }, "guardians[0].relation"},
      {"a new family member with a retired code",
       [](StudentInput& s) {
         s.guardians.push_back(s.guardians[0]);
         s.guardians[1].relation = "59";
       },
       "guardians[1].relation"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    StudentInput edited = stored;
    c.edit(edited);
    auto v = ValidateEditedStudent(edited, stored, codes, kToday);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, "CODE_VALUE_HISTORICAL");
    EXPECT_EQ(v.error().field, c.field);
  }
}

TEST(EditedStudent, R_CHG_1_every_other_wrong_field_is_reported_at_once) {
  CodesWithRetiredRelation codes;
  const StudentInput stored = StoredWithRetiredCodes();
  StudentInput edited = stored;
  edited.sex = "2";  // disagrees with the ID number
  edited.phone = "12345";
  edited.guardians[0].name = "";
  auto v = ValidateEditedStudent(edited, stored, codes, kToday);
  ASSERT_FALSE(v.ok());
  std::map<std::string, std::string> by_field;
  for (const auto& e : v.error().details) by_field[e.field] = e.code;
  EXPECT_EQ(by_field.size(), 3u);
  EXPECT_EQ(by_field["id_number"], "ID_SEX_MISMATCH");
  EXPECT_EQ(by_field["phone"], "PHONE_FORMAT");
  EXPECT_EQ(by_field.count("guardians[0].name"), 1u);
  EXPECT_EQ(by_field.count("health"), 0u);
}

}  // namespace
}  // namespace xueji::domain
