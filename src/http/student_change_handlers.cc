// Changing a student's information (R-CHG-1..4, R-ARC-2, R-ARC-3): direct
// edits, the change history, the record as of a past date, proof files and
// key-data change requests. The router resolves the record or request to its
// school inside the actor's jurisdiction (R-ORG-4) before these run; the
// services decide who may act (the school's registrar, its approver, its
// record authority). ID numbers leave the server masked (R-SEC-3).

#include <limits>

#include "domain/file_type.h"
#include "domain/id_number.h"
#include "domain/org.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "http/student_json.h"
#include "service/key_change_requests.h"
#include "service/proof_files.h"
#include "service/student_changes.h"
#include "service/student_history.h"

namespace xueji::http {
namespace {

json::array ChangesJson(const std::vector<domain::FieldChange>& changes) {
  json::array out;
  for (const auto& c : changes) {
    out.push_back(json::object{{"field", c.field},
                               {"old", MaskedFieldValue(c.field, c.old_value)},
                               {"new", MaskedFieldValue(c.field, c.new_value)}});
  }
  return out;
}

json::value OptInstant(const std::optional<domain::Instant>& t) {
  return t ? json::value(domain::FormatUtc(*t)) : json::value(nullptr);
}

json::object ProofJson(const service::ProofInfo& p) {
  return json::object{{"id", p.id},
                      {"student_id", p.student_id},
                      {"kind", domain::ProofKindCode(p.kind)},
                      {"kind_name", domain::ProofKindChinese(p.kind)},
                      {"content_type", p.content_type},
                      {"file_name", p.file_name},
                      {"size", p.size},
                      {"sha256", p.sha256},
                      {"uploaded_by", p.uploaded_by},
                      {"uploaded_at", domain::FormatUtc(p.uploaded_at)}};
}

json::object RequestJson(const service::KeyChangeRequestInfo& r) {
  json::array proofs;
  for (int64_t id : r.proof_ids) proofs.emplace_back(id);
  return json::object{{"id", r.id},
                      {"student_id", r.student_id},
                      {"student_number", r.student_number},
                      {"student_name", r.student_name},
                      {"school_code", r.school_code},
                      {"school_name", r.school_name},
                      {"authority_code", r.authority_code},
                      {"state", r.state},
                      {"changes", ChangesJson(r.changes)},
                      {"reason", r.reason},
                      {"entry_error", r.entry_error},
                      {"requested_by", r.requested_by},
                      {"requested_at", domain::FormatUtc(r.requested_at)},
                      {"school_decided_by", r.school_decided_by},
                      {"school_reason", r.school_reason},
                      {"school_decided_at", OptInstant(r.school_decided_at)},
                      {"authority_decided_by", r.authority_decided_by},
                      {"authority_reason", r.authority_reason},
                      {"decided_at", OptInstant(r.decided_at)},
                      {"proof_ids", proofs}};
}

// An optional object of string values, e.g. {"name": "王晓明"}.
Result<std::map<std::string, std::string>> StringMap(const json::object& body,
                                                     std::string_view key) {
  std::map<std::string, std::string> out;
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_object()) return Invalid("WRONG_TYPE", std::string(key), "应为对象（字段名→值）");
  for (const auto& [name, value] : v->as_object()) {
    std::string field(name);
    if (!value.is_string() || value.as_string().size() > kMaxStringBytes) {
      return Invalid("WRONG_TYPE", field, "字段" + field + "的值应为文本");
    }
    out[field] = std::string(value.as_string());
  }
  return out;
}

// The body of a direct edit: {reason, fields?, class_id?, guardians?, extra?}.
// `guardians` and `extra` (R-SPEC-2025) take the shape and limits of a
// registration body (StudentFromJson), their errors in one answer.
Result<service::StudentPatch> PatchFromJson(const json::object& body) {
  service::StudentPatch patch;
  XUEJI_ASSIGN_OR_RETURN(patch.fields, StringMap(body, "fields"));
  XUEJI_ASSIGN_OR_RETURN(patch.class_id,
                         OptionalInt(body, "class_id", 1, std::numeric_limits<int64_t>::max()));
  json::object parts;
  for (const char* key : {"guardians", "extra"}) {
    const json::value* v = body.if_contains(key);
    if (v != nullptr && !v->is_null()) parts[key] = *v;
  }
  XUEJI_ASSIGN_OR_RETURN(auto parsed, StudentFromJson(parts));
  if (parts.contains("guardians")) patch.guardians = std::move(parsed.guardians);
  patch.extra = std::move(parsed.extra);
  return patch;
}

Result<std::vector<int64_t>> ProofIds(const json::object& body) {
  std::vector<int64_t> out;
  const json::value* v = body.if_contains("proof_ids");
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > 50) {
    return Invalid("WRONG_TYPE", "proof_ids", "proof_ids应为证明材料编号的列表，最多50个");
  }
  for (const auto& id : v->as_array()) {
    if (!id.is_int64() || id.as_int64() <= 0) {
      return Invalid("WRONG_TYPE", "proof_ids", "证明材料编号应为正整数");
    }
    out.push_back(id.as_int64());
  }
  return out;
}

