#pragma once

// Pieces of SQL text built from counts, for statements whose parameter
// lists vary in length (IN lists, VALUES tables, multi-row INSERTs).

#include <cstddef>
#include <string>

namespace xueji::store {

// "$first, $first+1, …": `n` positional parameters numbered from `first`
// (1-based, as both engines number them); empty for n = 0.
std::string Placeholders(size_t first, size_t n);

}  // namespace xueji::store
