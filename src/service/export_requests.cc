#include "service/export_requests.h"

#include <filesystem>

#include "domain/org.h"
#include "domain/role.h"
#include "domain/school.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr size_t kMaxTextBytes = 600;  // 200 characters of Chinese

constexpr const char* kSelect =
    "SELECT r.id, r.requester_id, u.username, u.display_name, r.requester_org, ro.name, "
    "r.scope_org, so.name, r.class_id, r.kind, r.full_id_numbers, r.purpose, r.recipient, "
    "r.state, r.authority_org, ao.name, COALESCE(d.username, ''), r.decision_comment, "
    "r.decided_at, r.valid_until, r.max_downloads, r.downloads, r.created_at, ro.path "
    "FROM export_request r JOIN app_user u ON u.id = r.requester_id "
    "JOIN org ro ON ro.code = r.requester_org JOIN org so ON so.code = r.scope_org "
    "JOIN org ao ON ao.code = r.authority_org LEFT JOIN app_user d ON d.id = r.decided_by ";

struct Loaded {
  StoredExportRequest request;
  std::string requester_path;
};

std::optional<domain::Instant> OptInstant(const store::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return domain::Instant{row.Int(i)};
}

// The stored state as read at `now`: an approved request past its validity
// or its downloads is expired or used.
std::string EffectiveState(const StoredExportRequest& r, domain::Instant now) {
  if (r.state != "approved") return r.state;
  if (r.valid_until && now > *r.valid_until) return "expired";
  if (r.downloads >= r.max_downloads) return "used";
  return r.state;
}

Loaded FromRow(const store::Row& row, domain::Instant now) {
  StoredExportRequest r;
  r.id = row.Int(0);
  r.requester_id = row.Int(1);
  r.requester = row.Text(2);
  r.requester_name = row.Text(3);
  r.requester_org = row.Text(4);
  r.requester_org_name = row.Text(5);
  r.scope_org = row.Text(6);
  r.scope_org_name = row.Text(7);
  r.class_id = row.Int(8);
  r.kind = row.Text(9);
  r.full_id_numbers = row.Int(10) != 0;
  r.purpose = row.Text(11);
  r.recipient = row.Text(12);
  r.state = row.Text(13);
  r.authority_org = row.Text(14);
  r.authority_org_name = row.Text(15);
  r.decided_by = row.Text(16);
  r.decision_comment = row.Text(17);
  r.decided_at = OptInstant(row, 18);
  r.valid_until = OptInstant(row, 19);
  r.max_downloads = static_cast<int>(row.Int(20));
  r.downloads = static_cast<int>(row.Int(21));
  r.created_at = domain::Instant{row.Int(22)};
  r.state = EffectiveState(r, now);
  return {std::move(r), row.Text(23)};
}

// R-ORG-4: the request when its requester's unit lies in the actor's subtree.
Result<Loaded> LoadVisible(store::Tx& tx, const Context& ctx, int64_t id, bool for_update) {
  if (!ctx.actor) return Unauthenticated();
  if (for_update) {
    tx.Query("SELECT id FROM export_request WHERE id = $1" + std::string(tx.ForUpdate()), {id});
  }
  auto row = tx.QueryOne(std::string(kSelect) + "WHERE r.id = $1", {id});
  if (!row) return NotFound("导出申请不存在");
  auto loaded = FromRow(*row, ctx.now);
  if (!domain::IsWithin(ctx.actor->org_path, loaded.requester_path)) {
    return NotFound("导出申请不存在");
  }
  return loaded;
}

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

Status CheckText(const std::string& value, const char* field, const char* label) {
  if (value.empty()) return Invalid("REQUIRED", field, std::string("请填写") + label);
  if (value.size() > kMaxTextBytes) {
    return Invalid("TOO_LONG", field, std::string(label) + "不能超过200字");
  }
  return Ok();
}

