#include "service/transfers.h"

#include <algorithm>
#include <utility>

#include "domain/id_number.h"
#include "domain/key_data.h"
#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/school.h"
#include "domain/student_status.h"
#include "domain/transfer.h"
#include "service/audit.h"
#include "service/class_capacity.h"
#include "service/jurisdiction.h"
#include "service/placements.h"
#include "service/policy_service.h"
#include "service/proof_files.h"
#include "service/student_store.h"
#include "service/summary.h"
#include "service/transfer_records.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

// R-TR-7: the receiving class, its cap (the smaller of its capacity and the
// receiving school's policy for the grade's stage) and its current size.
Result<ClassFacts> LoadReceivingClass(store::Tx& tx, const std::string& school, int64_t class_id) {
  auto facts = LoadClassFacts(tx, school, class_id);
  if (!facts.ok() && facts.error().kind == ErrorKind::kNotFound) {
    return Invalid("TRANSFER_CLASS", "to_class_id", "请选择转入学校的班级");
  }
  return facts;
}

Status CheckStatementProof(store::Tx& tx, int64_t student_id, std::optional<int64_t> proof_id) {
  if (!proof_id) return Ok();
  auto proofs = ProofsOfStudent(tx, student_id, {*proof_id});
  if (proofs.empty() || proofs[0].kind != domain::ProofKind::kTransferStatement) {
    return Invalid("PROOF_KIND", "statement_proof_id", "请选择该学生的“监护人签字的转学理由说明”");
  }
  return Ok();
}

struct StartPlan {
  int64_t student_id = 0;
  StoredStudent student;
  domain::TransferSide from, to;
  domain::TransferKind kind = domain::TransferKind::kInCounty;
  ClassFacts to_class;
  domain::Policy starter_policy;
};

// The student, the two sides, the receiving class and the policy in force at
// the actor's organization; errors before any rule.
Result<StartPlan> PlanStart(store::Tx& tx, const Context& ctx, const TransferStartInput& in,
                            const std::string& to_school) {
  StartPlan p;
  XUEJI_ASSIGN_OR_RETURN(p.student_id, FindTransferStudent(tx, in.student_key, in.name));
  p.student = *LoadStoredStudent(tx, p.student_id, true);
  if (to_school == p.student.school_code) {
    return Invalid("TRANSFER_SAME_SCHOOL", "to_school", "转入学校与学生所在学校相同");
  }
  XUEJI_ASSIGN_OR_RETURN(p.from, LoadTransferSide(tx, p.student.school_code));
  auto to = LoadTransferSide(tx, to_school);
  if (!to.ok()) return Invalid("TRANSFER_SCHOOL", "to_school", "转入学校不存在");
  p.to = std::move(to).value();
  p.kind = domain::ClassifyTransfer(p.from, p.to);
  XUEJI_ASSIGN_OR_RETURN(p.to_class, LoadReceivingClass(tx, to_school, in.to_class_id));
  XUEJI_ASSIGN_OR_RETURN(p.starter_policy, EffectivePolicy(tx, ctx.actor->org_code));
  return p;
}

// R-TR-1: the starting school is the receiving one (the actor's own school
// when none is named) or the student's.
Result<domain::TransferStarter> StarterOf(const Context& ctx, const StartPlan& p) {
  if (ctx.actor->org_code == p.to.school_code) return domain::TransferStarter::kReceivingSchool;
  if (ctx.actor->org_code == p.from.school_code) return domain::TransferStarter::kSendingSchool;
  return Invalid("TRANSFER_SCHOOL", "to_school", "只能转入本校，或由转出学校发起");
}

int64_t InsertTransfer(store::Tx& tx, const Context& ctx, const StartPlan& p,
                       const TransferStartInput& in, const std::string& reason,
                       std::optional<int64_t> request_id, bool offline) {
  return tx
      .QueryOne(
          "INSERT INTO transfer (workflow_request_id, student_id, kind, progression, from_school, "
          "from_class_id, from_grade, from_status, to_school, to_class_id, to_grade, reason, "
          "statement_proof_id, state, offline, created_by, created_at) VALUES ($1, $2, $3, $4, "
          "$5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', $14, $15, $16) RETURNING id",
          {request_id ? store::Value(*request_id) : store::Null(), p.student_id,
           std::string(domain::TransferKindName(p.kind)), int64_t{in.progression},
           p.student.school_code, p.student.record.class_id, p.student.record.grade_code,
           p.student.status, p.to.school_code, in.to_class_id, p.to_class.grade_code, reason,
           in.statement_proof_id ? store::Value(*in.statement_proof_id) : store::Null(),
           int64_t{offline}, ctx.actor->user_id, ctx.now.micros})
      ->Int(0);
}

