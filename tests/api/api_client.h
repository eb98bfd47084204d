#pragma once

// Black-box API testing: starts the real `xueji` binary on a fresh database
// (init + demo data) and talks HTTP to it, like any client would.

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "store/database.h"

namespace xueji::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  boost::json::value Json() const;
  std::string ErrorCode() const;  // error.code of an error body, or ""
};

// A running server on its own database. The process is stopped (SIGTERM)
// when the object is destroyed.
class TestServer {
 public:
  // Runs `xueji init` and `xueji gen-data --demo` on a new database of the
  // given backend, then `xueji serve` on a free port.
  explicit TestServer(store::Dialect dialect);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  unsigned short port() const { return port_; }
  const std::string& db_url() const { return db_url_; }
  // Runs the binary with arguments; returns its exit status and output.
  static int RunCli(const std::string& args, std::string* output);
  // Sends SIGTERM and waits; returns the exit status (or -1 on timeout).
  int Stop(int timeout_ms = 15000);
  // Sends SIGKILL and reaps the process: a crash, with no chance to clean up.
  void Kill();
  // Starts `xueji serve` again on the same database, after Stop or Kill, on a
  // new free port; throws when it does not print its address within 30 s.
  void Restart();
  pid_t pid() const { return pid_; }

 private:
  // Starts `xueji serve` on db_url_ and waits until it accepts.
  void Launch();

  std::string db_url_;
  unsigned short port_ = 0;
  pid_t pid_ = -1;
};

// One user agent: keeps the session cookie and the CSRF token.
class ApiClient {
 public:
  explicit ApiClient(unsigned short port) : port_(port) {}

  HttpResult Login(const std::string& username, const std::string& password);
  HttpResult Get(const std::string& path) { return Send("GET", path, ""); }
  HttpResult Post(const std::string& path, const std::string& body) {
    return Send("POST", path, body);
  }
  HttpResult Put(const std::string& path, const std::string& body) {
    return Send("PUT", path, body);
  }
  HttpResult Patch(const std::string& path, const std::string& body) {
    return Send("PATCH", path, body);
  }
  HttpResult Delete(const std::string& path) { return Send("DELETE", path, ""); }
  // Sends exactly this request; headers added to the cookie and CSRF ones.
  HttpResult Send(const std::string& method, const std::string& path, const std::string& body,
                  const std::map<std::string, std::string>& extra_headers = {});
  // Sends raw bytes and returns the raw response (malformed-request tests).
  std::string SendRaw(const std::string& bytes);

  void set_cookie(const std::string& cookie) { cookie_ = cookie; }
  void set_csrf(const std::string& csrf) { csrf_ = csrf; }
  const std::string& cookie() const { return cookie_; }

 private:
  unsigned short port_;
  std::string cookie_;  // "xueji_session=..."
  std::string csrf_;
};

// A server per backend, started on first use and kept for the process: API
// tests that change shared state use their own objects (new schools, users).
TestServer& SharedServer(store::Dialect dialect);

// An ApiClient logged in as a demo account of SharedServer(dialect).
ApiClient LoggedIn(store::Dialect dialect, const std::string& username);

// Percent-encodes everything but unreserved characters, for query values.
std::string PercentEncode(const std::string& s);

inline constexpr const char* kDemoPassword = "Demo@2026xj";

}  // namespace xueji::testing
