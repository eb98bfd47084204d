#pragma once

// The engine without the store, for `xueji bench import`'s baseline
// (cli/bench_import.h): what a hand-written loader does — one connection,
// one transaction, one prepared INSERT per table run once per row — on
// SQLite (sqlite3, WAL and synchronous=NORMAL like the store's connection)
// or PostgreSQL (libpq, text parameters). Engine failures throw
// std::runtime_error naming the statement.

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace xueji::cli {

// Rows of one table, in the order of `columns`.
struct RawTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<store::Value>> rows;
};

class RawEngine {
 public:
  virtual ~RawEngine() = default;

  // "sqlite:PATH", "postgresql://…", "postgres://…" or "pg:CONNINFO", as
  // store::OpenDatabase takes them.
  static std::unique_ptr<RawEngine> Open(const std::string& url);

  // The table's column names in their declared order.
  virtual std::vector<std::string> Columns(const std::string& table) = 0;
  // Every row of a query; SQLite keeps the stored types, PostgreSQL gives text.
  virtual std::vector<std::vector<store::Value>> Select(const std::string& sql) = 0;
  // A statement (or, on SQLite, several) without parameters or result.
  virtual void Exec(const std::string& sql) = 0;
  // BEGIN; for each table in order one prepared INSERT of its columns, run
  // for each row; COMMIT.
  virtual void InsertAll(const std::vector<RawTable>& tables) = 0;
};

}  // namespace xueji::cli
