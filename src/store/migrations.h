#pragma once

// Numbered SQL migrations, embedded in the binary from src/store/migrations/
// (cmake/embed_migrations.cmake) and applied in order, each in its own
// transaction, recorded in schema_version.

#include <string>
#include <vector>

#include "store/database.h"

namespace xueji::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& AllMigrations();

// Replaces the dialect tokens ({{ID_PK}}, {{C}}, {{BLOB}}) of a migration.
std::string TranslateMigration(std::string_view sql, Dialect dialect);

// Applies, in order, every migration not yet recorded in schema_version.
// Returns the number applied. Safe to run concurrently from several processes on
// PostgreSQL (an advisory lock serializes them).
int Migrate(Database& db);

// The highest applied version, 0 for an empty database.
int SchemaVersion(Database& db);

}  // namespace xueji::store
