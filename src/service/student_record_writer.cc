#include "service/student_record_writer.h"

#include <algorithm>
#include <utility>

#include "io/name_keys.h"
#include "service/province_fields.h"
#include "service/stored_codes.h"
#include "service/student_history.h"
#include "store/sql_text.h"

namespace xueji::service {
namespace {

using domain::FieldChange;

// R-INFO-4, R-REG-1: what only the store can check, for the values that
// changed: the class is one of the school's, of the record's grade; division
// codes exist.
Status CheckAgainstStore(store::Tx& tx, const StoredStudent& before,
                         const domain::StudentInput& after) {
  if (after.class_id != before.record.class_id || after.grade_code != before.record.grade_code) {
    auto cls = tx.QueryOne("SELECT grade_code FROM school_class WHERE id = $1 AND school_code = $2",
                           {after.class_id, before.school_code});
    if (!cls) return Invalid("CLASS_NOT_IN_SCHOOL", "class_id", "班级不属于本校");
    if (cls->Text(0) != after.grade_code) {
      return Invalid("CLASS_GRADE", "class_id", "所选班级不属于所选年级");
    }
  }
  for (auto [member, field] :
       {std::pair{&domain::StudentInput::birthplace, "birthplace"},
        std::pair{&domain::StudentInput::hukou_division, "hukou_division"}}) {
    const std::string& code = after.*member;
    if (code != before.record.*member &&
        !tx.QueryOne("SELECT 1 FROM org WHERE code = $1 AND level <> 'school'", {code})) {
      return Invalid("DIVISION_UNKNOWN", field,
                     FieldLabel(field) + "的行政区划代码不存在：" + code);
    }
  }
  return Ok();
}

Error IdNumberTaken() {
  return Conflict("ID_NUMBER_TAKEN", "该身份证件号已被其他在籍学生使用", "id_number");
}

// R-REG-3, R-NO-4: an active record's entry in the national index follows
// its ID number; the primary key decides between concurrent changes
// (ID_NUMBER_TAKEN for the loser).
Status MoveIndexEntry(store::Tx& tx, const StoredStudent& before, const std::string& id_norm) {
  if (before.registration != "active" || before.id_number_norm == id_norm) return Ok();
  tx.Exec("DELETE FROM national_id_index WHERE id_number_norm = $1 AND student_id = $2",
          {before.id_number_norm, before.id});
  if (!id_norm.empty() &&
      tx.Exec("INSERT INTO national_id_index (id_number_norm, student_id) VALUES ($1, $2) "
              "ON CONFLICT (id_number_norm) DO NOTHING",
              {id_norm, before.id}) == 0) {
    return IdNumberTaken();
  }
  return Ok();
}

store::Value GuardianIdNorm(const domain::GuardianInput& g) {
  return g.id_type == domain::kCitizenIdType ? store::Value(g.id_number) : store::Null();
}

bool SameGuardian(const domain::GuardianInput& a, const domain::GuardianInput& b) {
  for (const auto& f : domain::GuardianFields()) {
    if (a.*f.member != b.*f.member) return false;
  }
  return true;
}

// The family members as rows: changed ones updated, added ones inserted,
// removed ones deleted, by their place in the form (seq).
void WriteGuardians(store::Tx& tx, int64_t student_id,
                    const std::vector<domain::GuardianInput>& before,
                    const std::vector<domain::GuardianInput>& after) {
  const auto& fields = domain::GuardianFields();
  for (size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
    std::vector<store::Value> values = {student_id, static_cast<int64_t>(i)};
    if (i >= after.size()) {
      tx.Exec("DELETE FROM guardian WHERE student_id = $1 AND seq = $2", values);
      continue;
    }
    values.push_back(GuardianIdNorm(after[i]));
    std::string columns = "student_id, seq, id_number_norm", sets = "id_number_norm = $3";
    for (const auto& f : fields) {
      values.push_back(after[i].*f.member);
      columns += std::string(", ") + f.name;
      sets += std::string(", ") + f.name + " = $" + std::to_string(values.size());
    }
    if (i >= before.size()) {
      tx.Exec("INSERT INTO guardian (" + columns + ") VALUES (" +
                  store::Placeholders(1, values.size()) + ")",
              values);
    } else if (!SameGuardian(before[i], after[i])) {
      tx.Exec("UPDATE guardian SET " + sets + " WHERE student_id = $1 AND seq = $2", values);
    }
  }
}

// The student row: the record's fields, class, normalized ID number and name
// keys as they are now.
void WriteStudentRow(store::Tx& tx, const Context& ctx, int64_t student_id,
                     const domain::ValidatedStudent& v) {
  const domain::StudentInput& r = v.record;
  std::string id_norm = IdNorm(v);
  std::vector<store::Value> values = {
      r.class_id, id_norm.empty() ? store::Null() : store::Value(id_norm),
      io::SimplifiedName(r.name), io::PinyinKey(r.name), ctx.now.micros};
  std::string sets =
      "class_id = $1, id_number_norm = $2, name_simplified = $3, name_pinyin = $4, "
      "updated_at = $5";
  for (const auto& f : domain::StudentFields()) {
    values.push_back(r.*f.member);
    sets += std::string(", ") + f.name + " = $" + std::to_string(values.size());
  }
  values.push_back(student_id);
  tx.Exec("UPDATE student SET " + sets + " WHERE id = $" + std::to_string(values.size()), values);
}

}  // namespace

std::string FieldLabel(const std::string& field) {
  for (const auto& f : domain::StudentFields()) {
    if (field == f.name) return f.label;
  }
  return field;
}

Error WithDetails(std::vector<Error> errors) {
  Error e = errors.front();
  e.details = std::move(errors);
  return e;
}

std::string ChangedFields(const std::vector<FieldChange>& changes) {
  std::string out;
  for (const auto& c : changes) out += (out.empty() ? "" : ",") + c.field;
  return out;
}

bool HoldsAtSchool(const Context& ctx, domain::Role role, const StoredStudent& s) {
  return ctx.actor->role == role && ctx.actor->org_code == s.school_code;
}

domain::RecordPhase PhaseOf(const StoredStudent& s) {
  return {s.registration, s.status, domain::Instant{s.activated_at}};
}

// R-CHG-2, R-POL-3
Result<std::vector<std::string>> KeyFieldsOf(store::Tx& tx, const StoredStudent& s) {
  std::vector<std::string> extra;
  for (const auto& r : tx.Query("SELECT field FROM province_key_field WHERE province_code = $1",
                                {s.county_code.substr(0, 2) + "0000"})) {
    extra.push_back(r.Text(0));
  }
  return domain::KeyFieldSet(extra);
}

Result<domain::StudentInput> Merge(domain::StudentInput record,
                                   const std::map<std::string, std::string>& fields) {
  std::vector<Error> errors;
  for (const auto& [name, value] : fields) {
    const auto& all = domain::StudentFields();
    auto f = std::find_if(all.begin(), all.end(), [&](const auto& s) { return name == s.name; });
    if (f == all.end()) {
      errors.push_back(Invalid("FIELD_UNKNOWN", name, "学生信息中没有此项：" + name));
    } else {
      record.*(f->member) = value;
    }
  }
  if (!errors.empty()) return WithDetails(std::move(errors));
  return record;
}

// R-CHG-1, R-INFO-4, R-REG-1
Result<domain::ValidatedStudent> ValidateMerged(store::Tx& tx, const Context& ctx,
                                                const StoredStudent& before,
                                                domain::StudentInput edited) {
  StoredCodes codes(tx);
  XUEJI_ASSIGN_OR_RETURN(auto v, domain::ValidateEditedStudent(std::move(edited), before.record,
                                                               codes, domain::CstDate(ctx.now)));
  XUEJI_RETURN_IF_ERROR(CheckAgainstStore(tx, before, v.record));
  return v;
}

std::string IdNorm(const domain::ValidatedStudent& v) { return v.id ? v.id->normalized : ""; }

// R-REG-3
Status CheckIdFree(store::Tx& tx, int64_t student_id, const std::string& id_norm) {
  if (id_norm.empty()) return Ok();
  auto r =
      tx.QueryOne("SELECT student_id FROM national_id_index WHERE id_number_norm = $1", {id_norm});
  if (r && r->Int(0) != student_id) return IdNumberTaken();
  return Ok();
}

// R-CHG-1, R-CHG-4, R-REG-3, R-NO-4
Result<std::vector<FieldChange>> WriteRecord(store::Tx& tx, const Context& ctx,
                                             const StoredStudent& before,
                                             const domain::ValidatedStudent& after,
                                             const std::string& reason,
                                             std::optional<int64_t> request_id) {
  XUEJI_RETURN_IF_ERROR(CheckIdFree(tx, before.id, IdNorm(after)));
  XUEJI_RETURN_IF_ERROR(MoveIndexEntry(tx, before, IdNorm(after)));
  WriteStudentRow(tx, ctx, before.id, after);
  WriteGuardians(tx, before.id, before.record.guardians, after.record.guardians);
  // R-SPEC-2025: the province values, when they changed (a key-data request
  // leaves them as they are).
  if (after.record.extra != before.record.extra) {
    WriteExtraValues(tx, before.id, after.record.extra);
  }
  auto changes = DiffRecords(before.record, after.record);
  AppendHistory(tx, ctx, before.id, changes, reason, request_id);
  return changes;
}

}  // namespace xueji::service
