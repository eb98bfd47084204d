#include "io/spreadsheet_cell.h"

#include <gtest/gtest.h>

namespace xueji::io {
namespace {

SheetCell Number(double v, std::string text = "", bool date = false) {
  if (text.empty()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    text = buf;
  }
  return SheetCell{CellKind::kNumber, text, v, date};
}
SheetCell Text(std::string t) { return SheetCell{CellKind::kText, std::move(t)}; }

TEST(SpreadsheetCell, ColumnLettersAndReferences) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(27), "AB");
  EXPECT_EQ(ColumnLetters(16383), "XFD");
  EXPECT_EQ(ColumnOfReference("A1"), 0);
  EXPECT_EQ(ColumnOfReference("AB12"), 27);
  EXPECT_EQ(ColumnOfReference("XFD1"), 16383);
  EXPECT_EQ(ColumnOfReference("XFE1"), std::nullopt);
  EXPECT_EQ(ColumnOfReference("ABCD1"), std::nullopt);
  EXPECT_EQ(ColumnOfReference("12"), std::nullopt);
  EXPECT_EQ(RowOfReference("AB12"), 12);
  EXPECT_EQ(RowOfReference("A0"), std::nullopt);
  EXPECT_EQ(RowOfReference("A1x"), std::nullopt);
}

struct SerialCase {
  double serial;
  bool date1904;
  const char* date;  // nullptr: no date
};

TEST(SpreadsheetCell, R_IO_2_serial_dates_in_both_date_systems) {
  const SerialCase cases[] = {
      {1, false, "1900-01-01"},
      {59, false, "1900-02-28"},
      {60, false, nullptr},  // Lotus 1-2-3's 1900-02-29
      {61, false, "1900-03-01"},
      {40909, false, "2012-01-01"},
      {40617.75, false, "2011-03-15"},  // the time of day is dropped
      {2958465, false, "9999-12-31"},
      {2958466, false, nullptr},
      {0, false, nullptr},
      {-5, false, nullptr},
      {0, true, "1904-01-01"},
      {39447, true, "2012-01-01"},
      {1, true, "1904-01-02"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.serial) + (c.date1904 ? " 1904" : " 1900"));
    auto d = SerialToDate(c.serial, c.date1904);
    if (c.date == nullptr) {
      EXPECT_FALSE(d.has_value());
    } else {
      ASSERT_TRUE(d.has_value());
      EXPECT_EQ(domain::FormatDate(*d), c.date);
    }
  }
}

struct NormalizeCase {
  const char* name;
  SheetCell cell;
  FieldFormat format;
  bool date1904;
  const char* want;  // nullptr: refused with `code`
  const char* code;
};

