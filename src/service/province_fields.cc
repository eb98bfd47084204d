#include "service/province_fields.h"

#include "domain/org.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/stored_codes.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

domain::ProvinceField FieldOf(const store::Row& r) {
  return domain::ProvinceField{r.Text(0),
                               r.Text(1),
                               r.Text(2),
                               r.Text(3),
                               r.Int(4) != 0,
                               static_cast<int>(r.Int(5)),
                               static_cast<int>(r.Int(6))};
}

// R-SPEC-2025: a changed definition must still fit the values the
// province's records hold under its name (a text field made shorter, a code
// field given another table, a text field made yes/no …); otherwise the change
// is refused, naming how many records and one of the values, so that the
// registrar corrects those records first or keeps the definition. Whether a
// value is required is checked where records are edited and resubmitted,
// not here: records without a value hold no row to check.
Status CheckStoredValuesFit(store::Tx& tx, const OrgRef& province, domain::ProvinceField field,
                            const domain::CodeLookup& codes) {
  field.required = false;
  int64_t misfits = 0;
  std::string example;
  for (const auto& r : tx.Query(
           "SELECT e.value, COUNT(*) FROM student_extra e JOIN student st ON st.id = "
           "e.student_id JOIN org o ON o.code = st.school_code WHERE e.name = $1 AND o.path >= $2 "
           "AND o.path < $3 GROUP BY e.value ORDER BY e.value",
           {field.name, province.path, SubtreeUpperBound(province.path)})) {
    std::map<std::string, std::string> value{{field.name, r.Text(0)}};
    if (domain::ValidateExtraValues({field}, value, codes).ok()) continue;
    misfits += r.Int(1);
    if (example.empty()) example = r.Text(0);
  }
  if (misfits == 0) return Ok();
  return Error{ErrorKind::kRuleViolation, "FIELD_VALUES_DO_NOT_FIT", "kind",
               "已有" + std::to_string(misfits) + "条学生记录的“" + field.label +
                   "”不符合修改后的定义（如：" + example +
                   "），请先更正这些记录，或保留原来的定义"};
}

}  // namespace

std::string ProvinceOfPath(const std::string& path) {
  // "/000000/520000/…": the segment after the ministry's.
  size_t first = path.find('/', 1);
  if (first == std::string::npos || first + 1 >= path.size()) return "";
  size_t second = path.find('/', first + 1);
  if (second == std::string::npos) return "";
  return path.substr(first + 1, second - first - 1);
}

std::vector<domain::ProvinceField> LoadProvinceFields(store::Tx& tx,
                                                      const std::string& province_code) {
  std::vector<domain::ProvinceField> fields;
  for (const auto& r : tx.Query("SELECT name, label, kind, code_table, required, max_length, seq "
                                "FROM province_field WHERE province_code = $1 ORDER BY seq, name",
                                {province_code})) {
    fields.push_back(FieldOf(r));
  }
  return fields;
}

Result<std::vector<domain::ProvinceField>> ListProvinceFields(store::Database& db,
                                                              const std::string& province_code) {
  auto tx = db.BeginRead();
  return LoadProvinceFields(*tx, province_code);
}

