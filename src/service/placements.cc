#include "service/placements.h"

#include <utility>

#include "domain/id_number.h"
#include "domain/key_data.h"
#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/student_status.h"
#include "domain/text.h"
#include "domain/transfer.h"
#include "service/audit.h"
#include "service/proof_files.h"
#include "service/student_history.h"
#include "service/student_store.h"
#include "service/summary.h"
#include "service/transfer_records.h"

namespace xueji::service {
namespace {

constexpr const char* kSelectPlacement =
    "SELECT p.id, p.student_id, p.transfer_id, s.name, s.student_number, s.id_number, s.status, "
    "p.attending_school, ao.name, p.attending_class_id, ac.name, p.attending_grade, "
    "p.record_school, ro.name, s.grade_code, rc.name, p.basis, p.since, p.state, p.ended_on, "
    "eu.username, p.end_reason "
    "FROM study_placement p JOIN student s ON s.id = p.student_id "
    "JOIN org ao ON ao.code = p.attending_school JOIN org ro ON ro.code = p.record_school "
    "JOIN school_class ac ON ac.id = p.attending_class_id JOIN school_class rc ON rc.id = "
    "s.class_id LEFT JOIN app_user eu ON eu.id = p.ended_by ";

PlacementInfo FromRow(const store::Row& r) {
  PlacementInfo p;
  p.id = r.Int(0);
  p.student_id = r.Int(1);
  p.transfer_id = r.Int(2);
  p.student_name = r.Text(3);
  p.student_number = r.Text(4);
  p.id_number_masked = r.Text(5).empty() ? "" : domain::MaskIdNumber(r.Text(5));
  p.record_status = r.Text(6);
  p.attending_school = r.Text(7);
  p.attending_school_name = r.Text(8);
  p.attending_class_id = r.Int(9);
  p.attending_class_name = r.Text(10);
  p.attending_grade = r.Text(11);
  p.record_school = r.Text(12);
  p.record_school_name = r.Text(13);
  p.record_grade = r.Text(14);
  p.record_class_name = r.Text(15);
  p.basis = r.Text(16);
  p.since = *domain::ParseDate(r.Text(17));
  p.state = r.Text(18);
  if (auto d = r.OptText(19)) p.ended_on = domain::ParseDate(*d);
  p.ended_by = r.Text(20);
  p.end_reason = r.Text(21);
  return p;
}

std::optional<PlacementInfo> LoadPlacement(store::Tx& tx, int64_t id) {
  auto r = tx.QueryOne(std::string(kSelectPlacement) + "WHERE p.id = $1", {id});
  if (!r) return std::nullopt;
  return FromRow(*r);
}

std::string SchoolType(store::Tx& tx, const std::string& code) {
  auto r = tx.QueryOne("SELECT type FROM school WHERE code = $1", {code});
  return r ? r->Text(0) : "";
}

// Ends the placement `id` on `on` with `reason`, with a history row on the
// record saying where the student attended.
void Close(store::Tx& tx, const Context& ctx, const PlacementInfo& p, domain::Date on,
           const std::string& reason) {
  tx.Exec(
      "UPDATE study_placement SET state = $1, ended_on = $2, ended_by = $3, ended_at = $4, "
      "end_reason = $5 WHERE id = $6",
      {std::string(domain::kPlacementEnded), domain::FormatDate(on), ctx.actor->user_id,
       ctx.now.micros, reason, p.id});
  AppendHistory(tx, ctx, p.student_id, {{"attending_school", p.attending_school_name, ""}},
                "就读安置结束（" + domain::FormatDate(on) + "）：" + reason);
}

// R-ORG-4: a placement is visible at or above either of its schools.
bool Visible(store::Tx& tx, const Context& ctx, const PlacementInfo& p) {
  for (const auto& r : tx.Query("SELECT path FROM org WHERE code IN ($1, $2)",
                                {p.attending_school, p.record_school})) {
    if (domain::IsWithin(ctx.actor->org_path, r.Text(0))) return true;
  }
  return false;
}

std::optional<PlacementInfo> ActiveOf(store::Tx& tx, int64_t student_id) {
  auto r = tx.QueryOne(std::string(kSelectPlacement) + "WHERE p.student_id = $1 AND p.state = $2",
                       {student_id, std::string(domain::kPlacementActive)});
  if (!r) return std::nullopt;
  return FromRow(*r);
}

}  // namespace

// R-TR-12
Status MarkRecordStays(store::Tx& tx, int64_t transfer_id, int64_t student_id,
                       const std::string& from_school, const std::string& to_school,
                       const TransferStartInput& in) {
  if (!in.record_stays) {
    if (in.agreement_proof_id) {
      return Invalid("AGREEMENT_WITHOUT_RECORD_STAYS", "agreement_proof_id",
                     "学籍随学生转入时无需学籍去向商定书");
    }
    return Ok();
  }
  auto student = LoadStoredStudent(tx, student_id);
  domain::RecordStayFacts facts;
  facts.from_type = SchoolType(tx, from_school);
  facts.to_type = SchoolType(tx, to_school);
  facts.status =
      domain::ParseStudentStatus(student->status).value_or(domain::StudentStatus::kPending);
  facts.disability = student->record.disability;
  if (in.agreement_proof_id) {
    auto proofs = ProofsOfStudent(tx, student_id, {*in.agreement_proof_id});
    if (proofs.empty() || proofs[0].kind != domain::ProofKind::kRecordLocationAgreement) {
      return Invalid("PROOF_KIND", "agreement_proof_id",
                     "请选择该学生的“原学校与监护人学籍去向商定书”");
    }
    facts.agreement = true;
  }
  XUEJI_ASSIGN_OR_RETURN(domain::RecordStayBasis basis, domain::CheckRecordStays(facts));
  tx.Exec(
      "INSERT INTO transfer_record_stay (transfer_id, basis, agreement_proof_id) VALUES ($1, $2, "
      "$3)",
      {transfer_id, std::string(domain::RecordStayBasisName(basis)),
       in.agreement_proof_id ? store::Value(*in.agreement_proof_id) : store::Null()});
  return Ok();
}

void LoadRecordStay(store::Tx& tx, TransferInfo& t) {
  auto r = tx.QueryOne(
      "SELECT basis, agreement_proof_id FROM transfer_record_stay WHERE transfer_id = $1", {t.id});
  if (!r) return;
  t.record_stays = true;
  t.record_stay_basis = r->Text(0);
  if (!r->IsNull(1)) t.agreement_proof_id = r->Int(1);
}

// R-TR-12
Status PlaceStudent(store::Tx& tx, const Context& ctx, const TransferInfo& t, domain::Date since) {
  if (auto earlier = ActiveOf(tx, t.student_id)) {
    Close(tx, ctx, *earlier, since,
          std::string(domain::PlacementEndText(domain::PlacementEnd::kReplaced)));
  }
  int64_t id =
      tx.QueryOne(
            "INSERT INTO study_placement (student_id, transfer_id, attending_school, "
            "attending_class_id, attending_grade, record_school, basis, since, state, created_by, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            {t.student_id, t.id, t.to_school, t.to_class_id, t.to_grade, t.from_school,
             t.record_stay_basis, domain::FormatDate(since), std::string(domain::kPlacementActive),
             ctx.actor->user_id, ctx.now.micros})
          ->Int(0);
  AppendHistory(tx, ctx, t.student_id, {{"attending_school", "", t.to_school_name}},
                "就读安置：到" + t.to_school_name + "就读，学籍保留在" + t.from_school_name +
                    "（转学编号 " + std::to_string(t.id) + "）");
  tx.Exec(
      "UPDATE transfer SET state = 'placed', moved_by = $1, moved_at = $2, moved_on = $3 "
      "WHERE id = $4",
      {ctx.actor->user_id, ctx.now.micros, domain::FormatDate(since), t.id});
  AppendAudit(tx, ctx,
              {"placement.start", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(t.student_id)},
                        {"transfer_id", std::to_string(t.id)},
                        {"attending_school", t.to_school},
                        {"record_school", t.from_school}})});
  return Ok();
}

