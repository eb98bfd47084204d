#pragma once

// Transport-neutral request and response types between the Beast server and
// the router, so that routing, sessions and jurisdiction are independent of
// the socket code.

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::http {

namespace json = boost::json;

struct HttpRequest {
  std::string method;                          // "GET", "POST" …
  std::string target;                          // path and query as received
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string client;  // peer address
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this file's content, sent from disk in pieces
  // (static files, exports) so that memory does not grow with its size.
  std::string file_path;
  // The file is a temporary one of this response: it is unlinked once the
  // server has opened it, so it goes away however the send ends.
  bool remove_file_after_open = false;
};

// What a handler sees: the parsed request, the session's actor in ctx, and
// the organization the route acts on, already checked against the actor's
// jurisdiction by the router (R-ORG-4).
struct ApiContext {
  const HttpRequest& request;
  store::Database& db;
  service::Context ctx;
  std::map<std::string, std::string> params;  // from the route pattern
  std::map<std::string, std::string> query;
  json::object body;                   // empty unless the request had one
  std::optional<service::OrgRef> org;  // the route's scope, when it has one
  int64_t student_id = 0;              // kPathStudent: the student, inside the scope
  std::string session_token;           // "" when anonymous
};

// The path parameter `name` as a row id. Anything but 1–18 digits names
// no row: NotFound, like an id that does not exist.
Result<int64_t> PathId(const ApiContext& api, std::string_view name = "id");

// Successful responses.
HttpResponse JsonResponse(int status, const json::value& body);
HttpResponse NoContent();
// The error format of DESIGN §4, with the status from StatusOf(error.kind).
HttpResponse ErrorResponse(const Error& error);

// The single place where error kinds become HTTP statuses.
int StatusOf(ErrorKind kind);

using HandlerResult = Result<HttpResponse>;

}  // namespace xueji::http
