#include "service/province_fields.h"

#include "domain/org.h"
#include "service/audit.h"
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
  XUEJI_RETURN_IF_ERROR(domain::ValidateProvinceField(field, StoredCodes(*tx)));
  auto existing = tx->QueryOne(
      "SELECT COUNT(*), SUM(CASE WHEN name = $2 THEN 1 ELSE 0 END) FROM province_field WHERE "
      "province_code = $1",
      {province.code, field.name});
  bool exists = existing->Int(1) > 0;
  if (!exists && existing->Int(0) >= static_cast<int64_t>(domain::kMaxProvinceFields)) {
    return Conflict("TOO_MANY_FIELDS",
                    "每省最多定义" + std::to_string(domain::kMaxProvinceFields) + "个非基础信息项");
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