// R-SEC-1: the unit that decides a request of `org`: a school's record
// authority, a county's or city's parent, the ministry for a province and for
// the ministry itself.
Result<std::string> DecidingUnit(store::Tx& tx, const OrgRef& org) {
  if (org.level == domain::OrgLevel::kSchool) {
    auto r = tx.QueryOne("SELECT authority_code FROM school WHERE code = $1", {org.code});
    if (!r || r->Text(0).empty()) return NotFound("学籍主管部门不存在");
    return r->Text(0);
  }
  if (org.level == domain::OrgLevel::kCounty || org.level == domain::OrgLevel::kCity) {
    return org.parent_code;
  }
  return std::string(domain::kMinistryCode);
}

// R-ORG-4: the scope inside the actor's subtree, and the class inside a school scope.
Result<OrgRef> ResolveRequestScope(store::Tx& tx, const Actor& actor,
                                   const ExportRequestInput& in) {
  XUEJI_ASSIGN_OR_RETURN(auto scope, ResolveInScope(tx, actor, in.scope_org));
  if (scope.level == domain::OrgLevel::kMinistry) {
    return Invalid("SCOPE_LEVEL", "scope_org", "导出范围应为学校、县、市或省");
  }
  if (in.class_id == 0) return scope;
  if (scope.level != domain::OrgLevel::kSchool) {
    return Invalid("CLASS_NEEDS_SCHOOL", "class_id", "只有学校范围可以选择班级");
  }
  if (!tx.QueryOne("SELECT 1 FROM school_class WHERE id = $1 AND school_code = $2",
                   {in.class_id, scope.code})) {
    return NotFound("班级不存在");
  }
  return scope;
}

Status CheckInput(const ExportRequestInput& in) {
  if (in.kind != "roster" && in.kind != "basic_info") {
    return Invalid("INVALID_KIND", "kind", "导出内容应为花名册或学籍基础信息表");
  }
  XUEJI_RETURN_IF_ERROR(CheckText(in.purpose, "purpose", "用途"));
  return CheckText(in.recipient, "recipient", "接收方");
}

int64_t InsertRequest(store::Tx& tx, const Context& ctx, const ExportRequestInput& in,
                      const std::string& authority) {
  return tx
      .QueryOne(
          "INSERT INTO export_request (requester_id, requester_org, scope_org, class_id, kind, "
          "full_id_numbers, purpose, recipient, state, authority_org, created_at) VALUES ($1, $2, "
          "$3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
          {ctx.actor->user_id, ctx.actor->org_code, in.scope_org, in.class_id, in.kind,
           static_cast<int64_t>(in.full_id_numbers ? 1 : 0), in.purpose, in.recipient, authority,
           ctx.now.micros})
      ->Int(0);
}

std::string ScopeSubject(const StoredExportRequest& r) {
  return r.class_id ? r.scope_org + "/class/" + std::to_string(r.class_id) : r.scope_org;
}

}  // namespace

// R-SEC-1, R-ORG-4
Result<StoredExportRequest> CreateExportRequest(store::Database& db, const Context& ctx,
                                                const ExportRequestInput& input) {
  if (!ctx.actor) return Unauthenticated();
  if (!domain::HasPermission(ctx.actor->role, domain::Permission::kRevealIdNumbers)) {
    return Forbidden();
  }
  ExportRequestInput in = input;
  in.purpose = Trimmed(in.purpose);
  in.recipient = Trimmed(in.recipient);
  XUEJI_RETURN_IF_ERROR(CheckInput(in));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto scope, ResolveRequestScope(*tx, *ctx.actor, in));
  if (!in.full_id_numbers && scope.level == domain::OrgLevel::kSchool) {
    return Invalid("REQUEST_NOT_NEEDED", "full_id_numbers",
                   "一所学校的脱敏名单无需申请，请在学生查询中直接导出");
  }
  XUEJI_ASSIGN_OR_RETURN(auto own, LoadOrg(*tx, ctx.actor->org_code));
  XUEJI_ASSIGN_OR_RETURN(auto authority, DecidingUnit(*tx, own));
  int64_t id = InsertRequest(*tx, ctx, in, authority);
  AppendAudit(*tx, ctx,
              {"export_request.create", std::to_string(id), "ok",
               Summary({{"scope", in.scope_org},
                        {"class_id", std::to_string(in.class_id)},
                        {"kind", in.kind},
                        {"id_numbers", in.full_id_numbers ? "full" : "masked"},
                        {"purpose", in.purpose},
                        {"recipient", in.recipient},
                        {"authority", authority}})});
  XUEJI_ASSIGN_OR_RETURN(auto loaded, LoadVisible(*tx, ctx, id, false));
  tx->Commit();
  return loaded.request;
}

