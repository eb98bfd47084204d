#include "service/key_change_requests.h"

#include <algorithm>
#include <set>
#include <utility>

#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/identity_verification.h"
#include "service/jurisdiction.h"
#include "service/proof_files.h"
#include "service/student_history.h"
#include "service/student_record_writer.h"
#include "service/summary.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

using domain::FieldChange;
using domain::Role;

constexpr const char* kFlow = "key_change";
constexpr size_t kSchoolStep = 0;
constexpr size_t kAuthorityStep = 1;

using domain::IsAuthorityRegistrar;
// R-SEC-4 三员分立: the administrators never read student records.
constexpr auto IsAdministrator = domain::IsAdmin;

constexpr const char* kRequestColumns =
    "r.id, r.student_id, COALESCE(st.student_number, ''), st.name, st.school_code, o.name, "
    "r.state, r.changes, r.reason, r.entry_error, ru.username, r.requested_at, "
    "COALESCE(su.username, ''), r.school_reason, r.school_decided_at, COALESCE(au.username, ''), "
    "r.authority_reason, r.decided_at, r.requested_by, sc.authority_code";
constexpr const char* kRequestFrom =
    " FROM key_change_request r JOIN student st ON st.id = r.student_id "
    "JOIN org o ON o.code = st.school_code JOIN school sc ON sc.code = st.school_code "
    "JOIN app_user ru ON ru.id = r.requested_by "
    "LEFT JOIN app_user su ON su.id = r.school_decided_by "
    "LEFT JOIN app_user au ON au.id = r.authority_decided_by";
constexpr const char* kStates[] = {"pending_school", "pending_authority", "approved", "rejected",
                                   "cancelled"};

struct StoredRequest {
  KeyChangeRequestInfo info;
  int64_t requested_by_id = 0;
};

std::optional<domain::Instant> OptInstant(const store::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return domain::Instant{r.Int(i)};
}

StoredRequest RequestFromRow(store::Tx& tx, const store::Row& r) {
  StoredRequest out;
  KeyChangeRequestInfo& i = out.info;
  i.id = r.Int(0);
  i.student_id = r.Int(1);
  i.student_number = r.Text(2);
  i.student_name = r.Text(3);
  i.school_code = r.Text(4);
  i.school_name = r.Text(5);
  i.authority_code = r.Text(19);
  i.state = r.Text(6);
  auto changes = domain::DecodeChanges(r.Text(7));
  if (!changes) {
    throw store::StoreError(store::StoreError::Kind::kGeneric,
                            "key_change_request " + std::to_string(i.id) + ": unreadable changes");
  }
  i.changes = std::move(*changes);
  i.reason = r.Text(8);
  i.entry_error = r.Int(9) != 0;
  i.requested_by = r.Text(10);
  i.requested_at = domain::Instant{r.Int(11)};
  i.school_decided_by = r.Text(12);
  i.school_reason = r.Text(13);
  i.school_decided_at = OptInstant(r, 14);
  i.authority_decided_by = r.Text(15);
  i.authority_reason = r.Text(16);
  i.decided_at = OptInstant(r, 17);
  out.requested_by_id = r.Int(18);
  for (const auto& p :
       tx.Query("SELECT proof_id FROM key_change_proof WHERE request_id = $1 ORDER BY proof_id",
                {i.id})) {
    i.proof_ids.push_back(p.Int(0));
  }
  return out;
}

StoredRequest LoadRequest(store::Tx& tx, int64_t request_id) {
  auto r = tx.QueryOne(std::string("SELECT ") + kRequestColumns + kRequestFrom + " WHERE r.id = $1",
                       {request_id});
  return RequestFromRow(tx, *r);
}

// Appends the action's audit entry for the request, commits `tx` and returns
// the request as it now stands.
KeyChangeRequestInfo Conclude(store::Tx& tx, const Context& ctx, const std::string& action,
                              int64_t request_id, const std::string& summary) {
  AppendAudit(tx, ctx, {action, std::to_string(request_id), "ok", summary});
  auto info = LoadRequest(tx, request_id).info;
  tx.Commit();
  return info;
}

