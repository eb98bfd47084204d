#include "http/api.h"

namespace xueji::http {

HttpResponse JsonResponse(int status, const json::value& body) {
  HttpResponse r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Result<int64_t> PathId(const ApiContext& api, std::string_view name) {
  auto it = api.params.find(std::string(name));
  if (it == api.params.end()) return NotFound();
  const std::string& text = it->second;
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != text.npos) {
    return NotFound();
  }
  return std::stoll(text);
}

HttpResponse NoContent() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

int StatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kRuleViolation:
      return 422;
    case ErrorKind::kLocked:
      return 423;
    case ErrorKind::kRateLimited:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ErrorResponse(const Error& e) {
  json::object err;
  err["code"] = e.code.empty() ? "ERROR" : e.code;
  err["field"] = e.field;
  err["message"] = e.message;
  if (!e.details.empty()) {
    json::array details;
    for (const auto& d : e.details) {
      details.push_back(json::object{{"code", d.code}, {"field", d.field}, {"message", d.message}});
    }
    err["details"] = std::move(details);
  }
  HttpResponse r = JsonResponse(StatusOf(e.kind), json::object{{"error", std::move(err)}});
  if (e.retry_after_seconds > 0) {
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  }
  return r;
}

}  // namespace xueji::http