Result<TransferInfo> Reload(store::Tx& tx, int64_t id, domain::Date today) {
  auto row = LoadTransferRow(tx, id, today);
  if (!row) return NotFound("转学申请不存在");
  return std::move(row->info);
}

// R-TR-5, R-ST-1: a student has one open request at a time — a transfer
// does not start while a status change (休学, 出国 …) is being decided. The
// student's row is locked by PlanStart.
Status CheckNoOpenStatusChange(store::Tx& tx, int64_t student_id) {
  auto open = tx.QueryOne(
      "SELECT id FROM workflow_request WHERE subject_student_id = $1 AND state = 'open' "
      "AND type = 'status_change'",
      {student_id});
  if (!open) return Ok();
  return Conflict("REQUEST_OPEN", "该学生已有未办结的学籍异动申请（申请编号" +
                                      std::to_string(open->Int(0)) + "），办结或撤回后才能转学");
}

// R-POL-4: the city and province authorities on a side's school path, lowest
// first — the levels the starting school's policy may add to the chain.
std::vector<domain::ChainApprover> ChainAbove(store::Tx& tx, const domain::TransferSide& side) {
  std::vector<domain::ChainApprover> out;
  for (const auto& r :
       tx.Query("SELECT code, path, level FROM org WHERE level IN ('city', 'province') AND "
                "path = substr($1, 1, length(path)) ORDER BY path DESC",
                {side.school_path})) {
    out.push_back({r.Text(0), r.Text(1),
                   domain::ParseOrgLevel(r.Text(2)).value_or(domain::OrgLevel::kProvince)});
  }
  return out;
}

}  // namespace

