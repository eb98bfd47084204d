#include "service/student_history.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>

#include "domain/id_number.h"
#include "domain/org.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/province_fields.h"
#include "service/summary.h"
#include "store/bulk_insert.h"

namespace xueji::service {
namespace {

constexpr const char* kGuardianPrefix = "guardians[";
// R-SPEC-2025: a province value's history rows name their field "extra.NAME".
constexpr std::string_view kExtraPrefix = "extra.";

// R-SEC-4 三员分立: the administrators never read student records.
constexpr auto IsAdministrator = domain::IsAdmin;

// "guardians[2].phone" → {2, "phone"}; nullopt for any other field.
std::optional<std::pair<size_t, std::string>> GuardianField(const std::string& field) {
  size_t close = field.find("].");
  if (field.rfind(kGuardianPrefix, 0) != 0 || close == std::string::npos) return std::nullopt;
  size_t index = 0;
  const char* first = field.data() + 10;
  const char* last = field.data() + close;
  auto [end, ec] = std::from_chars(first, last, index);
  if (ec != std::errc() || end != last || index >= domain::kMaxGuardians) return std::nullopt;
  return std::make_pair(index, field.substr(close + 2));
}

// "extra.bus_route" → "bus_route"; nullopt for any other field.
std::optional<std::string> ExtraField(const std::string& field) {
  if (!field.starts_with(kExtraPrefix)) return std::nullopt;
  return field.substr(kExtraPrefix.size());
}

// The Chinese label of a history row's field; a province value's is the
// label of its field in `province`, else its name (a field since retired).
std::string Label(const std::string& field, const std::vector<domain::ProvinceField>& province) {
  for (const auto& f : domain::StudentFields()) {
    if (field == f.name) return f.label;
  }
  if (auto name = ExtraField(field)) {
    for (const auto& f : province) {
      if (f.name == *name) return f.label;
    }
    return *name;
  }
  if (auto g = GuardianField(field)) {
    for (const auto& f : domain::GuardianFields()) {
      if (g->second == f.name) return "家庭成员" + std::to_string(g->first + 1) + "·" + f.label;
    }
  }
  if (field == "class_id") return "班级";
  if (field == "student_number") return "学籍号";
  if (field == "registration") return "注册状态";
  if (field == "status") return "学籍状态";
  return field;
}

bool IsIdNumberField(const std::string& field) {
  return field == "id_number" || (field.size() > 10 && field.ends_with("].id_number"));
}

// Sets `field` of the rebuilt record to `value`; fields the record does not
// hold are left alone. A province value "" did not exist (R-SPEC-2025).
void SetField(RecordAsOf& r, const std::string& field, const std::string& value) {
  for (const auto& f : domain::StudentFields()) {
    if (field == f.name) {
      r.record.*f.member = value;
      return;
    }
  }
  if (auto name = ExtraField(field)) {
    value.empty() ? void(r.record.extra.erase(*name)) : void(r.record.extra[*name] = value);
  } else if (auto g = GuardianField(field)) {
    if (r.record.guardians.size() <= g->first) r.record.guardians.resize(g->first + 1);
    for (const auto& f : domain::GuardianFields()) {
      if (g->second == f.name) r.record.guardians[g->first].*f.member = value;
    }
  } else if (field == "class_id") {
    int64_t id = 0;
    std::from_chars(value.data(), value.data() + value.size(), id);
    r.record.class_id = id;
  } else if (field == "student_number") {
    r.student_number = value;
  } else if (field == "registration") {
    r.registration = value;
  } else if (field == "status") {
    r.status = value;
  }
}

// A family member whose every field is empty did not exist then.
bool IsEmpty(const domain::GuardianInput& g) {
  for (const auto& f : domain::GuardianFields()) {
    if (!(g.*f.member).empty()) return false;
  }
  return true;
}

// The first instant after `date` ends in China Standard Time (R-CAL-2).
domain::Instant EndOfCstDay(domain::Date date) {
  int64_t next_day = domain::DaysFromCivil(date.year, static_cast<unsigned>(date.month),
                                           static_cast<unsigned>(date.day)) +
                     1;
  return domain::Instant{next_day * 86400 * domain::kMicrosPerSecond - domain::kCstOffsetMicros};
}

// R-SPEC-2025: one change per province value that differs, "extra.NAME",
// an absent value as "".
void DiffExtra(const std::map<std::string, std::string>& before,
               const std::map<std::string, std::string>& after,
               std::vector<domain::FieldChange>& out) {
  std::set<std::string> names;
  for (const auto* values : {&before, &after}) {
    for (const auto& [name, value] : *values) names.insert(name);
  }
  for (const auto& name : names) {
    auto b = before.find(name);
    auto a = after.find(name);
    std::string old_value = b == before.end() ? "" : b->second;
    std::string new_value = a == after.end() ? "" : a->second;
    if (old_value != new_value)
      out.push_back({std::string(kExtraPrefix) + name, old_value, new_value});
  }
}

}  // namespace

// R-ORG-4, R-SEC-4
Result<StoredStudent> LoadVisibleStudent(store::Tx& tx, const Context& ctx, int64_t student_id,
                                         bool for_update) {
  if (!ctx.actor) return Unauthenticated();
  if (IsAdministrator(ctx.actor->role)) return Forbidden("管理员不能查看或修改学生记录");
  auto s = LoadStoredStudent(tx, student_id, for_update);
  if (!s || !domain::IsWithin(ctx.actor->org_path, s->school_path)) {
    return NotFound("学生记录不存在");
  }
  return std::move(*s);
}

// R-CHG-1
std::vector<domain::FieldChange> DiffRecords(const domain::StudentInput& before,
                                             const domain::StudentInput& after) {
  std::vector<domain::FieldChange> out;
  for (const auto& f : domain::StudentFields()) {
    if (before.*f.member != after.*f.member) {
      out.push_back({f.name, before.*f.member, after.*f.member});
    }
  }
  if (before.class_id != after.class_id) {
    out.push_back({"class_id", std::to_string(before.class_id), std::to_string(after.class_id)});
  }
  const domain::GuardianInput none;
  size_t count = std::max(before.guardians.size(), after.guardians.size());
  for (size_t i = 0; i < count; ++i) {
    const auto& b = i < before.guardians.size() ? before.guardians[i] : none;
    const auto& a = i < after.guardians.size() ? after.guardians[i] : none;
    for (const auto& f : domain::GuardianFields()) {
      if (b.*f.member != a.*f.member) {
        out.push_back(
            {kGuardianPrefix + std::to_string(i) + "]." + f.name, b.*f.member, a.*f.member});
      }
    }
  }
  DiffExtra(before.extra, after.extra, out);
  return out;
}

// R-CHG-1
namespace {

const std::vector<std::string> kHistoryColumns = {"student_id", "field", "old_value", "new_value",
                                                  "actor",      "at",    "reason",    "request_id"};

void AppendHistoryRow(std::vector<store::Value>& out, const Context& ctx, int64_t student_id,
                      const domain::FieldChange& c, const std::string& reason,
                      std::optional<int64_t> request_id) {
  out.insert(out.end(),
             {student_id, c.field, c.old_value, c.new_value, ctx.ActorName(), ctx.now.micros,
              reason, request_id ? store::Value(*request_id) : store::Null()});
}

}  // namespace

void AppendHistory(store::Tx& tx, const Context& ctx, int64_t student_id,
                   const std::vector<domain::FieldChange>& changes, const std::string& reason,
                   std::optional<int64_t> request_id) {
  std::vector<store::Value> rows;
  for (const auto& c : changes) AppendHistoryRow(rows, ctx, student_id, c, reason, request_id);
  if (!rows.empty()) store::InsertRows(tx, "student_history", kHistoryColumns, std::move(rows));
}

void AppendHistoryOfEach(store::Tx& tx, const Context& ctx, const std::vector<int64_t>& student_ids,
                         const domain::FieldChange& change, const std::string& reason) {
  std::vector<store::Value> rows;
  for (int64_t id : student_ids) AppendHistoryRow(rows, ctx, id, change, reason, std::nullopt);
  if (!rows.empty()) store::InsertRows(tx, "student_history", kHistoryColumns, std::move(rows));
}

// R-CHG-1, R-SEC-2, R-SEC-3
Result<std::vector<HistoryEntry>> ListStudentHistory(store::Database& db, const Context& ctx,
                                                     int64_t student_id) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id));
  auto province = LoadProvinceFields(*tx, ProvinceOfPath(student.school_path));
  std::vector<HistoryEntry> out;
  for (const auto& r :
       tx->Query("SELECT id, field, old_value, new_value, actor, at, reason, request_id FROM "
                 "student_history WHERE student_id = $1 ORDER BY at, id",
                 {student.id})) {
    HistoryEntry e{r.Int(0),   r.Text(1), Label(r.Text(1), province),
                   r.Text(2),  r.Text(3), r.Text(4),
                   {r.Int(5)}, r.Text(6), std::nullopt};
    if (!r.IsNull(7)) e.request_id = r.Int(7);
    if (IsIdNumberField(e.field)) {
      if (!e.old_value.empty()) e.old_value = domain::MaskIdNumber(e.old_value);
      if (!e.new_value.empty()) e.new_value = domain::MaskIdNumber(e.new_value);
    }
    out.push_back(std::move(e));
  }
  AppendAudit(*tx, ctx,
              {"student.history_view", std::to_string(student.id), "ok",
               Summary({{"entries", std::to_string(out.size())}})});
  tx->Commit();
  return out;
}

