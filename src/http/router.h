#pragma once

// The route table and the request pipeline.
//
// R-SEC-5: any failure inside a handler becomes an error response; nothing is
// committed by a request that fails (each service commits only on success).
//
// Every request to /api/ passes the same steps, in this order, here and
// nowhere else:
//   1. match the route (405/404 otherwise), parse query and JSON body;
//   2. authenticate the session cookie (routes marked kSession);
//   3. check the CSRF header on state-changing methods;
//   4. resolve the route's Scope to an organization and check that it lies in
//      the actor's subtree (R-ORG-4) — outside answers 404, like a missing one;
//   5. check the route's Permission for the actor's role (403);
//   6. run the handler.
// Handlers therefore never check jurisdiction or roles themselves.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/role.h"
#include "http/api.h"
#include "service/clock.h"
#include "store/database.h"

namespace xueji::service {
class ImportWorker;
}

namespace xueji::http {

enum class Auth { kPublic, kSession };

// How the router finds the organization a request acts on (R-ORG-4).
struct Scope {
  enum class Kind {
    kNone,         // acts on no organization (own session, global metadata)
    kOwnSubtree,   // lists filtered to the actor's subtree by the service
    kPathOrg,      // path parameter `name` is an organization code
    kPathSchool,   // path parameter `name` is a school code (404 for non-schools)
    kPathClass,    // path parameter `name` is a class id; scope is its school
    kPathUser,     // path parameter `name` is a username; scope is its organization
    kBodyOrg,      // body field `name` is an organization code
    kPathStudent,  // path parameter `name` is a student id or 学籍号; scope is its school
    kPathLookup,   // path parameter `name` keys an object; `lookup` gives its organizations
    kQueryOrg,     // query parameter `name` is an organization code; absent = the actor's own
    kMinistry,     // national settings: only actors at the ministry reach them
  };
  Kind kind = Kind::kNone;
  std::string name;
  std::string fallback;  // kBodyOrg: the field to use when `name` is absent
  // kPathLookup: the organizations that hold the object the parameter names
  // (a problem record belongs to both schools involved); the request is in
  // scope when any of them is. None (no such object) is answered 404.
  std::function<std::vector<std::string>(store::Tx&, const std::string&)> lookup;
};

using Handler = std::function<HandlerResult(ApiContext&)>;

// A kPathLookup function from one that finds a single owner.
template <typename F>
auto SingleOwner(F find) {
  return [find](store::Tx& tx, const std::string& key) {
    auto owner = find(tx, key);
    return owner ? std::vector<std::string>{*owner} : std::vector<std::string>{};
  };
}

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/orgs/{code}/children"
  Auth auth = Auth::kSession;
  std::optional<domain::Permission> permission;
  Scope scope;
  Handler handler;
  int success_status = 200;  // documented; used by the jurisdiction test
  // Routes that take a file (proof materials) receive the raw bytes in
  // request.body instead of a JSON object, up to max_body bytes.
  bool raw_body = false;
  size_t max_body = 1 << 20;
};

struct RouterOptions {
  std::string web_root;  // directory of the built web app; "" = no static files
  bool secure_cookies = false;
  // Runs uploaded import jobs (R-IO-1); without one, uploads answer 503.
  service::ImportWorker* import_worker = nullptr;
};

class Metrics;

class Router {
 public:
  Router(store::Database& db, const service::Clock& clock, RouterOptions options);
  ~Router();

  // Thread-safe; may be called from any number of threads at once.
  HttpResponse Handle(const HttpRequest& request);

  const std::vector<Route>& routes() const { return routes_; }
  Metrics& metrics() { return *metrics_; }
  void SetDraining() { draining_ = true; }

 private:
  HandlerResult Dispatch(const HttpRequest& request, const Route& route,
                         std::map<std::string, std::string> params, const std::string& query);
  Status ResolveScope(ApiContext& api, const Route& route);

  store::Database& db_;
  const service::Clock& clock_;
  RouterOptions options_;
  std::vector<Route> routes_;
  std::unique_ptr<Metrics> metrics_;
  std::atomic<bool> draining_{false};
};

// The API's routes, in documentation order. Defined by the handler files.
std::vector<Route> AuthRoutes(const RouterOptions& options);
std::vector<Route> OrgRoutes();
std::vector<Route> AccountRoutes();
std::vector<Route> CodeTableRoutes();
std::vector<Route> StudentRoutes();
std::vector<Route> ProblemRoutes();
std::vector<Route> StudentChangeRoutes();
std::vector<Route> SuspectedDuplicateRoutes();
std::vector<Route> NumberBatchRoutes();
std::vector<Route> DivisionRoutes();
std::vector<Route> ProvinceFieldRoutes();
std::vector<Route> CalendarRoutes();
// 待办审批 and escalation (approval_handlers.cc).
std::vector<Route> ApprovalRoutes();
std::vector<Route> TransferRoutes();
// 就读安置 (R-TR-12, placement_handlers.cc).
std::vector<Route> PlacementRoutes();
// Bulk import (import_handlers.cc, docs/import.md).
std::vector<Route> ImportRoutes(const RouterOptions& options);
std::vector<Route> StatusChangeRoutes();
std::vector<Route> PolicyRoutes();
std::vector<Route> GuardianQueryRoutes();
// Roster and basic-info exports as .xlsx (export_handlers.cc).
std::vector<Route> ExportRoutes();
std::vector<Route> ExportRequestRoutes();  // R-SEC-1 数据导出申请
std::vector<Route> SystemRoutes(Router& router);

// Matches "/a/{x}/b" against "/a/1/b", filling params. Exposed for tests.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params);

// "a=1&b=%E4%B8%AD" → {a:1, b:中}; malformed escapes are kept literally.
std::map<std::string, std::string> ParseQuery(std::string_view query);
std::string PercentDecode(std::string_view s);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name);

inline constexpr const char* kSessionCookie = "xueji_session";
inline constexpr size_t kMaxJsonBody = 1 << 20;  // 1 MiB
// The largest body any route accepts (a proof file, R-ARC-2, with headroom).
inline constexpr size_t kMaxRawBody = 11 << 20;

}  // namespace xueji::http