// R-TR-1, R-TR-2, R-TR-4, R-TR-5, R-TR-6, R-TR-7, R-TR-8, R-POL-4
Result<TransferInfo> StartTransfer(store::Database& db, const Context& ctx,
                                   const TransferStartInput& in) {
  if (!ctx.actor) return Unauthenticated();
  if (ctx.actor->role != domain::Role::kSchoolRegistrar) {
    return Forbidden("只有学校学籍管理员可以发起转学");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string reason, domain::CheckReason(in.reason, true));
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  std::string to_school = in.to_school.empty() ? ctx.actor->org_code : in.to_school;
  XUEJI_ASSIGN_OR_RETURN(StartPlan p, PlanStart(*tx, ctx, in, to_school));
  domain::TransferStartFacts facts;
  XUEJI_ASSIGN_OR_RETURN(facts.starter, StarterOf(ctx, p));
  facts.status =
      domain::ParseStudentStatus(p.student.status).value_or(domain::StudentStatus::kPending);
  facts.progression = in.progression;
  facts.open_request_id = OpenTransferOf(*tx, p.student_id);
  facts.kind = p.kind;
  facts.today = today;
  facts.class_cap = p.to_class.cap;
  facts.class_size = p.to_class.size;
  XUEJI_RETURN_IF_ERROR(domain::CheckTransferStart(p.starter_policy, facts));
  XUEJI_RETURN_IF_ERROR(CheckNoOpenStatusChange(*tx, p.student_id));
  XUEJI_RETURN_IF_ERROR(CheckStatementProof(*tx, p.student_id, in.statement_proof_id));
  XUEJI_ASSIGN_OR_RETURN(
      auto request,
      domain::StartRequest(domain::TransferWorkflow(p.from, p.to, p.starter_policy,
                                                    ChainAbove(*tx, p.from), ChainAbove(*tx, p.to)),
                           ctx.actor->user_id, today, StoredWorkingDays(*tx, today)));
  int64_t request_id = InsertWorkflowRequest(
      *tx, ctx, request, p.student_id,
      Summary({{"from_school", p.from.school_code}, {"to_school", p.to.school_code}}));
  int64_t id = InsertTransfer(*tx, ctx, p, in, reason, request_id, false);
  XUEJI_RETURN_IF_ERROR(  // R-TR-12
      MarkRecordStays(*tx, id, p.student_id, p.from.school_code, p.to.school_code, in));
  // The 待办 list links a step to its transfer through the payload.
  tx->Exec("UPDATE workflow_request SET payload = $1 WHERE id = $2",
           {"{\"transfer\":" + std::to_string(id) + ",\"from_school\":\"" + p.from.school_code +
                "\",\"to_school\":\"" + p.to.school_code + "\"}",
            request_id});
  AppendAudit(*tx, ctx,
              {"transfer.start", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(p.student_id)},
                        {"from_school", p.from.school_code},
                        {"to_school", p.to.school_code},
                        {"to_class_id", std::to_string(in.to_class_id)},
                        {"kind", domain::TransferKindName(p.kind)}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-2
Result<TransferInfo> DecideTransfer(store::Database& db, const Context& ctx, int64_t id,
                                    size_t step, bool approve, const std::string& reason) {
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id, true));
  if (!row.info.workflow_request_id) {
    return Conflict("TRANSFER_OFFLINE", "线下办结的转学没有审核步骤");
  }
  auto checked = domain::CheckReason(reason, !approve);
  if (!checked.ok()) return checked.error();
  XUEJI_ASSIGN_OR_RETURN(StoredWorkflow w,
                         DecideWorkflowStep(*tx, ctx, *row.info.workflow_request_id, step, approve,
                                            checked.value(), StoredWorkingDays(*tx, today)));
  std::string state = w.request.state == domain::RequestState::kApproved  ? "approved"
                      : w.request.state == domain::RequestState::kRefused ? "refused"
                                                                          : "open";
  if (state != "open") {
    tx->Exec("UPDATE transfer SET state = $1 WHERE id = $2 AND state = 'open'", {state, id});
  }
  AppendAudit(*tx, ctx,
              {approve ? "transfer.approve" : "transfer.refuse", std::to_string(id), "ok",
               Summary({{"step", row.info.steps.at(step).name},
                        {"reason", checked.value()},
                        {"state", state}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-2
Result<TransferInfo> CancelTransfer(store::Database& db, const Context& ctx, int64_t id) {
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id, true));
  if (!row.info.workflow_request_id || row.info.state != "open") {
    return Conflict("REQUEST_ENDED", "该转学申请已办结，不能撤销");
  }
  XUEJI_RETURN_IF_ERROR(CancelWorkflowRequest(*tx, ctx, *row.info.workflow_request_id));
  tx->Exec("UPDATE transfer SET state = 'cancelled' WHERE id = $1 AND state = 'open'", {id});
  AppendAudit(*tx, ctx, {"transfer.cancel", std::to_string(id), "ok", "{}"});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

// R-TR-10, R-TR-5
Result<TransferInfo> RecordOfflineTransfer(store::Database& db, const Context& ctx,
                                           const TransferStartInput& in,
                                           domain::Date completed_on) {
  if (!ctx.actor) return Unauthenticated();
  if (!domain::IsAuthorityRegistrar(ctx.actor->role)) {
    return Forbidden("线下办结的转学由转入学校的学籍主管部门补录");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string reason, domain::CheckReason(in.reason, true));
  if (in.record_stays) {  // R-TR-12: a placement is recorded through the approvals only
    return Invalid("RECORD_STAYS_OFFLINE", "record_stays",
                   "线下办结的转学不能选择学籍保留在原学校");
  }
  domain::Date today = domain::CstDate(ctx.now);
  XUEJI_RETURN_IF_ERROR(domain::CheckOfflineDate(completed_on, today));
  auto tx = db.BeginWrite();
  auto school = ResolveInScope(*tx, *ctx.actor, in.to_school);
  if (!school.ok() || school->level != domain::OrgLevel::kSchool) {
    return Invalid("TRANSFER_SCHOOL", "to_school", "请选择本辖区内的转入学校");
  }
  XUEJI_ASSIGN_OR_RETURN(StartPlan p, PlanStart(*tx, ctx, in, in.to_school));
  auto status =
      domain::ParseStudentStatus(p.student.status).value_or(domain::StudentStatus::kPending);
  XUEJI_RETURN_IF_ERROR(domain::CheckTransferStatus(status, in.progression));
  XUEJI_RETURN_IF_ERROR(domain::CheckNoOpenTransfer(OpenTransferOf(*tx, p.student_id)));
  XUEJI_RETURN_IF_ERROR(CheckStatementProof(*tx, p.student_id, in.statement_proof_id));
  int64_t id = InsertTransfer(*tx, ctx, p, in, reason, std::nullopt, true);
  auto row = LoadTransferRow(*tx, id, today);
  XUEJI_RETURN_IF_ERROR(CompleteMove(*tx, ctx, *row, completed_on));
  AppendAudit(*tx, ctx,
              {"transfer.offline", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(p.student_id)},
                        {"from_school", p.from.school_code},
                        {"to_school", p.to.school_code},
                        {"completed_on", domain::FormatDate(completed_on)}})});
  XUEJI_ASSIGN_OR_RETURN(TransferInfo info, Reload(*tx, id, today));
  tx->Commit();
  return info;
}

Result<TransferInfo> GetTransfer(store::Database& db, const Context& ctx, int64_t id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id));
  return std::move(row.info);
}

