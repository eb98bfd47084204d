#include "service/import_validation.h"

#include <algorithm>
#include <array>

#include "io/template_columns.h"
#include "service/enrollment_policy.h"
#include "service/policy_service.h"
#include "service/province_fields.h"

namespace xueji::service {
namespace {

// The template's class column (班级): the class's name in the school.
constexpr const char* kClassField = io::kClassNameField;
constexpr const char* kSchoolField = io::kSchoolCodeField;

// The row being validated with its sheet, which names its fields.
struct SheetRow {
  const ImportSheet& sheet;
  const ImportRow& row;
};

// The columns in io::TemplateColumns() of the record's fields, resolved
// once: a row's fields are read by column, not looked up by name.
struct FieldColumns {
  std::vector<int> student;                                       // per domain::StudentFields()
  std::array<std::vector<int>, domain::kMaxGuardians> guardians;  // per domain::GuardianFields()
  int school = io::TemplateColumnOf(kSchoolField);
  int class_name = io::TemplateColumnOf(kClassField);
  int grade = io::TemplateColumnOf("grade_code");
};

const FieldColumns& Columns() {
  static const FieldColumns kColumns = [] {
    FieldColumns c;
    for (const auto& f : domain::StudentFields()) c.student.push_back(io::TemplateColumnOf(f.name));
    for (size_t i = 0; i < domain::kMaxGuardians; ++i) {
      std::string prefix = "guardians[" + std::to_string(i) + "].";
      for (const auto& f : domain::GuardianFields()) {
        c.guardians[i].push_back(io::TemplateColumnOf(prefix + f.name));
      }
    }
    return c;
  }();
  return kColumns;
}

std::string_view FieldOf(const SheetRow& row, int template_column) {
  return row.sheet.FieldAt(row.row, template_column);
}

// The record as the row states it; family members from the columns of
// 成员1…成员6 that have any value.
domain::StudentInput InputOf(const SheetRow& row) {
  const FieldColumns& columns = Columns();
  const auto& student = domain::StudentFields();
  const auto& guardian = domain::GuardianFields();
  domain::StudentInput input;
  for (size_t f = 0; f < student.size(); ++f) {
    input.*student[f].member = FieldOf(row, columns.student[f]);
  }
  for (size_t i = 0; i < domain::kMaxGuardians; ++i) {
    domain::GuardianInput g;
    bool any = false;
    for (size_t f = 0; f < guardian.size(); ++f) {
      std::string_view text = FieldOf(row, columns.guardians[i][f]);
      g.*guardian[f].member = text;
      any = any || !text.empty();
    }
    if (any) input.guardians.push_back(std::move(g));
  }
  return input;
}

class RowProblems {
 public:
  RowProblems(const ImportSheet& sheet, int64_t index, const std::vector<int>& reader_columns,
              std::vector<ImportProblem>& out)
      : sheet_(sheet), index_(index), reader_columns_(reader_columns), out_(out) {}
  void Add(const std::string& field, const std::string& message) {
    int column = sheet_.ColumnOf(field);
    if (column >= 0 && std::ranges::count(reader_columns_, column) > 0) return;
    out_.push_back({index_, column, message});
    ++count_;
  }
  void AddError(const Error& e) {
    if (e.details.empty()) return Add(e.field, e.message);
    for (const auto& d : e.details) Add(d.field, d.message);
  }
  bool any() const { return count_ > 0 || !reader_columns_.empty(); }

