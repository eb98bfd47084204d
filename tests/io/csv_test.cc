#include "io/csv.h"

#include <gtest/gtest.h>

namespace xueji::io {
namespace {

TEST(Csv, ParsesQuotesLineEndsAndByteOrderMark) {
  auto rows = ParseCsv(
      "\xEF\xBB\xBF"
      "code,name\r\n110000,\"北京市\"\r\n\"a,b\",\"say \"\"hi\"\"\"\nx,\"two\nlines\"");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], (CsvRow{"code", "name"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"110000", "北京市"}));
  EXPECT_EQ((*rows)[2], (CsvRow{"a,b", "say \"hi\""}));
  EXPECT_EQ((*rows)[3], (CsvRow{"x", "two\nlines"}));
}

TEST(Csv, EmptyFieldsAndTrailingNewline) {
  auto rows = ParseCsv("a,,c\n,,\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "", "c"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"", "", ""}));
  EXPECT_TRUE(ParseCsv("")->empty());
}

TEST(Csv, UnterminatedQuoteNamesTheLine) {
  auto rows = ParseCsv("a,b\nc,\"d\ne,f\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, "CSV_QUOTE");
  EXPECT_NE(rows.error().message.find("第2行"), std::string::npos) << rows.error().message;
}

TEST(Csv, MissingFileIsAnError) {
  auto rows = ReadCsvFile("/nonexistent/regions.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, "FILE_READ");
}

// What Chinese Excel writes for "CSV (逗号分隔)": GBK bytes.
constexpr char kGbkCsv[] =
    "\xD0\xD5\xC3\xFB\x2C\xD0\xD4\xB1\xF0\x2C\xC9\xED\xB7\xDD\xD6\xA4\xBC\xFE\xBA\xC5\x0D\x0A"
    "\xD5\xC5\xC8\xFD\x2C\x31\x2C\x22\x31\x31\x30\x31\x30\x31\x31\x39\x39\x30\x30\x33\x30"
    "\x37\x31\x32\x33\x58\x22\x0D\x0A";

struct EncodingCase {
  const char* name;
  std::string bytes;
  const char* text;  // nullptr: refused with FILE_ENCODING
};

TEST(Csv, R_IO_1_decodes_utf8_and_gbk_spreadsheet_text) {
  const EncodingCase cases[] = {
      {"GBK", kGbkCsv, "姓名,性别,身份证件号\r\n张三,1,\"11010119900307123X\"\r\n"},
      {"GB18030 four-byte", "\xD0\xD5\x95\x32\x82\x36", "姓\xF0\xA0\x80\x80"},
      {"UTF-8", "姓名,性别\n", "姓名,性别\n"},
      {"UTF-8 with BOM", "\xEF\xBB\xBF姓名\n", "姓名\n"},
      {"ASCII", "a,b\n", "a,b\n"},
      {"neither (cut GBK)", "\xD0\xD5\xC3", nullptr},
      {"neither (bad byte)", "ab\n\xFF\xFF\xFF", nullptr},
      {"UTF-16 Unicode text",
       std::string("\xFF\xFE"
                   "a\0b\0",
                   6),
       nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = DecodeSpreadsheetText(c.bytes);
    if (c.text == nullptr) {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.error().code, "FILE_ENCODING");
    } else {
      ASSERT_TRUE(got.ok()) << got.error().message;
      EXPECT_EQ(*got, c.text);
    }
  }
}

TEST(Csv, R_IO_1_bad_encoding_names_the_line) {
  auto got = DecodeSpreadsheetText("a,b\nc,d\n\xFF\xFF,e\n");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("第3行"), std::string::npos) << got.error().message;
}

TEST(Csv, R_IO_1_parses_gbk_csv_as_excel_saves_it) {
  auto rows = ParseSpreadsheetCsv(kGbkCsv);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (CsvRow{"姓名", "性别", "身份证件号"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"张三", "1", "11010119900307123X"}));
}

}  // namespace
}  // namespace xueji::io
