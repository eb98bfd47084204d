#pragma once

// What the benchmarks share: flags, timing and latency summaries, failure
// handling that still removes the scratch files, a scratch SQLite database
// with the national tree and the demo data, the raw engine for baselines, the
// server started in-process, and keep-alive HTTP clients over loopback that
// log in like the web app (session cookie and CSRF token). Header-only:
// bench/CMakeLists.txt builds every *.cc into its own program.

#include <sqlite3.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/router.h"
#include "http/server.h"
#include "io/synthetic_students.h"
#include "service/clock.h"
#include "service/setup.h"
#include "store/database.h"

namespace xueji::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double MicrosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// Prints `name_probes`, `name_p50_us`, `name_p99_us` and `name_max_us` of
// latencies in microseconds (nearest rank). `us` must not be empty.
inline void PrintLatency(const std::string& name, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&us](double fraction) {
    size_t rank = static_cast<size_t>(fraction * static_cast<double>(us.size()));
    return us[std::min(rank, us.size() - 1)];
  };
  std::printf("%s_probes %zu\n%s_p50_us %.1f\n%s_p99_us %.1f\n%s_max_us %.1f\n", name.c_str(),
              us.size(), name.c_str(), at(0.5), name.c_str(), at(0.99), name.c_str(), us.back());
}

// "$1, $2, …, $n": the parameters of an INSERT of n values.
inline std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 1; i <= n; ++i) out += (i > 1 ? ", $" : "$") + std::to_string(i);
  return out;
}

// `--name value` pairs; a flag not given keeps `fallback`.
class Flags {
 public:
  Flags(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; i += 2) values_[argv[i]] = argv[i + 1];
  }
  double Number(const std::string& name, double fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : std::atof(it->second.c_str());
  }
  std::string Text(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

// A set-up step or a measured call failed: a figure over failing calls would
// be no figure. Thrown, so that the scratch files go on the way out of RunMain.
class BenchFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs a program's body; a failure is printed and ends it with status 1.
template <typename Body>
int RunMain(Body body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}

// Throws BenchFailure naming `what` and the error unless `result` (a
// Result<T> or a Status) is ok.
template <typename R>
void Require(const R& result, const std::string& what) {
  if (result.ok()) return;
  throw BenchFailure(what + " failed: " + result.error().code + " " + result.error().message);
}

// Logs go to stderr; stdout carries the `name value` result lines.
inline void LogToStderr() { spdlog::set_default_logger(spdlog::stderr_color_mt("xueji")); }

// A directory under the system's temporary directory, removed with
// everything in it when the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() / (prefix + std::to_string(getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Creates, in the SQLite file `file` or the empty database a URL names
// ("sqlite:…", "postgresql://…", as store::OpenDatabase takes it), the schema,
// the national organization tree, the code tables and the demo data
// (schools, classes, one account per role). Throws BenchFailure when setup
// fails: no figure without a database.
inline void CreateDemoDatabase(const std::string& file_or_url) {
  bool url = file_or_url.rfind("sqlite:", 0) == 0 || file_or_url.find("://") != std::string::npos ||
             file_or_url.rfind("pg:", 0) == 0;
  auto db = store::OpenDatabase(url ? file_or_url : "sqlite:" + file_or_url);
  service::SystemClock clock;
  service::Context ctx{std::nullopt, "bench", clock.Now()};
  std::string regions = std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv";
  Require(service::InitDatabase(*db, ctx, regions), "InitDatabase");
  Require(service::GenerateDemoData(*db, ctx), "GenerateDemoData");
}

// The engine without the store, for the baselines: a statement run on a
// connection, and a statement prepared; either throws BenchFailure, naming the
// statement, when SQLite refuses it.
inline void SqliteExec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = sql + ": " + (err ? err : sqlite3_errmsg(db));
    sqlite3_free(err);
    throw BenchFailure(message);
  }
}

inline sqlite3_stmt* SqlitePrepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    throw BenchFailure(sql + ": " + sqlite3_errmsg(db));
  }
  return st;
}