// R-SEC-1, R-SEC-4
Result<StoredExportRequest> DecideExportRequest(store::Database& db, const Context& ctx, int64_t id,
                                                bool approve, const std::string& comment) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto loaded, LoadVisible(*tx, ctx, id, true));
  const auto& r = loaded.request;
  if (r.state != "pending") return Conflict("REQUEST_DECIDED", "该导出申请已审批，请刷新后查看");
  if (ctx.actor->org_code != r.authority_org || !domain::IsAuthorityRegistrar(ctx.actor->role)) {
    return Forbidden("只有申请单位的上级学籍主管部门可以审批该导出申请");
  }
  if (!domain::MayDecide(ctx.actor->user_id, r.requester_id)) {
    return Forbidden("不能审批本人提交的导出申请");
  }
  std::string text = Trimmed(comment);
  if (!approve && text.empty()) return Invalid("REQUIRED", "comment", "驳回时请填写理由");
  if (text.size() > kMaxTextBytes) return Invalid("TOO_LONG", "comment", "意见不能超过200字");
  std::optional<domain::Instant> until;
  if (approve) until = domain::AddMinutes(ctx.now, int64_t{kExportRequestValidDays} * 24 * 60);
  tx->Exec(
      "UPDATE export_request SET state = $1, decided_by = $2, decision_comment = $3, "
      "decided_at = $4, valid_until = $5, max_downloads = $6 WHERE id = $7 AND state = 'pending'",
      {std::string(approve ? "approved" : "rejected"), ctx.actor->user_id, text, ctx.now.micros,
       until ? store::Value(until->micros) : store::Value(nullptr),
       static_cast<int64_t>(approve ? kExportRequestMaxDownloads : 0), id});
  AppendAudit(*tx, ctx,
              {approve ? "export_request.approve" : "export_request.reject", std::to_string(id),
               "ok", Summary({{"scope", ScopeSubject(r)}, {"comment", text}})});
  XUEJI_ASSIGN_OR_RETURN(auto done, LoadVisible(*tx, ctx, id, false));
  tx->Commit();
  return done.request;
}

Result<StoredExportRequest> GetExportRequest(store::Database& db, const Context& ctx, int64_t id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto loaded, LoadVisible(*tx, ctx, id, false));
  return loaded.request;
}

Result<std::vector<StoredExportRequest>> ListExportRequests(store::Database& db, const Context& ctx,
                                                            const std::string& box) {
  if (!ctx.actor) return Unauthenticated();
  std::string where;
  if (box == "mine") {
    where = "WHERE r.requester_org = $1 ORDER BY r.id DESC LIMIT 200";
  } else if (box == "to_decide") {
    where =
        "WHERE r.authority_org = $1 ORDER BY CASE WHEN r.state = 'pending' THEN 0 ELSE 1 END, "
        "r.id DESC LIMIT 200";
  } else {
    return Invalid("INVALID_BOX", "box", "box 应为 mine 或 to_decide");
  }
  auto tx = db.BeginRead();
  std::vector<StoredExportRequest> out;
  for (const auto& row : tx->Query(std::string(kSelect) + where, {ctx.actor->org_code})) {
    out.push_back(FromRow(row, ctx.now).request);
  }
  return out;
}

