#pragma once

// The reason given with a decision (R-REG-2, R-REG-5; seed 004: "不同意"
// needs a detailed reason): trimmed, at most 500 characters of valid UTF-8,
// required when refusing or arbitrating.

#include <string>
#include <string_view>

#include "domain/result.h"

namespace xueji::domain {

inline constexpr int kMaxReasonLength = 500;

// The trimmed reason, or REASON_REQUIRED (when `required` and blank) /
// REASON_TEXT (too long or not valid UTF-8), on field `field`.
Result<std::string> CheckReason(std::string_view reason, bool required,
                                const std::string& field = "reason");

}  // namespace xueji::domain
