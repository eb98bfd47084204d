#include "domain/student_record.h"

#include <array>
#include <cstdio>
#include <map>

#include "domain/contact.h"
#include "domain/person_name.h"
#include "domain/school.h"
#include "domain/text.h"

namespace xueji::domain {
namespace {

// "%04d%02d" of an entry month (ParseEntryMonth's: year 1900 on, month 1–12).
std::string FormatYearMonth(YearMonth ym) {
  if (ym.year < 0 || ym.year > 9999 || ym.month < 0 || ym.month > 99) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d", ym.year, ym.month);
    return buf;
  }
  char buf[6] = {
      static_cast<char>('0' + ym.year / 1000),    static_cast<char>('0' + ym.year / 100 % 10),
      static_cast<char>('0' + ym.year / 10 % 10), static_cast<char>('0' + ym.year % 10),
      static_cast<char>('0' + ym.month / 10),     static_cast<char>('0' + ym.month % 10)};
  return std::string(buf, sizeof buf);
}

// Collects field errors; every check runs so that a form shows all at once.
// Fields are named by views (literals, or GuardianFieldNames), made strings
// only for an error.
class Checker {
 public:
  Checker(const CodeLookup& codes) : codes_(codes) {}

  void Add(const Error& e) { errors_.push_back(e); }
  void Add(const Status& s) {
    if (!s.ok()) errors_.push_back(s.error());
  }
  bool Ok() const { return errors_.empty(); }
  Error Result() const {
    Error e = errors_.front();
    e.details = errors_;
    return e;
  }

  // A required or optional coded field, checked against its table for a new
  // record (historical codes refused).
  void Code(std::string& value, std::string_view table, std::string_view field, bool required,
            std::string_view label) {
    CompactCodeInPlace(value);
    for (char& c : value)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (value.empty()) {
      if (required) Add(Invalid("REQUIRED", std::string(field), "请选择" + std::string(label)));
      return;
    }
    const CodeTable* t = Table(table);
    if (t == nullptr) {
      Add(Error{ErrorKind::kInternal, "CODE_TABLE_MISSING", std::string(field),
                "代码表" + std::string(table) + "不存在"});
      return;
    }
    Add(t->ValidateForNew(value, field));
  }

  // Free text: trimmed, valid UTF-8, at most `max` characters.
  void Text(std::string& value, std::string_view field, bool required, int max,
            std::string_view label) {
    FoldFullWidthInPlace(value);
    TrimSpacesInPlace(value);
    int len = Utf8Length(value);
    if (len < 0) {
      Add(Invalid("TEXT_ENCODING", std::string(field), std::string(label) + "含有无效字符"));
    } else if (len == 0 && required) {
      Add(Invalid("REQUIRED", std::string(field), "请填写" + std::string(label)));
    } else if (len > max) {
      Add(Invalid("TOO_LONG", std::string(field),
                  std::string(label) + "不能超过" + std::to_string(max) + "个字符"));
    }
  }

  // A six-digit division code (出生地, 户口所在地); whether it exists is the
  // service's check against the organization tree.
  void Division(std::string& value, std::string_view field, std::string_view label) {
    CompactCodeInPlace(value);
    bool ok = value.size() == 6 && IsMainlandProvinceCode(std::string_view(value).substr(0, 2));
    for (char c : value) ok = ok && c >= '0' && c <= '9';
    if (value.empty()) {
      Add(Invalid("REQUIRED", std::string(field), "请选择" + std::string(label)));
    } else if (!ok) {
      Add(Invalid("DIVISION_CODE", std::string(field), std::string(label) + "应为6位行政区划代码"));
    }
  }

  void Name(std::string& value, std::string_view field) {
    auto n = NormalizePersonName(value, field);
    if (n.ok()) {
      value = std::move(n).value();
    } else {
      Add(n.error());
    }
  }

