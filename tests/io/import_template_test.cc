#include "io/import_template.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <map>

#include "io/xlsx_reader.h"
#include "xlsx_test_files.h"

namespace xueji::io {
namespace {

using testing_files::MakeXlsx;

SheetRow TextRow(int64_t number, const std::vector<std::string>& texts) {
  SheetRow row{number, {}};
  for (const auto& t : texts) {
    row.cells.push_back(t.empty() ? SheetCell{} : SheetCell{CellKind::kText, t});
  }
  return row;
}

// The text of `field` in a row read under `mapping`, the field checked to be
// one of the file's columns.
std::string FieldText(const HeaderMapping& mapping, const TemplateRow& row,
                      std::string_view field) {
  EXPECT_GE(mapping.FieldIndex(field), 0) << field;
  return std::string(row.Field(mapping, field));
}

// The headers of all required columns, in template order.
std::vector<std::string> RequiredHeaders() {
  std::vector<std::string> out;
  for (const auto& c : TemplateColumns()) {
    if (c.required) out.push_back(c.header);
  }
  return out;
}

TEST(ImportTemplate, R_IO_1_header_matching_is_tolerant) {
  const std::pair<const char*, const char*> cases[] = {
      {"姓名", "name"},
      {" 姓 名 ", "name"},
      {"★姓名", "name"},
      {"姓名*", "name"},
      {"＊姓名", "name"},
      {"姓名(必填)", "name"},
      {"姓名（必填）", "name"},
      {"学生姓名", "name"},
      {"身份证\n件号", "id_number"},
      {"身份证件号码", "id_number"},
      {"身份证号", "id_number"},
      {"出生日期（YYYYMMDD）", "birth_date"},
      {"国籍／地区", "nationality"},
      {"国籍、地区", "nationality"},
      {"出生地行政区划代码", "birthplace"},
      {"户口所在地行政区域", "hukou_division"},
      {"班级号", "class_name"},
      {"学校标识码", "school_code"},
      {"是否烈士或扶优子女", "martyr_child"},
      {"残疾类型", "disability"},
      {"成员1姓名", "guardians[0].name"},
      {"成员２联系电话", "guardians[1].phone"},
      {"家庭成员1关系", "guardians[0].relation"},
      {"成员1户口所在地行政区划", "guardians[0].hukou_division"},
      {"成员1身份证件号码", "guardians[0].id_number"},
      {"成员6职务", "guardians[5].position"},
      {"成员7姓名", nullptr},
      {"血型", nullptr},
      {"上下学距离（公里）", nullptr},
      {"序号", nullptr},
      {"", nullptr},
      {"★", nullptr},
  };
  for (const auto& [header, field] : cases) {
    SCOPED_TRACE(header);
    const TemplateColumn* c = FindTemplateColumn(header);
    if (field == nullptr) {
      EXPECT_EQ(c, nullptr) << c->field;
    } else {
      ASSERT_NE(c, nullptr);
      EXPECT_EQ(c->field, field);
    }
  }
}

// R-IO-1: every column the record holds is found under its header and each
// of its aliases (no alias names two columns), the record's own labels
// included, 成员1 to 成员6; columns it does not hold are not found.
TEST(ImportTemplate, R_IO_1_finds_each_kept_column_by_header_alias_and_record_label) {
  for (const TemplateColumn& c : TemplateColumns()) {
    SCOPED_TRACE(c.header);
    if (c.field.empty()) {
      EXPECT_EQ(FindTemplateColumn(c.header), nullptr);
      continue;
    }
    EXPECT_EQ(FindTemplateColumn(c.header), &c);
    for (const auto& a : c.aliases) EXPECT_EQ(FindTemplateColumn(a), &c) << a;
  }
  for (const auto& f : domain::StudentFields()) {
    SCOPED_TRACE(f.label);
    const TemplateColumn* c = FindTemplateColumn(f.label);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->field, f.name);
  }
  for (size_t i = 0; i < domain::kMaxGuardians; ++i) {
    for (const auto& f : domain::GuardianFields()) {
      std::string header = "成员" + std::to_string(i + 1) + f.label;
      SCOPED_TRACE(header);
      const TemplateColumn* c = FindTemplateColumn(header);
      ASSERT_NE(c, nullptr);
      EXPECT_EQ(c->field, "guardians[" + std::to_string(i) + "]." + f.name);
    }
  }
}

TEST(ImportTemplate, R_IO_1_lists_unknown_and_repeated_columns_and_reports_missing_ones) {
  HeaderMapping m = MapHeader(TextRow(2, {"序号", "姓名", "", "性别", "血型", "姓 名"}));
  EXPECT_EQ(m.row, 2);
  ASSERT_EQ(m.columns.size(), 2u);
  EXPECT_EQ(m.columns[0].column, 1);
  EXPECT_EQ(m.columns[0].def->field, "name");
  EXPECT_EQ(m.columns[1].column, 3);
  ASSERT_EQ(m.ignored.size(), 3u);
  EXPECT_EQ(m.ignored[0].letter, "A");
  EXPECT_EQ(m.ignored[0].header, "序号");
  EXPECT_FALSE(m.ignored[0].duplicate);
  EXPECT_EQ(m.ignored[1].letter, "E");
  EXPECT_EQ(m.ignored[2].letter, "F");
  EXPECT_TRUE(m.ignored[2].duplicate);
  Status st = CheckRequiredColumns(m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "TEMPLATE_COLUMNS_MISSING");
  EXPECT_EQ(st.error().details.size(), RequiredHeaders().size() - 2);
  EXPECT_NE(st.error().message.find("出生日期"), std::string::npos) << st.error().message;
  EXPECT_EQ(st.error().message.find("性别"), std::string::npos) << st.error().message;
  EXPECT_TRUE(CheckRequiredColumns(MapHeader(TextRow(1, RequiredHeaders()))).ok());
}

// A workbook as a school fills in the national template: a merged title row,
// headers with ★ and line breaks, an 18-digit ID number typed as a number,
// birth dates as Excel dates, full-width digits, a 序号 column.
std::string SchoolWorkbook() {
  return MakeXlsx([](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/m/d");
    std::vector<std::string> headers = {"序号"};
    for (const auto& h : RequiredHeaders()) headers.push_back("★" + h);
    headers[1] = "★姓\n名";
    headers.push_back("血型");
    worksheet_merge_range(ws, 0, 0, 0, 10, "学生信息导入模板（请勿修改表头）", nullptr);
    for (size_t c = 0; c < headers.size(); ++c) {
      worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), headers[c].c_str(), nullptr);
    }
    auto col = [&](const std::string& label) {
      for (size_t c = 1; c < headers.size(); ++c) {
        if (headers[c] == "★" + label) return static_cast<lxw_col_t>(c);
      }
      ADD_FAILURE() << label;
      return lxw_col_t{0};
    };
    // row 3: the ID typed as a number, the birth date an Excel date
    worksheet_write_number(ws, 2, 0, 1, nullptr);
    worksheet_write_string(ws, 2, 1, " 张三 ", nullptr);
    worksheet_write_number(ws, 2, col("身份证件号"), 520102201103150012.0, nullptr);
    worksheet_write_number(ws, 2, col("出生日期"), 40617, date);
    worksheet_write_number(ws, 2, col("民族"), 1, nullptr);
    worksheet_write_string(ws, 2, col("联系电话"), "１３８ ００１３ ８０００", nullptr);
    worksheet_write_number(ws, 2, col("入学年月"), 201709, nullptr);
    // row 4: the ID as text, as it should be
    worksheet_write_number(ws, 3, 0, 2, nullptr);
    worksheet_write_string(ws, 3, 1, "李四", nullptr);
    worksheet_write_string(ws, 3, col("身份证件号"), "52010220110315002X", nullptr);
    worksheet_write_string(ws, 3, col("出生日期"), "20110315", nullptr);
    worksheet_write_string(ws, 3, col("成员1姓名"), "李大", nullptr);
    // row 5: only 序号 and 血型 filled: no student, skipped
    worksheet_write_number(ws, 4, 0, 3, nullptr);
    worksheet_write_string(ws, 4, static_cast<lxw_col_t>(headers.size() - 1), "A", nullptr);
  });
}

