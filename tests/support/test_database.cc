#include "support/test_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace xueji::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool RequirePg() { return Env("XUEJI_REQUIRE_PG") == "1"; }

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

// A connection to the maintenance database named by XUEJI_TEST_PG; `error`
// receives libpq's message when the result is null.
PgConn ConnectMaintenance(std::string* error) {
  std::string conninfo = Env("XUEJI_TEST_PG");
  if (conninfo.empty()) {
    *error = "XUEJI_TEST_PG is not set (run the tests under scripts/with-pg)";
    return nullptr;
  }
  const char* keywords[] = {"dbname", "connect_timeout", nullptr};
  const char* values[] = {conninfo.c_str(), "10", nullptr};
  PgConn conn(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    *error = "cannot connect to XUEJI_TEST_PG=" + conninfo + ": " +
             (conn ? PQerrorMessage(conn.get()) : "out of memory");
    return nullptr;
  }
  return conn;
}

void RunMaintenance(PGconn* conn, const std::string& sql) {
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  PQclear(res);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

// Replaces the database of a libpq URI (postgresql://[auth@][hosts][/db][?query])
// or appends dbname= to a keyword string. Returns a URL for store::OpenDatabase.
std::string WithDatabase(const std::string& conninfo, const std::string& dbname) {
  size_t scheme = conninfo.find("://");
  if (scheme == std::string::npos) return "pg:" + conninfo + " dbname=" + dbname;
  size_t query = conninfo.find('?', scheme + 3);
  size_t authority_end = query == std::string::npos ? conninfo.size() : query;
  size_t slash = conninfo.find('/', scheme + 3);
  size_t path_start = slash != std::string::npos && slash < authority_end ? slash : authority_end;
  return conninfo.substr(0, path_start) + "/" + dbname + conninfo.substr(authority_end);
}

// Everything created by this process, removed when the process exits.
class Registry {
 public:
  static Registry& Get() {
    static Registry registry;
    return registry;
  }

  ~Registry() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& dir : sqlite_dirs_) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
    if (pg_databases_.empty()) return;
    std::string error;
    PgConn conn = ConnectMaintenance(&error);
    if (!conn) {
      std::fprintf(stderr, "test_database: cannot drop test databases: %s\n", error.c_str());
      return;
    }
    for (const auto& name : pg_databases_) {
      try {
        RunMaintenance(conn.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (const std::exception& e) {
        std::fprintf(stderr, "test_database: %s\n", e.what());
      }
    }
  }

  void AddSqliteDir(std::string dir) {
    std::lock_guard<std::mutex> lock(mutex_);
    sqlite_dirs_.push_back(std::move(dir));
  }
  void AddPgDatabase(std::string name) {
    std::lock_guard<std::mutex> lock(mutex_);
    pg_databases_.push_back(std::move(name));
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> sqlite_dirs_;
  std::vector<std::string> pg_databases_;
};

std::string NewSqliteUrl() {
  std::string base = Env("TMPDIR");
  if (base.empty()) base = "/tmp";
  std::string pattern = base + "/xueji-test-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + " failed");
  }
  std::string dir(buf.data());
  Registry::Get().AddSqliteDir(dir);
  return "sqlite:" + dir + "/test.db";
}

std::string NewPostgresUrl() {
  if (!PostgresAvailable()) {
    std::string why = Env("XUEJI_TEST_PG").empty() ? "XUEJI_TEST_PG is not set"
                                                   : "cannot connect to XUEJI_TEST_PG";
    throw std::runtime_error("PostgreSQL test database requested but " + why +
                             " (run the tests under scripts/with-pg)");
  }
  // Registered before the first database exists, so it is destroyed after it.
  Registry& registry = Registry::Get();
  static std::atomic<int> counter{0};
  std::string name = "xueji_t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  std::string error;
  PgConn conn = ConnectMaintenance(&error);
  if (!conn) throw std::runtime_error(error);
  RunMaintenance(conn.get(), "CREATE DATABASE " + name);
  registry.AddPgDatabase(name);
  return WithDatabase(Env("XUEJI_TEST_PG"), name);
}

}  // namespace

std::vector<store::Dialect> TestBackends() {
  // --gtest_list_tests names both backends whatever the environment:
  // gtest_discover_tests lists the tests once, at build time and without
  // XUEJI_TEST_PG, and ctest later runs exactly the names listed then. A run
  // whose filter names only PostgreSQL tests without PostgreSQL then runs none.
  //
  // With XUEJI_REQUIRE_PG=1 the PostgreSQL instantiation exists even when the
  // server is unreachable, so that each of its tests fails loudly.
  if (GTEST_FLAG_GET(list_tests) || PostgresAvailable() || RequirePg()) {
    return {store::Dialect::kSqlite, store::Dialect::kPostgres};
  }
  return {store::Dialect::kSqlite};
}

std::string BackendName(store::Dialect dialect) {
  return dialect == store::Dialect::kSqlite ? "sqlite" : "postgres";
}

std::string NewTestDatabaseUrl(store::Dialect dialect) {
  return dialect == store::Dialect::kSqlite ? NewSqliteUrl() : NewPostgresUrl();
}

std::unique_ptr<store::Database> NewTestDatabase(store::Dialect dialect) {
  return store::OpenDatabase(NewTestDatabaseUrl(dialect));
}

bool PostgresAvailable() {
  static const std::pair<bool, std::string> probe = [] {
    std::string error;
    PgConn conn = ConnectMaintenance(&error);
    return std::make_pair(conn != nullptr, error);
  }();
  if (!probe.first && RequirePg()) {
    std::string msg = "XUEJI_REQUIRE_PG=1 but PostgreSQL is not available: " + probe.second;
    if (::testing::UnitTest::GetInstance()->current_test_info() != nullptr) {
      ADD_FAILURE() << msg;
    } else {
      static std::once_flag once;
      std::call_once(once, [&] { std::fprintf(stderr, "test_database: %s\n", msg.c_str()); });
    }
  }
  return probe.first;
}

}  // namespace xueji::testing
