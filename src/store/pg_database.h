#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace xueji::store {

struct PgOptions {
  int pool_size = 8;  // connections opened lazily up to this many
};

// PostgreSQL through libpq: a pool of connections, each with its own cache of
// prepared statements. `conninfo` is a libpq URI or keyword string.
std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, PgOptions options = {});

}  // namespace xueji::store
