#pragma once

// Code tables as data (SPEC §2, R-INFO-4, R-SPEC-2025): loading the national
// tables from data/code_tables/, reading them, and the ministry's edits.
//
// Who may edit is decided by the HTTP route (permission manage_code_tables,
// scope: the ministry); the functions here trust their caller, like the other
// services. Each write is one transaction with its audit entry.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/code_table.h"
#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct CodeTableInfo {
  std::string id, name, standard, description;
  int64_t version = 0;
  domain::Instant updated_at;
  int64_t value_count = 0;
};

struct CodeTableDetail {
  CodeTableInfo info;
  domain::CodeTable table;  // values in display order, historical ones included
};

// R-INFO-4: loads every table listed in `dir`/tables.csv (id,name,standard,
// description) that the database does not have yet, each from `dir`/<id>.csv
// (code,name,historical; domain::ParseCodeTableRows), in one transaction with
// one audit entry. Tables already present are left alone, whatever their file
// says now: after the first load the database is the authority, and changes go
// through UpsertCodeValue. Every file is read and checked before anything is
// written; an error names the file and line. Returns the number of tables
// loaded (0 when all were present: nothing written, no audit entry).
Result<int> LoadCodeTables(store::Database& db, const Context& ctx, const std::string& dir);

// The tables, ordered by id.
Result<std::vector<CodeTableInfo>> ListCodeTables(store::Database& db);

// One table with all its values. NotFound ("代码表不存在") for an unknown id.
Result<CodeTableDetail> GetCodeTable(store::Database& db, const std::string& id);
// The same inside a caller's transaction, for services that validate coded
// fields (R-INFO-4) in the transaction that writes them.
Result<domain::CodeTable> LoadCodeTable(store::Tx& tx, const std::string& id);

struct CodeValueChange {
  domain::CodeValue value;  // as stored
  int64_t version = 0;      // the table's version after the change
  bool created = false;     // a new code (appended at the end of the table)
  bool changed = false;     // false when name and historical were already so
};

// R-INFO-4, R-SPEC-2025: adds the code to the table or changes its name and
// historical flag (absent: unchanged for a stored code, false for a new one). Codes are never
// deleted; historical = true retires one. Checks the code (1–8 of [0-9A-Z], CODE_FORMAT on "code")
// and the name (1–50 characters, on "name"); NotFound for an unknown table. A change bumps the
// table's version and writes an audit entry with the old and new values; a request that changes
// nothing writes nothing and keeps the version.
Result<CodeValueChange> UpsertCodeValue(store::Database& db, const Context& ctx,
                                        const std::string& table_id, const std::string& code,
                                        std::string name, std::optional<bool> historical);

}  // namespace xueji::service
