#include "io/export_writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "domain/id_number.h"
#include "io/synthetic_students.h"
#include "io/xlsx_probe.h"

namespace xueji::io {
namespace {

namespace fs = std::filesystem;
using testing::ReadSheet;

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("xueji-export-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

RosterEntry Entry(const std::string& id) {
  return RosterEntry{
      "G110101201501010011", "张三", "男", "2015-01-01", id, "一年级", "1班", "在籍"};
}

// R-SEC-1, R-SEC-3, R-IO-3: ID numbers are masked in an export unless an
// approved request reveals them; other columns are untouched.
TEST(ExportWriter, R_SEC_3_masks_id_numbers_unless_revealed) {
  struct Case {
    std::string id;
    bool reveal;
    std::string want;
  } cases[] = {
      {"110101201501010011", false, domain::MaskIdNumber("110101201501010011")},
      {"11010120150101002X", false, domain::MaskIdNumber("11010120150101002X")},
      {"H12345678", false, domain::MaskIdNumber("H12345678")},
      {"", false, ""},
      {"110101201501010011", true, "110101201501010011"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id + (c.reveal ? " revealed" : ""));
    ASSERT_NE(c.reveal, c.want != c.id || c.id.empty()) << "case would not test masking";
    std::string path = TempPath("mask.xlsx");
    ExportOptions options;
    options.reveal_id_numbers = c.reveal;
    auto w = ExportWriter::Begin(path, RosterExportColumns(), options);
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_TRUE((*w)->AddRow(RosterExportRow(Entry(c.id))).ok());
    auto rows = (*w)->Finish();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, 1);
    auto sheet = ReadSheet(path);
    EXPECT_EQ(sheet.Text(0, 4), "身份证件号");
    EXPECT_EQ(sheet.Text(1, 4), c.want);
    EXPECT_EQ(sheet.Text(1, 0), "G110101201501010011");
    EXPECT_EQ(sheet.Text(1, 1), "张三");
    fs::remove(path);
  }
}

// R-IO-3: a 10,000-row basic-info export has its header and every row, in
// order, with the masked ID number of each student.
TEST(ExportWriter, R_IO_3_ten_thousand_row_basic_info_export) {
  SyntheticStudents gen(3, {{"520102", "贵州省贵阳市南明区"}}, domain::Date{2026, 9, 10});
  std::string path = TempPath("basic.xlsx");
  auto w = ExportWriter::Begin(path, BasicInfoExportColumns());
  ASSERT_TRUE(w.ok());
  std::vector<std::string> names, ids;
  for (int i = 0; i < 10000; ++i) {
    domain::StudentInput s = gen.Next(i % 2 ? "11" : "16");
    names.push_back(s.name);
    ids.push_back(s.id_number);
    ASSERT_TRUE((*w)->AddRow(BasicInfoExportRow(s)).ok());
  }
  auto rows = (*w)->Finish();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, 10000);
  auto sheet = ReadSheet(path);
  ASSERT_EQ(sheet.rows.size(), 10001u);
  EXPECT_EQ(sheet.Text(0, 0), "姓名");
  const int id_col = 9;  // 身份证件号 in StudentFields() order
  EXPECT_EQ(sheet.Text(0, id_col), "身份证件号");
  for (size_t r : {size_t{1}, size_t{5000}, size_t{10000}}) {
    SCOPED_TRACE(r);
    EXPECT_EQ(sheet.Text(r, 0), names[r - 1]);
    EXPECT_EQ(sheet.Text(r, id_col), domain::MaskIdNumber(ids[r - 1]));
    EXPECT_EQ(sheet.Cell(r, id_col)->type, "inlineStr");
  }
  fs::remove(path);
}

// R-IO-3: rows past a sheet's limit continue on 名单(2) under the same
// header, none lost.
TEST(ExportWriter, R_IO_3_continues_on_a_new_sheet_past_the_limit) {
  std::string path = TempPath("sheets.xlsx");
  ExportOptions options;
  options.rows_per_sheet = 4;
  auto w = ExportWriter::Begin(path, RosterExportColumns(), options);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 10; ++i) {
    RosterEntry e = Entry("");
    e.name = "学生" + std::to_string(i);
    ASSERT_TRUE((*w)->AddRow(RosterExportRow(e)).ok());
  }
  auto rows = (*w)->Finish();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, 10);
  struct Case {
    int sheet;
    size_t data_rows;
    std::string first;
  } cases[] = {{1, 4, "学生0"}, {2, 4, "学生4"}, {3, 2, "学生8"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sheet);
    auto sheet = ReadSheet(path, c.sheet);
    ASSERT_EQ(sheet.rows.size(), c.data_rows + 1);
    EXPECT_EQ(sheet.Text(0, 1), "姓名");
    EXPECT_EQ(sheet.Text(1, 1), c.first);
  }
  auto workbook = testing::ZipEntry(path, "xl/workbook.xml");
  ASSERT_TRUE(workbook.has_value());
  EXPECT_NE(workbook->find("名单(3)"), std::string::npos);
  fs::remove(path);
}

}  // namespace
}  // namespace xueji::io