// A request and its record, for an actor who may see the record (R-ORG-4);
// with `lock`, both rows stay locked for the rest of `tx`.
struct OpenRequest {
  StoredRequest request;
  StoredStudent student;
};
Result<OpenRequest> FindRequest(store::Tx& tx, const Context& ctx, int64_t request_id, bool lock) {
  auto owner = tx.QueryOne("SELECT student_id FROM key_change_request WHERE id = $1" +
                               std::string(lock ? tx.ForUpdate() : ""),
                           {request_id});
  if (!owner) return NotFound("关键信息变更申请不存在");
  auto student = LoadVisibleStudent(tx, ctx, owner->Int(0), lock);
  if (!student.ok()) {
    if (student.error().kind == ErrorKind::kNotFound) return NotFound("关键信息变更申请不存在");
    return student.error();
  }
  return OpenRequest{LoadRequest(tx, request_id), std::move(student).value()};
}

// R-ARC-3: the proofs must be this student's uploads and cover every field.
Status CheckRequestProofs(store::Tx& tx, int64_t student_id, const std::vector<int64_t>& ids,
                          const std::vector<FieldChange>& changes) {
  std::vector<std::string> fields;
  for (const FieldChange& c : changes) fields.push_back(c.field);
  std::vector<domain::ProofKind> kinds;
  for (const ProofInfo& p : ProofsOfStudent(tx, student_id, ids)) kinds.push_back(p.kind);
  if (kinds.size() != ids.size()) {
    return Invalid("PROOF_NOT_FOUND", "proof_ids", "所附证明材料中有不存在或不属于该学生的文件");
  }
  return domain::CheckProofs(fields, kinds);
}

// The changes from `before` to `after` of the fields asked for, in form
// order; validation may have normalized the others, which stay as stored.
std::vector<FieldChange> RequestedChanges(const domain::StudentInput& before,
                                          const domain::StudentInput& after,
                                          const std::vector<std::string>& requested) {
  std::vector<FieldChange> out;
  for (FieldChange& c : DiffRecords(before, after)) {
    if (domain::Contains(requested, c.field)) out.push_back(std::move(c));
  }
  return out;
}

// R-CHG-2: the record with the request's changes applied — provided it
// still holds the values the request was made against.
Result<domain::ValidatedStudent> MergeRequest(store::Tx& tx, const Context& ctx,
                                              const OpenRequest& open) {
  std::map<std::string, std::string> fields;
  for (const FieldChange& c : open.request.info.changes) {
    for (const auto& f : domain::StudentFields()) {
      if (c.field == f.name && open.student.record.*f.member != c.old_value) {
        return Conflict("KEY_CHANGE_STALE",
                        FieldLabel(c.field) + "在申请提交后已被修改，请撤回本申请后重新提交",
                        c.field);
      }
    }
    fields[c.field] = c.new_value;
  }
  XUEJI_ASSIGN_OR_RETURN(auto edited, Merge(open.student.record, fields));
  return ValidateMerged(tx, ctx, open.student, std::move(edited));
}

// R-CHG-2, R-NO-7: the population-database check of the identity data the
// change would give the record; the answer is recorded in `tx`.
Result<VerificationOutcome> VerifyIdentity(store::Tx& tx, const Context& ctx, int64_t student_id,
                                           const domain::StudentInput& r) {
  return PopulationReferenceVerifier().Verify(tx, ctx, student_id,
                                              {r.id_number, r.name, r.sex, r.birth_date});
}

