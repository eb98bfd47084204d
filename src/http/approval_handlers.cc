// 待办审批 (R-TR-2): the approval steps the caller decides, soonest deadline
// first, and the overdue steps of the organizations directly below the
// caller's (escalation). Both are the caller's own data: the service selects
// them by the session's organization and role, so the routes need no scope
// beyond the session. Each item names the request's subject by name and 学籍号
// only (no ID numbers, R-SEC-3) and the screen where the decision is made.

#include <string>

#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/workflow_requests.h"

namespace xueji::http {
namespace {

// The Chinese name of a request type, for people.
std::string TypeName(const std::string& type) {
  if (type == "registration") return "学籍注册";
  if (type == "key_change") return "关键信息变更";
  if (type == "status_change") return "学籍异动";
  if (type == "transfer") return "转学";
  return type;
}

// The integer `key` of the request's JSON payload, if any.
std::optional<int64_t> PayloadId(const std::string& payload, std::string_view key) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::value* id = v.get_object().if_contains(key);
  if (!id || !id->is_int64()) return std::nullopt;
  return id->get_int64();
}

// The web app's screen where the step is decided: the record for a
// registration (学校审核, 核准), the request for a key-data change, a status
// change (its id is the workflow request's) or a transfer.
std::string LinkOf(const service::PendingStep& p) {
  if (p.type == "key_change") {
    auto id = PayloadId(p.payload, "key_change_request");
    return id ? "/key-changes/" + std::to_string(*id) : "/key-changes";
  }
  if (p.type == "status_change") return "/status-changes/" + std::to_string(p.request_id);
  if (p.type == "transfer") {
    auto id = PayloadId(p.payload, "transfer");
    return id ? "/transfers/" + std::to_string(*id) : "/transfers";
  }
  if (p.subject_student_id) return "/students/" + std::to_string(*p.subject_student_id);
  return "";
}

json::value DateJson(const std::optional<domain::Date>& d) {
  return d ? json::value(domain::FormatDate(*d)) : json::value(nullptr);
}

json::object ItemJson(const service::PendingStep& p) {
  return json::object{
      {"request_id", p.request_id},
      {"type", p.type},
      {"type_name", TypeName(p.type)},
      {"step", static_cast<int64_t>(p.step)},
      {"step_name", p.name},
      {"student_id",
       p.subject_student_id ? json::value(*p.subject_student_id) : json::value(nullptr)},
      {"student_name", p.student_name},
      {"student_number", p.student_number},
      {"owner_org", p.owner_org},
      {"owner_org_name", p.owner_org_name},
      {"opened_on", DateJson(p.opened_on)},
      {"due", DateJson(p.due)},
      {"days_left", p.days_left ? json::value(*p.days_left) : json::value(nullptr)},
      {"overdue", p.overdue},
      {"link", LinkOf(p)},
  };
}

HttpResponse ListJson(const std::vector<service::PendingStep>& steps) {
  json::array items;
  for (const auto& p : steps) items.push_back(ItemJson(p));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

HandlerResult GetPending(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 100));
  XUEJI_ASSIGN_OR_RETURN(
      auto steps, service::ListPendingSteps(api.db, api.ctx, domain::CstDate(api.ctx.now), limit));
  return ListJson(steps);
}

// R-TR-2
HandlerResult GetEscalated(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int limit, QueryLimit(api.query, 100));
  XUEJI_ASSIGN_OR_RETURN(auto steps, service::ListEscalatedSteps(
                                         api.db, api.ctx, domain::CstDate(api.ctx.now), limit));
  return ListJson(steps);
}

}  // namespace

// R-SEC-4: the lists name students, so they need view_students (the
// administrators never see them).
std::vector<Route> ApprovalRoutes() {
  using K = Scope::Kind;
  using P = domain::Permission;
  return {
      {"GET",
       "/api/v1/approvals/pending",
       Auth::kSession,
       P::kViewStudents,
       {K::kNone, ""},
       GetPending},
      {"GET",
       "/api/v1/approvals/escalated",
       Auth::kSession,
       P::kViewStudents,
       {K::kOwnSubtree, ""},
       GetEscalated},
  };
}

}  // namespace xueji::http
