// Organization look-ups through the whole HTTP stack (session check,
// jurisdiction, JSON) against the raw SQLite point-lookup rate measured in
// the same run on the same file.
//
//   build/bench/org_lookup_bench [--seconds S] [--clients N]
//
// Prints `name value` lines: api_lookups_per_s, raw_lookups_per_s, ratio.

#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

namespace {

namespace bhttp = boost::beast::http;
using xueji::bench::Clock;

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

// `clients` keep-alive connections, each sending GET /api/v1/orgs/{code}
// one after another.
double ApiLookupsPerSecond(unsigned short port, const xueji::bench::Session& session,
                           const std::vector<std::string>& codes, int clients, double seconds) {
  std::atomic<int64_t> total{0};
  std::atomic<int64_t> failures{0};
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      xueji::bench::HttpConnection conn(port);
      std::mt19937 rng(c + 7);
      int64_t n = 0;
      while (Clock::now() < end) {
        auto answer =
            conn.Send(bhttp::verb::get, "/api/v1/orgs/" + codes[rng() % codes.size()], session);
        if (answer.status != 200) ++failures;
        ++n;
      }
      total += n;
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = xueji::bench::SecondsSince(start);
  if (failures > 0)
    std::fprintf(stderr, "warning: %lld non-200 answers\n", (long long)failures.load());
  return total / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  return xueji::bench::RunMain([&] {
    xueji::bench::Flags flags(argc, argv);
    double seconds = flags.Number("--seconds", 5);
    int clients = static_cast<int>(flags.Number("--clients", 8));
    xueji::bench::LogToStderr();
    xueji::bench::ScratchDir dir("xueji-bench-");
    std::string file = (dir.path() / "bench.db").string();
    xueji::bench::CreateDemoDatabase(file);
    auto codes = CountyCodes(file);

    auto db = xueji::store::OpenDatabase("sqlite:" + file);
    xueji::service::SystemClock clock;
    xueji::bench::InProcessServer server(*db, clock, 8);
    auto session = xueji::bench::Login(server.port(), "moe_registrar");
    double api = ApiLookupsPerSecond(server.port(), session, codes, clients, seconds);
    double raw = RawLookupsPerSecond(file, codes, seconds);
    std::printf(
        "clients %d\nseconds %.1f\napi_lookups_per_s %.0f\nraw_lookups_per_s %.0f\nratio %.4f\n",
        clients, seconds, api, raw, api / raw);
    return 0;
  });
}