TEST(ImportTemplate, R_IO_2_reads_a_school_workbook_row_by_row) {
  auto reader = XlsxReader::FromBuffer(SchoolWorkbook());
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  std::vector<HeaderMapping> headers;
  std::vector<TemplateRow> rows;
  Status st = ReadTemplate(
      reader.value(),
      [&](const HeaderMapping& m) {
        headers.push_back(m);
        return Ok();
      },
      [&](const TemplateRow& r) {
        rows.push_back(r);
        return Ok();
      });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers[0].row, 2);
  EXPECT_TRUE(headers[0].missing.empty());
  ASSERT_EQ(headers[0].ignored.size(), 2u);
  EXPECT_EQ(headers[0].ignored[0].header, "序号");
  EXPECT_EQ(headers[0].ignored[1].header, "血型");
  ASSERT_EQ(rows.size(), 2u);

  const TemplateRow& zhang = rows[0];
  EXPECT_EQ(zhang.row, 3);
  EXPECT_EQ(FieldText(headers[0], zhang, "name"), "张三");
  EXPECT_EQ(FieldText(headers[0], zhang, "birth_date"), "2011-03-15");
  EXPECT_EQ(FieldText(headers[0], zhang, "ethnicity"), "01");
  EXPECT_EQ(FieldText(headers[0], zhang, "phone"), "13800138000");
  EXPECT_EQ(FieldText(headers[0], zhang, "entry_month"), "201709");
  EXPECT_EQ(FieldText(headers[0], zhang, "id_number"), "");
  EXPECT_EQ(FieldText(headers[0], zhang, "sex"), "");  // empty cells are there, empty
  ASSERT_EQ(zhang.problems.size(), 1u);
  const CellProblem& p = zhang.problems[0];
  EXPECT_EQ(p.row, 3);
  EXPECT_EQ(p.field, "id_number");
  EXPECT_EQ(p.header, "★身份证件号");
  EXPECT_EQ(p.code, "ID_AS_NUMBER");
  const auto required = RequiredHeaders();
  auto id_at = std::find(required.begin(), required.end(), "身份证件号") - required.begin();
  EXPECT_EQ(p.column, ColumnLetters(static_cast<int>(id_at) + 1));  // after 序号
  EXPECT_EQ(p.message.rfind("第3行" + p.column + "列（★身份证件号）：", 0), 0u) << p.message;
  EXPECT_NE(p.message.find("文本"), std::string::npos);

  const TemplateRow& li = rows[1];
  EXPECT_EQ(li.row, 4);
  EXPECT_TRUE(li.problems.empty());
  EXPECT_EQ(FieldText(headers[0], li, "id_number"), "52010220110315002X");
  EXPECT_EQ(FieldText(headers[0], li, "birth_date"), "2011-03-15");
  EXPECT_EQ(FieldText(headers[0], li, "guardians[0].name"), "李大");
}

