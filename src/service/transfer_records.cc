#include "service/transfer_records.h"

#include <cctype>
#include <memory>
#include <utility>

#include "domain/id_number.h"
#include "domain/org.h"
#include "domain/role.h"
#include "domain/student_record.h"
#include "domain/text.h"
#include "service/business_calendar_service.h"
#include "service/placements.h"
#include "service/student_history.h"
#include "service/student_store.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr const char* kSelectTransfer =
    "SELECT t.id, t.workflow_request_id, t.student_id, t.kind, t.progression, t.from_school, "
    "fo.name, fo.path, t.from_grade, t.from_class_id, fc.name, t.from_status, t.to_school, "
    "tso.name, tso.path, t.to_grade, t.to_class_id, tc.name, t.reason, t.statement_proof_id, "
    "t.state, t.offline, cu.username, t.created_at, mu.username, t.moved_on, ru.username, "
    "t.rollback_reason, t.rollback_responsible, s.student_number, s.name, fs.authority_code, "
    "ts.authority_code, t.moved_by, t.rolled_back_at "
    "FROM transfer t JOIN org fo ON fo.code = t.from_school JOIN org tso ON tso.code = t.to_school "
    "JOIN school fs ON fs.code = t.from_school JOIN school ts ON ts.code = t.to_school "
    "JOIN school_class fc ON fc.id = t.from_class_id JOIN school_class tc ON tc.id = t.to_class_id "
    "JOIN app_user cu ON cu.id = t.created_by LEFT JOIN app_user mu ON mu.id = t.moved_by "
    "LEFT JOIN app_user ru ON ru.id = t.rolled_back_by JOIN student s ON s.id = t.student_id "
    "WHERE t.id = $1";

TransferRow RowFromQuery(const store::Row& r) {
  TransferRow out;
  TransferInfo& t = out.info;
  t.id = r.Int(0);
  if (!r.IsNull(1)) t.workflow_request_id = r.Int(1);
  t.student_id = r.Int(2);
  t.kind = r.Text(3);
  t.progression = r.Int(4) != 0;
  t.from_school = r.Text(5);
  t.from_school_name = r.Text(6);
  out.from_path = r.Text(7);
  t.from_grade = r.Text(8);
  t.from_class_id = r.Int(9);
  t.from_class_name = r.Text(10);
  t.from_status = r.Text(11);
  t.to_school = r.Text(12);
  t.to_school_name = r.Text(13);
  out.to_path = r.Text(14);
  t.to_grade = r.Text(15);
  t.to_class_id = r.Int(16);
  t.to_class_name = r.Text(17);
  t.reason = r.Text(18);
  if (!r.IsNull(19)) t.statement_proof_id = r.Int(19);
  t.state = r.Text(20);
  t.offline = r.Int(21) != 0;
  t.created_by = r.Text(22);
  t.created_at = domain::Instant{r.Int(23)};
  t.moved_by = r.Text(24);
  if (auto d = r.OptText(25)) t.moved_on = domain::ParseDate(*d);
  t.rolled_back_by = r.Text(26);
  t.rollback_reason = r.Text(27);
  t.rollback_responsible = r.Text(28);
  t.student_number = r.Text(29);
  t.student_name = r.Text(30);
  out.from_authority = r.Text(31);
  out.to_authority = r.Text(32);
  out.moved_by_id = r.Int(33);
  if (!r.IsNull(34)) t.rolled_back_at = domain::Instant{r.Int(34)};
  return out;
}

void LoadSteps(store::Tx& tx, TransferInfo& t, domain::Date today) {
  if (!t.workflow_request_id) return;
  for (const auto& r : tx.Query(
           "SELECT s.seq, s.name, s.owner_org, o.name, s.owner_role, s.state, s.due, u.username, "
           "s.decided_at, s.reason FROM workflow_step s JOIN org o ON o.code = s.owner_org "
           "LEFT JOIN app_user u ON u.id = s.decided_by WHERE s.request_id = $1 ORDER BY s.seq",
           {*t.workflow_request_id})) {
    TransferStepView v;
    v.seq = static_cast<size_t>(r.Int(0));
    v.name = r.Text(1);
    v.owner_org = r.Text(2);
    v.owner_org_name = r.Text(3);
    v.owner_role = r.Text(4);
    v.state = r.Text(5);
    if (auto d = r.OptText(6)) v.due = domain::ParseDate(*d);
    v.overdue = v.state == "open" && v.due && today > *v.due;
    v.decided_by = r.Text(7);
    if (!r.IsNull(8)) v.decided_at = domain::Instant{r.Int(8)};
    v.reason = r.Text(9);
    t.steps.push_back(std::move(v));
  }
}

