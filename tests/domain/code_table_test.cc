#include "domain/code_table.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

CodeTable Ethnicity() {
  return CodeTable("ethnicity", "民族",
                   {{"01", "汉族", false},
                    {"02", "蒙古族", false},
                    {"97", "其他", false},
                    {"81", "穿青人族", true}});
}

TEST(CodeTable, R_INFO_4_known_codes_are_found_by_exact_code) {
  CodeTable t = Ethnicity();
  ASSERT_NE(t.Find("01"), nullptr);
  EXPECT_EQ(t.Find("01")->name, "汉族");
  EXPECT_EQ(t.Find("1"), nullptr);  // codes are compared exactly: "1" is not "01"
  EXPECT_EQ(t.Find("01 "), nullptr);
  EXPECT_EQ(t.Find(""), nullptr);
}

TEST(CodeTable, R_INFO_4_unknown_code_is_refused) {
  CodeTable t = Ethnicity();
  struct Case {
    const char* code;
    bool ok;
  };
  const Case cases[] = {
      {"01", true},  {"97", true}, {"81", true},  // historical: still valid on existing records
      {"99", false}, {"1", false}, {"", false},  {"汉族", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    Status s = t.Validate(c.code, "ethnicity");
    EXPECT_EQ(s.ok(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(s.error().kind, ErrorKind::kInvalid);
      EXPECT_EQ(s.error().code, "CODE_VALUE");
      EXPECT_EQ(s.error().field, "ethnicity");
      EXPECT_EQ(s.error().message, std::string("民族代码无效：") + c.code);
    }
  }
}

TEST(CodeTable, R_INFO_4_historical_code_is_refused_for_new_records_only) {
  CodeTable t = Ethnicity();
  EXPECT_TRUE(t.Validate("81", "guardian_ethnicity").ok());
  Status s = t.ValidateForNew("81", "guardian_ethnicity");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "CODE_VALUE_HISTORICAL");
  EXPECT_EQ(s.error().field, "guardian_ethnicity");
  EXPECT_NE(s.error().message.find("穿青人族"), std::string::npos);
  EXPECT_TRUE(t.ValidateForNew("01", "ethnicity").ok());
  EXPECT_EQ(t.ValidateForNew("99", "ethnicity").error().code, "CODE_VALUE");
}

TEST(CodeTable, R_INFO_4_code_format_is_one_to_eight_digits_or_capitals) {
  struct Case {
    const char* code;
    bool ok;
  };
  const Case cases[] = {
      {"0", true},        {"01", true},         {"A", true},     {"CHN", true},
      {"12345678", true}, {"123456789", false}, {"", false},     {"chn", false},
      {"0 1", false},     {"01-", false},       {"０１", false}, {"Z/", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    Status s = ValidateCodeFormat(c.code);
    EXPECT_EQ(s.ok(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(s.error().code, "CODE_FORMAT");
      EXPECT_EQ(s.error().field, "code");
    }
  }
}

TEST(CodeTable, R_INFO_4_value_names_are_trimmed_and_one_to_fifty_characters) {
  struct Case {
    std::string name;
    const char* code;  // "" = accepted
    std::string stored;
  };
  const Case cases[] = {
      {"汉族", "", "汉族"},
      {"　 外国血统中国籍人士 ", "", "外国血统中国籍人士"},
      {"", "REQUIRED", ""},
      {"　", "REQUIRED", ""},
      {"\xff\xfe", "TEXT_ENCODING", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string name = c.name;
    Status s = ValidateCodeName(name, "name");
    EXPECT_EQ(s.ok() ? "" : s.error().code, std::string(c.code));
    if (s.ok()) {
      EXPECT_EQ(name, c.stored);
    }
  }
  std::string fifty, fifty_one;
  for (int i = 0; i < 50; ++i) fifty += "族";
  fifty_one = fifty + "族";
  EXPECT_TRUE(ValidateCodeName(fifty).ok());
  EXPECT_EQ(ValidateCodeName(fifty_one).error().code, "TOO_LONG");
}

TEST(CodeTable, R_INFO_4_table_files_are_checked_naming_file_and_line) {
  using Rows = std::vector<std::vector<std::string>>;
  const std::vector<std::string> header = {"code", "name", "historical"};
  struct Case {
    const char* what;
    Rows rows;
    const char* message;  // "" = accepted
  };
  const Case cases[] = {
      {"good", {header, {"1", "男", "0"}, {"2", "女", "0"}, {"9", "未说明", "1"}}, ""},
      {"no header", {{"1", "男", "0"}}, "代码表文件 sex.csv 第1行：表头应为 code,name,historical"},
      {"empty", {}, "代码表文件 sex.csv 第1行：表头应为 code,name,historical"},
      {"header only", {header}, "代码表文件 sex.csv 第2行：没有任何代码"},
      {"two columns", {header, {"1", "男"}}, "代码表文件 sex.csv 第2行：应有3列"},
      {"duplicate",
       {header, {"1", "男", "0"}, {"1", "女", "0"}},
       "代码表文件 sex.csv 第3行：代码重复：1"},
      {"empty code",
       {header, {"", "男", "0"}},
       "代码表文件 sex.csv 第2行：代码应为1到8位数字或大写字母："},
      {"lower-case code",
       {header, {"a", "男", "0"}},
       "代码表文件 sex.csv 第2行：代码应为1到8位数字或大写字母：a"},
      {"empty name", {header, {"1", " ", "0"}}, "代码表文件 sex.csv 第2行：代码名称不能为空"},
      {"bad flag", {header, {"1", "男", "yes"}}, "代码表文件 sex.csv 第2行：historical 应为0或1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = ParseCodeTableRows(c.rows, "sex.csv");
    if (std::string(c.message).empty()) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      ASSERT_EQ(r->size(), 3u);
      EXPECT_EQ(r->at(0).code, "1");
      EXPECT_EQ(r->at(1).name, "女");
      EXPECT_TRUE(r->at(2).historical);
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, "CODE_TABLE_FILE");
      EXPECT_EQ(r.error().message, c.message);
    }
  }
}

TEST(CodeTable, TableIdsAreLowerSnakeCase) {
  EXPECT_TRUE(IsCodeTableId("ethnicity"));
  EXPECT_TRUE(IsCodeTableId("yes_no"));
  EXPECT_FALSE(IsCodeTableId(""));
  EXPECT_FALSE(IsCodeTableId("Ethnicity"));
  EXPECT_FALSE(IsCodeTableId("_x"));
  EXPECT_FALSE(IsCodeTableId("a-b"));
  EXPECT_FALSE(IsCodeTableId("../etc"));
  EXPECT_FALSE(IsCodeTableId(std::string(33, 'a')));
}

}  // namespace
}  // namespace xueji::domain