TEST(ImportTemplate, R_IO_1_a_sheet_without_the_template_header_is_refused) {
  auto reader = XlsxReader::FromBuffer(MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    for (int r = 0; r < 15; ++r) worksheet_write_string(ws, r, 0, "成绩单", nullptr);
  }));
  ASSERT_TRUE(reader.ok());
  int rows = 0;
  Status st =
      ReadTemplate(reader.value(), nullptr, [&](const TemplateRow&) { return ++rows, Ok(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "HEADER_NOT_FOUND");
  EXPECT_EQ(rows, 0);
  auto empty = XlsxReader::FromBuffer(MakeXlsx([](lxw_workbook*, lxw_worksheet*) {}));
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  Status none = ReadTemplate(empty.value(), nullptr, [](const TemplateRow&) { return Ok(); });
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "HEADER_NOT_FOUND");
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(ImportTemplate, R_IO_1_reads_gbk_csv_saved_by_chinese_excel) {
  std::string csv;
  for (const auto& h : RequiredHeaders()) csv += (csv.empty() ? "" : ",") + h;
  csv += "\r\n王五";
  for (size_t i = 1; i < RequiredHeaders().size(); ++i) {
    const std::string& h = RequiredHeaders()[i];
    csv += ",";
    if (h == "身份证件号") csv += "1.10101E+17";
    if (h == "出生日期") csv += "2011/3/5";
  }
  csv += "\r\n,,,\r\n";
  std::vector<HeaderMapping> headers;
  std::vector<TemplateRow> rows;
  Status st = ReadTemplateCsv(
      ToGbk(csv), [&](const HeaderMapping& m) { return headers.push_back(m), Ok(); },
      [&](const TemplateRow& r) { return rows.push_back(r), Ok(); });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(headers.size(), 1u);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row, 2);
  EXPECT_EQ(FieldText(headers[0], rows[0], "name"), "王五");
  EXPECT_EQ(FieldText(headers[0], rows[0], "birth_date"), "2011-03-05");
  ASSERT_EQ(rows[0].problems.size(), 1u);
  EXPECT_EQ(rows[0].problems[0].code, "ID_AS_NUMBER");
}

// A CSV of the required columns, then the `extra` headers, and one line per
// entry of `rows`: header → cell, an extra column's header marked with "#"
// ("姓名#": the extra 姓名), every other cell empty.
std::string RequiredCsv(const std::vector<std::string>& extra,
                        const std::vector<std::map<std::string, std::string>>& rows) {
  const std::vector<std::string> required = RequiredHeaders();
  std::vector<std::string> keys = required;
  std::string csv;
  for (const auto& h : required) csv += (csv.empty() ? "" : ",") + h;
  for (const auto& h : extra) {
    csv += "," + h;
    keys.push_back(h + "#");
  }
  for (const auto& row : rows) {
    csv += "\r\n";
    for (size_t i = 0; i < keys.size(); ++i) {
      auto it = row.find(keys[i]);
      csv += (i == 0 ? "" : ",") + (it == row.end() ? std::string() : it->second);
    }
  }
  return csv + "\r\n";
}

struct ReadCsv {
  Status status;
  std::vector<HeaderMapping> headers;
  std::vector<TemplateRow> rows;
};

