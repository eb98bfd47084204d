#include "io/name_keys.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace xueji::io {
namespace {

TEST(NameKeys, R_INFO_5_traditional_and_simplified_forms_compare_equal) {
  struct Case {
    const char* traditional;
    const char* simplified;
  };
  const Case cases[] = {
      {"張三", "张三"},
      {"劉德華", "刘德华"},
      {"陳小明", "陈小明"},
      {"趙麗穎", "赵丽颖"},
      {"张三", "张三"},
      {"買買提·艾力", "买买提·艾力"},
      {"John Smith", "John Smith"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.traditional);
    EXPECT_EQ(SimplifiedName(c.traditional), c.simplified);
  }
}

TEST(NameKeys, R_REG_4_pinyin_key_is_toneless_ascii) {
  struct Case {
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {"张三", "zhang san"},
      {"張三", "zhang san"},
      {"章三", "zhang san"},
      {"吕小雨", "lu xiao yu"},
      {"买买提·艾力", "mai mai ti ai li"},
      {"John Smith", "john smith"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(PinyinKey(c.name), c.key);
  }
}

TEST(NameKeys, R_REG_4_a_remembered_key_is_the_key_of_the_whole_name) {
  // Han-Latin reads 重 as chong before 庆 and as zhong elsewhere: a memo of
  // single characters would give one of these wrong.
  struct Case {
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {"重", "zhong"},        {"重庆", "chong qing"},        {"重", "zhong"},
      {"重庆", "chong qing"}, {"重小庆", "zhong xiao qing"},
  };
  for (int round = 0; round < 2; ++round) {
    for (const auto& c : cases) {
      SCOPED_TRACE(c.name);
      EXPECT_EQ(PinyinKey(c.name), c.key);
    }
  }
}

TEST(NameKeys, KeysAreSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (SimplifiedName("劉德華") != "刘德华" || PinyinKey("劉德華") != "liu de hua") ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace xueji::io