  void Phone(std::string& value, std::string_view field, bool required) {
    if (TrimmedSpaces(value).empty()) {
      if (required) Add(Invalid("REQUIRED", std::string(field), "请填写联系电话"));
      value.clear();
      return;
    }
    auto p = NormalizePhone(value, field);
    if (p.ok()) {
      value = std::move(p).value();
    } else {
      Add(p.error());
    }
  }

 private:
  // The table with this id, asked of `codes_` once per table: a record asks
  // for yes_no a dozen times.
  const CodeTable* Table(std::string_view id) {
    for (const auto& [seen, table] : tables_) {
      if (seen == id) return table;
    }
    const CodeTable* table = codes_.Table(id);
    tables_.emplace_back(id, table);
    return table;
  }

  const CodeLookup& codes_;
  std::vector<Error> errors_;
  std::vector<std::pair<std::string, const CodeTable*>> tables_;
};

// The error fields of family member i ("guardians[1].phone"), built once.
struct GuardianFieldNames {
  std::string name, relation, relation_note, address, hukou_division, phone, is_guardian, id_type,
      id_number, ethnicity, employer, position;
};

const GuardianFieldNames& GuardianNames(size_t index) {
  static const auto* kNames = [] {
    auto* names = new std::array<GuardianFieldNames, kMaxGuardians>;
    for (size_t i = 0; i < kMaxGuardians; ++i) {
      std::string p = "guardians[" + std::to_string(i) + "].";
      (*names)[i] = {p + "name",           p + "relation",  p + "relation_note", p + "address",
                     p + "hukou_division", p + "phone",     p + "is_guardian",   p + "id_type",
                     p + "id_number",      p + "ethnicity", p + "employer",      p + "position"};
    }
    return names;
  }();
  return (*kNames)[index];
}

void CheckGuardian(Checker& c, GuardianInput& g, size_t index, Date today) {
  const GuardianFieldNames& f = GuardianNames(index);
  c.Name(g.name, f.name);
  c.Code(g.relation, "family_relation", f.relation, true, "家庭成员关系");
  c.Text(g.relation_note, f.relation_note, false, 50, "关系说明");
  c.Text(g.address, f.address, true, 200, "现住址");
  c.Division(g.hukou_division, f.hukou_division, "户口所在地");
  c.Phone(g.phone, f.phone, true);
  c.Code(g.is_guardian, "yes_no", f.is_guardian, true, "是否监护人");
  c.Code(g.id_type, "id_type", f.id_type, false, "身份证件类型");
  c.Code(g.ethnicity, "ethnicity", f.ethnicity, false, "民族");
  c.Text(g.employer, f.employer, false, 100, "工作单位");
  c.Text(g.position, f.position, false, 50, "职务");
  if (g.id_type == kCitizenIdType) {
    auto id = ParseIdNumber(g.id_number, today, f.id_number);
    if (id.ok()) {
      g.id_number = id->normalized;
    } else {
      c.Add(id.error());
    }
  } else {
    c.Text(g.id_number, f.id_number, false, 30, "身份证件号");
  }
}

}  // namespace

