// Transfers (转学, SPEC §7): start, the four parties' decisions, cancel,
// 调档, the paper archive's shipping and the overdue list, rollback, the
// offline entry, reading and listing, the sending school's backup and the
// 学生基本信息表 for the guardian. A transfer belongs to two schools, so the
// routes are scoped to the actor's own subtree and the service answers
// NotFound for a transfer outside it (R-ORG-4) and decides who may act.

#include <limits>

#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "http/student_json.h"
#include "service/transfer_report.h"
#include "service/transfers.h"

namespace xueji::http {
namespace {

json::value OptDate(const std::optional<domain::Date>& d) {
  return d ? json::value(domain::FormatDate(*d)) : json::value(nullptr);
}

json::array StepsJson(const std::vector<service::TransferStepView>& steps) {
  json::array out;
  for (const auto& s : steps) {
    out.push_back(json::object{
        {"seq", s.seq},
        {"name", s.name},
        {"owner_org", s.owner_org},
        {"owner_org_name", s.owner_org_name},
        {"owner_role", s.owner_role},
        {"state", s.state},
        {"due", OptDate(s.due)},
        {"overdue", s.overdue},
        {"decided_by", s.decided_by},
        {"decided_at", s.decided_at ? json::value(domain::FormatUtc(*s.decided_at)) : nullptr},
        {"reason", s.reason}});
  }
  return out;
}

json::value ShippingJson(const std::optional<service::ArchiveShipping>& s) {
  if (!s) return nullptr;
  return json::object{{"due", domain::FormatDate(s->due)},
                      {"method", s->method},
                      {"tracking_no", s->tracking_no},
                      {"shipped_on", OptDate(s->shipped_on)},
                      {"shipped_by", s->shipped_by}};
}

json::object TransferJson(const service::TransferInfo& t) {
  return json::object{
      {"id", t.id},
      {"workflow_request_id",
       t.workflow_request_id ? json::value(*t.workflow_request_id) : nullptr},
      {"student_id", t.student_id},
      {"student_number", t.student_number},
      {"student_name", t.student_name},
      {"kind", t.kind},
      {"progression", t.progression},
      {"from_school", t.from_school},
      {"from_school_name", t.from_school_name},
      {"from_grade", t.from_grade},
      {"from_class_id", t.from_class_id},
      {"from_class_name", t.from_class_name},
      {"from_status", t.from_status},
      {"to_school", t.to_school},
      {"to_school_name", t.to_school_name},
      {"to_grade", t.to_grade},
      {"to_class_id", t.to_class_id},
      {"to_class_name", t.to_class_name},
      {"reason", t.reason},
      {"statement_proof_id", t.statement_proof_id ? json::value(*t.statement_proof_id) : nullptr},
      {"state", t.state},
      {"offline", t.offline},
      {"created_by", t.created_by},
      {"created_at", domain::FormatUtc(t.created_at)},
      {"moved_by", t.moved_by},
      {"moved_on", OptDate(t.moved_on)},
      {"rolled_back_by", t.rolled_back_by},
      {"rolled_back_at",
       t.rolled_back_at ? json::value(domain::FormatUtc(*t.rolled_back_at)) : nullptr},
      {"rollback_reason", t.rollback_reason},
      {"rollback_responsible", t.rollback_responsible},
      {"steps", StepsJson(t.steps)},
      {"shipping", ShippingJson(t.shipping)},
      {"record_stays", t.record_stays},
      {"record_stay_basis", t.record_stay_basis},
      {"agreement_proof_id", t.agreement_proof_id ? json::value(*t.agreement_proof_id) : nullptr}};
}

json::object ListJson(const std::vector<service::TransferInfo>& list) {
  json::array items;
  for (const auto& t : list) items.push_back(TransferJson(t));
  return json::object{{"items", items}};
}

Result<domain::Date> RequireDate(const json::object& body, std::string_view key) {
  XUEJI_ASSIGN_OR_RETURN(std::string text, RequireString(body, key, 10));
  auto d = domain::ParseDate(text);
  if (!d) return Invalid("DATE", std::string(key), "应为YYYY-MM-DD格式的有效日期");
  return *d;
}

Result<service::TransferStartInput> StartInput(const json::object& body) {
  service::TransferStartInput in;
  XUEJI_ASSIGN_OR_RETURN(in.student_key, RequireString(body, "student_key", 40));
  XUEJI_ASSIGN_OR_RETURN(in.name, RequireString(body, "name", 200));
  XUEJI_ASSIGN_OR_RETURN(auto to_school, OptionalString(body, "to_school", 20));
  in.to_school = to_school.value_or("");
  XUEJI_ASSIGN_OR_RETURN(in.to_class_id,
                         RequireInt(body, "to_class_id", 1, std::numeric_limits<int64_t>::max()));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  in.reason = reason.value_or("");
  XUEJI_ASSIGN_OR_RETURN(auto progression, OptionalBool(body, "progression"));
  in.progression = progression.value_or(false);
  XUEJI_ASSIGN_OR_RETURN(in.statement_proof_id, OptionalInt(body, "statement_proof_id", 1,
                                                            std::numeric_limits<int64_t>::max()));
  // R-TR-12
  XUEJI_ASSIGN_OR_RETURN(auto record_stays, OptionalBool(body, "record_stays"));
  in.record_stays = record_stays.value_or(false);
  XUEJI_ASSIGN_OR_RETURN(in.agreement_proof_id, OptionalInt(body, "agreement_proof_id", 1,
                                                            std::numeric_limits<int64_t>::max()));
  return in;
}

// R-TR-1, R-TR-5, R-TR-6, R-TR-7, R-TR-8, R-TR-12
HandlerResult PostTransfer(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(
      api.body, {"student_key", "name", "to_school", "to_class_id", "reason", "progression",
                 "statement_proof_id", "record_stays", "agreement_proof_id"}));
  XUEJI_ASSIGN_OR_RETURN(auto in, StartInput(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto t, service::StartTransfer(api.db, api.ctx, in));
  return JsonResponse(201, TransferJson(t));
}

HandlerResult GetTransfers(ApiContext& api) {
  service::TransferFilter f;
  f.direction = api.query.count("direction") ? api.query["direction"] : "";
  f.state = api.query.count("state") ? api.query["state"] : "";
  XUEJI_ASSIGN_OR_RETURN(f.limit, QueryLimit(api.query, 100));
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListTransfers(api.db, api.ctx, f));
  return JsonResponse(200, ListJson(list));
}

HandlerResult GetTransfer(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto t, service::GetTransfer(api.db, api.ctx, id));
  return JsonResponse(200, TransferJson(t));
}