TEST(SpreadsheetCell, R_IO_2_normalizes_cells_for_their_field) {
  const FieldFormat text{FieldKind::kText}, id{FieldKind::kIdNumber}, date{FieldKind::kDate},
      month{FieldKind::kYearMonth}, code{FieldKind::kCode}, code2{FieldKind::kCode, 2},
      postal{FieldKind::kCode, 6};
  const NormalizeCase cases[] = {
      // ID numbers (R-IO-2): numbers that lost their last digits are refused
      {"id as Excel number", Number(110101199003071234.0, "1.10101199003071E+17"), id, false,
       nullptr, "ID_AS_NUMBER"},
      {"id as double digits", Number(110101199003071234.0, "110101199003071232"), id, false,
       nullptr, "ID_AS_NUMBER"},
      {"id scientific text (CSV)", Text("1.10101199003E+17"), id, false, nullptr, "ID_AS_NUMBER"},
      {"id zeros from format 0 (CSV)", Text("110101199003071000"), id, false, nullptr,
       "ID_AS_NUMBER"},
      {"id text kept", Text(" 11010119900307123X "), id, false, "11010119900307123X", nullptr},
      {"id full-width", Text("１１０１０１１９９００３０７１２３Ｘ"), id, false,
       "11010119900307123X", nullptr},
      {"id short number exact", Number(123456789, "123456789"), id, false, "123456789", nullptr},
      // dates (R-IO-2)
      {"serial date", Number(40909, "40909", true), date, false, "2012-01-01", nullptr},
      {"serial without date style", Number(40617), date, false, "2011-03-15", nullptr},
      {"serial 1904", Number(39447, "39447", true), date, true, "2012-01-01", nullptr},
      {"serial 60", Number(60, "60", true), date, false, nullptr, "DATE_SERIAL"},
      {"eight digits as number", Number(20110315), date, false, "2011-03-15", nullptr},
      {"eight digits text", Text("20110315"), date, false, "2011-03-15", nullptr},
      {"slashes", Text("2011/3/5"), date, false, "2011-03-05", nullptr},
      {"dots", Text("2011.03.05"), date, false, "2011-03-05", nullptr},
      {"chinese", Text("2011年3月5日"), date, false, "2011-03-05", nullptr},
      {"full-width", Text("２０１１－０３－０５"), date, false, "2011-03-05", nullptr},
      {"not a date kept for validation", Text("2011-02-30"), date, false, "2011-02-30", nullptr},
      {"month serial", Number(41883, "41883", true), month, false, "201409", nullptr},
      {"month number", Number(201409), month, false, "201409", nullptr},
      {"month text", Text(" ２０１４０９ "), month, false, "201409", nullptr},
      // codes, phones, postal codes
      {"ethnicity lost its zero", Number(1), code2, false, "01", nullptr},
      {"ethnicity text", Text("1"), code2, false, "01", nullptr},
      {"postal code lost its zero", Number(10010), postal, false, "010010", nullptr},
      {"phone as number", Number(13800138000.0, "13800138000"), code, false, "13800138000",
       nullptr},
      {"phone with spaces", Text("138 0013 8000"), code, false, "13800138000", nullptr},
      {"boolean", SheetCell{CellKind::kBoolean, "1"}, code, false, "1", nullptr},
      {"formula error", SheetCell{CellKind::kError, "#N/A"}, code, false, nullptr, "CELL_ERROR"},
      // text
      {"stray spaces", Text("\u3000 张三  "), text, false, "张三", nullptr},
      {"full-width digits in an address", Text("南明区花果园１２号（B区）"), text, false,
       "南明区花果园12号（B区）", nullptr},
      {"decimal number as text", Number(12.5), text, false, "12.5", nullptr},
      {"spaces and breaks around an address", Text("\n\u3000南明区 花果园１２号\t"), text, false,
       "南明区 花果园12号", nullptr},
      {"full-width letters kept in text", Text("ＡＢ１"), text, false, "ＡＢ1", nullptr},
      {"full-width code letters folded, case kept", Text(" ｃｈｎ "), code, false, "chn", nullptr},
      {"spaced postal code", Text("５５０ ００１"), postal, false, "550001", nullptr},
      {"empty", SheetCell{}, id, false, "", nullptr},
  };
  // NormalizeCellTo writes over a buffer that holds the previous case's text.
  std::string buffer = "贵州省贵阳市南明区花果园街道一个很长的地址，前一个单元格留下的";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = NormalizeCell(c.cell, c.format, c.date1904);
    Status to = NormalizeCellTo(c.cell, c.format, c.date1904, buffer);
    if (c.want == nullptr) {
      ASSERT_FALSE(got.ok()) << *got;
      EXPECT_EQ(got.error().code, c.code);
      EXPECT_FALSE(got.error().message.empty());
      ASSERT_FALSE(to.ok()) << buffer;
      EXPECT_EQ(to.error().code, c.code);
      EXPECT_EQ(to.error().message, got.error().message);
      EXPECT_EQ(buffer, "");
    } else {
      ASSERT_TRUE(got.ok()) << got.error().message;
      EXPECT_EQ(*got, c.want);
      ASSERT_TRUE(to.ok()) << to.error().message;
      EXPECT_EQ(buffer, c.want);
    }
  }
}

TEST(SpreadsheetCell, R_IO_2_id_as_number_explains_how_to_set_the_column_to_text) {
  auto got = NormalizeCell(Number(110101199003071234.0, "1.10101199003071E+17"),
                           FieldFormat{FieldKind::kIdNumber}, false);
  ASSERT_FALSE(got.ok());
  const std::string& m = got.error().message;
  EXPECT_NE(m.find("1.10101199003E+17"), std::string::npos) << m;  // as Excel shows it
  EXPECT_NE(m.find("文本"), std::string::npos) << m;
  EXPECT_NE(m.find("单引号"), std::string::npos) << m;
}

}  // namespace
}  // namespace xueji::io