const std::vector<StudentField>& StudentFields() {
  using S = StudentInput;
  static const std::vector<StudentField> kFields = {
      {"name", &S::name, "姓名"},
      {"former_name", &S::former_name, "曾用名"},
      {"sex", &S::sex, "性别"},
      {"birth_date", &S::birth_date, "出生日期"},
      {"birthplace", &S::birthplace, "出生地"},
      {"native_place", &S::native_place, "籍贯"},
      {"ethnicity", &S::ethnicity, "民族"},
      {"nationality", &S::nationality, "国籍/地区"},
      {"id_type", &S::id_type, "身份证件类型"},
      {"id_number", &S::id_number, "身份证件号"},
      {"hmt", &S::hmt, "港澳台侨外"},
      {"political", &S::political, "政治面貌"},
      {"health", &S::health, "健康状况"},
      {"hukou_division", &S::hukou_division, "户口所在地"},
      {"hukou_type", &S::hukou_type, "户口性质"},
      {"specialty", &S::specialty, "特长"},
      {"school_student_no", &S::school_student_no, "学籍辅号"},
      {"grade_code", &S::grade_code, "年级"},
      {"entry_month", &S::entry_month, "入学年月"},
      {"enroll_method", &S::enroll_method, "入学方式"},
      {"attend_mode", &S::attend_mode, "就读方式"},
      {"source", &S::source, "学生来源"},
      {"address", &S::address, "现住址"},
      {"mail_address", &S::mail_address, "通信地址"},
      {"home_address", &S::home_address, "家庭地址"},
      {"phone", &S::phone, "联系电话"},
      {"postal_code", &S::postal_code, "邮政编码"},
      {"email", &S::email, "电子信箱"},
      {"only_child", &S::only_child, "是否独生子女"},
      {"preschool", &S::preschool, "是否受过学前教育"},
      {"left_behind", &S::left_behind, "是否留守儿童"},
      {"migrant_child", &S::migrant_child, "是否进城务工人员随迁子女"},
      {"orphan", &S::orphan, "是否孤儿"},
      {"martyr_child", &S::martyr_child, "是否烈士或优抚子女"},
      {"inclusive_class", &S::inclusive_class, "随班就读"},
      {"disability", &S::disability, "残疾人类型"},
      {"govt_degree", &S::govt_degree, "是否由政府购买学位"},
      {"needs_aid", &S::needs_aid, "是否需要申请资助"},
      {"one_subsidy", &S::one_subsidy, "是否享受一补"},
  };
  return kFields;
}

const std::vector<GuardianField>& GuardianFields() {
  using G = GuardianInput;
  static const std::vector<GuardianField> kFields = {
      {"name", &G::name, "姓名"},
      {"relation", &G::relation, "关系"},
      {"relation_note", &G::relation_note, "关系说明"},
      {"address", &G::address, "现住址"},
      {"hukou_division", &G::hukou_division, "户口所在地"},
      {"phone", &G::phone, "联系电话"},
      {"is_guardian", &G::is_guardian, "是否监护人"},
      {"id_type", &G::id_type, "身份证件类型"},
      {"id_number", &G::id_number, "身份证件号"},
      {"ethnicity", &G::ethnicity, "民族"},
      {"employer", &G::employer, "工作单位"},
      {"position", &G::position, "职务"},
  };
  return kFields;
}

