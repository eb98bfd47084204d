#include "http/router.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "http/json_input.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "service/account_service.h"

namespace xueji::http {
namespace {

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Header(const HttpRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

}  // namespace

Router::Router(store::Database& db, const service::Clock& clock, RouterOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  for (auto group : {AuthRoutes(options_), OrgRoutes(), AccountRoutes(), CodeTableRoutes(),
                     StudentRoutes(), StudentChangeRoutes(), ProblemRoutes(),
                     SuspectedDuplicateRoutes(), NumberBatchRoutes(), DivisionRoutes(),
                     ProvinceFieldRoutes(), CalendarRoutes(), PolicyRoutes(), GuardianQueryRoutes(),
                     ImportRoutes(options_),  // bulk import (docs/import.md)
                     ExportRoutes(),          // exports as .xlsx (R-IO-3)
                     // Export requests (R-SEC-1).
                     ExportRequestRoutes(),
                     // 待办审批 and escalation.
                     ApprovalRoutes(), StatusChangeRoutes(), TransferRoutes(),
                     PlacementRoutes(),  // R-TR-12
                     SystemRoutes(*this)}) {
    for (auto& r : group) routes_.push_back(std::move(r));
  }
  std::vector<std::string> names;
  for (const auto& r : routes_) names.push_back(r.method + " " + r.pattern);
  metrics_ = std::make_unique<Metrics>(std::move(names));
}

Router::~Router() = default;

HttpResponse Router::Handle(const HttpRequest& request) {
  auto start = std::chrono::steady_clock::now();
  std::string path = request.target;
  std::string query;
  if (auto q = path.find('?'); q != std::string::npos) {
    query = path.substr(q + 1);
    path.resize(q);
  }
  size_t route_index = routes_.size();
  HttpResponse response;
  bool path_matched = false;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < routes_.size(); ++i) {
    params.clear();
    if (!MatchPattern(routes_[i].pattern, path, params)) continue;
    path_matched = true;
    if (routes_[i].method != request.method) continue;
    route_index = i;
    break;
  }
  if (route_index < routes_.size()) {
    HandlerResult result = [&]() -> HandlerResult {
      try {
        return Dispatch(request, routes_[route_index], std::move(params), query);
      } catch (const store::StoreError& e) {
        if (e.is_unique_violation()) {
          return Conflict("CONFLICT", "数据已被其他操作修改或已存在，请刷新后重试");
        }
        spdlog::error("{} {}: store error: {}", request.method, path, e.what());
        return Error{ErrorKind::kInternal, "INTERNAL", "", "服务器内部错误，请稍后重试"};
      } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", request.method, path, e.what());
        return Error{ErrorKind::kInternal, "INTERNAL", "", "服务器内部错误，请稍后重试"};
      }
    }();
    response = result.ok() ? std::move(result).value() : ErrorResponse(result.error());
  } else if (path_matched) {
    response =
        ErrorResponse(Error{ErrorKind::kInvalid, "METHOD_NOT_ALLOWED", "", "不支持的请求方法"});
    response.status = 405;
  } else if (path.rfind("/api/", 0) == 0 || options_.web_root.empty()) {
    response = ErrorResponse(NotFound("接口不存在"));
  } else {
    response = ServeStatic(options_.web_root, path);
  }
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
  metrics_->Record(route_index, response.status, micros);
  return response;
}

HandlerResult Router::Dispatch(const HttpRequest& request, const Route& route,
                               std::map<std::string, std::string> params,
                               const std::string& query) {
  if (draining_ && IsStateChanging(request.method)) {
    return Error{ErrorKind::kUnavailable, "SHUTTING_DOWN", "", "服务正在停止，请稍后重试"};
  }
  ApiContext api{request,
                 db_,
                 service::Context{std::nullopt, request.client, clock_.Now()},
                 std::move(params),
                 ParseQuery(query),
                 {},
                 std::nullopt,
                 0,
                 ""};
  if (route.raw_body) {
    if (request.body.size() > route.max_body) {
      return Error{ErrorKind::kTooLarge, "BODY_TOO_LARGE", "",
                   "文件超过" + std::to_string(route.max_body >> 20) + "MB上限"};
    }
  } else if (!request.body.empty()) {
    if (request.body.size() > kMaxJsonBody) {
      return Error{ErrorKind::kTooLarge, "BODY_TOO_LARGE", "", "请求内容超过1MB上限"};
    }
    XUEJI_ASSIGN_OR_RETURN(api.body, ParseJsonObject(request.body));
  }
  if (route.auth == Auth::kSession) {
    api.session_token = CookieValue(Header(request, "cookie"), kSessionCookie);
    if (api.session_token.empty()) return Unauthenticated();
    XUEJI_ASSIGN_OR_RETURN(auto session,
                           service::Authenticate(db_, api.session_token, api.ctx.now));
    if (IsStateChanging(request.method) &&
        !ConstantTimeEqual(Header(request, "x-csrf-token"), session.csrf_token)) {
      return Error{ErrorKind::kForbidden, "CSRF_TOKEN", "",
                   "请求缺少有效的CSRF令牌，请刷新页面后重试"};
    }
    api.ctx.actor = std::move(session.actor);
  }
  XUEJI_RETURN_IF_ERROR(ResolveScope(api, route));
  if (route.permission && !domain::HasPermission(api.ctx.actor->role, *route.permission)) {
    return Forbidden();
  }
  return route.handler(api);
}

