#pragma once

// Errors are values. A business rule that refuses something returns an Error;
// exceptions are reserved for infrastructure failures (a lost database
// connection, a full disk) and are caught at the edge (http/, cli/).

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace xueji {

// The short list of error kinds. Exactly one function (http/error_status.cc)
// maps a kind to an HTTP status; the CLI maps every kind to exit status 1.
enum class ErrorKind {
  kInvalid,          // bad input: a field is wrong, missing, malformed
  kNotFound,         // does not exist, or outside the caller's jurisdiction (R-ORG-4)
  kConflict,         // already exists, or changed concurrently
  kUnauthenticated,  // no valid session, or wrong credentials
  kForbidden,        // role may not do this (inside jurisdiction)
  kLocked,           // account locked after repeated failures (R-SEC-4)
  kRateLimited,      // too many attempts from one client or at one target (R-SVC-3)
  kTooLarge,         // body or file over its limit
  kRuleViolation,    // a business rule refuses the action (names the rule)
  kUnavailable,      // shutting down or overloaded
  kInternal,         // a bug or infrastructure failure; details only in the log
};

// One error. `code` is a stable English identifier (e.g. "ORG_CODE_FORMAT")
// that clients may match on; `field` names the offending input field, if any;
// `message` is Chinese text for the person in front of the screen.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string field;
  std::string message;
  // When a form has several wrong fields: one entry per field (the first is
  // also the error itself), so that every field can show its message at once.
  std::vector<Error> details;
  // kRateLimited: seconds until a retry may succeed (0 when unknown); the
  // HTTP edge sends it as Retry-After.
  int64_t retry_after_seconds = 0;
};

inline Error Invalid(std::string code, std::string field, std::string message) {
  return Error{ErrorKind::kInvalid, std::move(code), std::move(field), std::move(message)};
}
inline Error NotFound(std::string message = "记录不存在") {
  return Error{ErrorKind::kNotFound, "NOT_FOUND", "", std::move(message)};
}
inline Error Conflict(std::string code, std::string message, std::string field = "") {
  return Error{ErrorKind::kConflict, std::move(code), std::move(field), std::move(message)};
}
inline Error Forbidden(std::string message = "当前角色无权执行此操作") {
  return Error{ErrorKind::kForbidden, "FORBIDDEN", "", std::move(message)};
}
inline Error Unauthenticated(std::string code = "UNAUTHENTICATED",
                             std::string message = "请先登录") {
  return Error{ErrorKind::kUnauthenticated, std::move(code), "", std::move(message)};
}

// Result<T> holds either a T or an Error. Check ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

// Status is Result<void>: success, or an Error. The error is held behind a
// pointer (as absl::Status does), so that success — by far the most common,
// and returned per event by parsers — is one null pointer to make and drop.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error)  // NOLINT: implicit by design
      : error_(std::make_unique<Error>(std::move(error))) {}
  Status(const Status& other)
      : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  bool ok() const { return error_ == nullptr; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::unique_ptr<Error> error_;
};

inline Status Ok() { return Status(); }

}  // namespace xueji

// Returns the error of a Status or Result expression from the enclosing function.
#define XUEJI_RETURN_IF_ERROR(expr)                        \
  do {                                                     \
    auto&& xueji_status_ = (expr);                         \
    if (!xueji_status_.ok()) return xueji_status_.error(); \
  } while (0)

#define XUEJI_CONCAT_INNER_(a, b) a##b
#define XUEJI_CONCAT_(a, b) XUEJI_CONCAT_INNER_(a, b)
// Declares `lhs` from the value of a Result, or returns its error.
#define XUEJI_ASSIGN_OR_RETURN(lhs, expr) \
  XUEJI_ASSIGN_OR_RETURN_IMPL_(XUEJI_CONCAT_(xueji_result_, __LINE__), lhs, expr)
#define XUEJI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.error();                 \
  lhs = std::move(tmp).value()
