// An uploaded file read into an ImportSheet (R-IO-1, R-IO-2): its rows'
// fields read by name and by template column agree, a field the file has
// no column for reads as "", and cells are normalized as the template reader
// normalizes them.

#include "service/import_rows.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "io/template_columns.h"

namespace xueji::service {
namespace {

std::vector<std::string> RequiredHeaders() {
  std::vector<std::string> out;
  for (const auto& c : io::TemplateColumns()) {
    if (c.required) out.push_back(c.header);
  }
  return out;
}

// The required columns, then 备注 (unknown) and 姓名 again (repeated).
std::string Csv(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> headers = RequiredHeaders();
  headers.push_back("备注");
  headers.push_back("姓名");
  std::string csv;
  for (const auto& h : headers) csv += (csv.empty() ? "" : ",") + h;
  for (const auto& row : rows) {
    csv += "\r\n";
    for (size_t i = 0; i < row.size(); ++i) csv += (i == 0 ? "" : ",") + row[i];
  }
  return csv + "\r\n";
}

// A row of Csv: required header → cell, then the 备注 and second 姓名 cells.
std::vector<std::string> Row(const std::map<std::string, std::string>& cells,
                             const std::string& note, const std::string& second_name) {
  std::vector<std::string> row;
  for (const auto& h : RequiredHeaders()) {
    auto it = cells.find(h);
    row.push_back(it == cells.end() ? "" : it->second);
  }
  row.push_back(note);
  row.push_back(second_name);
  return row;
}

struct FieldCase {
  const char* field;
  int row;
  const char* want;
};

TEST(ImportRows, R_IO_2_fields_read_by_name_and_by_template_column_agree) {
  auto sheet = ReadImportFile(
      Csv({Row({{"姓名", "　王五 "},
                {"民族", "１"},
                {"联系电话", "１３８ ００１３ ８０００"},
                {"出生日期", "2011/3/5"},
                {"成员1姓名", "王大"}},
               "转入", "李四"),
           Row({{"姓名", "赵六"}, {"现住址", " 南明区花果园１２号\u3000"}}, "", "")}),
      kImportCsv);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  ASSERT_EQ(sheet->rows.size(), 2u);
  EXPECT_EQ(sheet->field_slots.size(), io::TemplateColumns().size());
  EXPECT_EQ(sheet->field_names.size(), sheet->rows[0].fields.size());
  const FieldCase cases[] = {
      {"name", 0, "王五"},  // the first 姓名 column; the repeated one is ignored
      {"ethnicity", 0, "01"},
      {"phone", 0, "13800138000"},
      {"birth_date", 0, "2011-03-05"},
      {"guardians[0].name", 0, "王大"},
      {"address", 0, ""},
      {"name", 1, "赵六"},
      {"address", 1, "南明区花果园12号"},
      {"guardians[0].name", 1, ""},
      // fields the file has no column for
      {"former_name", 0, ""},
      {"school_code", 0, ""},
      {"guardians[1].name", 0, ""},
      {"no_such_field", 0, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.field) + " row " + std::to_string(c.row));
    const ImportRow& row = sheet->rows[static_cast<size_t>(c.row)];
    EXPECT_EQ(sheet->Field(row, c.field), c.want);
    EXPECT_EQ(sheet->FieldAt(row, io::TemplateColumnOf(c.field)), c.want);
  }
  EXPECT_EQ(sheet->FieldAt(sheet->rows[0], -1), "");
  EXPECT_EQ(sheet->FieldAt(sheet->rows[0], 100000), "");
  for (const auto& name : sheet->field_names) EXPECT_NE(name, "");
  for (size_t i = 0; i < sheet->rows[0].fields.size(); ++i) {
    EXPECT_NE(sheet->rows[0].fields[i], "李四");
    EXPECT_NE(sheet->rows[0].fields[i], "转入");
  }
}

TEST(ImportRows, R_IO_1_a_sheet_built_without_a_header_reads_every_field_as_empty) {
  ImportSheet sheet;
  sheet.rows.resize(1);
  EXPECT_EQ(sheet.Field(sheet.rows[0], "name"), "");
  EXPECT_EQ(sheet.FieldAt(sheet.rows[0], io::TemplateColumnOf("name")), "");
}

}  // namespace
}  // namespace xueji::service
