#include "domain/person_name.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(PersonName, R_INFO_5_names_are_normalized) {
  struct Case {
    const char* input;
    const char* stored;
  };
  const Case cases[] = {
      {"张三", "张三"},
      {"  张三　", "张三"},                   // ASCII and full-width spaces
      {"买买提・艾力", "买买提·艾力"},        // katakana middle dot
      {"买买提•艾力", "买买提·艾力"},         // bullet
      {"买买提．艾力", "买买提·艾力"},        // full-width full stop
      {"John  Smith", "John Smith"},          // inner runs collapse
      {"Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"},  // full-width letters
      {"Mary-Jane O'Neil", "Mary-Jane O'Neil"},
      {"𠮷野", "𠮷野"},  // extension B character
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto name = NormalizePersonName(c.input);
    ASSERT_TRUE(name.ok()) << name.error().message;
    EXPECT_EQ(*name, c.stored);
  }
}

TEST(PersonName, R_INFO_5_bad_names_are_refused) {
  struct Case {
    const char* input;
    const char* code;
  };
  const Case cases[] = {
      {"", "REQUIRED"},
      {"　 ", "REQUIRED"},
      {"张三1", "NAME_CHARS"},
      {"张三!", "NAME_CHARS"},
      {"张San", "NAME_CHARS"},
      {"张 三", "NAME_CHARS"},
      {"\xff\xfe", "TEXT_ENCODING"},
      {"AbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijA", "TOO_LONG"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto name = NormalizePersonName(c.input, "guardian_name");
    ASSERT_FALSE(name.ok());
    EXPECT_EQ(name.error().code, c.code);
    EXPECT_EQ(name.error().field, "guardian_name");
  }
}

}  // namespace
}  // namespace xueji::domain
