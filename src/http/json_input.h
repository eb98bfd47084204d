#pragma once

// R-SEC-5: strict reading of JSON request bodies: unknown fields, wrong types, missing
// required fields and over-long strings are field-level errors in Chinese.

#include <boost/json.hpp>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/result.h"

namespace xueji::http {

// Parses a request body that must be a JSON object (an empty body is {}).
Result<boost::json::object> ParseJsonObject(std::string_view body);

// Refuses any field not in `allowed`.
Status CheckFields(const boost::json::object& obj, std::initializer_list<std::string_view> allowed);

inline constexpr size_t kMaxStringBytes = 2000;

// A required string field.
Result<std::string> RequireString(const boost::json::object& obj, std::string_view key,
                                  size_t max_bytes = kMaxStringBytes);
// An optional string field (absent or null → nullopt).
Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view key,
                                                  size_t max_bytes = kMaxStringBytes);
// An optional boolean field (absent or null → nullopt; 0/1 and strings are WRONG_TYPE).
Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view key);
// An optional integer field within [min, max].
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& obj, std::string_view key,
                                           int64_t min, int64_t max);
Result<int64_t> RequireInt(const boost::json::object& obj, std::string_view key, int64_t min,
                           int64_t max);

// The body of a decision in an approval step: {approve: bool, reason?: string}
// (R-REG-2, R-CHG-2); `approve` is required.
Result<std::pair<bool, std::string>> DecisionBody(const boost::json::object& body);

// The `limit` query parameter of a list: absent → `default_limit`; otherwise
// digits within 1..max_limit, else LIMIT_RANGE.
Result<int> QueryLimit(const std::map<std::string, std::string>& query, int default_limit,
                       int max_limit = 500);

}  // namespace xueji::http