 private:
  const ImportSheet& sheet_;
  int64_t index_;
  const std::vector<int>& reader_columns_;
  std::vector<ImportProblem>& out_;
  int count_ = 0;
};

// R-REG-1: the row's class, by its name among the school's classes of the
// row's grade; 0 when there is none (reported).
int64_t FindClass(ImportRowContext& rc, const SheetRow& row, RowProblems& problems) {
  std::string name(FieldOf(row, Columns().class_name));
  if (name.empty()) return 0;  // the validation reports the missing class
  std::string grade(FieldOf(row, Columns().grade));
  auto [it, fresh] = rc.class_ids.try_emplace({grade, name}, 0);
  if (fresh) {
    auto r = rc.tx.QueryOne(
        "SELECT id FROM school_class WHERE school_code = $1 AND grade_code = $2 AND name = $3",
        {rc.school.code, grade, name});
    if (r) it->second = r->Int(0);
  }
  if (it->second != 0) return it->second;
  problems.Add(kClassField, "本校该年级没有名为“" + name + "”的班级");
  return 0;
}

void CheckDivision(ImportRowContext& rc, const std::string& code, const std::string& field,
                   const std::string& label, RowProblems& problems) {
  auto [it, fresh] = rc.divisions.try_emplace(code, false);
  if (fresh) {
    it->second = rc.tx.QueryOne("SELECT 1 FROM org WHERE code = $1 AND level <> 'school'", {code})
                     .has_value();
  }
  if (it->second) return;
  problems.Add(field, label + "的行政区划代码不存在：" + code);
}

void CheckDivisions(ImportRowContext& rc, const domain::StudentInput& r, RowProblems& p) {
  CheckDivision(rc, r.birthplace, "birthplace", "出生地", p);
  CheckDivision(rc, r.hukou_division, "hukou_division", "户口所在地", p);
  for (size_t i = 0; i < r.guardians.size(); ++i) {
    CheckDivision(rc, r.guardians[i].hukou_division,
                  "guardians[" + std::to_string(i) + "].hukou_division", "家庭成员的户口所在地", p);
  }
}

}  // namespace

// R-IO-1, R-INFO-1..5, R-REG-1, R-SPEC-2025, R-POL-5
std::optional<domain::ValidatedStudent> ValidateImportRow(ImportRowContext& rc,
                                                          const ImportSheet& sheet, int64_t index,
                                                          const std::vector<int>& reader_columns,
                                                          std::vector<ImportProblem>& problems) {
  SheetRow row{sheet, sheet.rows[static_cast<size_t>(index)]};
  RowProblems p(sheet, index, reader_columns, problems);
  std::string_view school = FieldOf(row, Columns().school);
  if (!school.empty() && school != rc.school.code) {
    p.Add(kSchoolField, "学校标识码" + std::string(school) + "不是本校（" + rc.school.code + "）");
  }
  domain::StudentInput input = InputOf(row);
  input.class_id = FindClass(rc, row, p);
  Status extra = domain::ValidateExtraValues(rc.province_fields, input.extra, rc.codes);
  auto v = WithExtraErrors(domain::ValidateNewStudent(std::move(input), rc.codes, rc.today), extra);
  if (!v.ok()) {
    p.AddError(v.error());
    return std::nullopt;
  }
  CheckDivisions(rc, v->record, p);
  if (p.any()) return std::nullopt;
  domain::ValidatedStudent out = std::move(v).value();
  // R-POL-5: the first-grade cut-off, as registration checks it.
  if (!rc.policy) {
    auto policy = EffectivePolicy(rc.tx, rc.school.code);
    if (!policy.ok()) {
      p.AddError(policy.error());
      return std::nullopt;
    }
    rc.policy = std::move(policy).value();
  }
  if (Status age = CheckEnrollmentPolicy(*rc.policy, out, rc.today); !age.ok()) {
    p.AddError(age.error());
    return std::nullopt;
  }
  return out;
}

// R-REG-3, R-REG-6
std::optional<std::string> HeldIdNumberProblem(store::Tx& tx, const std::string& id_norm) {
  auto held = HeldIdNumberProblems(tx, {id_norm});
  if (held.empty()) return std::nullopt;
  return held.begin()->second;
}

// R-REG-3, R-REG-6: an active record's holder is named first; any other
// record (pending, returned, problem) still holds the number.
std::map<std::string, std::string> HeldIdNumberProblems(store::Tx& tx,
                                                        const std::vector<std::string>& ids_norm) {
  constexpr size_t kPerStatement = 500;
  std::map<std::string, bool> active;  // held ID number → held by an active record
  for (size_t from = 0; from < ids_norm.size(); from += kPerStatement) {
    std::vector<store::Value> params;
    std::string in;
    for (size_t i = from; i < std::min(ids_norm.size(), from + kPerStatement); ++i) {
      if (ids_norm[i].empty()) continue;
      params.push_back(ids_norm[i]);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    if (params.empty()) continue;
    for (const auto& r :
         tx.Query("SELECT id_number_norm, registration FROM student WHERE id_number_norm IN (" +
                      in + ")",
                  params)) {
      active[r.Text(0)] = active[r.Text(0)] || r.Text(1) == "active";
    }
  }
  std::map<std::string, std::string> out;
  for (const auto& [id, is_active] : active) {
    out[id] = is_active
                  ? "该身份证件号已有在籍学籍。籍随人走：已在其他学校就读的学生应办理转学手续转入，"
                    "不应重新建籍"
                  : "该身份证件号已有学籍记录（待审核、已退回或问题学籍），请勿重复导入";
  }
  return out;
}

}  // namespace xueji::service
