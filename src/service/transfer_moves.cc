// What follows the approvals of a transfer: 调档 (R-TR-3), the paper
// archive's shipping (R-TR-3, 第十五条), rollback (R-TR-9) and the offline
// entry (R-TR-10). Declared in service/transfers.h.

#include <utility>

#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/student_status.h"
#include "domain/text.h"
#include "domain/transfer.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/placements.h"
#include "service/policy_service.h"
#include "service/student_store.h"
#include "service/summary.h"
#include "service/transfer_records.h"
#include "service/transfers.h"

namespace xueji::service {
namespace {

bool IsSchoolRegistrarAt(const Context& ctx, const std::string& school) {
  return ctx.actor->role == domain::Role::kSchoolRegistrar && ctx.actor->org_code == school;
}

Error WrongState(const TransferInfo& t, const char* wanted) {
  return Error{ErrorKind::kConflict, "TRANSFER_STATE", "",
               std::string("该转学当前状态为 ") + t.state + "，" + wanted};
}

Result<TransferInfo> Reload(store::Tx& tx, int64_t id, domain::Date today) {
  auto row = LoadTransferRow(tx, id, today);
  if (!row) return NotFound("转学申请不存在");
  return std::move(row->info);
}

}  // namespace

// R-TR-3, R-TR-10
Status CompleteMove(store::Tx& tx, const Context& ctx, const TransferRow& row,
                    domain::Date moved_on) {
  const TransferInfo& t = row.info;
  auto student = LoadStoredStudent(tx, t.student_id, true);
  TakeArchiveBackup(tx, ctx, t.id, t.student_id, t.from_school);
  auto status =
      domain::ParseStudentStatus(student->status).value_or(domain::StudentStatus::kEnrolled);
  RecordPlacement from{t.from_school, t.from_class_id, t.from_grade, student->status};
  RecordPlacement to{t.to_school, t.to_class_id, t.to_grade,
                     std::string(domain::StudentStatusName(domain::StatusAfterTransfer(status)))};
  XUEJI_RETURN_IF_ERROR(MoveRecord(
      tx, ctx, t.student_id, from, to,
      "转学调档：转入" + t.to_school_name + "（转学编号 " + std::to_string(t.id) + "）"));
  EndPlacementOnMove(tx, ctx, t.student_id, moved_on, t.id);  // R-TR-12
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, row.from_authority));
  tx.Exec(
      "INSERT INTO transfer_archive_shipping (transfer_id, from_school, authority, due) VALUES "
      "($1, $2, $3, $4)",
      {t.id, t.from_school, row.from_authority,
       domain::FormatDate(domain::AddMonths(moved_on, policy.archive_shipping_months))});
  tx.Exec(
      "UPDATE transfer SET state = 'moved', moved_by = $1, moved_at = $2, moved_on = $3 WHERE "
      "id = $4",
      {ctx.actor->user_id, ctx.now.micros, domain::FormatDate(moved_on), t.id});
  return Ok();
}

namespace {

Result<std::string> CheckShortText(const std::string& value, const char* field, const char* label,
                                   bool required) {
  std::string v = domain::TrimSpaces(value);
  if (required && v.empty()) return Invalid("REQUIRED", field, std::string("请填写") + label);
  if (v.size() > 150) return Invalid("TOO_LONG", field, std::string(label) + "不能超过50个字");
  return v;
}

}  // namespace