Result<std::vector<TransferInfo>> ListTransfers(store::Database& db, const Context& ctx,
                                                const TransferFilter& filter) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看或办理转学");
  if (!filter.direction.empty() && filter.direction != "incoming" &&
      filter.direction != "outgoing") {
    return Invalid("TRANSFER_DIRECTION", "direction", "方向只能是 incoming 或 outgoing");
  }
  std::string in = "(tso.path >= $1 AND tso.path < $2)";
  std::string out = "(fo.path >= $1 AND fo.path < $2)";
  std::string where = filter.direction == "incoming"   ? in
                      : filter.direction == "outgoing" ? out
                                                       : "(" + in + " OR " + out + ")";
  if (!filter.state.empty()) where += " AND t.state = $4";
  auto tx = db.BeginRead();
  std::vector<store::Value> params = {ctx.actor->org_path, SubtreeUpperBound(ctx.actor->org_path),
                                      static_cast<int64_t>(std::clamp(filter.limit, 1, 500))};
  if (!filter.state.empty()) params.push_back(filter.state);
  std::vector<TransferInfo> result;
  domain::Date today = domain::CstDate(ctx.now);
  for (const auto& r :
       tx->Query("SELECT t.id FROM transfer t JOIN org fo ON fo.code = t.from_school JOIN org tso "
                 "ON tso.code = t.to_school WHERE " +
                     where + " ORDER BY t.id DESC LIMIT $3",
                 params)) {
    if (auto row = LoadTransferRow(*tx, r.Int(0), today)) result.push_back(std::move(row->info));
  }
  return result;
}

// R-TR-11
Result<StudentSheet> TransferStudentSheet(store::Database& db, const Context& ctx, int64_t id) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(TransferRow row, LoadVisibleTransfer(*tx, ctx, id));
  auto s = LoadStoredStudent(*tx, row.info.student_id);
  StudentSheet sheet{row.info, {}};
  const domain::StudentInput& r = s->record;
  const domain::GradeInfo* from_grade = domain::FindGrade(row.info.from_grade);
  const domain::GradeInfo* to_grade = domain::FindGrade(row.info.to_grade);
  sheet.rows = {
      {"姓名", r.name},
      {"性别", r.sex == "1"   ? "男"
               : r.sex == "2" ? "女"
                              : r.sex},
      {"出生日期", r.birth_date},
      {"身份证件号", r.id_number.empty() ? "" : domain::MaskIdNumber(r.id_number)},
      {"学籍号", s->student_number},
      {"户口所在地", r.hukou_division},
      {"现住址", r.address},
      {"原学校", row.info.from_school_name},
      {"原年级", from_grade ? std::string(from_grade->chinese) : row.info.from_grade},
      {"原班级", row.info.from_class_name},
      {"转入学校", row.info.to_school_name},
      {"转入年级", to_grade ? std::string(to_grade->chinese) : row.info.to_grade},
      {"转入班级", row.info.to_class_name},
      {"转学理由", row.info.reason},
  };
  for (size_t i = 0; i < r.guardians.size(); ++i) {
    std::string n = "家庭成员" + std::to_string(i + 1);
    sheet.rows.push_back({n + "·姓名", r.guardians[i].name});
    sheet.rows.push_back({n + "·联系电话", r.guardians[i].phone});
  }
  AppendAudit(*tx, ctx,
              {"transfer.sheet", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(row.info.student_id)}})});
  tx->Commit();
  return sheet;
}

}  // namespace xueji::service