namespace {

// R-SEC-1: the request may be downloaded now by ctx's actor.
Status CheckUsable(const Context& ctx, const StoredExportRequest& r) {
  if (r.state == "pending") return Conflict("REQUEST_PENDING", "导出申请尚未审批");
  if (r.state == "rejected") return Conflict("REQUEST_REJECTED", "导出申请已被驳回，不能下载");
  if (r.state == "expired") return Conflict("REQUEST_EXPIRED", "导出申请已过有效期，请重新申请");
  if (r.state == "used") return Conflict("REQUEST_USED", "导出申请的下载次数已用完，请重新申请");
  if (ctx.actor->user_id != r.requester_id) return Forbidden("只有申请人可以下载导出文件");
  return Ok();
}

std::string FileNameOf(const StoredExportRequest& r) {
  return r.scope_org_name + "_" + (r.kind == "roster" ? "花名册" : "学籍基础信息表") +
         (r.full_id_numbers ? "_完整身份证号" : "") + "_申请" + std::to_string(r.id) + ".xlsx";
}

// The workbook of the request's scope, read in one snapshot.
Result<ExportResult> WriteRequested(store::Database& db, const Context& ctx, int64_t id,
                                    const std::string& path, const std::string& tmpdir) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto loaded, LoadVisible(*tx, ctx, id, false));
  const auto& r = loaded.request;
  XUEJI_RETURN_IF_ERROR(CheckUsable(ctx, r));
  // R-ORG-4: the scope is still inside the requester's subtree.
  XUEJI_ASSIGN_OR_RETURN(auto scope, ResolveInScope(*tx, *ctx.actor, r.scope_org));
  WorkbookSpec spec;
  spec.kind = r.kind == "roster" ? ExportKind::kRoster : ExportKind::kBasicInfo;
  spec.school_codes = SchoolsUnder(*tx, scope);
  spec.class_id = r.class_id;
  spec.reveal_id_numbers = r.full_id_numbers;  // R-SEC-1: as approved
  spec.school_column = scope.level != domain::OrgLevel::kSchool;
  spec.path = path;
  spec.tmpdir = tmpdir;
  XUEJI_ASSIGN_OR_RETURN(auto rows, WriteStudentsWorkbook(*tx, spec));
  return ExportResult{rows, FileNameOf(r)};
}

// Counts the download and audits what left, unless the request stopped being
// usable meanwhile.
Status RecordDownload(store::Database& db, const Context& ctx, int64_t id, int64_t rows) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto loaded, LoadVisible(*tx, ctx, id, true));
  const auto& r = loaded.request;
  XUEJI_RETURN_IF_ERROR(CheckUsable(ctx, r));
  tx->Exec("UPDATE export_request SET downloads = downloads + 1 WHERE id = $1", {id});
  AppendAudit(*tx, ctx,
              {"student.export", ScopeSubject(r), "ok",
               Summary({{"kind", r.kind},
                        {"rows", std::to_string(rows)},
                        {"id_numbers", r.full_id_numbers ? "full" : "masked"},
                        {"scope", r.scope_org},
                        {"request", std::to_string(id)},
                        {"recipient", r.recipient}})});
  tx->Commit();
  return Ok();
}

}  // namespace

// R-SEC-1, R-SEC-2
Result<ExportResult> ExportThroughRequest(store::Database& db, const Context& ctx, int64_t id,
                                          const std::string& path, const std::string& tmpdir) {
  auto result = WriteRequested(db, ctx, id, path, tmpdir);
  Status recorded = result.ok() ? RecordDownload(db, ctx, id, result->rows) : result.error();
  if (!recorded.ok()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return recorded.error();
  }
  return result;
}

std::optional<std::string> RequesterOrgOfExportRequest(store::Tx& tx, const std::string& key) {
  if (key.empty() || key.size() > 18 || !domain::AllDigits(key)) return std::nullopt;
  auto r = tx.QueryOne("SELECT requester_org FROM export_request WHERE id = $1", {std::stoll(key)});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