// R-CHG-2: 姓名 or 身份证件号 of a G-numbered record change only after
// national de-duplication and identity verification agree.
Status Recheck(store::Tx& tx, const Context& ctx, const OpenRequest& open,
               const domain::ValidatedStudent& v) {
  const auto& changes = open.request.info.changes;
  bool needed = std::any_of(changes.begin(), changes.end(), [&](const FieldChange& c) {
    return domain::NeedsNationalRecheck(open.student.student_number, c.field);
  });
  if (!needed) return Ok();
  XUEJI_RETURN_IF_ERROR(CheckIdFree(tx, open.student.id, IdNorm(v)));
  if (!v.id) return Ok();  // no 居民身份证: nothing the population database could answer
  XUEJI_ASSIGN_OR_RETURN(auto outcome, VerifyIdentity(tx, ctx, open.student.id, v.record));
  if (outcome.verdict != VerificationOutcome::Verdict::kMatched) {
    return Error{ErrorKind::kRuleViolation, "IDENTITY_NOT_VERIFIED", "",
                 "身份比对未通过：" + outcome.message};
  }
  return Ok();
}

// Files a request with its proofs; one open request per student (the
// student row is locked by the caller; the partial unique index backs it).
Result<int64_t> InsertRequest(store::Tx& tx, const Context& ctx, int64_t student_id,
                              const std::vector<FieldChange>& changes, const std::string& reason,
                              bool entry_error, const std::vector<int64_t>& proof_ids) {
  if (tx.QueryOne("SELECT 1 FROM key_change_request WHERE student_id = $1 AND state IN "
                  "('pending_school', 'pending_authority')",
                  {student_id})) {
    return Conflict("KEY_CHANGE_OPEN", "该学生已有未办结的关键信息变更申请");
  }
  int64_t id = tx.QueryOne(
                     "INSERT INTO key_change_request (student_id, state, changes, reason, "
                     "entry_error, requested_by, requested_at) VALUES ($1, 'pending_school', $2, "
                     "$3, $4, $5, $6) RETURNING id",
                     {student_id, domain::EncodeChanges(changes), reason, int64_t{entry_error},
                      ctx.actor->user_id, ctx.now.micros})
                   ->Int(0);
  for (int64_t p : proof_ids) {
    tx.Exec("INSERT INTO key_change_proof (request_id, proof_id) VALUES ($1, $2)", {id, p});
  }
  return id;
}

Status CheckState(const StoredRequest& r, const char* expected, const char* message) {
  if (r.info.state == expected) return Ok();
  return Conflict("KEY_CHANGE_STATE", message);
}

// R-CHG-2, R-NO-4, R-NO-5, R-NO-7: writes an approved request's changes to
// the record, with their history. A failed re-check commits `tx` with the
// verification answer and an audit entry of the refusal — nothing else
// changes — and returns the refusal.
Result<std::vector<FieldChange>> ApplyRequest(store::Tx& tx, const Context& ctx,
                                              const OpenRequest& open) {
  int64_t request_id = open.request.info.id;
  XUEJI_ASSIGN_OR_RETURN(auto v, MergeRequest(tx, ctx, open));
  if (Status checked = Recheck(tx, ctx, open, v); !checked.ok()) {
    // The verification answer and the refusal are kept; nothing else changes.
    AppendAudit(
        tx, ctx,
        {"key_change.authority_recheck", std::to_string(request_id), "refused",
         Summary({{"student", std::to_string(open.student.id)}, {"code", checked.error().code}})});
    tx.Commit();
    return checked.error();
  }
  return WriteRecord(tx, ctx, open.student, v, open.request.info.reason, request_id);
}

}  // namespace

