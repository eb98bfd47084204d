#include "service/student_insert.h"

#include <vector>

#include "io/name_keys.h"
#include "service/province_fields.h"

namespace xueji::service {
namespace {

// "$1, $2, …, $n" for an INSERT of n values.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 1; i <= n; ++i) out += (i > 1 ? ", $" : "$") + std::to_string(i);
  return out;
}

int64_t InsertStudentRow(store::Tx& tx, const Context& ctx, const OrgRef& school,
                         const domain::ValidatedStudent& v, const NameKeys& keys) {
  std::string columns =
      "registration, status, school_code, class_id, id_number_norm, "
      "name_simplified, name_pinyin, submitted_by, submitted_at, updated_at";
  std::vector<store::Value> values = {std::string("pending_school"),
                                      std::string("pending"),
                                      school.code,
                                      v.record.class_id,
                                      v.id ? store::Value(v.id->normalized) : store::Null(),
                                      keys.simplified,
                                      keys.pinyin,
                                      ctx.actor->user_id,
                                      ctx.now.micros,
                                      ctx.now.micros};
  for (const auto& f : domain::StudentFields()) {
    columns += std::string(", ") + f.name;
    values.push_back(v.record.*f.member);
  }
  return tx
      .QueryOne("INSERT INTO student (" + columns + ") VALUES (" + Placeholders(values.size()) +
                    ") RETURNING id",
                values)
      ->Int(0);
}

void InsertGuardians(store::Tx& tx, int64_t student_id, const domain::StudentInput& record) {
  int64_t seq = 0;
  for (const auto& g : record.guardians) {
    std::string columns = "student_id, seq, id_number_norm";
    std::vector<store::Value> values = {
        student_id, seq++,
        g.id_type == domain::kCitizenIdType ? store::Value(g.id_number) : store::Null()};
    for (const auto& f : domain::GuardianFields()) {
      columns += std::string(", ") + f.name;
      values.push_back(g.*f.member);
    }
    tx.Exec("INSERT INTO guardian (" + columns + ") VALUES (" + Placeholders(values.size()) + ")",
            values);
  }
}

}  // namespace

NameKeys KeysOf(const std::string& name) {
  return NameKeys{name, io::SimplifiedName(name), io::PinyinKey(name)};
}

// R-REG-1
int64_t InsertNewStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                         const domain::ValidatedStudent& v, const NameKeys& keys) {
  int64_t id = InsertStudentRow(tx, ctx, school, v, keys);
  InsertGuardians(tx, id, v.record);
  WriteExtraValues(tx, id, v.record.extra);
  return id;
}

}  // namespace xueji::service
