#include "io/xlsx_reader.h"

#include <gtest/gtest.h>

#include "xlsx_test_files.h"

namespace xueji::io {
namespace {

using testing_files::HandWorkbook;
using testing_files::MakeHandXlsx;
using testing_files::MakeXlsx;

std::vector<SheetRow> AllRows(XlsxReader& reader) {
  std::vector<SheetRow> rows;
  Status st = reader.ForEachRow([&](const SheetRow& row) {
    rows.push_back(row);
    return Ok();
  });
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return rows;
}

std::vector<SheetRow> ReadAll(std::string bytes, const XlsxLimits& limits = {}) {
  auto reader = XlsxReader::FromBuffer(std::move(bytes), limits);
  EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error().message);
  if (!reader.ok()) return {};
  return AllRows(reader.value());
}

const SheetCell& At(const SheetRow& row, size_t col) {
  static const SheetCell kEmpty;
  return col < row.cells.size() ? row.cells[col] : kEmpty;
}

TEST(XlsxReader, R_IO_1_reads_strings_numbers_booleans_dates_and_gaps) {
  auto rows = ReadAll(MakeXlsx([](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* cn_date = workbook_add_format(wb);
    format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_string(ws, 0, 2, "出生日期", nullptr);  // B1 left empty
    worksheet_write_string(ws, 1, 0, "张三", nullptr);
    worksheet_write_number(ws, 1, 1, 13800138000.0, nullptr);
    worksheet_write_number(ws, 1, 2, 40909, date);
    worksheet_write_boolean(ws, 1, 3, 1, nullptr);
    worksheet_write_number(ws, 1, 4, 40617, cn_date);
    worksheet_write_number(ws, 1, 5, 1234.5, money);
    // row 3 empty: skipped; row 4 after the gap keeps its number
    worksheet_write_string(ws, 3, 27, "AB列", nullptr);
  }));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].number, 1);
  ASSERT_EQ(rows[0].cells.size(), 3u);
  EXPECT_EQ(rows[0].cells[0].text, "姓名");
  EXPECT_EQ(rows[0].cells[1].kind, CellKind::kEmpty);
  EXPECT_EQ(rows[0].cells[2].text, "出生日期");
  const SheetRow& r = rows[1];
  EXPECT_EQ(At(r, 0).kind, CellKind::kText);
  EXPECT_EQ(At(r, 1).kind, CellKind::kNumber);
  EXPECT_EQ(At(r, 1).text, "13800138000");
  EXPECT_FALSE(At(r, 1).date_format);
  EXPECT_DOUBLE_EQ(At(r, 2).number, 40909);
  EXPECT_TRUE(At(r, 2).date_format);
  EXPECT_EQ(At(r, 3).kind, CellKind::kBoolean);
  EXPECT_EQ(At(r, 3).text, "1");
  EXPECT_TRUE(At(r, 4).date_format);
  EXPECT_FALSE(At(r, 5).date_format);
  EXPECT_EQ(rows[2].number, 4);
  ASSERT_EQ(rows[2].cells.size(), 28u);
  EXPECT_EQ(rows[2].cells[27].text, "AB列");
}

TEST(XlsxReader, R_IO_1_reads_inline_strings_of_constant_memory_workbooks) {
  auto rows = ReadAll(MakeXlsx(
      [](lxw_workbook*, lxw_worksheet* ws) {
        worksheet_write_string(ws, 0, 0, "姓名", nullptr);
        worksheet_write_string(ws, 1, 0, "李四 & <王五>", nullptr);
      },
      /*constant_memory=*/true));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[0].kind, CellKind::kText);
  EXPECT_EQ(rows[1].cells[0].text, "李四 & <王五>");
}