// R-CHG-2, R-CHG-3, R-ARC-3
Result<KeyChangeRequestInfo> RequestKeyChange(store::Database& db, const Context& ctx,
                                              int64_t student_id,
                                              const std::map<std::string, std::string>& changes,
                                              const std::string& reason,
                                              const std::vector<int64_t>& proof_ids,
                                              bool entry_error) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, true));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id, true));
  if (!HoldsAtSchool(ctx, Role::kSchoolRegistrar, student)) {
    return Forbidden("只有本校学籍管理员可以提交关键信息变更申请");
  }
  XUEJI_ASSIGN_OR_RETURN(auto edited, Merge(student.record, changes));
  std::vector<std::string> requested;
  for (const auto& [field, value] : changes) requested.push_back(field);
  XUEJI_ASSIGN_OR_RETURN(auto keys, KeyFieldsOf(*tx, student));
  XUEJI_RETURN_IF_ERROR(domain::CheckRequestFields(PhaseOf(student), requested, keys, entry_error));
  XUEJI_ASSIGN_OR_RETURN(auto v, ValidateMerged(*tx, ctx, student, std::move(edited)));
  std::vector<FieldChange> diff = RequestedChanges(student.record, v.record, requested);
  if (diff.empty()) return Invalid("NO_CHANGES", "changes", "申请的内容与现有信息相同");
  XUEJI_RETURN_IF_ERROR(CheckIdFree(*tx, student.id, IdNorm(v)));
  std::set<int64_t> unique_ids(proof_ids.begin(), proof_ids.end());
  std::vector<int64_t> ids(unique_ids.begin(), unique_ids.end());
  XUEJI_RETURN_IF_ERROR(CheckRequestProofs(*tx, student.id, ids, diff));
  XUEJI_ASSIGN_OR_RETURN(int64_t id,
                         InsertRequest(*tx, ctx, student.id, diff, why, entry_error, ids));
  XUEJI_RETURN_IF_ERROR(
      StartSchoolAndAuthorityRequest(*tx, ctx, kFlow, student.school_code, student.id,
                                     "{\"key_change_request\":" + std::to_string(id) + "}"));
  return Conclude(*tx, ctx, "key_change.request", id,
                  Summary({{"student", std::to_string(student.id)},
                           {"fields", ChangedFields(diff)},
                           {"reason", why}}));
}

// R-CHG-2, R-SEC-4
Result<KeyChangeRequestInfo> DecideKeyChangeAtSchool(store::Database& db, const Context& ctx,
                                                     int64_t request_id, bool approve,
                                                     const std::string& reason) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, !approve));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto open, FindRequest(*tx, ctx, request_id, true));
  if (!HoldsAtSchool(ctx, Role::kSchoolApprover, open.student)) {
    return Forbidden("只有本校审核人可以审核关键信息变更申请");
  }
  XUEJI_RETURN_IF_ERROR(CheckState(open.request, "pending_school", "该申请不在待学校审核状态"));
  if (!domain::MayDecide(ctx.actor->user_id, open.request.requested_by_id)) {
    return Forbidden("不能审核自己提交的申请");
  }
  XUEJI_RETURN_IF_ERROR(
      DecideOpenRequestOf(*tx, ctx, kFlow, open.student.id, kSchoolStep, approve, why));
  tx->Exec(
      "UPDATE key_change_request SET state = $1, school_decided_by = $2, school_reason = $3, "
      "school_decided_at = $4, decided_at = $5 WHERE id = $6",
      {std::string(approve ? "pending_authority" : "rejected"), ctx.actor->user_id, why,
       ctx.now.micros, approve ? store::Null() : store::Value(ctx.now.micros), request_id});
  return Conclude(*tx, ctx, approve ? "key_change.school_approve" : "key_change.school_reject",
                  request_id,
                  Summary({{"student", std::to_string(open.student.id)}, {"reason", why}}));
}

// R-CHG-2, R-NO-4, R-NO-5, R-NO-7
Result<KeyChangeRequestInfo> DecideKeyChangeAtAuthority(store::Database& db, const Context& ctx,
                                                        int64_t request_id, bool approve,
                                                        const std::string& reason) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, !approve));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto open, FindRequest(*tx, ctx, request_id, true));
  if (ctx.actor->org_code != open.student.authority_code ||
      !IsAuthorityRegistrar(ctx.actor->role)) {
    return Forbidden("只有该校的学籍主管部门可以核准关键信息变更");
  }
  XUEJI_RETURN_IF_ERROR(CheckState(open.request, "pending_authority", "该申请不在待核准状态"));
  std::vector<FieldChange> applied;
  if (approve) {
    XUEJI_ASSIGN_OR_RETURN(applied, ApplyRequest(*tx, ctx, open));
  }
  XUEJI_RETURN_IF_ERROR(
      DecideOpenRequestOf(*tx, ctx, kFlow, open.student.id, kAuthorityStep, approve, why));
  tx->Exec(
      "UPDATE key_change_request SET state = $1, authority_decided_by = $2, authority_reason = $3, "
      "decided_at = $4 WHERE id = $5",
      {std::string(approve ? "approved" : "rejected"), ctx.actor->user_id, why, ctx.now.micros,
       request_id});
  return Conclude(*tx, ctx,
                  approve ? "key_change.authority_approve" : "key_change.authority_reject",
                  request_id,
                  Summary({{"student", std::to_string(open.student.id)},
                           {"fields", ChangedFields(applied)},
                           {"reason", why}}));
}

