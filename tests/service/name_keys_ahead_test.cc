// Name keys worked out ahead of an import's final transaction (R-INFO-5,
// R-REG-4, R-IO-1).

#include "service/name_keys_ahead.h"

#include <gtest/gtest.h>

namespace xueji::service {
namespace {

TEST(NameKeysAhead, R_INFO_5_keys_are_those_of_the_names_as_validation_normalizes_them) {
  struct Case {
    std::string raw, normalized;
  };
  const std::vector<Case> cases = {
      {"王小明", "王小明"},
      {" 張曉明 ", "張曉明"},
      {"阿依古丽•买买提", "阿依古丽·买买提"},
  };
  std::vector<std::string> names;
  for (const auto& c : cases) names.push_back(c.raw);
  names.push_back("王小明");  // a repeated name
  names.push_back("王3");     // not a name: its row fails validation
  NameKeysAhead ahead(names);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.raw);
    const NameKeys* keys = ahead.Find(c.normalized);
    ASSERT_NE(keys, nullptr);
    NameKeys expected = KeysOf(c.normalized);
    EXPECT_EQ(keys->name, expected.name);
    EXPECT_EQ(keys->simplified, expected.simplified);
    EXPECT_EQ(keys->pinyin, expected.pinyin);
  }
  EXPECT_EQ(ahead.Find("張曉明")->simplified, "张晓明");
  // Names the thread never meets are not waited for once it has ended.
  EXPECT_EQ(ahead.Find("王3"), nullptr);
  EXPECT_EQ(ahead.Find("李四"), nullptr);
}

}  // namespace
}  // namespace xueji::service