// R-TR-3
Result<TransferInfo> MoveTransferredRecord(store::Database& db, const Context& ctx, int64_t id) {
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id, true));
  if (!IsSchoolRegistrarAt(ctx, row.info.to_school)) {
    return Forbidden("只有转入学校的学籍管理员可以调档");
  }
  if (row.info.state != "approved") {
    return Error{ErrorKind::kRuleViolation, "TRANSFER_NOT_APPROVED", "",
                 "R-TR-3：四方审核全部同意后才能调档（当前状态 " + row.info.state + "）"};
  }
  // R-TR-12: a transfer that keeps the record records a placement instead.
  XUEJI_RETURN_IF_ERROR(row.info.record_stays ? PlaceStudent(*tx, ctx, row.info, today)
                                              : CompleteMove(*tx, ctx, row, today));
  AppendAudit(*tx, ctx,
              {"transfer.move", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(row.info.student_id)},
                        {"from_school", row.info.from_school},
                        {"to_school", row.info.to_school}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-3
Result<TransferInfo> RecordArchiveShipping(store::Database& db, const Context& ctx, int64_t id,
                                           const std::string& method,
                                           const std::string& tracking_no,
                                           domain::Date shipped_on) {
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id, true));
  if (!IsSchoolRegistrarAt(ctx, row.info.from_school)) {
    return Forbidden("只有转出学校的学籍管理员可以登记纸质档案转出");
  }
  if (!row.info.shipping) return WrongState(row.info, "调档后才能登记纸质档案转出");
  if (row.info.shipping->shipped_on) {
    return Conflict(
        "ARCHIVE_SHIPPED",
        "纸质档案已于 " + domain::FormatDate(*row.info.shipping->shipped_on) + " 登记转出");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string m, CheckShortText(method, "method", "转出方式", true));
  XUEJI_ASSIGN_OR_RETURN(std::string no,
                         CheckShortText(tracking_no, "tracking_no", "快递单号", false));
  if (shipped_on > today || (row.info.moved_on && shipped_on < *row.info.moved_on)) {
    return Invalid("SHIPPED_ON", "shipped_on", "转出日期须在调档日与今天之间");
  }
  tx->Exec(
      "UPDATE transfer_archive_shipping SET method = $1, tracking_no = $2, shipped_on = $3, "
      "shipped_by = $4, recorded_at = $5 WHERE transfer_id = $6",
      {m, no, domain::FormatDate(shipped_on), ctx.actor->user_id, ctx.now.micros, id});
  AppendAudit(
      *tx, ctx,
      {"transfer.ship_archive", std::to_string(id), "ok",
       Summary(
           {{"method", m}, {"tracking_no", no}, {"shipped_on", domain::FormatDate(shipped_on)}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-3
Result<std::vector<TransferInfo>> ListUnshippedArchives(store::Database& db, const Context& ctx) {
  if (!ctx.actor) return Unauthenticated();
  if (!domain::IsAuthorityRegistrar(ctx.actor->role)) {
    return Forbidden("只有学籍主管部门可以查看逾期未转出的档案");
  }
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginRead();
  std::vector<TransferInfo> out;
  for (const auto& r : tx->Query(
           "SELECT sh.transfer_id FROM transfer_archive_shipping sh JOIN org a ON a.code = "
           "sh.authority JOIN transfer t ON t.id = sh.transfer_id WHERE sh.shipped_on IS NULL "
           "AND t.state = 'moved' AND sh.due < $1 AND a.path >= $2 AND a.path < $3 "
           "ORDER BY sh.due, sh.transfer_id LIMIT 500",
           {domain::FormatDate(today), ctx.actor->org_path,
            SubtreeUpperBound(ctx.actor->org_path)})) {
    if (auto row = LoadTransferRow(*tx, r.Int(0), today)) out.push_back(std::move(row->info));
  }
  return out;
}

// R-TR-9
Result<TransferInfo> RollbackTransfer(store::Database& db, const Context& ctx, int64_t id,
                                      const std::string& reason) {
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id, true));
  const TransferInfo& t = row.info;
  if (!domain::IsAuthorityRegistrar(ctx.actor->role) ||
      (ctx.actor->org_code != row.from_authority && ctx.actor->org_code != row.to_authority)) {
    return Forbidden("只有转出或转入学校的学籍主管部门可以回滚");
  }
  if (t.state != "moved" || !t.moved_on) return WrongState(t, "只有已调档的转学可以回滚");
  XUEJI_RETURN_IF_ERROR(domain::CheckRollbackWindow(*t.moved_on, today));
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, true));
  auto student = LoadStoredStudent(*tx, t.student_id, true);
  RecordPlacement from{t.to_school, t.to_class_id, t.to_grade, student->status};
  RecordPlacement back{t.from_school, t.from_class_id, t.from_grade, t.from_status};
  std::string responsible = t.moved_by;
  XUEJI_RETURN_IF_ERROR(MoveRecord(*tx, ctx, t.student_id, from, back,
                                   "转学回滚：退回" + t.from_school_name + "；" + why +
                                       "（错误转移操作人：" + responsible + "）"));
  RestorePlacementOnRollback(*tx, ctx, t.student_id, id, today);  // R-TR-12
  tx->Exec(
      "UPDATE transfer SET state = 'rolled_back', rolled_back_by = $1, rolled_back_at = $2, "
      "rollback_reason = $3, rollback_responsible = $4 WHERE id = $5",
      {ctx.actor->user_id, ctx.now.micros, why, responsible, id});
  AppendAudit(*tx, ctx,
              {"transfer.rollback", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(t.student_id)},
                        {"responsible", responsible},
                        {"reason", why}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-3, 第九条
Result<ArchiveBackup> GetArchiveBackup(store::Database& db, const Context& ctx, int64_t id) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id));
  auto r = tx->QueryOne(
      "SELECT school_code, record_json, history_json, taken_at FROM transfer_archive_backup "
      "WHERE transfer_id = $1",
      {id});
  if (!r || !domain::IsWithin(ctx.actor->org_path, row.from_path)) {
    return NotFound("没有该转学的档案备份");
  }
  AppendAudit(*tx, ctx, {"transfer.backup_view", std::to_string(id), "ok", "{}"});
  ArchiveBackup out{id, r->Text(0), r->Text(1), r->Text(2), domain::Instant{r->Int(3)}};
  tx->Commit();
  return out;
}

}  // namespace xueji::service
