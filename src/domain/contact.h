#pragma once

// Contact fields of a student record (R-INFO-4). Each function normalizes
// (full-width forms, spaces) and returns the stored form or a field error.

#include <string>
#include <string_view>

#include "domain/result.h"

namespace xueji::domain {

// R-INFO-4: a mainland mobile number (11 digits starting 13–19, an optional
// +86 / 86 prefix dropped) or a landline with its area code (0 + 2–3 digits,
// then 7–8 digits, an optional extension after "-" or "转"). Stored without
// spaces, landlines as "0851-85100001[-123]".
Result<std::string> NormalizePhone(std::string_view input, std::string_view field = "phone");

// R-INFO-4: 邮政编码, six digits.
Result<std::string> NormalizePostalCode(std::string_view input,
                                        std::string_view field = "postal_code");

// R-INFO-4: 电子信箱, local@domain with a dot in the domain, at most 100
// characters, ASCII.
Result<std::string> NormalizeEmail(std::string_view input, std::string_view field = "email");

}  // namespace xueji::domain
