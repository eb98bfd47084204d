#include "io/template_writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <set>

#include "io/import_template.h"
#include "io/shipped_codes.h"
#include "io/synthetic_students.h"
#include "io/template_columns.h"
#include "io/xlsx_probe.h"
#include "io/xlsx_reader.h"

namespace xueji::io {
namespace {

namespace fs = std::filesystem;
using testing::ReadSheet;
using testing::ShippedCodes;
using testing::Style;

const domain::Date kToday{2026, 9, 10};
constexpr int kTextFormat = 49;

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("xueji-template-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

domain::StudentInput SampleStudent(uint64_t seed, bool two_guardians) {
  SyntheticStudents gen(seed, {{"520102", "贵州省贵阳市南明区"}}, kToday);
  for (;;) {
    domain::StudentInput s = gen.Next("13");
    if ((s.guardians.size() == 2) == two_guardians) return s;
  }
}

// R-IO-1: the written template holds every field of the record — each
// student field once, the twelve fields of 成员1 and 成员2 — with unique
// headers, and each coded column names a shipped code table; the full list
// adds 成员3 to 成员6 after it, for the reader.
TEST(TemplateColumns, R_IO_1_cover_every_record_field_once) {
  const auto columns = NationalTemplateColumns();
  std::set<std::string> headers, fields;
  for (const auto& c : TemplateColumns()) {
    SCOPED_TRACE(c.header);
    EXPECT_TRUE(headers.insert(c.header).second) << "duplicate header";
    if (!c.field.empty()) {
      EXPECT_TRUE(fields.insert(c.field).second) << "duplicate field";
    }
  }
  for (const auto& f : domain::StudentFields()) EXPECT_TRUE(fields.count(f.name)) << f.name;
  for (size_t i = 0; i < domain::kMaxGuardians; ++i) {
    for (const auto& f : domain::GuardianFields()) {
      std::string name = "guardians[" + std::to_string(i) + "]." + f.name;
      SCOPED_TRACE(name);
      int col = TemplateColumnOf(name);
      ASSERT_GE(col, 0);
      EXPECT_EQ(static_cast<size_t>(col) < columns.size(), i < 2);
    }
  }
  EXPECT_EQ(TemplateColumns().size(),
            columns.size() + (domain::kMaxGuardians - 2) * domain::GuardianFields().size());
  EXPECT_EQ(columns.back().header, "是否进城务工人员随迁子女");
  EXPECT_EQ(TemplateColumnOf(kSchoolCodeField), 0);
  EXPECT_GE(TemplateColumnOf(kClassNameField), 0);
  EXPECT_EQ(TemplateColumnOf("no_such_field"), -1);
  ShippedCodes codes;
  for (const auto& c : columns) {
    if (!c.code_table.empty()) {
      EXPECT_NE(codes.Table(c.code_table), nullptr) << c.code_table;
    }
  }
}

// R-IO-1, R-INFO-2: a column is marked required exactly when registration
// refuses a record without it: emptying a required field fails on that
// field, emptying an optional one passes. 身份证件号 is required but for
// 身份证件类型 Z-其他; a family member's 身份证件号 only with its 身份证件类型;
// no column of 成员2 to 成员6 is required (one family member is);
// 学校标识码 and 班级 are no record text field.
TEST(TemplateColumns, R_IO_1_required_marks_match_registration) {
  ShippedCodes codes;
  domain::StudentInput base = SampleStudent(7, false);
  base.class_id = 1;
  ASSERT_TRUE(domain::ValidateNewStudent(base, codes, kToday).ok());
  for (const auto& c : TemplateColumns()) {
    const std::string& f = c.field;
    SCOPED_TRACE(c.header + " " + f);
    if (f.starts_with("guardians[") && !f.starts_with("guardians[0]")) {
      EXPECT_FALSE(c.required);
      continue;
    }
    if (f.empty() || f == kSchoolCodeField || f == kClassNameField || f.ends_with("].id_number")) {
      continue;
    }
    domain::StudentInput s = base;
    bool found = false;
    for (const auto& sf : domain::StudentFields()) {
      if (f == sf.name) (s.*(sf.member)).clear(), found = true;
    }
    for (const auto& gf : domain::GuardianFields()) {
      if (f == std::string("guardians[0].") + gf.name)
        (s.guardians[0].*(gf.member)).clear(), found = true;
    }
    ASSERT_TRUE(found);
    auto v = domain::ValidateNewStudent(s, codes, kToday);
    EXPECT_EQ(v.ok(), !c.required);
    if (!v.ok()) {
      bool names_field = false;
      for (const auto& d : v.error().details) names_field = names_field || d.field == f;
      EXPECT_TRUE(names_field || v.error().field == f) << v.error().field;
    }
  }
  domain::StudentInput other = base;  // 身份证件类型 Z-其他: 身份证件号 may stay empty
  other.id_type = domain::kOtherIdType;
  other.id_number.clear();
  EXPECT_TRUE(domain::ValidateNewStudent(other, codes, kToday).ok());
  other = base;  // a family member's document is optional as a whole
  other.guardians[0].id_type.clear();
  other.guardians[0].id_number.clear();
  EXPECT_TRUE(domain::ValidateNewStudent(other, codes, kToday).ok());
  EXPECT_FALSE(TemplateColumns()[TemplateColumnOf("guardians[0].id_number")].required);
  EXPECT_FALSE(TemplateColumns()[TemplateColumnOf(kSchoolCodeField)].required);
  EXPECT_TRUE(TemplateColumns()[TemplateColumnOf(kClassNameField)].required);
}

// R-IO-1: a row puts each value under its header: school, class, the
// student's fields, both family members, and nothing under columns the
// record does not hold.
TEST(TemplateColumns, R_IO_1_row_places_each_field_under_its_header) {
  domain::StudentInput s = SampleStudent(11, true);
  auto row = TemplateRowCells(s, "5201020001", "2班");
  const auto columns = NationalTemplateColumns();
  ASSERT_EQ(row.size(), columns.size());
  struct Case {
    const char* field;
    std::string want;
  } cases[] = {
      {kSchoolCodeField, "5201020001"},
      {kClassNameField, "2班"},
      {"name", s.name},
      {"id_number", s.id_number},
      {"birth_date", s.birth_date},
      {"grade_code", "13"},
      {"migrant_child", s.migrant_child},
      {"guardians[0].name", s.guardians[0].name},
      {"guardians[1].id_number", s.guardians[1].id_number},
      {"guardians[1].relation", s.guardians[1].relation},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    int col = TemplateColumnOf(c.field);
    ASSERT_GE(col, 0);
    EXPECT_EQ(row[col], c.want);
    EXPECT_FALSE(row[col].empty());
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].field.empty()) {
      EXPECT_EQ(row[i], "") << columns[i].header;
    }
  }
  auto one = TemplateRowCells(SampleStudent(11, false), "5201020001", "1班");
  EXPECT_EQ(one[TemplateColumnOf("guardians[1].name")], "");
}

// R-IO-1, R-IO-2: the empty template has the headers in order, required ones
// in red with the note 必填, ID-number and date columns in the 文本 format,
// no data rows; its 代码表 sheet lists current codes as text and leaves
// historical ones out.
TEST(TemplateWriter, R_IO_1_empty_template_headers_formats_and_code_sheet) {
  ShippedCodes shipped;
  std::vector<domain::CodeTable> tables;
  for (const auto& t : shipped.tables()) {
    auto values = t.values();
    if (t.id() == "ethnicity") {
      for (auto& v : values) v.historical = v.code == "02";  // 蒙古族, for the test only
    }
    tables.emplace_back(t.id(), t.name(), values);
  }
  std::string path = TempPath("empty.xlsx");
  ASSERT_TRUE(WriteEmptyTemplate(path, tables).ok());
  auto sheet = ReadSheet(path, 1);
  const auto columns = NationalTemplateColumns();
  ASSERT_EQ(sheet.rows.size(), 1u);
  std::string required_font, optional_font;
  for (size_t c = 0; c < columns.size(); ++c) {
    SCOPED_TRACE(columns[c].header);
    const auto* cell = sheet.Cell(0, static_cast<int>(c));
    ASSERT_NE(cell, nullptr);
    EXPECT_EQ(cell->text, columns[c].header);
    std::string font = Style(path, cell->style).font_rgb;
    EXPECT_EQ(font == "FFC00000", columns[c].required);
    int fmt = Style(path, sheet.column_style[static_cast<int>(c)]).num_fmt;
    EXPECT_EQ(fmt == kTextFormat, columns[c].text);
  }
  for (const char* f : {"id_number", "birth_date", "entry_month", "guardians[0].id_number"}) {
    SCOPED_TRACE(f);
    EXPECT_EQ(Style(path, sheet.column_style[TemplateColumnOf(f)]).num_fmt, kTextFormat);
  }
  std::string notes = testing::AllNotes(path);
  EXPECT_NE(notes.find("必填"), std::string::npos);
  EXPECT_NE(notes.find("请勿设为数值"), std::string::npos);

  auto codes = ReadSheet(path, 2);
  ASSERT_GT(codes.rows.size(), 60u);
  EXPECT_EQ(codes.Text(0, 0), "代码表");
  bool han = false, mongol = false, grade = false;
  for (size_t r = 1; r < codes.rows.size(); ++r) {
    if (codes.Text(r, 2) == "汉族") {
      han = codes.Text(r, 1) == "01" && codes.Cell(r, 1)->type == "inlineStr";
      EXPECT_NE(codes.Text(r, 3).find("成员1民族"), std::string::npos);
    }
    mongol = mongol || codes.Text(r, 2) == "蒙古族";
    grade = grade || (codes.Text(r, 0) == "年级" && codes.Text(r, 1) == "21");
  }
  EXPECT_TRUE(han);
  EXPECT_FALSE(mongol);
  EXPECT_TRUE(grade);
  fs::remove(path);
}

// R-IO-1, R-IO-2: what the writer writes the reader reads back from the same
// list: every written header is mapped or, for the columns the record does
// not hold, ignored; nothing required is missing; each field comes back as
// it was written.
TEST(TemplateWriter, R_IO_1_reader_reads_back_what_the_writer_wrote) {
  ShippedCodes shipped;
  std::string path = TempPath("round-trip.xlsx");
  domain::StudentInput s = SampleStudent(23, true);
  {
    auto writer = TemplateWriter::Create(path, shipped.tables());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE((*writer)->AddStudent(s, "5201020001", "3班").ok());
    ASSERT_TRUE((*writer)->Finish().ok());
  }
  auto reader = XlsxReader::FromFile(path);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  std::vector<HeaderMapping> headers;
  std::vector<TemplateRow> rows;
  Status st = ReadTemplate(
      reader.value(), [&](const HeaderMapping& m) { return headers.push_back(m), Ok(); },
      [&](const TemplateRow& r) { return rows.push_back(r), Ok(); });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_TRUE(headers[0].missing.empty());
  std::vector<std::string> ignored, unkept;
  for (const auto& c : headers[0].ignored) ignored.push_back(c.header);
  for (const auto& c : NationalTemplateColumns()) {
    if (c.field.empty()) unkept.push_back(c.header);
  }
  EXPECT_EQ(ignored, unkept);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].problems.empty());
  auto cells = TemplateRowCells(s, "5201020001", "3班");
  const auto columns = NationalTemplateColumns();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].field.empty()) continue;
    SCOPED_TRACE(columns[c].header);
    ASSERT_GE(headers[0].FieldIndex(columns[c].field), 0);
    EXPECT_EQ(rows[0].Field(headers[0], columns[c].field), cells[c]);
  }
  EXPECT_EQ(rows[0].Field(headers[0], kClassNameField), "3班");
  EXPECT_EQ(rows[0].Field(headers[0], "guardians[1].name"), s.guardians[1].name);
  fs::remove(path);
}

}  // namespace
}  // namespace xueji::io
