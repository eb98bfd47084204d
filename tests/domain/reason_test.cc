#include "domain/reason.h"

#include <gtest/gtest.h>

#include "domain/text.h"

namespace xueji::domain {
namespace {

TEST(Reason, R_REG_2_refusal_needs_a_reason_of_at_most_500_characters) {
  struct Case {
    std::string reason;
    bool required;
    const char* code;  // "" = accepted
  };
  std::string long_reason;
  for (int i = 0; i < 501; ++i) long_reason += "字";
  const Case cases[] = {
      {"  照片不清晰 ", true, ""},        {"   ", true, "REASON_REQUIRED"},   {"", false, ""},
      {long_reason, true, "REASON_TEXT"}, {"\xff\xfe", false, "REASON_TEXT"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    auto r = CheckReason(c.reason, c.required);
    if (*c.code == 0) {
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(*r, TrimSpaces(c.reason));
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, c.code);
    }
  }
}

}  // namespace
}  // namespace xueji::domain