std::string QueryValue(const ApiContext& api, const std::string& key) {
  auto it = api.query.find(key);
  return it == api.query.end() ? "" : it->second;
}

// R-CHG-1, R-CHG-3, R-SPEC-2025
HandlerResult PatchStudent(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(
      CheckFields(api.body, {"reason", "fields", "class_id", "guardians", "extra"}));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(api.body, "reason"));
  XUEJI_ASSIGN_OR_RETURN(auto patch, PatchFromJson(api.body));
  XUEJI_ASSIGN_OR_RETURN(
      auto r, service::EditStudent(api.db, api.ctx, api.student_id, patch, reason.value_or("")));
  json::array warnings;
  for (const auto& w : r.warnings) {
    warnings.push_back(json::object{{"code", w.code}, {"field", w.field}, {"message", w.message}});
  }
  return JsonResponse(
      200, json::object{
               {"id", r.student_id}, {"changes", ChangesJson(r.changes)}, {"warnings", warnings}});
}

// R-CHG-1
HandlerResult GetHistory(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto entries,
                         service::ListStudentHistory(api.db, api.ctx, api.student_id));
  json::array items;
  for (const auto& e : entries) {
    items.push_back(json::object{
        {"id", e.id},
        {"field", e.field},
        {"label", e.label},
        {"old", e.old_value},
        {"new", e.new_value},
        {"actor", e.actor},
        {"at", domain::FormatUtc(e.at)},
        {"reason", e.reason},
        {"request_id", e.request_id ? json::value(*e.request_id) : json::value(nullptr)}});
  }
  return JsonResponse(200, json::object{{"items", items}});
}

// R-CHG-4
HandlerResult GetAsOf(ApiContext& api) {
  auto date = domain::ParseDate(QueryValue(api, "date"));
  if (!date) return Invalid("DATE", "date", "date应为YYYY-MM-DD格式的有效日期");
  XUEJI_ASSIGN_OR_RETURN(auto r, service::StudentAsOf(api.db, api.ctx, api.student_id, *date));
  return JsonResponse(200, RecordAsOfJson(r));
}

// R-ARC-2: the raw body is the file; kind and name come in the query.
HandlerResult PostProof(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(
      auto p, service::UploadProof(api.db, api.ctx, api.student_id, QueryValue(api, "kind"),
                                   QueryValue(api, "name"), api.request.body));
  return JsonResponse(201, ProofJson(p));
}

HandlerResult GetProofs(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto proofs, service::ListProofs(api.db, api.ctx, api.student_id));
  json::array items;
  for (const auto& p : proofs) items.push_back(ProofJson(p));
  return JsonResponse(200, json::object{{"items", items}});
}

// RFC 5987 encoding of a UTF-8 file name for Content-Disposition.
std::string HeaderFileName(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

// R-ARC-1, R-SEC-2: the file itself, as the type its content is.
HandlerResult GetProof(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto proof, service::ReadProof(api.db, api.ctx, id));
  HttpResponse response;
  response.content_type = proof.info.content_type;
  response.body = std::move(proof.bytes);
  response.headers = {
      {"Content-Disposition", "inline; filename*=UTF-8''" + HeaderFileName(proof.info.file_name)},
      {"X-Content-Type-Options", "nosniff"},
      {"Cache-Control", "no-store"}};
  return response;
}