TEST(XlsxReader, R_IO_2_merged_header_value_applies_to_its_span) {
  auto bytes = MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_merge_range(ws, 0, 0, 0, 3, "学生信息导入模板", nullptr);  // title A1:D1
    worksheet_merge_range(ws, 1, 0, 2, 0, "姓名", nullptr);              // A2:A3 vertical
    worksheet_merge_range(ws, 1, 1, 1, 2, "成员1", nullptr);             // B2:C2 group
    worksheet_write_string(ws, 2, 1, "姓名", nullptr);
    worksheet_write_string(ws, 2, 2, "关系", nullptr);
    worksheet_write_string(ws, 3, 0, "张三", nullptr);
  });
  auto reader = XlsxReader::FromBuffer(bytes);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->Merges().size(), 3u);
  auto rows = AllRows(reader.value());
  ASSERT_EQ(rows.size(), 4u);
  ASSERT_EQ(rows[0].cells.size(), 4u);
  for (const auto& c : rows[0].cells) EXPECT_EQ(c.text, "学生信息导入模板");
  EXPECT_EQ(At(rows[1], 1).text, "成员1");
  EXPECT_EQ(At(rows[1], 2).text, "成员1");
  EXPECT_EQ(At(rows[2], 0).text, "姓名");  // the vertical merge reaches row 3
  EXPECT_EQ(At(rows[2], 1).text, "姓名");
  EXPECT_EQ(At(rows[3], 0).text, "张三");
  EXPECT_EQ(At(rows[3], 1).kind, CellKind::kEmpty);
}

// Merges are found across chunk boundaries of the inflated sheet, with a
// namespace prefix, single quotes or a line break before the attribute.
TEST(XlsxReader, R_IO_2_finds_every_header_merge_in_a_long_merge_list) {
  HandWorkbook w;
  w.sheet_data =
      "<x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>姓名</x:t></x:is>"
      "</x:c></x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>5</x:v></x:c></x:row></x:sheetData>"
      "<x:mergeCells>";
  const int kMerges = 5000;
  for (int i = 0; i < kMerges - 2; ++i) {
    w.sheet_data += "<x:mergeCell ref=\"D" + std::to_string(i % 20 + 1) + ":E" +
                    std::to_string(i % 20 + 1) + "\"/>";
  }
  w.sheet_data += "<x:mergeCell\nref='B1:C1'/><mergeCell ref=\"A30:B30\"/></x:mergeCells>";
  auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w));
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->Merges().size(), static_cast<size_t>(kMerges - 1));  // A30 is no header
  auto rows = AllRows(reader.value());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(At(rows[0], 2).text, "姓名");
  EXPECT_EQ(At(rows[1], 0).text, "5");
}

TEST(XlsxReader, R_IO_2_reports_the_1904_date_system_and_date_styles) {
  HandWorkbook w;
  w.date1904 = true;
  w.cell_formats = {0, 14, 164, 165, 49};
  w.custom_formats =
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot; 0.00\"/>";
  w.sheet_data =
      "<sheetData><row r=\"2\"><c r=\"A2\" s=\"1\"><v>39447</v></c><c r=\"B2\" s=\"2\"><v>1</v></c>"
      "<c r=\"C2\" s=\"3\"><v>2</v></c><c r=\"D2\" s=\"4\"><v>3</v></c><c r=\"E2\"><v>4</v></c>"
      "<c r=\"F2\" t=\"d\"><v>2011-03-15T00:00:00</v></c></row></sheetData>";
  auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w));
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_TRUE(reader->Date1904());
  auto rows = AllRows(reader.value());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 2);
  EXPECT_TRUE(At(rows[0], 0).date_format);   // built-in 14
  EXPECT_TRUE(At(rows[0], 1).date_format);   // yyyy"年"m"月"
  EXPECT_FALSE(At(rows[0], 2).date_format);  // "day" 0.00: letters only in quotes
  EXPECT_FALSE(At(rows[0], 3).date_format);  // 49 = text
  EXPECT_FALSE(At(rows[0], 4).date_format);  // no style
  EXPECT_EQ(At(rows[0], 5).text, "2011-03-15");
}

TEST(XlsxReader, R_IO_1_shared_strings_with_rich_text_and_phonetic_runs) {
  HandWorkbook w;
  w.shared = {"<t>张三</t>", "<r><t>李</t></r><r><t xml:space=\"preserve\">四 </t></r>",
              "<t>王五</t><rPh sb=\"0\" eb=\"1\"><t>wang</t></rPh>"};
  w.sheet_data =
      "<sheetData><row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c>"
      "<c t=\"inlineStr\"><is><t>赵六</t></is></c><c t=\"str\"><f>A1</f><v>张三</v></c>"
      "<c t=\"e\"><v>#N/A</v></c></row></sheetData>";
  auto rows = ReadAll(MakeHandXlsx(w));
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].cells.size(), 6u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].cells[0].text, "张三");
  EXPECT_EQ(rows[0].cells[1].text, "李四 ");
  EXPECT_EQ(rows[0].cells[2].text, "王五");
  EXPECT_EQ(rows[0].cells[3].text, "赵六");
  EXPECT_EQ(rows[0].cells[4].text, "张三");
  EXPECT_EQ(rows[0].cells[5].kind, CellKind::kError);
}

