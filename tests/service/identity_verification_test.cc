// Identity verification against the imported population reference, and the
// import itself, on both backends (R-NO-7, R-REG-8 kind a, R-INFO-1, R-INFO-5).

#include "service/identity_verification.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/id_number.h"
#include "service/audit.h"
#include "service/population_reference.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// A valid 居民身份证 number of a boy born 2019-09-01 in 南明区; `seq` ends odd.
std::string BoyId(const std::string& seq) {
  std::string first17 = "52010220190901" + seq;
  return first17 + domain::IdCheckCharacter(first17);
}

const std::string kHeader = "身份证件号,姓名,性别,出生日期\n";

class PopulationImport : public StudentFixture {
 protected:
  Context System() { return Context{std::nullopt, "test", now_}; }
  Result<PopulationImportReport> Import(const std::string& text, int chunk_rows = 2000) {
    return ImportPopulationReference(*db_, System(), "population.csv", text, chunk_rows);
  }
  int64_t Count(const std::string& table) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM " + table)->Int(0);
  }
};

TEST_P(PopulationImport, R_NO_7_good_rows_are_imported_and_bad_rows_reported_by_line) {
  std::string text = kHeader + BoyId("123") + ",王小明,男,2019-09-01\n" +           // line 2
                     BoyId("131") + ", 李四 ,1,2019-09-01\n" +                      // line 3
                     "52010220190901123Y,张三,1,2019-09-01\n" +                     // line 4
                     BoyId("141") + ",张三,未知,2019-09-01\n" +                     // line 5
                     "\n" +                                                         // line 6: blank
                     BoyId("151") + ",\"张\n三\",1,2019-09-01\n" +                  // lines 7–8
                     BoyId("161") + ",张三,2,2019-02-30\n" +                        // line 9
                     BoyId("171") + ",张三,1\n" +                                   // line 10
                     "\"" + BoyId("181") + "\",\"赵六\",\"2\",\"2019-09-01\"\r\n";  // line 11
  auto report = Import(text);
  ASSERT_TRUE(report.ok()) << report.error().message;
  struct Expected {
    int64_t line;
    std::string code, field;
  };
  const std::vector<Expected> expected = {{4, "ID_FORMAT", "id_number"},
                                          {5, "POPULATION_SEX", "sex"},
                                          {7, "NAME_CHARS", "name"},
                                          {9, "POPULATION_BIRTH_DATE", "birth_date"},
                                          {10, "POPULATION_COLUMNS", ""}};
  ASSERT_EQ(report->bad_rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(expected[i].line));
    EXPECT_EQ(report->bad_rows[i].line, expected[i].line);
    EXPECT_EQ(report->bad_rows[i].code, expected[i].code);
    EXPECT_EQ(report->bad_rows[i].field, expected[i].field);
    EXPECT_FALSE(report->bad_rows[i].message.empty());
  }
  EXPECT_EQ(report->rows, 8);
  EXPECT_EQ(report->inserted, 3);
  EXPECT_EQ(report->bad, 5);
  EXPECT_EQ(Count("population_reference"), 3);
  auto tx = db_->BeginRead();
  auto li = tx->QueryOne(
      "SELECT name, sex, birth_date, source_file FROM population_reference WHERE "
      "id_number_norm = $1",
      {BoyId("131")});
  EXPECT_EQ(li->Text(0), "李四");
  EXPECT_EQ(li->Text(1), "1");
  EXPECT_EQ(li->Text(3), "population.csv");
  auto zhao = tx->QueryOne("SELECT sex FROM population_reference WHERE id_number_norm = $1",
                           {BoyId("181")});
  EXPECT_EQ(zhao->Text(0), "2");
}

TEST_P(PopulationImport, R_NO_7_reimport_changes_nothing_and_a_corrected_file_updates) {
  std::string text =
      kHeader + BoyId("123") + ",王小明,1,2019-09-01\n" + BoyId("131") + ",李四,1,2019-09-01\n";
  ASSERT_EQ(Import(text)->inserted, 2);
  auto again = Import(text);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 2);
  std::string corrected =
      kHeader + BoyId("123") + ",王晓明,1,2019-09-01\n" + BoyId("131") + ",李四,1,2019-09-01\n";
  auto fixed = Import(corrected);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->updated, 1);
  EXPECT_EQ(fixed->unchanged, 1);
  EXPECT_EQ(Count("population_reference"), 2);
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT name FROM population_reference WHERE id_number_norm = $1",
                         {BoyId("123")})
                ->Text(0),
            "王晓明");
}

TEST_P(PopulationImport, R_NO_7_a_number_on_two_rows_is_imported_once_or_not_at_all) {
  std::string text = kHeader + BoyId("123") + ",王小明,1,2019-09-01\n" +  // line 2
                     BoyId("123") + ",王小明,1,2019-09-01\n" +            // 3: same data
                     BoyId("131") + ",李四,1,2019-09-01\n" +              // 4
                     BoyId("131") + ",李思,1,2019-09-01\n";               // 5: contradicts 4
  auto report = Import(text);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->bad_rows.size(), 3u);
  EXPECT_EQ(report->bad_rows[0].line, 3);
  EXPECT_EQ(report->bad_rows[0].code, "POPULATION_DUPLICATE");
  EXPECT_EQ(report->bad_rows[1].line, 4);
  EXPECT_EQ(report->bad_rows[1].code, "POPULATION_CONFLICT");
  EXPECT_EQ(report->bad_rows[2].line, 5);
  EXPECT_EQ(report->bad_rows[2].code, "POPULATION_CONFLICT");
  EXPECT_EQ(report->inserted, 1);
  EXPECT_EQ(Count("population_reference"), 1);
}

