#pragma once

// The national code tables as shipped in data/code_tables/ (R-INFO-4): for
// tools that work without a database (the import template, gen-data --xlsx).
// The database's copy, which the ministry edits, is read by service/.

#include <string>
#include <vector>

#include "domain/code_table.h"
#include "domain/result.h"

namespace xueji::io {

// Reads `dir`/tables.csv (id,name,standard,description) and every table file
// it lists (domain::ParseCodeTableRows), in the order listed. Fails with
// CODE_TABLE_FILE naming the file and line, or the reader's error when a file
// cannot be read.
Result<std::vector<domain::CodeTable>> ReadCodeTableDir(const std::string& dir);

}  // namespace xueji::io