// R-TR-12
void EndPlacementOnMove(store::Tx& tx, const Context& ctx, int64_t student_id,
                        domain::Date moved_on, int64_t transfer_id) {
  auto active = ActiveOf(tx, student_id);
  if (!active) return;
  Close(tx, ctx, *active, moved_on,
        std::string(domain::PlacementEndText(domain::PlacementEnd::kRecordMoved)));
  tx.Exec("UPDATE study_placement SET ended_by_transfer = $1 WHERE id = $2",
          {transfer_id, active->id});
  AppendAudit(tx, ctx,
              {"placement.end", std::to_string(active->id), "ok",
               Summary({{"student_id", std::to_string(student_id)}, {"why", "record_moved"}})});
}

// R-TR-9, R-TR-12
void RestorePlacementOnRollback(store::Tx& tx, const Context& ctx, int64_t student_id,
                                int64_t transfer_id, domain::Date today) {
  auto ended = tx.QueryOne(
      "SELECT id FROM study_placement WHERE ended_by_transfer = $1 AND student_id = $2 AND "
      "state = $3",
      {transfer_id, student_id, std::string(domain::kPlacementEnded)});
  EndPlacementOnMove(tx, ctx, student_id, today, transfer_id);
  if (!ended) return;
  auto p = LoadPlacement(tx, ended->Int(0));
  tx.Exec(
      "UPDATE study_placement SET state = $1, ended_on = NULL, ended_by = NULL, ended_at = NULL, "
      "end_reason = '', ended_by_transfer = NULL WHERE id = $2",
      {std::string(domain::kPlacementActive), p->id});
  AppendHistory(tx, ctx, student_id, {{"attending_school", "", p->attending_school_name}},
                "转学回滚，恢复就读安置（转学编号 " + std::to_string(transfer_id) + "）");
  AppendAudit(tx, ctx,
              {"placement.restore", std::to_string(p->id), "ok",
               Summary({{"student_id", std::to_string(student_id)},
                        {"transfer_id", std::to_string(transfer_id)}})});
}

