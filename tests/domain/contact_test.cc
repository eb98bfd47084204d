#include "domain/contact.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(Contact, R_INFO_4_phone_numbers) {
  struct Case {
    const char* input;
    const char* stored;  // "" = refused
  };
  const Case cases[] = {
      {"13812345678", "13812345678"},
      {"138 1234 5678", "13812345678"},
      {"+8613812345678", "13812345678"},
      {"8613812345678", "13812345678"},
      {"１３８１２３４５６７８", "13812345678"},
      {"0851-85100001", "0851-85100001"},
      {"085185100001", "0851-85100001"},
      {"01065001234", "010-65001234"},
      {"010-6500123", "010-6500123"},
      {"0851-85100001-123", "0851-85100001-123"},
      {"0851-85100001转123", "0851-85100001-123"},
      {"12812345678", ""},
      {"1381234567", ""},
      {"85100001", ""},
      {"0851-05100001", ""},
      {"abc", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto p = NormalizePhone(c.input, "guardian_phone");
    if (std::string(c.stored).empty()) {
      ASSERT_FALSE(p.ok()) << *p;
      EXPECT_EQ(p.error().code, "PHONE_FORMAT");
      EXPECT_EQ(p.error().field, "guardian_phone");
    } else {
      ASSERT_TRUE(p.ok()) << p.error().message;
      EXPECT_EQ(*p, c.stored);
    }
  }
}

TEST(Contact, R_INFO_4_postal_codes_and_email) {
  EXPECT_EQ(*NormalizePostalCode(" 550001 "), "550001");
  EXPECT_EQ(NormalizePostalCode("55000").error().code, "POSTAL_CODE_FORMAT");
  EXPECT_EQ(NormalizePostalCode("55000a").error().code, "POSTAL_CODE_FORMAT");
  EXPECT_EQ(*NormalizeEmail(" li@example.cn "), "li@example.cn");
  for (const char* bad : {"li", "li@", "@example.cn", "li@example", "li@@example.cn",
                          "li @example.cn", "李@example.cn"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(NormalizeEmail(bad).error().code, "EMAIL_FORMAT");
  }
}

}  // namespace
}  // namespace xueji::domain
