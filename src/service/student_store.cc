#include "service/student_store.h"

#include "service/province_fields.h"

namespace xueji::service {
namespace {

constexpr const char* kMetaColumns =
    "st.id, COALESCE(st.student_number, ''), st.registration, st.status, st.school_code, o.name, "
    "o.path, sc.authority_code, sc.county_code, COALESCE(c.name, ''), "
    "COALESCE(st.id_number_norm, ''), st.return_reason, st.submitted_by, st.submitted_at, "
    "COALESCE(st.activated_at, 0), st.updated_at, st.class_id";
constexpr size_t kMetaCount = 17;

void LoadGuardians(store::Tx& tx, StoredStudent& s) {
  std::string columns;
  for (const auto& f : domain::GuardianFields()) {
    columns += (columns.empty() ? "" : ", ") + std::string(f.name);
  }
  for (const auto& row : tx.Query(
           "SELECT " + columns + " FROM guardian WHERE student_id = $1 ORDER BY seq", {s.id})) {
    domain::GuardianInput g;
    size_t i = 0;
    for (const auto& f : domain::GuardianFields()) g.*f.member = row.Text(i++);
    s.record.guardians.push_back(std::move(g));
  }
}

}  // namespace

std::optional<StoredStudent> LoadStoredStudent(store::Tx& tx, int64_t id, bool for_update) {
  std::string sql = std::string("SELECT ") + kMetaColumns;
  for (const auto& f : domain::StudentFields()) sql += std::string(", st.") + f.name;
  sql +=
      " FROM student st JOIN org o ON o.code = st.school_code JOIN school sc ON sc.code = "
      "st.school_code LEFT JOIN school_class c ON c.id = st.class_id WHERE st.id = $1";
  // PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF st";
  auto r = tx.QueryOne(sql, {id});
  if (!r) return std::nullopt;
  StoredStudent s;
  s.id = r->Int(0);
  s.student_number = r->Text(1);
  s.registration = r->Text(2);
  s.status = r->Text(3);
  s.school_code = r->Text(4);
  s.school_name = r->Text(5);
  s.school_path = r->Text(6);
  s.authority_code = r->Text(7);
  s.county_code = r->Text(8);
  s.class_name = r->Text(9);
  s.id_number_norm = r->Text(10);
  s.return_reason = r->Text(11);
  s.submitted_by = r->Int(12);
  s.submitted_at = r->Int(13);
  s.activated_at = r->Int(14);
  s.updated_at = r->Int(15);
  s.record.class_id = r->Int(16);
  size_t i = kMetaCount;
  for (const auto& f : domain::StudentFields()) s.record.*f.member = r->Text(i++);
  LoadGuardians(tx, s);
  s.record.extra = LoadExtraValues(tx, s.id);
  return s;
}

std::optional<int64_t> StudentIdByNumber(store::Tx& tx, const std::string& number) {
  auto r = tx.QueryOne("SELECT id FROM student WHERE student_number = $1", {number});
  if (!r) return std::nullopt;
  return r->Int(0);
}

}  // namespace xueji::service