// R-CHG-2, R-ARC-3
HandlerResult PostKeyChange(ApiContext& api) {
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {"changes", "reason", "proof_ids", "entry_error"}));
  XUEJI_ASSIGN_OR_RETURN(auto changes, StringMap(api.body, "changes"));
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(api.body, "reason"));
  XUEJI_ASSIGN_OR_RETURN(auto proof_ids, ProofIds(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto entry_error, OptionalBool(api.body, "entry_error"));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::RequestKeyChange(api.db, api.ctx, api.student_id, changes,
                                                           reason.value_or(""), proof_ids,
                                                           entry_error.value_or(false)));
  return JsonResponse(201, RequestJson(r));
}

HandlerResult PostSchoolDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto d, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto r,
                         service::DecideKeyChangeAtSchool(api.db, api.ctx, id, d.first, d.second));
  return JsonResponse(200, RequestJson(r));
}

HandlerResult PostAuthorityDecision(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto d, DecisionBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(
      auto r, service::DecideKeyChangeAtAuthority(api.db, api.ctx, id, d.first, d.second));
  return JsonResponse(200, RequestJson(r));
}

HandlerResult PostCancel(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_RETURN_IF_ERROR(CheckFields(api.body, {}));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::CancelKeyChange(api.db, api.ctx, id));
  return JsonResponse(200, RequestJson(r));
}

HandlerResult GetKeyChange(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int64_t id, PathId(api));
  XUEJI_ASSIGN_OR_RETURN(auto r, service::GetKeyChange(api.db, api.ctx, id));
  return JsonResponse(200, RequestJson(r));
}

// R-CHG-2: approval queues, e.g. ?state=pending_authority for the authority.
HandlerResult GetKeyChanges(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 100));
  std::string student_text = QueryValue(api, "student");
  if (!student_text.empty() && (student_text.size() > 18 || !domain::AllDigits(student_text))) {
    return Invalid("WRONG_TYPE", "student", "student 应为学生记录编号");
  }
  int64_t student = student_text.empty() ? 0 : std::stoll(student_text);
  XUEJI_ASSIGN_OR_RETURN(auto list,
                         service::ListKeyChangeRequests(api.db, api.ctx, api.org->path,
                                                        QueryValue(api, "state"), limit, student));
  json::array items;
  for (const auto& r : list) items.push_back(RequestJson(r));
  return JsonResponse(200, json::object{{"items", items}});
}

}  // namespace

std::vector<Route> StudentChangeRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  const Scope student{K::kPathStudent, "key"};
  const Scope request{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfKeyChange)};
  const Scope proof{K::kPathLookup, "id", "", SingleOwner(service::SchoolOfProof)};
  return {
      {"PATCH", "/api/v1/students/{key}", Auth::kSession, P::kEditStudents, student, PatchStudent},
      {"GET", "/api/v1/students/{key}/history", Auth::kSession, P::kViewStudents, student,
       GetHistory},
      {"GET", "/api/v1/students/{key}/as-of", Auth::kSession, P::kViewStudents, student, GetAsOf},
      {"GET", "/api/v1/students/{key}/proofs", Auth::kSession, P::kViewStudents, student,
       GetProofs},
      {"POST", "/api/v1/students/{key}/proofs", Auth::kSession, P::kEditStudents, student,
       PostProof, 201,
       /*raw_body=*/true, /*max_body=*/domain::kMaxProofFileBytes},
      {"GET", "/api/v1/proofs/{id}", Auth::kSession, P::kViewStudents, proof, GetProof},
      {"POST", "/api/v1/students/{key}/key-changes", Auth::kSession, P::kEditStudents, student,
       PostKeyChange, 201},
      {"GET",
       "/api/v1/key-changes",
       Auth::kSession,
       P::kViewStudents,
       {K::kQueryOrg, "org"},
       GetKeyChanges},
      {"GET", "/api/v1/key-changes/{id}", Auth::kSession, P::kViewStudents, request, GetKeyChange},
      {"POST", "/api/v1/key-changes/{id}/school-decision", Auth::kSession, P::kApproveAtSchool,
       request, PostSchoolDecision},
      {"POST", "/api/v1/key-changes/{id}/authority-decision", Auth::kSession,
       P::kApproveAtAuthority, request, PostAuthorityDecision},
      {"POST", "/api/v1/key-changes/{id}/cancel", Auth::kSession, P::kEditStudents, request,
       PostCancel},
  };
}

}  // namespace xueji::http