TEST_P(PopulationImport, R_NO_7_a_file_refused_as_a_whole_writes_nothing) {
  struct Case {
    std::string name, text, code;
    ErrorKind kind = ErrorKind::kInvalid;
  };
  const std::vector<Case> cases = {
      {"GBK text", kHeader + BoyId("123") + ",\xCD\xF5\xD0\xA1\xC3\xF7,1,2019-09-01\n",
       "POPULATION_ENCODING"},
      {"other header", "身份证号,姓名,性别,出生日期\n" + BoyId("123") + ",王小明,1,2019-09-01\n",
       "POPULATION_HEADER"},
      {"empty file", "", "POPULATION_HEADER"},
      {"unclosed quote", kHeader + BoyId("123") + ",\"王小明,1,2019-09-01\n", "CSV_QUOTE"},
  };
  auto audit_before = VerifyAudit(*db_).entries;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto report = Import(c.text);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, c.code);
    EXPECT_EQ(report.error().kind, c.kind);
  }
  auto county = ImportPopulationReference(*db_, As("nanming_registrar"), "population.csv",
                                          kHeader + BoyId("123") + ",王小明,1,2019-09-01\n");
  ASSERT_FALSE(county.ok());
  EXPECT_EQ(county.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(Count("population_reference"), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit_before);
}

TEST_P(PopulationImport, R_NO_7_each_chunk_commits_with_its_audit_entry) {
  std::string text = kHeader;
  for (const char* seq : {"101", "103", "105", "107", "109"}) {
    text += BoyId(seq) + ",王小明,1,2019-09-01\n";
  }
  auto audit_before = VerifyAudit(*db_).entries;
  auto report = Import(text, 2);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->chunks, 3);
  EXPECT_EQ(report->inserted, 5);
  auto audit = VerifyAudit(*db_);
  EXPECT_TRUE(audit.ok);
  EXPECT_EQ(audit.entries, audit_before + 3);
}

class IdentityVerification : public PopulationImport {};

TEST_P(IdentityVerification, R_NO_7_verdicts_compare_name_sex_and_birth_date_and_are_recorded) {
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"),
                                FirstGrader("5201020001", BoyId("123")));
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE(Import(kHeader + BoyId("123") + ",張小明,1,2019-09-01\n").ok());
  using V = VerificationOutcome::Verdict;
  struct Case {
    std::string name;
    PersonToVerify person;
    V verdict;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"same person, traditional name in the file",
       {BoyId("123"), "张小明", "1", "2019-09-01"},
       V::kMatched,
       {}},
      {"lower-case x and spaces in the number",
       {" 520102 20190901123x", " 张小明 ", "1", "2019-09-01"},
       V::kMatched,
       {}},
      {"other name", {BoyId("123"), "王小明", "1", "2019-09-01"}, V::kMismatched, {"name"}},
      {"other sex", {BoyId("123"), "张小明", "2", "2019-09-01"}, V::kMismatched, {"sex"}},
      {"other birth date and sex",
       {BoyId("123"), "张小明", "2", "2019-09-02"},
       V::kMismatched,
       {"sex", "birth_date"}},
      {"number not in the reference", {BoyId("131"), "张小明", "1", "2019-09-01"}, V::kUnknown, {}},
  };
  Context registrar = As("nanming_registrar");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto tx = db_->BeginWrite();
    auto outcome = PopulationReferenceVerifier().Verify(*tx, registrar, sub->student_id, c.person);
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->verdict, c.verdict);
    EXPECT_EQ(outcome->mismatched_fields, c.fields);
    EXPECT_FALSE(outcome->message.empty());
    auto row = tx->QueryOne(
        "SELECT verdict, mismatched_fields, actor, id_number_norm, COALESCE(batch_id, 0) FROM "
        "identity_check WHERE student_id = $1 ORDER BY id DESC LIMIT 1",
        {sub->student_id});
    ASSERT_TRUE(row.has_value());
    const char* names[] = {"matched", "mismatched", "unknown"};
    EXPECT_EQ(row->Text(0), names[static_cast<int>(c.verdict)]);
    std::string fields;
    for (const auto& f : c.fields) fields += (fields.empty() ? "" : ",") + f;
    EXPECT_EQ(row->Text(1), fields);
    EXPECT_EQ(row->Text(2), "nanming_registrar");
    EXPECT_EQ(row->Text(3), domain::NormalizeIdNumber(c.person.id_number));
    EXPECT_EQ(row->Int(4), 0);  // not asked by a batch
    tx->Commit();
  }
  EXPECT_EQ(Count("identity_check"), static_cast<int64_t>(cases.size()));
}

TEST_P(IdentityVerification, R_NO_7_the_mismatch_message_names_fields_but_not_the_reference_data) {
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"),
                                FirstGrader("5201020001", BoyId("123")));
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE(Import(kHeader + BoyId("123") + ",赵六,1,2019-09-01\n").ok());
  auto tx = db_->BeginWrite();
  auto outcome = PopulationReferenceVerifier().Verify(*tx, System(), sub->student_id,
                                                      {BoyId("123"), "王小明", "1", "2019-09-01"});
  ASSERT_TRUE(outcome.ok());
  EXPECT_NE(outcome->message.find("姓名"), std::string::npos);
  EXPECT_EQ(outcome->message.find("赵六"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PopulationImport, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Backends, IdentityVerification,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