// R-CHG-2
Result<KeyChangeRequestInfo> CancelKeyChange(store::Database& db, const Context& ctx,
                                             int64_t request_id) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto open, FindRequest(*tx, ctx, request_id, true));
  if (open.request.requested_by_id != ctx.actor->user_id) {
    return Forbidden("只有申请人可以撤回申请");
  }
  const std::string& state = open.request.info.state;
  if (state != "pending_school" && state != "pending_authority") {
    return Conflict("KEY_CHANGE_STATE", "该申请已办结，不能撤回");
  }
  auto flow = LoadOpenRequestOf(*tx, kFlow, open.student.id);
  if (!flow) return Conflict("WORKFLOW_MISSING", "该申请没有进行中的审批流程，请刷新后查看");
  XUEJI_RETURN_IF_ERROR(CancelWorkflowRequest(*tx, ctx, flow->id));
  tx->Exec("UPDATE key_change_request SET state = 'cancelled', decided_at = $1 WHERE id = $2",
           {ctx.now.micros, request_id});
  return Conclude(*tx, ctx, "key_change.cancel", request_id,
                  Summary({{"student", std::to_string(open.student.id)}}));
}

Result<KeyChangeRequestInfo> GetKeyChange(store::Database& db, const Context& ctx,
                                          int64_t request_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto open, FindRequest(*tx, ctx, request_id, false));
  return open.request.info;
}

// R-CHG-2, R-ORG-4
Result<std::vector<KeyChangeRequestInfo>> ListKeyChangeRequests(store::Database& db,
                                                                const Context& ctx,
                                                                const std::string& org_path,
                                                                const std::string& state, int limit,
                                                                int64_t student_id) {
  if (!ctx.actor) return Unauthenticated();
  if (IsAdministrator(ctx.actor->role)) return Forbidden("管理员不能查看学生记录");
  if (!domain::IsWithin(ctx.actor->org_path, org_path)) return NotFound("单位不存在");
  if (!state.empty() &&
      std::find(std::begin(kStates), std::end(kStates), state) == std::end(kStates)) {
    return Invalid("STATE", "state",
                   "state应为pending_school、pending_authority、approved、rejected或cancelled");
  }
  if (limit < 1 || limit > 500) return Invalid("LIMIT_RANGE", "limit", "limit应在1到500之间");
  auto tx = db.BeginRead();
  std::vector<store::Value> params = {org_path, SubtreeUpperBound(org_path),
                                      static_cast<int64_t>(limit)};
  std::string sql = std::string("SELECT ") + kRequestColumns + kRequestFrom +
                    " WHERE o.path >= $1 AND o.path < $2";
  if (!state.empty()) {
    params.push_back(state);
    sql += " AND r.state = $" + std::to_string(params.size());
  }
  if (student_id > 0) {
    params.push_back(student_id);
    sql += " AND r.student_id = $" + std::to_string(params.size());
  }
  std::vector<KeyChangeRequestInfo> out;
  for (const auto& r : tx->Query(sql + " ORDER BY r.id DESC LIMIT $3", params)) {
    out.push_back(RequestFromRow(*tx, r).info);
  }
  return out;
}

std::optional<std::string> SchoolOfKeyChange(store::Tx& tx, const std::string& id) {
  if (id.empty() || id.size() > 18 || !domain::AllDigits(id)) return std::nullopt;
  auto r = tx.QueryOne(
      "SELECT st.school_code FROM key_change_request r JOIN student st ON st.id = r.student_id "
      "WHERE r.id = $1",
      {static_cast<int64_t>(std::stoll(id))});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