// R-TR-2: step `step` of the path; {approve, reason?}.
HandlerResult PostDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  const std::string& step = api.params["step"];
  if (step.size() != 1 || step[0] < '0' || step[0] > '7') return NotFound("审核步骤不存在");
  XUEJI_ASSIGN_OR_RETURN(auto decision, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(
      auto t, service::DecideTransfer(api.db, api.ctx, id, static_cast<size_t>(step[0] - '0'),
                                      decision.first, decision.second));
  return JsonResponse(200, TransferJson(t));
}

HandlerResult PostCancel(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {}));
  XUEJI_ASSIGN_OR_RETURN(auto t, service::CancelTransfer(api.db, api.ctx, id));
  return JsonResponse(200, TransferJson(t));
}

// R-TR-3: 调档
HandlerResult PostMove(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {}));
  XUEJI_ASSIGN_OR_RETURN(auto t, service::MoveTransferredRecord(api.db, api.ctx, id));
  return JsonResponse(200, TransferJson(t));
}

// R-TR-3: {method, tracking_no?, shipped_on}
HandlerResult PostShipping(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"method", "tracking_no", "shipped_on"}));
  XUEJI_ASSIGN_OR_RETURN(auto method, OptionalString(api.body, "method", 200));
  XUEJI_ASSIGN_OR_RETURN(auto tracking, OptionalString(api.body, "tracking_no", 200));
  XUEJI_ASSIGN_OR_RETURN(auto shipped_on, RequireDate(api.body, "shipped_on"));
  XUEJI_ASSIGN_OR_RETURN(auto t,
                         service::RecordArchiveShipping(api.db, api.ctx, id, method.value_or(""),
                                                        tracking.value_or(""), shipped_on));
  return JsonResponse(200, TransferJson(t));
}

// R-TR-3
HandlerResult GetOverdueArchives(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto list, service::ListUnshippedArchives(api.db, api.ctx));
  return JsonResponse(200, ListJson(list));
}

// R-TR-9: {reason}
HandlerResult PostRollback(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"reason"}));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(api.body, "reason"));
  XUEJI_ASSIGN_OR_RETURN(auto t,
                         service::RollbackTransfer(api.db, api.ctx, id, reason.value_or("")));
  return JsonResponse(200, TransferJson(t));
}

// R-TR-10: a start body with to_school and completed_on.
HandlerResult PostOffline(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"student_key", "name", "to_school", "to_class_id", "reason",
                             "progression", "statement_proof_id", "completed_on"}));
  XUEJI_ASSIGN_OR_RETURN(auto in, StartInput(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto completed_on, RequireDate(api.body, "completed_on"));
  XUEJI_ASSIGN_OR_RETURN(auto t, service::RecordOfflineTransfer(api.db, api.ctx, in, completed_on));
  return JsonResponse(201, TransferJson(t));
}

