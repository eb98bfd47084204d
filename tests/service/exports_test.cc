// Roster and basic-info exports (R-IO-3), masked ID numbers (R-SEC-1,
// R-SEC-3), the audit entry with the row count (R-SEC-2) and jurisdiction
// (R-ORG-4), on both backends. The workbooks are opened with libzip.

#include "service/exports.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "domain/id_number.h"
#include "domain/student_record.h"
#include "io/xlsx_probe.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

const std::string kSchool = "5201020001";

// Valid ID numbers of boys born 2019-09-01 in 南明区.
std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}

class Exports : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    path_ = (std::filesystem::temp_directory_path() /
             ("xueji-svc-export-" + std::to_string(::getpid()) + ".xlsx"))
                .string();
    registrar_ = As("school_registrar");
    auto second =
        CreateClass(*db_, Context{std::nullopt, "test", now_}, Org(kSchool), {"11", "9班", "", 0});
    ASSERT_TRUE(second.ok());
    second_class_ = second->id;
    // Submitted out of name order; the export sorts by class, then name.
    Add("张小明", Id("101"), FirstGradeClass(kSchool));
    Add("安小明", Id("113"), FirstGradeClass(kSchool));
    Add("王小明", Id("125"), FirstGradeClass(kSchool));
    Add("陈小明", Id("137"), second_class_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  void Add(const std::string& name, const std::string& id, int64_t class_id) {
    auto s = FirstGrader(kSchool, id);
    s.name = name;
    s.class_id = class_id;
    auto r = SubmitRegistration(*db_, registrar_, Org(kSchool), s);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ids_.push_back(id);
  }
  Result<ExportResult> Run(const Context& ctx, ExportKind kind, int64_t class_id = 0,
                           int page_rows = 2000) {
    ExportRequest r;
    r.kind = kind;
    r.school_code = kSchool;
    r.class_id = class_id;
    r.path = path_;
    r.page_rows = page_rows;
    return ExportStudents(*db_, ctx, r);
  }
  int64_t Count(const std::string& where, const std::vector<store::Value>& params) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM student WHERE " + where, params)->Int(0);
  }
  // The data rows' cells of column `col`, in sheet order.
  std::vector<std::string> Column(int col) {
    auto sheet = io::testing::ReadSheet(path_);
    std::vector<std::string> out;
    for (size_t r = 1; r < sheet.rows.size(); ++r) out.push_back(sheet.Text(r, col));
    return out;
  }
  std::pair<std::string, std::string> LastAudit() {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne("SELECT action, subject, summary FROM audit_log ORDER BY seq DESC");
    return {r->Text(0) + " " + r->Text(1), r->Text(2)};
  }

  std::string path_;
  Context registrar_;
  int64_t second_class_ = 0;
  std::vector<std::string> ids_;
};

TEST_P(Exports, R_IO_3_school_roster_has_every_record_ordered_by_class_then_name) {
  for (int page_rows : {2000, 1}) {
    SCOPED_TRACE(page_rows);
    auto r = Run(registrar_, ExportKind::kRoster, 0, page_rows);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->rows, Count("school_code = $1", {kSchool}));
    auto names = Column(1);
    ASSERT_EQ(static_cast<int64_t>(names.size()), r->rows);
    auto pos = [&names](const std::string& n) {
      return std::find(names.begin(), names.end(), n) - names.begin();
    };
    EXPECT_LT(pos("安小明"), pos("王小明"));
    EXPECT_LT(pos("王小明"), pos("张小明"));
    EXPECT_LT(pos("张小明"), pos("陈小明"));  // 1班 before 9班
    EXPECT_EQ(Column(6)[pos("陈小明")], "9班");
    EXPECT_EQ(Column(5)[pos("陈小明")], "一年级");
    EXPECT_EQ(Column(2)[pos("陈小明")], "男");
    EXPECT_EQ(r->file_name.find("_花名册.xlsx") != std::string::npos, true) << r->file_name;
  }
}