// R-ORG-4: the only place where a request's target is checked against the
// actor's jurisdiction.
Status Router::ResolveScope(ApiContext& api, const Route& route) {
  using Kind = Scope::Kind;
  if (route.scope.kind == Kind::kNone || route.scope.kind == Kind::kOwnSubtree) return Ok();
  const service::Actor& actor = *api.ctx.actor;
  auto tx = db_.BeginRead();
  std::string code;
  std::string name = route.scope.name;
  switch (route.scope.kind) {
    case Kind::kPathOrg:
    case Kind::kPathSchool:
      code = api.params[name];
      break;
    case Kind::kPathClass: {
      const std::string& id = api.params[name];
      if (id.empty() || id.size() > 18 || !domain::AllDigits(id)) return NotFound("班级不存在");
      auto school = service::SchoolOfClass(*tx, std::stoll(id));
      if (!school) return NotFound("班级不存在");
      code = *school;
      break;
    }
    case Kind::kPathStudent: {
      auto owner = service::StudentOwner(*tx, api.params[name]);
      if (!owner) return NotFound("学生记录不存在");
      api.student_id = owner->student_id;
      code = owner->school_code;
      break;
    }
    case Kind::kPathLookup: {
      // The first owner inside the subtree decides; none inside is a 404.
      for (const auto& owner : route.scope.lookup(*tx, api.params[name])) {
        if (service::ResolveInScope(*tx, actor, owner).ok()) {
          code = owner;
          break;
        }
      }
      if (code.empty()) return NotFound();
      break;
    }
    case Kind::kQueryOrg: {
      auto it = api.query.find(name);
      code = it == api.query.end() || it->second.empty() ? actor.org_code : it->second;
      break;
    }
    case Kind::kPathUser: {
      auto org = service::OrgOfUser(*tx, api.params[name]);
      if (!org) return NotFound("账号不存在");
      code = *org;
      break;
    }
    case Kind::kBodyOrg: {
      XUEJI_ASSIGN_OR_RETURN(auto value, OptionalString(api.body, name, 64));
      if (!value && !route.scope.fallback.empty()) {
        name = route.scope.fallback;
        XUEJI_ASSIGN_OR_RETURN(value, OptionalString(api.body, name, 64));
      }
      if (!value) return Invalid("REQUIRED", name, "缺少必填字段：" + name);
      code = *value;
      break;
    }
    case Kind::kMinistry:
      code = std::string(domain::kMinistryCode);
      break;
    default:
      return Ok();
  }
  auto org = service::ResolveInScope(*tx, actor, code);
  if (!org.ok()) {
    // An object outside the subtree is answered like a missing one.
    if (route.scope.kind == Kind::kPathStudent) return NotFound("学生记录不存在");
    if (route.scope.kind == Kind::kPathLookup) return NotFound();
    Error e = org.error();
    if (route.scope.kind == Kind::kBodyOrg) e.field = name;
    return e;
  }
  if (route.scope.kind == Kind::kPathSchool && org->level != domain::OrgLevel::kSchool) {
    return NotFound("学校不存在");
  }
  api.org = std::move(org).value();
  return Ok();
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  while (!pattern.empty() && !path.empty()) {
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    size_t pe = pattern.find('/');
    size_t se = path.find('/');
    std::string_view pseg = pattern.substr(0, pe);
    std::string_view sseg = path.substr(0, se);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (sseg.empty()) return false;
      params[std::string(pseg.substr(1, pseg.size() - 2))] = PercentDecode(sseg);
    } else if (pseg != sseg) {
      return false;
    }
    pattern.remove_prefix(pseg.size());
    path.remove_prefix(sseg.size());
  }
  return pattern.empty() && path.empty();
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (!key.empty()) out[key] = value;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      std::string_view value = part.substr(eq + 1);
      // Session tokens are hex; anything else is treated as no cookie.
      for (char c : value) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return "";
      }
      return std::string(value);
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return "";
}

}  // namespace xueji::http