void LoadShipping(store::Tx& tx, TransferInfo& t) {
  auto r = tx.QueryOne(
      "SELECT sh.due, sh.method, sh.tracking_no, sh.shipped_on, u.username FROM "
      "transfer_archive_shipping sh LEFT JOIN app_user u ON u.id = sh.shipped_by "
      "WHERE sh.transfer_id = $1",
      {t.id});
  if (!r) return;
  ArchiveShipping s;
  s.due = *domain::ParseDate(r->Text(0));
  s.method = r->Text(1);
  s.tracking_no = r->Text(2);
  if (auto d = r->OptText(3)) s.shipped_on = domain::ParseDate(*d);
  s.shipped_by = r->Text(4);
  t.shipping = std::move(s);
}

std::string RecordJson(const StoredStudent& s) {
  std::string out = "{\"student_number\":\"" + JsonEscape(s.student_number) +
                    "\",\"school_code\":\"" + JsonEscape(s.school_code) + "\",\"class_name\":\"" +
                    JsonEscape(s.class_name) + "\",\"status\":\"" + JsonEscape(s.status) + "\"";
  for (const auto& f : domain::StudentFields()) {
    out += ",\"" + std::string(f.name) + "\":\"" + JsonEscape(s.record.*f.member) + "\"";
  }
  out += ",\"guardians\":[";
  for (size_t i = 0; i < s.record.guardians.size(); ++i) {
    out += i ? ",{" : "{";
    bool first = true;
    for (const auto& f : domain::GuardianFields()) {
      out += (first ? "\"" : ",\"") + std::string(f.name) + "\":\"" +
             JsonEscape(s.record.guardians[i].*f.member) + "\"";
      first = false;
    }
    out += "}";
  }
  return out + "]}";
}

std::string HistoryJson(store::Tx& tx, int64_t student_id) {
  std::string out = "[";
  for (const auto& r :
       tx.Query("SELECT field, old_value, new_value, actor, at, reason FROM student_history "
                "WHERE student_id = $1 ORDER BY at, id",
                {student_id})) {
    if (out.size() > 1) out += ",";
    out += Summary({{"field", r.Text(0)},
                    {"old", r.Text(1)},
                    {"new", r.Text(2)},
                    {"actor", r.Text(3)},
                    {"at", domain::FormatUtc(domain::Instant{r.Int(4)})},
                    {"reason", r.Text(5)}});
  }
  return out + "]";
}

}  // namespace

std::optional<TransferRow> LoadTransferRow(store::Tx& tx, int64_t id, domain::Date today,
                                           bool for_update) {
  if (for_update &&
      !tx.QueryOne("SELECT id FROM transfer WHERE id = $1" + std::string(tx.ForUpdate()), {id})) {
    return std::nullopt;
  }
  auto r = tx.QueryOne(kSelectTransfer, {id});
  if (!r) return std::nullopt;
  TransferRow out = RowFromQuery(*r);
  LoadSteps(tx, out.info, today);
  LoadShipping(tx, out.info);
  LoadRecordStay(tx, out.info);  // R-TR-12
  return out;
}

// R-ORG-4
Result<TransferRow> LoadVisibleTransfer(store::Tx& tx, const Context& ctx, int64_t id,
                                        bool for_update) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看或办理转学");
  auto row = LoadTransferRow(tx, id, domain::CstDate(ctx.now), for_update);
  if (!row || !(domain::IsWithin(ctx.actor->org_path, row->from_path) ||
                domain::IsWithin(ctx.actor->org_path, row->to_path))) {
    return NotFound("转学申请不存在");
  }
  return std::move(*row);
}

