#include "service/student_insert.h"

#include <vector>

#include "io/name_keys.h"
#include "store/bulk_insert.h"

namespace xueji::service {
namespace {

const std::vector<std::string>& StudentColumns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {
        "id",           "registration",   "status",          "school_code",
        "class_id",     "id_number_norm", "name_simplified", "name_pinyin",
        "submitted_by", "submitted_at",   "updated_at"};
    for (const auto& f : domain::StudentFields()) c.emplace_back(f.name);
    return c;
  }();
  return columns;
}

void AppendStudentRow(std::vector<store::Value>& out, const Context& ctx, const OrgRef& school,
                      int64_t id, const NewStudent& s) {
  const domain::ValidatedStudent& v = *s.record;
  out.insert(out.end(), {id, std::string("pending_school"), std::string("pending"), school.code,
                         v.record.class_id, v.id ? store::Value(v.id->normalized) : store::Null(),
                         s.keys->simplified, s.keys->pinyin, ctx.actor->user_id, ctx.now.micros,
                         ctx.now.micros});
  for (const auto& f : domain::StudentFields()) out.emplace_back(v.record.*f.member);
}

const std::vector<std::string>& GuardianColumns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"student_id", "seq", "id_number_norm"};
    for (const auto& f : domain::GuardianFields()) c.emplace_back(f.name);
    return c;
  }();
  return columns;
}

void AppendGuardianRows(std::vector<store::Value>& out, int64_t student_id,
                        const domain::StudentInput& record) {
  int64_t seq = 0;
  for (const auto& g : record.guardians) {
    out.insert(out.end(),
               {student_id, seq++,
                g.id_type == domain::kCitizenIdType ? store::Value(g.id_number) : store::Null()});
    for (const auto& f : domain::GuardianFields()) out.emplace_back(g.*f.member);
  }
}

}  // namespace

NameKeys KeysOf(const std::string& name) {
  return NameKeys{name, io::SimplifiedName(name), io::PinyinKey(name)};
}

// R-REG-1
std::vector<int64_t> InsertNewStudents(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                       const std::vector<NewStudent>& batch) {
  std::vector<int64_t> ids = store::ReserveIds(tx, "student", batch.size());
  std::vector<store::Value> students, guardians, extras;
  for (size_t i = 0; i < batch.size(); ++i) {
    AppendStudentRow(students, ctx, school, ids[i], batch[i]);
    AppendGuardianRows(guardians, ids[i], batch[i].record->record);
    for (const auto& [name, value] : batch[i].record->record.extra) {
      extras.insert(extras.end(), {ids[i], name, value});
    }
  }
  store::InsertRows(tx, "student", StudentColumns(), std::move(students));
  store::InsertRows(tx, "guardian", GuardianColumns(), std::move(guardians));
  store::InsertRows(tx, "student_extra", {"student_id", "name", "value"}, std::move(extras));
  return ids;
}

// R-REG-1
int64_t InsertNewStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                         const domain::ValidatedStudent& v, const NameKeys& keys) {
  return InsertNewStudents(tx, ctx, school, {NewStudent{&v, &keys}}).front();
}

}  // namespace xueji::service
