#include "domain/text.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

struct TextCase {
  const char* name;
  std::string input;
  std::string trimmed;  // TrimSpaces
  std::string folded;   // FoldFullWidth
  std::string compact;  // CompactCode
};

// Each normalization and its in-place form give the same text; an in-place
// form never reads what it has already written over (full-width input
// shrinks as it is folded).
TEST(Text, R_INFO_5_in_place_normalization_equals_the_copying_one) {
  const TextCase cases[] = {
      {"empty", "", "", "", ""},
      {"ascii", "ab c", "ab c", "ab c", "abc"},
      {"spaces and breaks around", " \t\r\nab\n ", "ab", " \t\r\nab\n ", "ab"},
      {"ideographic spaces around", "\u3000 张三\u3000", "张三", "  张三 ", "张三"},
      {"only spaces", " \u3000 \u3000", "", "    ", ""},
      {"full-width digits and letters", "１２ＡＢｃ", "１２ＡＢｃ", "12ABc", "12ABc"},
      {"full-width punctuation", "国籍／地区（必填）", "国籍／地区（必填）", "国籍/地区(必填)",
       "国籍/地区(必填)"},
      {"full-width spaced ID", "５２０１ ０２２０\u3000１１０３１５００２Ｘ",
       "５２０１ ０２２０\u3000１１０３１５００２Ｘ", "5201 0220 110315002X", "52010220110315002X"},
      {"invalid UTF-8 kept byte for byte", "a\xE3 b\xFF", "a\xE3 b\xFF", "a\xE3 b\xFF",
       "a\xE3"
       "b\xFF"},
      {"a truncated sequence before a full-width digit", "\xEF\xBC\xEF\xBC\x91",
       "\xEF\xBC\xEF\xBC\x91",
       "\xEF\xBC"
       "1",
       "\xEF\xBC"
       "1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(TrimSpaces(c.input), c.trimmed);
    EXPECT_EQ(TrimmedSpaces(c.input), c.trimmed);
    EXPECT_EQ(FoldFullWidth(c.input), c.folded);
    EXPECT_EQ(CompactCode(c.input), c.compact);
    std::string s = c.input;
    TrimSpacesInPlace(s);
    EXPECT_EQ(s, c.trimmed);
    s = c.input;
    FoldFullWidthInPlace(s);
    EXPECT_EQ(s, c.folded);
    s = c.input;
    CompactCodeInPlace(s);
    EXPECT_EQ(s, c.compact);
  }
}

}  // namespace
}  // namespace xueji::domain