TEST_P(Exports, R_IO_3_class_roster_has_only_that_class) {
  auto r = Run(registrar_, ExportKind::kRoster, second_class_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows, 1);
  EXPECT_EQ(Column(1), std::vector<std::string>{"陈小明"});
  EXPECT_NE(r->file_name.find("一年级9班"), std::string::npos) << r->file_name;
}

TEST_P(Exports, R_SEC_1_id_numbers_are_masked_in_both_exports) {
  struct Case {
    ExportKind kind;
    int id_column;
  };
  int basic_id_column = 0;
  for (const auto& f : domain::StudentFields()) {
    if (std::string_view(f.name) == "id_number") break;
    ++basic_id_column;
  }
  for (const Case& c :
       {Case{ExportKind::kRoster, 4}, Case{ExportKind::kBasicInfo, basic_id_column}}) {
    SCOPED_TRACE(std::string(ExportKindName(c.kind)));
    auto r = Run(registrar_, c.kind, second_class_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(Column(c.id_column), std::vector<std::string>{domain::MaskIdNumber(ids_[3])});
    auto xml = io::testing::ZipEntry(path_, "xl/worksheets/sheet1.xml");
    ASSERT_TRUE(xml.has_value());
    for (const auto& id : ids_) EXPECT_EQ(xml->find(id), std::string::npos) << id;
  }
}

TEST_P(Exports, R_IO_3_basic_info_table_has_every_field_of_the_record) {
  auto r = Run(registrar_, ExportKind::kBasicInfo);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows, Count("school_code = $1", {kSchool}));
  auto sheet = io::testing::ReadSheet(path_);
  ASSERT_FALSE(sheet.rows.empty());
  EXPECT_EQ(sheet.rows[0].size(), domain::StudentFields().size());
  EXPECT_EQ(sheet.Text(0, 0), domain::StudentFields()[0].label);
  auto names = Column(0);
  EXPECT_NE(std::find(names.begin(), names.end(), "陈小明"), names.end());
  EXPECT_NE(r->file_name.find("学籍基础信息表"), std::string::npos);
}

TEST_P(Exports, R_SEC_2_each_export_is_audited_with_its_row_count) {
  auto r = Run(registrar_, ExportKind::kRoster);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto [what, summary] = LastAudit();
  EXPECT_EQ(what, "student.export " + kSchool);
  EXPECT_NE(summary.find("\"kind\":\"roster\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"rows\":\"" + std::to_string(r->rows) + "\""), std::string::npos)
      << summary;
  EXPECT_NE(summary.find("\"id_numbers\":\"masked\""), std::string::npos) << summary;
  auto c = Run(registrar_, ExportKind::kBasicInfo, second_class_);
  ASSERT_TRUE(c.ok());
  auto [what2, summary2] = LastAudit();
  EXPECT_EQ(what2, "student.export " + kSchool + "/class/" + std::to_string(second_class_));
  EXPECT_NE(summary2.find("\"rows\":\"1\""), std::string::npos) << summary2;
}

TEST_P(Exports, R_ORG_4_outside_the_subtree_is_not_found_and_writes_nothing) {
  int64_t beijing_class = FirstGradeClass("1101010001");
  struct Case {
    const char* who;
    int64_t class_id;
    bool found;
  };
  for (const Case& c :
       {Case{"nanming_registrar", 0, true}, Case{"gz_registrar", 0, true},
        Case{"yunyan_registrar", 0, false}, Case{"school_registrar", beijing_class, false}}) {
    SCOPED_TRACE(std::string(c.who) + " " + std::to_string(c.class_id));
    std::filesystem::remove(path_);
    int64_t audits = 0;
    {
      auto tx = db_->BeginRead();
      audits = tx->QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0);
    }
    auto r = Run(As(c.who), ExportKind::kRoster, c.class_id);
    EXPECT_EQ(r.ok(), c.found);
    auto tx = db_->BeginRead();
    int64_t after = tx->QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0);
    if (c.found) {
      EXPECT_EQ(after, audits + 1);
      continue;
    }
    EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(after, audits);
    EXPECT_FALSE(std::filesystem::exists(path_));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Exports, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