// Binds `values` to a statement that returns no row, runs it and resets it;
// throws BenchFailure when SQLite refuses.
inline void SqliteRun(sqlite3* db, sqlite3_stmt* st, const std::vector<store::Value>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    if (auto* n = std::get_if<int64_t>(&values[i])) {
      sqlite3_bind_int64(st, idx, *n);
    } else if (auto* d = std::get_if<double>(&values[i])) {
      sqlite3_bind_double(st, idx, *d);
    } else if (auto* s = std::get_if<std::string>(&values[i])) {
      sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    } else if (auto* b = std::get_if<store::Blob>(&values[i])) {
      sqlite3_bind_blob(st, idx, b->bytes.data(), static_cast<int>(b->bytes.size()),
                        SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(st, idx);
    }
  }
  if (sqlite3_step(st) != SQLITE_DONE) {
    throw BenchFailure(std::string(sqlite3_sql(st)) + ": " + sqlite3_errmsg(db));
  }
  sqlite3_reset(st);
}

// The counties of the stored tree whose code starts with `prefix` ("" = all),
// named from the province down ("贵州省贵阳市南明区"), for the synthetic
// generator's ID numbers and addresses.
inline std::vector<io::SyntheticCounty> StoredCounties(store::Database& db,
                                                       const std::string& prefix) {
  auto tx = db.BeginRead();
  std::vector<io::SyntheticCounty> out;
  for (const auto& r : tx->Query(
           "SELECT c.code, COALESCE(pp.name, '') || COALESCE(p.name, '') || c.name FROM org c "
           "LEFT JOIN org p ON p.code = c.parent_code LEFT JOIN org pp ON pp.code = p.parent_code "
           "AND pp.level = 'province' WHERE c.level = 'county' AND substr(c.code, 1, $1) = $2 "
           "ORDER BY c.code",
           {static_cast<int64_t>(prefix.size()), prefix})) {
    out.push_back({r.Text(0), r.Text(1)});
  }
  return out;
}

// The server on `db`, serving 127.0.0.1 on a free port from a thread of its
// own until the object goes (SIGTERM, as in production).
class InProcessServer {
 public:
  InProcessServer(store::Database& db, const service::Clock& clock, int threads)
      : router_(db, clock, {}), server_(router_, {"127.0.0.1", 0, threads}) {
    thread_ = std::thread([this] { server_.Run([this](unsigned short p) { port_ = p; }); });
    while (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~InProcessServer() {
    std::raise(SIGTERM);
    thread_.join();
  }
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;
  unsigned short port() const { return port_; }

 private:
  http::Router router_;
  http::Server server_;
  std::atomic<unsigned short> port_{0};
  std::thread thread_;
};

// What a logged-in browser sends with each request.
struct Session {
  std::string cookie;  // "xueji_session=…"
  std::string csrf_token;
};

struct Answer {
  int status = 0;
  std::string body;
};

// One keep-alive connection to the server on 127.0.0.1.
class HttpConnection {
 public:
  explicit HttpConnection(unsigned short port) : stream_(ioc_) {
    namespace asio = boost::asio;
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  // Sends one request with the session's cookie (and, on state-changing
  // methods, its CSRF token) and reads the answer.
  Answer Send(boost::beast::http::verb method, const std::string& target, const Session& session,
              std::string body = "") {
    namespace bhttp = boost::beast::http;
    bhttp::request<bhttp::string_body> req(method, target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (!session.cookie.empty()) req.set(bhttp::field::cookie, session.cookie);
    if (method != bhttp::verb::get && !session.csrf_token.empty()) {
      req.set("X-CSRF-Token", session.csrf_token);
    }
    if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(stream_, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream_, buffer_, res);
    last_set_cookie_ = std::string(res[bhttp::field::set_cookie]);
    return {static_cast<int>(res.result_int()), std::move(res.body())};
  }

  const std::string& last_set_cookie() const { return last_set_cookie_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string last_set_cookie_;
};

// Logs `username` in with the demo password. Throws BenchFailure when the
// server refuses: every later request would fail.
inline Session Login(unsigned short port, const std::string& username) {
  HttpConnection conn(port);
  boost::json::object body{{"username", username}, {"password", service::kDemoPassword}};
  Answer a = conn.Send(boost::beast::http::verb::post, "/api/v1/auth/login", Session{},
                       boost::json::serialize(body));
  if (a.status != 200) {
    throw BenchFailure("login as " + username + " failed: " + std::to_string(a.status) + " " +
                       a.body);
  }
  const std::string& cookie = conn.last_set_cookie();
  auto json = boost::json::parse(a.body);
  return {cookie.substr(0, cookie.find(';')), std::string(json.at("csrf_token").as_string())};
}

}  // namespace xueji::bench
