#pragma once

// Small JSON objects for audit summaries, without pulling a JSON library into
// the service layer. Values are strings; keys are ASCII identifiers.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace xueji::service {

std::string JsonEscape(std::string_view s);

// {"k":"v",...}
std::string Summary(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

}  // namespace xueji::service