ReadCsv ReadCsvText(const std::string& csv) {
  ReadCsv out;
  out.status = ReadTemplateCsv(
      csv, [&](const HeaderMapping& m) { return out.headers.push_back(m), Ok(); },
      [&](const TemplateRow& r) { return out.rows.push_back(r), Ok(); });
  return out;
}

TEST(ImportTemplate, R_IO_1_a_field_absent_from_the_file_reads_as_empty) {
  ReadCsv read = ReadCsvText(RequiredCsv({}, {{{"姓名", "王五"}}}));
  ASSERT_TRUE(read.status.ok()) << read.status.error().message;
  ASSERT_EQ(read.headers.size(), 1u);
  ASSERT_EQ(read.rows.size(), 1u);
  const HeaderMapping& m = read.headers[0];
  const TemplateRow& row = read.rows[0];
  EXPECT_EQ(row.fields.size(), m.columns.size());
  EXPECT_EQ(row.Field(m, "name"), "王五");
  EXPECT_EQ(m.FieldIndex("name"), 0);  // the first required column
  const char* absent[] = {"former_name",           "email",         "guardians[1].name",
                          "guardians[5].position", "no_such_field", ""};
  for (const char* field : absent) {
    SCOPED_TRACE(field);
    EXPECT_EQ(m.FieldIndex(field), -1);
    EXPECT_EQ(row.Field(m, field), "");
  }
}

TEST(ImportTemplate, R_IO_1_repeated_and_unknown_headers_hold_no_field) {
  // 姓名 a second time and 备注 after the required columns; the first 姓名 wins.
  ReadCsv read = ReadCsvText(
      RequiredCsv({"姓名", "备注"}, {{{"姓名", "王五"}, {"姓名#", "李四"}, {"备注#", "转入"}}}));
  ASSERT_TRUE(read.status.ok()) << read.status.error().message;
  ASSERT_EQ(read.rows.size(), 1u);
  const HeaderMapping& m = read.headers[0];
  ASSERT_EQ(m.ignored.size(), 2u);
  EXPECT_EQ(m.ignored[0].header, "姓名");
  EXPECT_TRUE(m.ignored[0].duplicate);
  EXPECT_EQ(m.ignored[1].header, "备注");
  EXPECT_FALSE(m.ignored[1].duplicate);
  EXPECT_EQ(m.columns.size(), RequiredHeaders().size());
  EXPECT_EQ(read.rows[0].fields.size(), m.columns.size());
  EXPECT_EQ(read.rows[0].Field(m, "name"), "王五");
  for (const auto& text : read.rows[0].fields) {
    EXPECT_NE(text, "李四");
    EXPECT_NE(text, "转入");
  }
}

TEST(ImportTemplate, R_IO_2_a_row_keeps_nothing_of_the_row_before_it) {
  // The reader reuses one row's buffers for the next: a long address, a
  // refused ID number and a family member must not reach the next row.
  ReadCsv read = ReadCsvText(
      RequiredCsv({}, {{{"姓名", "王五"},
                        {"身份证件号", "1.10101E+17"},
                        {"现住址", "贵州省贵阳市南明区花果园街道花果园社区一个很长的地址１２号"},
                        {"成员1姓名", "王大"}},
                       {{"姓名", "　李四 "}, {"现住址", "南明区"}}}));
  ASSERT_TRUE(read.status.ok()) << read.status.error().message;
  ASSERT_EQ(read.rows.size(), 2u);
  const HeaderMapping& m = read.headers[0];
  EXPECT_EQ(read.rows[0].Field(m, "address"),
            "贵州省贵阳市南明区花果园街道花果园社区一个很长的地址12号");
  ASSERT_EQ(read.rows[0].problems.size(), 1u);
  EXPECT_EQ(read.rows[0].problems[0].code, "ID_AS_NUMBER");
  EXPECT_EQ(read.rows[0].Field(m, "id_number"), "");
  const TemplateRow& li = read.rows[1];
  EXPECT_EQ(li.row, 3);
  EXPECT_TRUE(li.problems.empty());
  EXPECT_EQ(li.Field(m, "name"), "李四");
  EXPECT_EQ(li.Field(m, "address"), "南明区");
  EXPECT_EQ(li.Field(m, "id_number"), "");
  EXPECT_EQ(li.Field(m, "guardians[0].name"), "");
}

TEST(ImportTemplate, R_IO_1_csv_missing_required_columns_is_refused_before_any_row) {
  int rows = 0;
  Status st = ReadTemplateCsv("姓名,出生日期,民族,班级\n张三,2011-03-05,01,1班\n", nullptr,
                              [&](const TemplateRow&) { return ++rows, Ok(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "TEMPLATE_COLUMNS_MISSING");
  EXPECT_NE(st.error().message.find("性别"), std::string::npos) << st.error().message;
  EXPECT_EQ(rows, 0);
}

}  // namespace
}  // namespace xueji::io