// R-INFO-1, R-INFO-2, R-INFO-3, R-INFO-4, R-INFO-5
Result<ValidatedStudent> ValidateNewStudent(StudentInput in, const CodeLookup& codes, Date today) {
  Checker c(codes);
  ValidatedStudent out;
  // 基本信息
  c.Name(in.name, "name");
  if (!TrimSpaces(in.former_name).empty()) {
    c.Name(in.former_name, "former_name");
  } else {
    in.former_name.clear();
  }
  c.Code(in.sex, "sex", "sex", true, "性别");
  const std::string birth_text = CompactCode(in.birth_date);
  std::optional<Date> birth = ParseDate(birth_text);
  if (birth_text.empty()) {
    c.Add(Invalid("REQUIRED", "birth_date", "请填写出生日期"));
  } else if (!birth) {
    c.Add(Invalid("BIRTH_DATE", "birth_date", "出生日期应为有效日期，格式YYYY-MM-DD"));
  } else {
    c.Add(ValidateBirthDate(*birth, today));
    in.birth_date = FormatDate(*birth);
  }
  c.Division(in.birthplace, "birthplace", "出生地");
  c.Text(in.native_place, "native_place", false, 50, "籍贯");
  c.Code(in.ethnicity, "ethnicity", "ethnicity", true, "民族");
  c.Code(in.nationality, "nationality", "nationality", true, "国籍/地区");
  c.Code(in.id_type, "id_type", "id_type", true, "身份证件类型");
  if (in.id_type == kCitizenIdType) {
    auto id = ParseIdNumber(in.id_number, today);
    if (id.ok()) {
      std::optional<Sex> sex;
      if (in.sex == "1") sex = Sex::kMale;
      if (in.sex == "2") sex = Sex::kFemale;
      c.Add(CheckIdAgainstRecord(*id, birth, sex));
      in.id_number = id->normalized;
      out.id = *id;
    } else {
      c.Add(id.error());
    }
  } else {
    c.Text(in.id_number, "id_number", in.id_type != kOtherIdType, 30, "身份证件号");
  }
  c.Code(in.hmt, "hmt_overseas", "hmt", true, "港澳台侨外");
  c.Code(in.political, "political", "political", true, "政治面貌");
  c.Code(in.health, "health", "health", true, "健康状况");
  c.Division(in.hukou_division, "hukou_division", "户口所在地");
  c.Code(in.hukou_type, "hukou_type", "hukou_type", true, "户口性质");
  c.Text(in.specialty, "specialty", false, 100, "特长");
  // 学籍信息
  c.Text(in.school_student_no, "school_student_no", false, 30, "学籍辅号");
  if (FindGrade(in.grade_code) == nullptr) c.Add(Invalid("GRADE_CODE", "grade_code", "请选择年级"));
  if (in.class_id <= 0) c.Add(Invalid("REQUIRED", "class_id", "请选择班级"));
  if (birth) {
    auto ym = ParseEntryMonth(in.entry_month, *birth, today);
    if (ym.ok()) {
      out.entry_month = *ym;
      in.entry_month = FormatYearMonth(*ym);
    } else {
      c.Add(ym.error());
    }
    if (auto w = AgeForGradeWarning(in.grade_code, *birth, today)) out.warnings.push_back(*w);
    out.birth = *birth;
  }
  c.Code(in.enroll_method, "enroll_method", "enroll_method", true, "入学方式");
  c.Code(in.attend_mode, "attend_mode", "attend_mode", true, "就读方式");
  c.Code(in.source, "student_source", "source", true, "学生来源");
  // 联系方式
  c.Text(in.address, "address", true, 200, "现住址");
  c.Text(in.mail_address, "mail_address", false, 200, "通信地址");
  c.Text(in.home_address, "home_address", false, 200, "家庭地址");
  c.Phone(in.phone, "phone", true);
  if (!TrimSpaces(in.postal_code).empty()) {
    auto pc = NormalizePostalCode(in.postal_code);
    pc.ok() ? void(in.postal_code = *pc) : c.Add(pc.error());
  }
  if (!TrimSpaces(in.email).empty()) {
    auto em = NormalizeEmail(in.email);
    em.ok() ? void(in.email = *em) : c.Add(em.error());
  }
  // 扩展信息
  struct Flag {
    std::string* value;
    const char* table;
    const char* field;
    const char* label;
  };
  const Flag flags[] = {
      {&in.only_child, "yes_no", "only_child", "是否独生子女"},
      {&in.preschool, "yes_no", "preschool", "是否受过学前教育"},
      {&in.left_behind, "left_behind", "left_behind", "是否留守儿童"},
      {&in.migrant_child, "yes_no", "migrant_child", "是否进城务工人员随迁子女"},
      {&in.orphan, "yes_no", "orphan", "是否孤儿"},
      {&in.martyr_child, "yes_no", "martyr_child", "是否烈士或优抚子女"},
      {&in.inclusive_class, "inclusive_class", "inclusive_class", "随班就读"},
      {&in.disability, "disability", "disability", "残疾人类型"},
      {&in.govt_degree, "yes_no", "govt_degree", "是否由政府购买学位"},
      {&in.needs_aid, "yes_no", "needs_aid", "是否需要申请资助"},
      {&in.one_subsidy, "yes_no", "one_subsidy", "是否享受一补"},
  };
  for (const Flag& f : flags) c.Code(*f.value, f.table, f.field, true, f.label);
  // 家庭成员或监护人
  if (in.guardians.empty()) {
    c.Add(Invalid("GUARDIAN_REQUIRED", "guardians", "至少填写一位家庭成员或监护人"));
  } else if (in.guardians.size() > kMaxGuardians) {
    c.Add(Invalid("TOO_MANY_GUARDIANS", "guardians",
                  "家庭成员最多填写" + std::to_string(kMaxGuardians) + "位"));
  } else {
    bool any_guardian = false;
    for (size_t i = 0; i < in.guardians.size(); ++i) {
      CheckGuardian(c, in.guardians[i], i, today);
      any_guardian = any_guardian || in.guardians[i].is_guardian == "1";
    }
    if (!any_guardian) {
      c.Add(Invalid("GUARDIAN_REQUIRED", "guardians", "家庭成员中至少一位应为监护人"));
    }
  }
  if (!c.Ok()) return c.Result();
  out.record = std::move(in);
  return out;
}