// R-SEC-3: the backup leaves the server with its ID numbers masked, the
// student's, the family members' and those in its history rows.
void MaskBackupIdNumbers(json::object& record, json::array& history) {
  auto mask = [](json::object& o, const std::string& field, const char* key) {
    if (auto* v = o.if_contains(key); v && v->is_string()) {
      *v = MaskedFieldValue(field, std::string(v->get_string()));
    }
  };
  mask(record, "id_number", "id_number");
  if (auto* guardians = record.if_contains("guardians"); guardians && guardians->is_array()) {
    for (auto& g : guardians->get_array()) {
      if (g.is_object()) mask(g.get_object(), "guardians[].id_number", "id_number");
    }
  }
  for (auto& row : history) {
    if (!row.is_object() || !row.get_object().contains("field")) continue;
    std::string field(row.get_object().at("field").as_string());
    mask(row.get_object(), field, "old");
    mask(row.get_object(), field, "new");
  }
}

// R-TR-3, 第九条
HandlerResult GetBackup(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto b, service::GetArchiveBackup(api.db, api.ctx, id));
  json::object record = json::parse(b.record_json).as_object();
  json::array history = json::parse(b.history_json).as_array();
  MaskBackupIdNumbers(record, history);
  return JsonResponse(200, json::object{{"transfer_id", b.transfer_id},
                                        {"school_code", b.school_code},
                                        {"record", std::move(record)},
                                        {"history", std::move(history)},
                                        {"taken_at", domain::FormatUtc(b.taken_at)}});
}

// R-TR-11
HandlerResult GetStudentSheet(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto sheet, service::TransferStudentSheet(api.db, api.ctx, id));
  json::array rows;
  for (const auto& [label, value] : sheet.rows) {
    rows.push_back(json::object{{"label", label}, {"value", value}});
  }
  return JsonResponse(200, json::object{{"title", "学生基本信息表"},
                                        {"transfer", TransferJson(sheet.transfer)},
                                        {"rows", rows}});
}

json::array MovesJson(const std::vector<service::ReportedTransfer>& moves) {
  json::array out;
  for (const auto& m : moves) {
    out.push_back(json::object{{"transfer_id", m.transfer_id},
                               {"student_name", m.student_name},
                               {"student_number", m.student_number},
                               {"other_school_name", m.other_school_name},
                               {"moved_on", domain::FormatDate(m.moved_on)},
                               {"offline", m.offline}});
  }
  return out;
}

// R-TR-13: ?semester=YYYY-09 | YYYY-02
HandlerResult GetSemesterReport(ApiContext& api) {
  std::string semester = api.query.count("semester") ? api.query["semester"] : "";
  XUEJI_ASSIGN_OR_RETURN(
      auto r, service::ReportTransfersOfSemester(api.db, api.ctx, api.org->code, semester));
  json::array schools;
  for (const auto& s : r.schools) {
    schools.push_back(json::object{{"school_code", s.school_code},
                                   {"school_name", s.school_name},
                                   {"authority_code", s.authority_code},
                                   {"transfers_in", MovesJson(s.transfers_in)},
                                   {"transfers_out", MovesJson(s.transfers_out)}});
  }
  return JsonResponse(200, json::object{{"county_code", r.county_code},
                                        {"county_name", r.county_name},
                                        {"first_day", domain::FormatDate(r.first_day)},
                                        {"last_day", domain::FormatDate(r.last_day)},
                                        {"schools", schools}});
}

}  // namespace

std::vector<Route> TransferRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  const Scope own{K::kOwnSubtree, ""};
  return {
      {"POST", "/api/v1/transfers", Auth::kSession, P::kEditStudents, own, PostTransfer, 201},
      {"GET", "/api/v1/transfers", Auth::kSession, P::kViewStudents, own, GetTransfers},
      {"GET", "/api/v1/transfers/{id}", Auth::kSession, P::kViewStudents, own, GetTransfer},
      {"POST", "/api/v1/transfers/{id}/steps/{step}/decision", Auth::kSession, P::kViewStudents,
       own, PostDecision},
      {"POST", "/api/v1/transfers/{id}/cancel", Auth::kSession, P::kEditStudents, own, PostCancel},
      {"POST", "/api/v1/transfers/{id}/move", Auth::kSession, P::kEditStudents, own, PostMove},
      {"POST", "/api/v1/transfers/{id}/shipping", Auth::kSession, P::kEditStudents, own,
       PostShipping},
      {"POST", "/api/v1/transfers/{id}/rollback", Auth::kSession, P::kApproveAtAuthority, own,
       PostRollback},
      {"GET", "/api/v1/transfers/{id}/archive-backup", Auth::kSession, P::kViewStudents, own,
       GetBackup},
      {"GET", "/api/v1/transfers/{id}/student-sheet", Auth::kSession, P::kViewStudents, own,
       GetStudentSheet},
      {"POST", "/api/v1/offline-transfers", Auth::kSession, P::kApproveAtAuthority, own,
       PostOffline, 201},
      {"GET", "/api/v1/transfer-archives/overdue", Auth::kSession, P::kApproveAtAuthority, own,
       GetOverdueArchives},
      {"GET",
       "/api/v1/counties/{code}/transfer-report",
       Auth::kSession,
       P::kViewStudents,
       {K::kPathOrg, "code"},
       GetSemesterReport},
  };
}

}  // namespace xueji::http
