// The SQL text helpers of store/sql_text.h; no database needed.

#include "store/sql_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xueji::store {
namespace {

struct PlaceholdersCase {
  size_t first;
  size_t n;
  std::string expected;
};

TEST(SqlText, Placeholders_numbers_n_parameters_from_first) {
  const std::vector<PlaceholdersCase> cases = {
      {1, 0, ""}, {1, 1, "$1"}, {1, 3, "$1, $2, $3"}, {4, 2, "$4, $5"}, {9, 3, "$9, $10, $11"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("first " + std::to_string(c.first) + ", n " + std::to_string(c.n));
    EXPECT_EQ(Placeholders(c.first, c.n), c.expected);
  }
}

}  // namespace
}  // namespace xueji::store
