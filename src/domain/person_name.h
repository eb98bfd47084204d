#pragma once

// Names of students and family members (R-INFO-5).

#include <string>
#include <string_view>

#include "domain/result.h"

namespace xueji::domain {

// R-INFO-5: the stored form of a typed name. Full-width forms become
// half-width, stray spaces are trimmed and inner runs become one space, and
// the separators of minority and transliterated names (・ • ． ‧) become the
// middle dot "·". The result must be 1–50 characters and either
//   - Chinese: Han characters (basic block and extensions A–G) with "·", or
//   - a documented foreign name: Latin letters with spaces, "-", "'", ".".
// Digits, other symbols and a mix of the two scripts are refused
// (NAME_CHARS), as are empty (REQUIRED) and over-long (TOO_LONG) names.
Result<std::string> NormalizePersonName(std::string_view input, std::string_view field = "name");

}  // namespace xueji::domain