// R-CHG-4, R-SEC-2
Result<RecordAsOf> StudentAsOf(store::Database& db, const Context& ctx, int64_t student_id,
                               domain::Date date) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id));
  const domain::Instant end = EndOfCstDay(date);
  if (student.submitted_at >= end.micros) {
    return NotFound(domain::FormatDate(date) + "时该学生的学籍记录尚未建立（记录建立于" +
                    domain::FormatDate(domain::CstDate({student.submitted_at})) + "）");
  }
  RecordAsOf out{
      student.id,     date, std::move(student.record), student.student_number, student.registration,
      student.status, 0};
  for (const auto& r :
       tx->Query("SELECT field, old_value FROM student_history WHERE student_id = $1 AND at >= $2 "
                 "ORDER BY at DESC, id DESC",
                 {student.id, end.micros})) {
    SetField(out, r.Text(0), r.Text(1));
    ++out.changes_undone;
  }
  auto& guardians = out.record.guardians;
  guardians.erase(std::remove_if(guardians.begin(), guardians.end(), IsEmpty), guardians.end());
  AppendAudit(*tx, ctx,
              {"student.as_of_view", std::to_string(out.student_id), "ok",
               Summary({{"date", domain::FormatDate(date)}})});
  tx->Commit();
  return out;
}

}  // namespace xueji::service