TEST(XlsxReader, R_IO_1_dangling_shared_string_is_corrupt) {
  HandWorkbook w;
  w.shared = {"<t>张三</t>"};
  w.sheet_data = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData>";
  auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w));
  ASSERT_TRUE(reader.ok());
  Status st = reader->ForEachRow([](const SheetRow&) { return Ok(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "FILE_CORRUPT");
}

// R-IO-1: a bomb of nested elements (larger ones trip the zip ratio limit) is
// refused as corrupt before it can hold the open elements' names, in the
// worksheet and in the shared strings alike.
TEST(XlsxReader, R_IO_1_deeply_nested_elements_are_corrupt) {
  // Well-formed, and under ZipLimits::ratio_floor_bytes.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  HandWorkbook in_sheet;
  in_sheet.sheet_data = "<sheetData><row r=\"1\">" + deep + "</row></sheetData>";
  HandWorkbook in_shared;
  in_shared.shared = {"<t>张三</t>" + deep};
  in_shared.sheet_data = "<sheetData/>";
  for (const HandWorkbook* w : {&in_sheet, &in_shared}) {
    auto reader = XlsxReader::FromBuffer(MakeHandXlsx(*w));
    Status st = reader.ok() ? reader->ForEachRow([](const SheetRow&) { return Ok(); })
                            : Status(reader.error());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "FILE_CORRUPT");
  }
}

struct SizeCase {
  const char* name;
  int rows, columns;  // cells written: rows × 1 column plus one cell in column `columns`-1
  int64_t max_rows;
  int max_columns;
  bool ok;
};

void PrintTo(const SizeCase& c, std::ostream* os) { *os << c.name; }

class SheetSize : public ::testing::TestWithParam<SizeCase> {};

TEST_P(SheetSize, R_IO_1_refuses_sheets_over_the_row_and_column_limits) {
  const SizeCase& c = GetParam();
  SCOPED_TRACE(c.name);
  XlsxLimits limits;
  limits.max_rows = c.max_rows;
  limits.max_columns = c.max_columns;
  auto bytes = MakeXlsx(
      [&](lxw_workbook*, lxw_worksheet* ws) {
        worksheet_write_number(ws, 0, static_cast<lxw_col_t>(c.columns - 1), 1, nullptr);
        for (int r = 0; r < c.rows; ++r) worksheet_write_number(ws, r, 0, r, nullptr);
      },
      true);
  auto reader = XlsxReader::FromBuffer(bytes, limits);
  if (c.ok) {
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    int64_t n = 0;
    ASSERT_TRUE(reader->ForEachRow([&](const SheetRow&) { return ++n, Ok(); }).ok());
    EXPECT_EQ(n, c.rows);
  } else {
    ASSERT_FALSE(reader.ok());  // refused before any row is handed out
    EXPECT_EQ(reader.error().code, "SHEET_TOO_LARGE");
    EXPECT_EQ(reader.error().kind, ErrorKind::kTooLarge);
  }
}

INSTANTIATE_TEST_SUITE_P(R_IO_1, SheetSize,
                         ::testing::Values(SizeCase{"at the row limit", 500, 3, 500, 256, true},
                                           SizeCase{"one row over", 501, 3, 500, 256, false},
                                           SizeCase{"at the column limit", 10, 40, 500, 40, true},
                                           SizeCase{"one column over", 10, 41, 500, 40, false},
                                           SizeCase{"far column", 2, 16000, 100000, 256, false}));

// A sheet without <dimension>, or one that understates its size, is held to
// the limits by the row pass itself.
TEST(XlsxReader, R_IO_1_undeclared_or_understated_size_is_refused_while_streaming) {
  XlsxLimits limits;
  limits.max_rows = 3;
  limits.max_columns = 4;
  const std::pair<const char*, const char*> cases[] = {
      {"rows, no dimension",
       "<sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
       "<row r=\"4\"><c><v>4</v></c></row></sheetData>"},
      {"rows, understated dimension",
       "<dimension ref=\"A1:A2\"/><sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
       "<row><c><v>3</v></c></row><row><c><v>4</v></c></row></sheetData>"},
      {"columns, no dimension",
       "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"E2\">"
       "<v>2</v></c></row></sheetData>"},
  };
  for (const auto& [name, sheet] : cases) {
    SCOPED_TRACE(name);
    HandWorkbook w;
    w.sheet_data = sheet;
    auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w), limits);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    int handed_out = 0;
    Status st = reader->ForEachRow([&](const SheetRow&) { return ++handed_out, Ok(); });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "SHEET_TOO_LARGE");
    EXPECT_GE(handed_out, 1);
  }
}

