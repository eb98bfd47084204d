#pragma once

// Fresh, empty databases for tests, on either backend.
//
// SQLite: a new file in a temporary directory. PostgreSQL: a new database in
// the throwaway cluster whose libpq URI is in the environment variable
// XUEJI_TEST_PG (set by scripts/with-pg, which `make test` uses). Without it,
// PostgreSQL tests are skipped — unless XUEJI_REQUIRE_PG=1, when they fail, so
// that `make test` can never pass without having run them.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/database.h"

namespace xueji::testing {

// The backends to run typed suites on: SQLite always, PostgreSQL when available.
std::vector<store::Dialect> TestBackends();
std::string BackendName(store::Dialect dialect);  // "sqlite" / "postgres"

// A URL (as accepted by store::OpenDatabase) of a new empty database. The
// database is dropped / the file removed at process exit.
std::string NewTestDatabaseUrl(store::Dialect dialect);

// Opens NewTestDatabaseUrl(dialect).
std::unique_ptr<store::Database> NewTestDatabase(store::Dialect dialect);

// True when PostgreSQL tests can run; when false and XUEJI_REQUIRE_PG=1 this
// reports a test failure.
bool PostgresAvailable();

}  // namespace xueji::testing

namespace xueji::store {
// Prints a backend as its name in test failure messages.
inline void PrintTo(Dialect dialect, std::ostream* os) {
  *os << (dialect == Dialect::kSqlite ? "sqlite" : "postgres");
}
}  // namespace xueji::store