namespace {

// A code as Checker::Code compares it: no spaces, upper case.
std::string CodeKey(std::string_view value) {
  std::string out = CompactCode(value);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// The code tables of `base` with every historical code shown as current.
class AllCodesCurrent : public CodeLookup {
 public:
  explicit AllCodesCurrent(const CodeLookup& base) : base_(base) {}
  const CodeTable* Table(std::string_view id) const override {
    auto it = tables_.find(std::string(id));
    if (it != tables_.end()) return &it->second;
    const CodeTable* t = base_.Table(id);
    if (t == nullptr) return nullptr;
    std::vector<CodeValue> values = t->values();
    for (CodeValue& v : values) v.historical = false;
    return &tables_.emplace(std::string(id), CodeTable(t->id(), t->name(), std::move(values)))
                .first->second;
  }

 private:
  const CodeLookup& base_;
  mutable std::map<std::string, CodeTable> tables_;
};

// The value `record` holds for an error's field ("phone",
// "guardians[1].relation"), or nullopt when the field is not in it.
std::optional<std::string> ValueOf(const StudentInput& record, const std::string& field) {
  for (const auto& f : StudentFields()) {
    if (field == f.name) return record.*f.member;
  }
  size_t index = 0, close = field.find("].");
  if (field.rfind("guardians[", 0) != 0 || close == std::string::npos) return std::nullopt;
  for (size_t i = 10; i < close; ++i) {
    if (field[i] < '0' || field[i] > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(field[i] - '0');
  }
  if (index >= record.guardians.size()) return std::nullopt;
  for (const auto& f : GuardianFields()) {
    if (field.compare(close + 2, std::string::npos, f.name) == 0) {
      return record.guardians[index].*f.member;
    }
  }
  return std::nullopt;
}

}  // namespace

// R-CHG-1, R-INFO-1..5, R-SPEC-2025
Result<ValidatedStudent> ValidateEditedStudent(StudentInput edited, const StudentInput& stored,
                                               const CodeLookup& codes, Date today) {
  StudentInput original = edited;
  auto v = ValidateNewStudent(std::move(edited), codes, today);
  if (v.ok()) return v;
  std::vector<Error> kept;
  for (const Error& e : v.error().details) {
    bool unchanged_historical = false;
    if (e.code == "CODE_VALUE_HISTORICAL") {
      std::optional<std::string> before = ValueOf(stored, e.field);
      std::optional<std::string> after = ValueOf(original, e.field);
      unchanged_historical = before && after && CodeKey(*before) == CodeKey(*after);
    }
    if (!unchanged_historical) kept.push_back(e);
  }
  if (!kept.empty()) {
    Error e = kept.front();
    e.details = std::move(kept);
    return e;
  }
  // Every refusal was a historical code a field already held; no changed
  // field holds one, so seeing all codes as current changes nothing else.
  return ValidateNewStudent(std::move(original), AllCodesCurrent(codes), today);
}

}  // namespace xueji::domain
