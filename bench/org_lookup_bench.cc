// Organization look-ups through the whole HTTP stack (session check,
// jurisdiction, JSON) against the raw SQLite point-lookup rate measured in
// the same run on the same file.
//
//   build/bench/org_lookup_bench [--seconds S] [--clients N]
//
// Prints `name value` lines: api_lookups_per_s, raw_lookups_per_s, ratio.

#include <sqlite3.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

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
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "http/router.h"
#include "http/server.h"
#include "service/clock.h"
#include "service/setup.h"
#include "store/database.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::vector<std::string> CountyCodes(const std::string& path) {
  sqlite3* db;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, "SELECT code FROM org WHERE level = 'county'", -1, &st, nullptr);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The engine alone: one prepared point query by primary key, one thread.
double RawLookupsPerSecond(const std::string& path, const std::vector<std::string>& codes,
                           double seconds) {
  sqlite3* db;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, "SELECT code, name, level, parent_code, path FROM org WHERE code = ?1", -1,
                     &st, nullptr);
  std::mt19937 rng(1);
  int64_t n = 0;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  while (Clock::now() < end) {
    for (int i = 0; i < 1000; ++i, ++n) {
      const std::string& code = codes[rng() % codes.size()];
      sqlite3_bind_text(st, 1, code.data(), static_cast<int>(code.size()), SQLITE_STATIC);
      while (sqlite3_step(st) == SQLITE_ROW) {
      }
      sqlite3_reset(st);
    }
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n / elapsed;
}

std::string Login(unsigned short port) {
  asio::io_context ioc;
  beast::tcp_stream s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req(bhttp::verb::post, "/api/v1/auth/login", 11);
  req.set(bhttp::field::host, "127.0.0.1");
  req.body() = R"({"username":"moe_registrar","password":")" +
               std::string(xueji::service::kDemoPassword) + "\"}";
  req.prepare_payload();
  bhttp::write(s, req);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(s, buf, res);
  std::string cookie(res[bhttp::field::set_cookie]);
  return cookie.substr(0, cookie.find(';'));
}

// `clients` keep-alive connections, each sending GET /api/v1/orgs/{code}
// one after another.
double ApiLookupsPerSecond(unsigned short port, const std::string& cookie,
                           const std::vector<std::string>& codes, int clients, double seconds) {
  std::atomic<int64_t> total{0};
  std::atomic<int64_t> failures{0};
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      asio::io_context ioc;
      beast::tcp_stream s(ioc);
      s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
      std::mt19937 rng(c + 7);
      beast::flat_buffer buf;
      int64_t n = 0;
      while (Clock::now() < end) {
        bhttp::request<bhttp::empty_body> req(bhttp::verb::get,
                                              "/api/v1/orgs/" + codes[rng() % codes.size()], 11);
        req.set(bhttp::field::host, "127.0.0.1");
        req.set(bhttp::field::cookie, cookie);
        bhttp::write(s, req);
        bhttp::response<bhttp::string_body> res;
        bhttp::read(s, buf, res);
        if (res.result_int() != 200) ++failures;
        ++n;
      }
      total += n;
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures > 0)
    std::fprintf(stderr, "warning: %lld non-200 answers\n", (long long)failures.load());
  return total / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int clients = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    if (flag == "--clients") clients = std::atoi(argv[i + 1]);
  }
  namespace fs = std::filesystem;
  // Logs go to stderr; stdout carries results (the URL, command output).
  spdlog::set_default_logger(spdlog::stderr_color_mt("xueji"));
  fs::path dir = fs::temp_directory_path() / ("xueji-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string file = (dir / "bench.db").string();
  std::string regions = std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv";
  {
    auto db = xueji::store::OpenDatabase("sqlite:" + file);
    xueji::service::SystemClock clock;
    xueji::service::Context ctx{std::nullopt, "bench", clock.Now()};
    if (!xueji::service::InitDatabase(*db, ctx, regions).ok() ||
        !xueji::service::GenerateDemoData(*db, ctx).ok()) {
      std::fprintf(stderr, "setup failed\n");
      return 1;
    }
  }
  auto codes = CountyCodes(file);

  auto db = xueji::store::OpenDatabase("sqlite:" + file);
  xueji::service::SystemClock clock;
  xueji::http::Router router(*db, clock, {});
  xueji::http::Server server(router, {"127.0.0.1", 0, 8});
  std::atomic<unsigned short> port{0};
  std::thread serving([&] { server.Run([&](unsigned short p) { port = p; }); });
  while (port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  std::string cookie = Login(port);
  double api = ApiLookupsPerSecond(port, cookie, codes, clients, seconds);
  double raw = RawLookupsPerSecond(file, codes, seconds);
  std::printf(
      "clients %d\nseconds %.1f\napi_lookups_per_s %.0f\nraw_lookups_per_s %.0f\nratio %.4f\n",
      clients, seconds, api, raw, api / raw);
  std::raise(SIGTERM);
  serving.join();
  fs::remove_all(dir);
  return 0;
}
