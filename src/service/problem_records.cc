#include "service/problem_records.h"

#include "domain/id_number.h"
#include "domain/reason.h"
#include "domain/student_number.h"
#include "domain/text.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/student_history.h"
#include "service/student_numbers.h"
#include "service/summary.h"
#include "store/where.h"

namespace xueji::service {
namespace {

// The columns of one side of a problem, for student alias `s` and its
// school's org alias `o`.
std::string PartyColumns(const std::string& s, const std::string& o) {
  return s + ".id, COALESCE(" + s + ".student_number, ''), " + s + ".name, " + s + ".sex, " + s +
         ".birth_date, " + s + ".id_number, " + s + ".school_code, " + o + ".name, " + s +
         ".registration";
}

ProblemParty PartyAt(const store::Row& r, size_t i) {
  return ProblemParty{r.Int(i),      r.Text(i + 1), r.Text(i + 2),
                      r.Text(i + 3), r.Text(i + 4), domain::MaskIdNumber(r.Text(i + 5)),
                      r.Text(i + 6), r.Text(i + 7), r.Text(i + 8)};
}

std::string SelectProblems() {
  return "SELECT p.id, p.kind, p.state, p.detail, p.arbiter_org, ao.name, p.resolution, "
         "p.action, "
         "COALESCE(u.username, ''), COALESCE(p.resolved_at, 0), p.created_at, "
         "COALESCE(p.kept_student_id, 0), " +
         PartyColumns("a", "ao1") + ", " + PartyColumns("b", "bo1") +
         " FROM problem_record p JOIN org ao ON ao.code = p.arbiter_org "
         "JOIN student a ON a.id = p.student_id JOIN org ao1 ON ao1.code = a.school_code "
         "LEFT JOIN student b ON b.id = p.other_student_id LEFT JOIN org bo1 ON bo1.code = "
         "b.school_code LEFT JOIN app_user u ON u.id = p.resolved_by";
}

ProblemRecordInfo InfoOf(const store::Row& r) {
  ProblemRecordInfo p;
  p.id = r.Int(0);
  p.kind = r.Text(1);
  p.state = r.Text(2);
  p.detail = r.Text(3);
  p.arbiter_org = r.Text(4);
  p.arbiter_name = r.Text(5);
  p.resolution = r.Text(6);
  p.action = r.Text(7);
  p.resolved_by = r.Text(8);
  p.resolved_at = r.Int(9);
  p.created_at = r.Int(10);
  p.kept_student_id = r.Int(11);
  p.student = PartyAt(r, 12);
  if (!r.IsNull(21)) p.other = PartyAt(r, 21);
  return p;
}

// "either record's school lies in the subtree of `path`".
void AddInSubtree(store::Where& where, const std::string& path) {
  std::string lo = where.Param(path), hi = where.Param(SubtreeUpperBound(path));
  where.AddRaw("((ao1.path >= " + lo + " AND ao1.path < " + hi + ") OR (bo1.path >= " + lo +
               " AND bo1.path < " + hi + "))");
}

struct OpenProblem {
  std::string kind, arbiter, resume;
  int64_t student_id, other_id;
};

// R-REG-5, R-NO-6: cancels the losing record. An active record leaves the
// de-duplication index and its L or J number is deleted for good; G numbers
// are deleted only through the province-forwarded, ministry-approved request.
Status CancelRecord(store::Tx& tx, const Context& ctx, int64_t student_id,
                    const std::string& reason) {
  auto r = tx.QueryOne(
      "SELECT registration, COALESCE(student_number, ''), status FROM student WHERE id = $1" +
          std::string(tx.ForUpdate()),
      {student_id});
  if (!r) return NotFound("学生记录不存在");
  std::string registration = r->Text(0), number = r->Text(1);
  if (registration == "cancelled") return Ok();
  if (!number.empty() && number[0] == 'G') {
    return Conflict("G_NUMBER_NEEDS_DELETION_REQUEST",
                    "学籍号" + number + "为正式学籍号，须经省级转报、教育部审核的删除申请方可注销");
  }
  if (registration == "active") {
    tx.Exec("DELETE FROM national_id_index WHERE student_id = $1", {student_id});
    if (!number.empty()) XUEJI_RETURN_IF_ERROR(MarkNumberDeleted(tx, ctx, number));
  }
  tx.Exec(
      "UPDATE student SET registration = 'cancelled', status = 'cancelled', updated_at = $1 "
      "WHERE id = $2",
      {ctx.now.micros, student_id});
  AppendHistory(tx, ctx, student_id,
                {{"registration", registration, "cancelled"}, {"status", r->Text(2), "cancelled"}},
                reason);
  return Ok();
}

// The flagged record continues its registration where it stopped.
void ResumeRecord(store::Tx& tx, const Context& ctx, int64_t student_id, const std::string& resume,
                  const std::string& reason) {
  if (tx.Exec("UPDATE student SET registration = $1, updated_at = $2 WHERE id = $3 AND "
              "registration = 'problem'",
              {resume, ctx.now.micros, student_id}) > 0) {
    AppendHistory(tx, ctx, student_id, {{"registration", "problem", resume}}, reason);
  }
}

// Which actions fit which kind (R-REG-8).
Status CheckActionFits(const OpenProblem& p, ProblemAction action) {
  bool duplicate = p.kind == "duplicate_id" || p.kind == "duplicate_no_id";
  bool fits = false;
  switch (action) {
    case ProblemAction::kKeepThis:
    case ProblemAction::kKeepOther:
      fits = duplicate;
      break;
    case ProblemAction::kEvidence:
      // Two records cannot both own one ID number: 佐证 fits kinds a and c.
      fits = p.kind != "duplicate_id";
      break;
    case ProblemAction::kDeleteThis:
      fits = true;
      break;
  }
  if (fits) return Ok();
  return Invalid("ACTION_KIND", "action", "该处理方式不适用于此类问题学籍");
}

Status Apply(store::Tx& tx, const Context& ctx, const OpenProblem& p, ProblemAction action,
             const std::string& note, int64_t& kept) {
  switch (action) {
    case ProblemAction::kKeepThis:
      XUEJI_RETURN_IF_ERROR(CancelRecord(tx, ctx, p.other_id, "仲裁：" + note));
      ResumeRecord(tx, ctx, p.student_id, p.resume, "仲裁：" + note);
      kept = p.student_id;
      return Ok();
    case ProblemAction::kKeepOther:
      kept = p.other_id;
      return CancelRecord(tx, ctx, p.student_id, "仲裁：" + note);
    case ProblemAction::kEvidence:
      ResumeRecord(tx, ctx, p.student_id, p.resume, "佐证：" + note);
      kept = p.student_id;
      return Ok();
    case ProblemAction::kDeleteThis:
      return CancelRecord(tx, ctx, p.student_id, "删除错误记录：" + note);
  }
  return Ok();
}

}  // namespace

std::string_view ProblemActionName(ProblemAction action) {
  switch (action) {
    case ProblemAction::kKeepThis:
      return "keep_this";
    case ProblemAction::kKeepOther:
      return "keep_other";
    case ProblemAction::kEvidence:
      return "evidence";
    case ProblemAction::kDeleteThis:
      return "delete_this";
  }
  return "";
}

std::optional<ProblemAction> ParseProblemAction(std::string_view name) {
  if (name == "keep_this") return ProblemAction::kKeepThis;
  if (name == "keep_other") return ProblemAction::kKeepOther;
  if (name == "evidence") return ProblemAction::kEvidence;
  if (name == "delete_this") return ProblemAction::kDeleteThis;
  return std::nullopt;
}

// R-REG-8
Result<ProblemList> ListProblemRecords(store::Database& db, const Context& ctx,
                                       const std::string& org_path, const std::string& state,
                                       const std::string& kind, int64_t before_id, int limit) {
  if (!ctx.actor) return Unauthenticated();
  if (!state.empty() && state != "open" && state != "resolved") {
    return Invalid("STATE", "state", "状态应为 open 或 resolved");
  }
  if (!kind.empty() && kind != "invalid_id" && kind != "duplicate_id" &&
      kind != "duplicate_no_id") {
    return Invalid("KIND", "kind", "类型应为 invalid_id、duplicate_id 或 duplicate_no_id");
  }
  auto tx = db.BeginRead();
  store::Where where;
  AddInSubtree(where, org_path);
  if (!state.empty()) where.Add("p.state = ?", state);
  if (!kind.empty()) where.Add("p.kind = ?", kind);
  if (before_id > 0) where.Add("p.id < ?", before_id);
  std::string limit_sql = where.Limit(limit + 1);
  ProblemList list;
  for (const auto& r : tx->Query(SelectProblems() + where.sql() + " ORDER BY p.id DESC" + limit_sql,
                                 where.values())) {
    if (static_cast<int>(list.items.size()) == limit) {
      list.next_before = list.items.back().id;
      break;
    }
    list.items.push_back(InfoOf(r));
  }
  store::Where open;
  AddInSubtree(open, org_path);
  open.AddRaw("p.state = 'open'");
  for (const auto& r : tx->Query(
           "SELECT p.kind, COUNT(*) FROM problem_record p JOIN student a ON a.id = p.student_id "
           "JOIN org ao1 ON ao1.code = a.school_code LEFT JOIN student b ON b.id = "
           "p.other_student_id LEFT JOIN org bo1 ON bo1.code = b.school_code" +
               open.sql() + " GROUP BY p.kind",
           open.values())) {
    list.open_counts[r.Text(0)] = r.Int(1);
  }
  return list;
}

Result<ProblemRecordInfo> GetProblemRecord(store::Database& db, int64_t problem_id) {
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(SelectProblems() + " WHERE p.id = $1", {problem_id});
  if (!r) return NotFound("问题学籍不存在");
  return InfoOf(*r);
}

std::vector<std::string> ProblemSchool(store::Tx& tx, const std::string& problem_id) {
  if (problem_id.empty() || problem_id.size() > 18 || !domain::AllDigits(problem_id)) return {};
  std::vector<std::string> schools;
  for (const auto& r :
       tx.Query("SELECT st.school_code FROM problem_record p JOIN student st ON st.id IN "
                "(p.student_id, p.other_student_id) WHERE p.id = $1 ORDER BY st.id",
                {std::stoll(problem_id)})) {
    schools.push_back(r.Text(0));
  }
  return schools;
}

// R-REG-5, R-REG-8
Result<ProblemRecordInfo> ResolveProblemRecord(store::Database& db, const Context& ctx,
                                               int64_t problem_id, ProblemAction action,
                                               const std::string& note, int64_t proof_id) {
  if (!ctx.actor) return Unauthenticated();
  XUEJI_ASSIGN_OR_RETURN(auto reason, domain::CheckReason(note, true, "note"));
  {
    auto tx = db.BeginWrite();
    auto r = tx->QueryOne(
        "SELECT kind, state, arbiter_org, resume_registration, student_id, "
        "COALESCE(other_student_id, 0) FROM problem_record WHERE id = $1" +
            std::string(tx->ForUpdate()),
        {problem_id});
    if (!r) return NotFound("问题学籍不存在");
    if (r->Text(1) != "open") return Conflict("PROBLEM_RESOLVED", "该问题学籍已处理");
    OpenProblem p{r->Text(0), r->Text(2), r->Text(3), r->Int(4), r->Int(5)};
    if (p.arbiter != ctx.actor->org_code) {
      return Forbidden("只有负责仲裁的机构（代码" + p.arbiter + "）可以处理该问题学籍");
    }
    XUEJI_RETURN_IF_ERROR(CheckActionFits(p, action));
    if (action == ProblemAction::kEvidence &&
        !tx->QueryOne("SELECT 1 FROM proof_file WHERE id = $1 AND student_id = $2",
                      {proof_id, p.student_id})) {
      return Invalid("PROOF_REQUIRED", "proof_id", "佐证须附上该学生已上传的证明材料");
    }
    int64_t kept = 0;
    XUEJI_RETURN_IF_ERROR(Apply(*tx, ctx, p, action, reason, kept));
    tx->Exec(
        "UPDATE problem_record SET state = 'resolved', resolution = $1, resolved_by = $2, "
        "resolved_at = $3, kept_student_id = $4, proof_id = $5, action = $7 WHERE id = $6",
        {reason, ctx.actor->user_id, ctx.now.micros, kept == 0 ? store::Null() : store::Value(kept),
         action != ProblemAction::kEvidence ? store::Null() : store::Value(proof_id), problem_id,
         std::string(ProblemActionName(action))});
    AppendAudit(*tx, ctx,
                {"problem.resolve", std::to_string(problem_id), "ok",
                 Summary({{"kind", p.kind}, {"kept", std::to_string(kept)}, {"note", reason}})});
    tx->Commit();
  }
  return GetProblemRecord(db, problem_id);
}

}  // namespace xueji::service
