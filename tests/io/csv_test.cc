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

}  // namespace
}  // namespace xueji::io
