#include "io/xlsx_writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/xlsx_probe.h"

namespace xueji::io {
namespace {

namespace fs = std::filesystem;
using testing::ReadSheet;
using testing::Style;

constexpr int kTextFormat = 49;  // the built-in "@" number format

class XlsxWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("xueji-xlsx-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// R-IO-2: ID numbers, codes with leading zeros and dates are written as text
// cells with every character, never as numbers or formulas.
TEST_F(XlsxWriterTest, R_IO_2_writes_every_value_as_text_without_precision_loss) {
  const std::vector<std::string> values = {
      "110101199003070035", "11010119900307003X", "01",   "0",       "2015-09-01",
      "=SUM(A1:A2)",        "1.10101199003E+17",  "张三", "a & <b>", "  leading space"};
  std::string path = Path("text.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.error().message;
  std::vector<XlsxColumn> columns;
  for (size_t i = 0; i < values.size(); ++i) columns.push_back({"列" + std::to_string(i)});
  auto sheet = (*w)->AddSheet("数据", columns);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  ASSERT_TRUE((*w)->WriteRow(*sheet, values).ok());
  EXPECT_EQ((*w)->RowCount(*sheet), 2);
  ASSERT_TRUE((*w)->Close().ok());

  auto read = ReadSheet(path);
  ASSERT_EQ(read.rows.size(), 2u);
  for (size_t c = 0; c < values.size(); ++c) {
    SCOPED_TRACE(values[c]);
    const auto* cell = read.Cell(1, static_cast<int>(c));
    ASSERT_NE(cell, nullptr);
    EXPECT_EQ(cell->type, "inlineStr");
    EXPECT_EQ(cell->text, values[c]);
    EXPECT_EQ(Style(path, cell->style).num_fmt, kTextFormat);
    EXPECT_EQ(Style(path, read.column_style.at(static_cast<int>(c))).num_fmt, kTextFormat);
    EXPECT_EQ(read.Text(0, static_cast<int>(c)), "列" + std::to_string(c));
  }
}

// R-IO-1: highlighted cells carry the bad fill and their note; plain cells
// do not.
TEST_F(XlsxWriterTest, R_IO_1_highlights_bad_cells_with_notes) {
  std::string path = Path("bad.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  auto sheet = (*w)->AddSheet("数据", {{"姓名"}, {"身份证件号"}, {"备注", 14, false}});
  ASSERT_TRUE(sheet.ok());
  ASSERT_TRUE((*w)->WriteCells(*sheet, {{"张三"}, {"123", true, "校验码错误"}, {"", true}}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto read = ReadSheet(path);
  EXPECT_EQ(Style(path, read.Cell(1, 0)->style).fill_rgb, "");
  EXPECT_EQ(Style(path, read.Cell(1, 1)->style).fill_rgb, "FFFFC7CE");
  EXPECT_EQ(Style(path, read.Cell(1, 1)->style).num_fmt, kTextFormat);
  ASSERT_NE(read.Cell(1, 2), nullptr);  // an empty bad cell is still marked
  EXPECT_EQ(Style(path, read.Cell(1, 2)->style).fill_rgb, "FFFFC7CE");
  EXPECT_NE(testing::AllNotes(path).find("校验码错误"), std::string::npos);
}

TEST_F(XlsxWriterTest, R_IO_1_cleans_text_that_xml_cannot_hold) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {"abc", "abc"},
      {"a\x01"
       "b",
       "ab"},
      {"line\nnext\ttab\r", "line\nnext\ttab"},
      {"bad \xff byte", "bad \xEF\xBF\xBD byte"},
      {"张三", "张三"},
      {"\xE5\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(CleanCellText(c.in), c.out);
  }
  std::string path = Path("clean.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  auto sheet = (*w)->AddSheet("数据", {{"a"}});
  ASSERT_TRUE(sheet.ok());
  ASSERT_TRUE((*w)->WriteRow(*sheet, {std::string("x\x02y\xfe")}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(ReadSheet(path).Text(1, 0), "xy\xEF\xBF\xBD");
}

TEST_F(XlsxWriterTest, R_IO_3_refuses_what_excel_cannot_hold) {
  std::string path = Path("limits.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  for (const std::string& name : {std::string("a/b"), std::string("[x]"), std::string(32, 'a')}) {
    SCOPED_TRACE(name);
    auto bad = (*w)->AddSheet(name, {{"a"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "XLSX_SHEET_NAME");
  }
  auto sheet = (*w)->AddSheet("数据", {{"a"}});
  ASSERT_TRUE(sheet.ok());
  Status too_long = (*w)->WriteRow(*sheet, {std::string(kXlsxMaxCellChars + 1, 'x')});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "XLSX_CELL_TOO_LONG");
  EXPECT_TRUE((*w)->WriteRow(*sheet, {std::string(kXlsxMaxCellChars, 'x')}).ok());
}

TEST_F(XlsxWriterTest, R_IO_3_unfinished_workbook_leaves_no_file) {
  std::string path = Path("unfinished.xlsx");
  {
    auto w = XlsxWriter::Create(path);
    ASSERT_TRUE(w.ok());
    auto sheet = (*w)->AddSheet("数据", {{"a"}});
    ASSERT_TRUE(sheet.ok());
    ASSERT_TRUE((*w)->WriteRow(*sheet, {"1"}).ok());
  }
  EXPECT_FALSE(fs::exists(path));
  auto nowhere = XlsxWriter::Create(Path("missing-dir/x.xlsx"));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, "XLSX_WRITE");
}

// R-IO-3: a finished workbook streams to a sink in bounded pieces, byte for
// byte; a refusing sink stops the stream with its error.
TEST_F(XlsxWriterTest, R_IO_3_streams_the_file_in_chunks) {
  std::string path = Path("stream.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  auto sheet = (*w)->AddSheet("数据", {{"a"}, {"b"}});
  ASSERT_TRUE(sheet.ok());
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE((*w)->WriteRow(*sheet, {std::to_string(i), "x"}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  std::ifstream in(path, std::ios::binary);
  std::stringstream whole;
  whole << in.rdbuf();

  for (size_t chunk : {size_t{1000}, size_t{4096}, size_t{1} << 20}) {
    SCOPED_TRACE(chunk);
    std::string got;
    int pieces = 0;
    Status s = StreamFileChunks(
        path,
        [&](std::string_view piece) -> Status {
          EXPECT_LE(piece.size(), chunk);
          got.append(piece);
          ++pieces;
          return Ok();
        },
        chunk);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(got, whole.str());
    EXPECT_EQ(pieces, static_cast<int>((whole.str().size() + chunk - 1) / chunk));
  }
  int calls = 0;
  Status stopped = StreamFileChunks(
      path,
      [&](std::string_view) -> Status {
        ++calls;
        return Error{ErrorKind::kUnavailable, "CLIENT_GONE", "", "连接已断开"};
      },
      100);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, "CLIENT_GONE");
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(StreamFileChunks(Path("none.xlsx"), [](std::string_view) { return Ok(); }).ok());
}

}  // namespace
}  // namespace xueji::io