// R-TR-12
Result<std::optional<domain::RecordStayBasis>> RecordStayOption(store::Database& db,
                                                                const Context& ctx,
                                                                const std::string& student_key,
                                                                const std::string& name) {
  if (!ctx.actor) return Unauthenticated();
  if (ctx.actor->role != domain::Role::kSchoolRegistrar) {
    return Forbidden("只有学校学籍管理员可以发起转学");
  }
  // A write transaction because the student's row is read as at the start
  // (locked); nothing is written and it is never committed.
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(int64_t student_id, FindTransferStudent(*tx, student_key, name));
  auto student = LoadStoredStudent(*tx, student_id);
  if (student->school_code == ctx.actor->org_code) return std::optional<domain::RecordStayBasis>();
  return domain::RecordStayBasisFor(SchoolType(*tx, student->school_code),
                                    SchoolType(*tx, ctx.actor->org_code));
}

// R-TR-12
Result<std::vector<PlacementInfo>> ListSchoolPlacements(store::Database& db, const Context& ctx,
                                                        const std::string& school_code) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看学生记录");
  auto tx = db.BeginRead();
  std::vector<PlacementInfo> out;
  for (const auto& r :
       tx->Query(std::string(kSelectPlacement) +
                     "WHERE p.attending_school = $1 AND p.state = $2 ORDER BY s.name, p.id",
                 {school_code, std::string(domain::kPlacementActive)})) {
    out.push_back(FromRow(r));
  }
  return out;
}

// R-TR-12
Result<std::optional<PlacementInfo>> GetStudentPlacement(store::Database& db, const Context& ctx,
                                                         int64_t student_id) {
  auto tx = db.BeginRead();
  XUEJI_RETURN_IF_ERROR(LoadVisibleStudent(*tx, ctx, student_id));
  return ActiveOf(*tx, student_id);
}

// R-TR-12
Result<PlacementInfo> EndPlacement(store::Database& db, const Context& ctx, int64_t id,
                                   domain::Date ended_on, const std::string& reason) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能办理就读安置");
  domain::Date today = domain::CstDate(ctx.now);
  auto tx = db.BeginWrite();
  if (!tx->QueryOne("SELECT id FROM study_placement WHERE id = $1" + std::string(tx->ForUpdate()),
                    {id})) {
    return NotFound("就读安置不存在");
  }
  PlacementInfo p = *LoadPlacement(*tx, id);
  if (!Visible(*tx, ctx, p)) return NotFound("就读安置不存在");
  if (ctx.actor->role != domain::Role::kSchoolRegistrar ||
      (ctx.actor->org_code != p.attending_school && ctx.actor->org_code != p.record_school)) {
    return Forbidden("只有就读学校或学籍所在学校的学籍管理员可以结束就读安置");
  }
  if (p.state != domain::kPlacementActive) {
    return Conflict(
        "PLACEMENT_ENDED",
        "该就读安置已于 " + (p.ended_on ? domain::FormatDate(*p.ended_on) : "") + " 结束");
  }
  XUEJI_RETURN_IF_ERROR(domain::CheckPlacementEnd(p.since, ended_on, today));
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, true));
  (void)LoadStoredStudent(*tx, p.student_id, true);  // locks the record for its history
  Close(*tx, ctx, p, ended_on,
        std::string(domain::PlacementEndText(domain::PlacementEnd::kReturned)) + "：" + why);
  AppendAudit(*tx, ctx,
              {"placement.end", std::to_string(id), "ok",
               Summary({{"student_id", std::to_string(p.student_id)},
                        {"ended_on", domain::FormatDate(ended_on)},
                        {"reason", why}})});
  PlacementInfo out = *LoadPlacement(*tx, id);
  tx->Commit();
  return out;
}

}  // namespace xueji::service