TEST(XlsxReader, R_IO_1_declared_size_over_the_limits_is_refused_on_opening) {
  XlsxLimits limits;
  limits.max_rows = 100;
  for (const char* dim : {"A1:B101", "A1:IW5", "x:dimension"}) {
    SCOPED_TRACE(dim);
    HandWorkbook w;
    w.sheet_data = std::string_view(dim) == "x:dimension"
                       ? "<x:dimension ref=\"A1:C1048576\"/><sheetData/>"
                       : "<dimension ref=\"" + std::string(dim) + "\"/><sheetData/>";
    auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w), limits);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.error().code, "SHEET_TOO_LARGE");
  }
}

// The pre-pass reads the sheet in 64 KiB chunks: a <mergeCell> or a
// <dimension> tag is found wherever a chunk boundary cuts it, with or without
// a prefix; a name that only looks like one (in text, or "mergeCells") is not.
TEST(XlsxReader, R_IO_2_finds_merges_and_the_dimension_cut_by_a_chunk_boundary) {
  const std::string head =
      "<?xml version=\"1.0\"?><x:worksheet "
      "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  const size_t kChunk = 64 * 1024;
  // A comment that makes the next tag start `before` bytes ahead of the boundary.
  auto pad = [&](size_t before) {
    return "<!--" + std::string(kChunk - before - head.size() - 7, '.') + "-->";
  };
  XlsxLimits limits;
  limits.max_rows = 100;
  for (const std::string prefix : {"", "x:", "ns12345:"}) {
    for (size_t before = 0; before <= 30; ++before) {
      SCOPED_TRACE(prefix + " cut " + std::to_string(before) + " bytes into the tag");
      HandWorkbook w;
      w.sheet_data = pad(before) + "<" + prefix + "mergeCell ref=\"B1:C2\"/>" +
                     "<x:sheetData/><x:mergeCells><x:t>mergeCell ref=\"A1:D1\"</x:t>"
                     "<x:mergeCells ref=\"A1:E1\"/></x:mergeCells>";
      auto reader = XlsxReader::FromBuffer(MakeHandXlsx(w), limits);
      ASSERT_TRUE(reader.ok()) << reader.error().message;
      ASSERT_EQ(reader->Merges().size(), 1u);
      EXPECT_EQ(reader->Merges()[0].first_column, 1);
      EXPECT_EQ(reader->Merges()[0].last_row, 2);
      w.sheet_data = pad(before) + "<" + prefix + "dimension ref=\"A1:B101\"/><x:sheetData/>";
      auto oversized = XlsxReader::FromBuffer(MakeHandXlsx(w), limits);
      ASSERT_FALSE(oversized.ok());
      EXPECT_EQ(oversized.error().code, "SHEET_TOO_LARGE");
    }
  }
}

TEST(XlsxReader, R_IO_1_streams_many_rows_and_stops_on_the_sinks_error) {
  auto bytes = MakeXlsx(
      [](lxw_workbook*, lxw_worksheet* ws) {
        for (int r = 0; r < 20000; ++r) {
          worksheet_write_string(ws, r, 0, ("学生" + std::to_string(r)).c_str(), nullptr);
          worksheet_write_number(ws, r, 1, r, nullptr);
        }
      },
      true);
  auto reader = XlsxReader::FromBuffer(bytes);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  int64_t n = 0;
  ASSERT_TRUE(reader
                  ->ForEachRow([&](const SheetRow& row) {
                    EXPECT_EQ(row.number, n + 1);
                    EXPECT_EQ(row.cells[0].text, "学生" + std::to_string(n));
                    ++n;
                    return Ok();
                  })
                  .ok());
  EXPECT_EQ(n, 20000);
  n = 0;
  Status st = reader->ForEachRow([&](const SheetRow&) -> Status {
    if (++n == 10) return Invalid("STOP", "", "停止");
    return Ok();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "STOP");
  EXPECT_EQ(n, 10);
}

}  // namespace
}  // namespace xueji::io
