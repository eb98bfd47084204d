#include "io/result_workbook.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "io/xlsx_probe.h"

namespace xueji::io {
namespace {

namespace fs = std::filesystem;
using testing::ReadSheet;
using testing::Style;

constexpr const char* kBadFill = "FFFFC7CE";

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("xueji-result-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

const std::vector<std::string> kHeaders = {"姓名", "性别", "身份证件号", "出生日期"};
const std::vector<std::vector<std::string>> kRows = {
    {"张三", "1", "110101201501010011", "2015-01-01"},
    {"", "1", "110101201501010012", "2015-01-01"},
    {"王五", "3", "1.10101E+17", "2015-13-01"},
    {"赵六", "2", "110101201501010029", "2015-01-01", "多出的一格"},
};
const std::vector<RowProblem> kProblems = {
    {1, 0, "请填写姓名"},
    {2, 1, "性别代码无效：3"},
    {2, 2, "身份证件号被Excel存成了数值，已丢失精度；请将该列设为文本后重新填写"},
    {2, 3, "出生日期应为有效日期"},
    {3, -1, "与第1行的身份证件号重复"},
};

bool Bad(const std::string& path, const testing::ProbeSheet& sheet, size_t row, int col) {
  const auto* cell = sheet.Cell(row, col);
  return cell != nullptr && Style(path, cell->style).fill_rgb == kBadFill;
}

// R-IO-1: every uploaded row comes back with its cells unchanged, the bad
// cells highlighted and noted, and the 错误说明 column listing each problem
// under its header; good rows have an empty 错误说明.
TEST(ResultWorkbook, R_IO_1_marks_bad_cells_and_explains_each_row) {
  std::string path = TempPath("all.xlsx");
  ASSERT_TRUE(WriteResultWorkbook(path, kHeaders, kRows, kProblems).ok());
  auto sheet = ReadSheet(path);
  ASSERT_EQ(sheet.rows.size(), kRows.size() + 1);
  for (size_t c = 0; c < kHeaders.size(); ++c) EXPECT_EQ(sheet.Text(0, c), kHeaders[c]);
  EXPECT_EQ(sheet.Text(0, 4), kErrorColumnHeader);

  struct Case {
    size_t row;                // sheet row (1 = first data row)
    std::vector<int> bad;      // highlighted columns
    std::string error_column;  // 错误说明
  } cases[] = {
      {1, {}, ""},
      {2, {0}, "姓名：请填写姓名"},
      {3,
       {1, 2, 3},
       "性别：性别代码无效：3；身份证件号：身份证件号被Excel存成了数值，已丢失精度；请将该列设为"
       "文本后重新填写；出生日期：出生日期应为有效日期"},
      {4, {}, "与第1行的身份证件号重复"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.row);
    const auto& uploaded = kRows[c.row - 1];
    for (size_t col = 0; col < kHeaders.size(); ++col) {
      EXPECT_EQ(sheet.Text(c.row, col), uploaded[col]);
      bool want_bad = std::find(c.bad.begin(), c.bad.end(), int(col)) != c.bad.end();
      EXPECT_EQ(Bad(path, sheet, c.row, col), want_bad) << col;
    }
    EXPECT_EQ(sheet.Text(c.row, 4), c.error_column);
    EXPECT_EQ(Bad(path, sheet, c.row, 4), !c.error_column.empty());
  }
  EXPECT_EQ(sheet.Text(4, 5), "多出的一格");  // beyond the headers, after 错误说明
  std::string notes = testing::AllNotes(path);
  for (const auto& p : kProblems) {
    if (p.column >= 0) {
      EXPECT_NE(notes.find(p.message), std::string::npos) << p.message;
    }
  }
  fs::remove(path);
}

// R-IO-1 mode A: only the rows with problems, in upload order.
TEST(ResultWorkbook, R_IO_1_only_rows_with_problems_for_mode_a) {
  std::string path = TempPath("failed.xlsx");
  ASSERT_TRUE(WriteResultWorkbook(path, kHeaders, kRows, kProblems, {true}).ok());
  auto sheet = ReadSheet(path);
  ASSERT_EQ(sheet.rows.size(), 4u);
  EXPECT_EQ(sheet.Text(1, 2), "110101201501010012");
  EXPECT_EQ(sheet.Text(2, 0), "王五");
  EXPECT_EQ(sheet.Text(3, 0), "赵六");
  fs::remove(path);
}

TEST(ResultWorkbook, R_IO_1_refuses_a_problem_of_a_missing_row) {
  std::string path = TempPath("missing.xlsx");
  for (int64_t row : {int64_t{-1}, int64_t{4}}) {
    SCOPED_TRACE(row);
    Status s = WriteResultWorkbook(path, kHeaders, kRows, {{row, 0, "x"}});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "RESULT_PROBLEM_ROW");
    EXPECT_FALSE(fs::exists(path));
  }
}

// R-IO-1: a result workbook fixed and uploaded again brings its old 错误说明
// column; the new workbook replaces it instead of adding a second one, and
// problems keep pointing at their cells.
TEST(ResultWorkbook, R_IO_1_replaces_an_uploaded_error_column) {
  std::string path = TempPath("again.xlsx");
  std::vector<std::string> headers = {"姓名", kErrorColumnHeader, "性别"};
  std::vector<std::vector<std::string>> rows = {{"张三", "旧的说明", "3"}};
  ASSERT_TRUE(WriteResultWorkbook(path, headers, rows, {{0, 2, "性别代码无效：3"}}).ok());
  auto sheet = ReadSheet(path);
  ASSERT_EQ(sheet.rows.size(), 2u);
  struct Case {
    int col;
    std::string header, text;
    bool bad;
  } cases[] = {{0, "姓名", "张三", false},
               {1, "性别", "3", true},
               {2, kErrorColumnHeader, "性别：性别代码无效：3", true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_EQ(sheet.Text(0, c.col), c.header);
    EXPECT_EQ(sheet.Text(1, c.col), c.text);
    EXPECT_EQ(Bad(path, sheet, 1, c.col), c.bad);
  }
  EXPECT_EQ(sheet.Cell(1, 3), nullptr);
  fs::remove(path);
}

}  // namespace
}  // namespace xueji::io
