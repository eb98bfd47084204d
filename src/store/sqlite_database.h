#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace xueji::store {

struct SqliteOptions {
  int reader_connections = 4;
  bool synchronous_full = false;  // NORMAL is durable across process crashes in WAL mode
};

// SQLite in WAL mode: one writer connection (writers queue on a mutex and
// then BEGIN IMMEDIATE) and a pool of reader connections. Every connection
// has `X REGEXP P`, PostgreSQL's `X ~ P` (an ECMAScript search of pattern P).
std::unique_ptr<Database> OpenSqlite(const std::string& path, SqliteOptions options = {});

// Rewrites `$1`, `$2` … into SQLite's `?1`, `?2` ….
std::string SqliteParams(std::string_view sql);

}  // namespace xueji::store