// R-SPEC-2025
Result<domain::ProvinceField> SaveProvinceField(store::Database& db, const Context& ctx,
                                                const OrgRef& province,
                                                domain::ProvinceField field) {
  if (!ctx.actor) return Unauthenticated();
  if (province.level != domain::OrgLevel::kProvince) return NotFound("省级机构不存在");
  auto tx = db.BeginWrite();
  StoredCodes codes(*tx);
  XUEJI_RETURN_IF_ERROR(domain::ValidateProvinceField(field, codes));
  auto existing = tx->QueryOne(
      "SELECT COUNT(*), SUM(CASE WHEN name = $2 THEN 1 ELSE 0 END) FROM province_field WHERE "
      "province_code = $1",
      {province.code, field.name});
  bool exists = existing->Int(1) > 0;
  if (!exists && existing->Int(0) >= static_cast<int64_t>(domain::kMaxProvinceFields)) {
    return Conflict("TOO_MANY_FIELDS",
                    "每省最多定义" + std::to_string(domain::kMaxProvinceFields) + "个非基础信息项");
  }
  if (exists) {
    auto before = tx->QueryOne(
        "SELECT kind, code_table, max_length FROM province_field WHERE province_code = $1 AND "
        "name = $2",
        {province.code, field.name});
    if (before->Text(0) != field.kind || before->Text(1) != field.code_table ||
        field.max_length < before->Int(2)) {
      XUEJI_RETURN_IF_ERROR(CheckStoredValuesFit(*tx, province, field, codes));
    }
  }
  std::vector<store::Value> values = {province.code,
                                      field.name,
                                      field.label,
                                      field.kind,
                                      field.code_table,
                                      int64_t{field.required},
                                      int64_t{field.max_length},
                                      int64_t{field.seq},
                                      ctx.now.micros};
  tx->Exec(exists ? "UPDATE province_field SET label = $3, kind = $4, code_table = $5, required = "
                    "$6, max_length = $7, seq = $8, updated_at = $9 WHERE province_code = $1 AND "
                    "name = $2"
                  : "INSERT INTO province_field (province_code, name, label, kind, code_table, "
                    "required, max_length, seq, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                    "$8, $9)",
           values);
  AppendAudit(*tx, ctx,
              {exists ? "province_field.update" : "province_field.create",
               province.code + "/" + field.name, "ok",
               Summary({{"label", field.label},
                        {"kind", field.kind},
                        {"required", field.required ? "1" : "0"}})});
  tx->Commit();
  return field;
}

void WriteExtraValues(store::Tx& tx, int64_t student_id,
                      const std::map<std::string, std::string>& values) {
  tx.Exec("DELETE FROM student_extra WHERE student_id = $1", {student_id});
  for (const auto& [name, value] : values) {
    tx.Exec("INSERT INTO student_extra (student_id, name, value) VALUES ($1, $2, $3)",
            {student_id, name, value});
  }
}

std::map<std::string, std::string> LoadExtraValues(store::Tx& tx, int64_t student_id) {
  std::map<std::string, std::string> out;
  for (const auto& r :
       tx.Query("SELECT name, value FROM student_extra WHERE student_id = $1", {student_id})) {
    out[r.Text(0)] = r.Text(1);
  }
  return out;
}

// R-SPEC-2025, R-CHG-1
Status ValidateEditedExtras(store::Tx& tx, const std::string& school_path,
                            std::map<std::string, std::string>& edited,
                            const std::map<std::string, std::string>& stored,
                            const domain::CodeLookup& codes) {
  auto fields = LoadProvinceFields(tx, ProvinceOfPath(school_path));
  return domain::ValidateEditedExtraValues(fields, edited, stored, codes);
}

// R-SPEC-2025, R-REG-1
Status RecheckStoredExtras(store::Tx& tx, const std::string& school_path,
                           std::map<std::string, std::string> values,
                           const domain::CodeLookup& codes) {
  auto fields = LoadProvinceFields(tx, ProvinceOfPath(school_path));
  domain::TakeUndefinedValues(fields, values);  // retired fields: left alone
  return domain::ValidateExtraValues(fields, values, codes);
}

// R-SPEC-2025
Result<domain::ValidatedStudent> WithExtraErrors(Result<domain::ValidatedStudent> v,
                                                 const Status& extra) {
  if (extra.ok()) return v;
  if (v.ok()) return extra.error();
  Error merged = v.error();
  // A single error (no details) is its own first detail.
  if (merged.details.empty()) merged.details.push_back(v.error());
  for (const auto& e : extra.error().details) merged.details.push_back(e);
  return merged;
}

}  // namespace xueji::service