Result<domain::TransferSide> LoadTransferSide(store::Tx& tx, const std::string& school_code) {
  auto r = tx.QueryOne(
      "SELECT s.county_code, s.authority_code, o.path, a.path, a.level FROM school s "
      "JOIN org o ON o.code = s.code JOIN org a ON a.code = s.authority_code WHERE s.code = $1",
      {school_code});
  if (!r) return NotFound("学校不存在");
  return domain::TransferSide{
      school_code, r->Text(2),
      r->Text(0),  r->Text(1),
      r->Text(3),  domain::ParseOrgLevel(r->Text(4)).value_or(domain::OrgLevel::kCounty)};
}

Result<int64_t> FindTransferStudent(store::Tx& tx, const std::string& key,
                                    const std::string& name) {
  const Error not_found = NotFound("未找到该学生，请核对学籍号（或身份证件号）与姓名");
  std::string k = domain::TrimSpaces(key);
  std::optional<int64_t> id;
  if (!k.empty() &&
      (k[0] == 'G' || k[0] == 'g' || k[0] == 'L' || k[0] == 'l' || k[0] == 'J' || k[0] == 'j')) {
    for (char& c : k) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    id = StudentIdByNumber(tx, k);
  } else if (!k.empty()) {
    auto r = tx.QueryOne(
        "SELECT id FROM student WHERE id_number_norm = $1 AND registration = 'active' "
        "ORDER BY id DESC",
        {domain::NormalizeIdNumber(k)});
    if (r) id = r->Int(0);
  }
  if (!id) return not_found;
  auto s = LoadStoredStudent(tx, *id, true);
  if (!s || s->registration != "active" || s->record.name != domain::TrimSpaces(name))
    return not_found;
  return *id;
}

std::optional<int64_t> OpenTransferOf(store::Tx& tx, int64_t student_id) {
  auto r = tx.QueryOne(
      "SELECT id FROM transfer WHERE student_id = $1 AND state IN ('open', 'approved') "
      "ORDER BY id",
      {student_id});
  if (!r) return std::nullopt;
  return r->Int(0);
}

domain::AddWorkingDaysFn StoredWorkingDays(store::Tx& tx, domain::Date today) {
  auto calendar = std::make_shared<domain::BusinessCalendar>(
      LoadBusinessCalendar(tx, today.year, today.year + 1));
  return [calendar](domain::Date from, int n) { return calendar->AddWorkingDays(from, n); };
}

Status MoveRecord(store::Tx& tx, const Context& ctx, int64_t student_id,
                  const RecordPlacement& from, const RecordPlacement& to,
                  const std::string& reason) {
  int64_t changed = tx.Exec(
      "UPDATE student SET school_code = $1, class_id = $2, grade_code = $3, status = $4, "
      "updated_at = $5 WHERE id = $6 AND school_code = $7 AND class_id = $8",
      {to.school_code, to.class_id, to.grade_code, to.status, ctx.now.micros, student_id,
       from.school_code, from.class_id});
  if (changed == 0) {
    return Conflict("TRANSFER_STALE", "学生记录已不在原学校或原班级，请刷新后查看");
  }
  std::vector<domain::FieldChange> changes;
  if (from.grade_code != to.grade_code) {
    changes.push_back({"grade_code", from.grade_code, to.grade_code});
  }
  changes.push_back({"class_id", std::to_string(from.class_id), std::to_string(to.class_id)});
  if (from.status != to.status) changes.push_back({"status", from.status, to.status});
  AppendHistory(tx, ctx, student_id, changes, reason);
  return Ok();
}

// R-TR-3, 第九条
void TakeArchiveBackup(store::Tx& tx, const Context& ctx, int64_t transfer_id, int64_t student_id,
                       const std::string& school_code) {
  auto s = LoadStoredStudent(tx, student_id);
  tx.Exec(
      "INSERT INTO transfer_archive_backup (transfer_id, school_code, record_json, history_json, "
      "taken_at) VALUES ($1, $2, $3, $4, $5)",
      {transfer_id, school_code, RecordJson(*s), HistoryJson(tx, student_id), ctx.now.micros});
}

}  // namespace xueji::service
