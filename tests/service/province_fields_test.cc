// Province-defined 非基础信息 on both backends (R-SPEC-2025): the province
// registrar defines fields; registration validates and stores their values
// with the national ones, every error at once.

#include "service/province_fields.h"

#include <gtest/gtest.h>

#include "service/audit.h"
#include "service/code_table_service.h"
#include "service/student_changes.h"
#include "service/student_store.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

class ProvinceFields : public StudentFixture {
 protected:
  void Define(const std::string& name, const std::string& kind, bool required,
              const std::string& table = "") {
    domain::ProvinceField f{name, "字段" + name, kind, table, required};
    auto saved = SaveProvinceField(*db_, As("gz_registrar"), Org("520000"), f);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
  }
};

TEST_P(ProvinceFields, R_SPEC_2025_values_are_validated_stored_and_read_back) {
  Define("boarding", "yes_no", true);
  Define("ethnic_language", "code", false, "ethnicity");
  domain::StudentInput s = FirstGrader("5201020001", "52010220190901123X");
  s.extra = {{"boarding", "1"}, {"ethnic_language", "03"}};
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_TRUE(sub.ok()) << sub.error().field << " " << sub.error().message;
  auto tx = db_->BeginRead();
  auto stored = LoadStoredStudent(*tx, sub->student_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->record.extra,
            (std::map<std::string, std::string>{{"boarding", "1"}, {"ethnic_language", "03"}}));
}

TEST_P(ProvinceFields, R_SPEC_2025_errors_come_with_the_national_ones_and_nothing_is_saved) {
  Define("boarding", "yes_no", true);
  domain::StudentInput s = FirstGrader("5201020001", "52010220190901123X");
  s.phone = "12";
  s.extra = {{"shoe_size", "36"}};
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_FALSE(sub.ok());
  std::set<std::string> fields;
  for (const auto& e : sub.error().details) fields.insert(e.field);
  EXPECT_TRUE(fields.count("phone"));
  EXPECT_TRUE(fields.count("extra.boarding"));
  EXPECT_TRUE(fields.count("extra.shoe_size"));
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM student")->Int(0), 0);
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM student_extra")->Int(0), 0);
}

TEST_P(ProvinceFields, R_SPEC_2025_a_definition_change_must_fit_the_stored_values) {
  Define("route", "text", false);
  domain::StudentInput s = FirstGrader("5201020001", "52010220190901123X");
  s.extra = {{"route", "乘坐12路公交车"}};
  ASSERT_TRUE(SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s).ok());
  struct Case {
    const char* what;
    domain::ProvinceField field;
    const char* code;  // "" = saved
  } cases[] = {
      {"text to yes/no", {"route", "乘车路线", "yes_no", "", false}, "FIELD_VALUES_DO_NOT_FIT"},
      {"text to a code",
       {"route", "乘车路线", "code", "ethnicity", false},
       "FIELD_VALUES_DO_NOT_FIT"},
      {"shorter than a stored value",
       {"route", "乘车路线", "text", "", false, 4},
       "FIELD_VALUES_DO_NOT_FIT"},
      {"a new label, made required", {"route", "乘车路线", "text", "", true}, ""},
      {"longer", {"route", "乘车路线", "text", "", false, 200}, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto saved = SaveProvinceField(*db_, As("gz_registrar"), Org("520000"), c.field);
    if (*c.code == '\0') {
      EXPECT_TRUE(saved.ok()) << saved.error().message;
      continue;
    }
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, c.code);
    EXPECT_NE(saved.error().message.find("1条"), std::string::npos) << saved.error().message;
    auto tx = db_->BeginRead();
    EXPECT_EQ(LoadProvinceFields(*tx, "520000").at(0).kind, "text");
  }
}

TEST_P(ProvinceFields, R_SPEC_2025_each_province_has_its_own_fields) {
  Define("boarding", "yes_no", true);
  // A Beijing school is not asked for Guizhou's field.
  domain::StudentInput s = FirstGrader("1101010001", "52010220190901123X");
  Context bj = NewAccount("bj_registrar", "school_registrar", "1101010001");
  auto sub = SubmitRegistration(*db_, bj, Org("1101010001"), s);
  EXPECT_TRUE(sub.ok()) << sub.error().field;
  // Definitions belong to provinces only, and are audited.
  auto at_city = SaveProvinceField(*db_, As("gz_registrar"), Org("520100"), {"x", "某项", "text"});
  EXPECT_EQ(at_city.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
  auto list = ListProvinceFields(*db_, "520000");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].label, "字段boarding");
}

// Each detail as "field:code ".
std::string Codes(const Error& e) {
  std::string out;
  for (const auto& d : e.details) out += d.field + ":" + d.code + " ";
  return out;
}

TEST_P(ProvinceFields, R_SPEC_2025_R_REG_1_resubmission_rechecks_values_against_current_fields) {
  Define("boarding", "yes_no", false);
  Define("home_language", "code", false, "ethnicity");
  domain::StudentInput s = FirstGrader("5201020001", "52010220190901123X");
  s.extra = {{"boarding", "1"}, {"home_language", "03"}};
  Context registrar = As("school_registrar");
  auto sub = SubmitRegistration(*db_, registrar, Org("5201020001"), s);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  int64_t id = sub->student_id;
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), id, false, "照片不清晰").ok());
  // Since the record was returned: a new required field, and 03 made historical.
  Define("bus_route", "text", true);
  Context ministry{std::nullopt, "test", now_};
  ASSERT_TRUE(UpsertCodeValue(*db_, ministry, "ethnicity", "03", "回族", true).ok());

  auto audit = VerifyAudit(*db_).entries;
  auto refused = ResubmitRegistration(*db_, registrar, id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(Codes(refused.error()),
            "extra.bus_route:REQUIRED extra.home_language:CODE_VALUE_HISTORICAL ");
  EXPECT_EQ(refused.error().details[0].message, "请填写字段bus_route");
  auto stored = [&] {
    auto tx = db_->BeginRead();
    return *LoadStoredStudent(*tx, id);
  };
  EXPECT_EQ(stored().registration, "returned");
  EXPECT_EQ(VerifyAudit(*db_).entries, audit);

  // The registrar corrects them by an edit; an unchanged historical code
  // passes the edit but not the resubmission.
  StudentPatch patch;
  patch.extra = {{"bus_route", "2路"}};
  ASSERT_TRUE(EditStudent(*db_, registrar, id, patch, "按本省新规定补充").ok());
  EXPECT_EQ(Codes(ResubmitRegistration(*db_, registrar, id).error()),
            "extra.home_language:CODE_VALUE_HISTORICAL ");
  patch.extra = {{"home_language", "01"}};
  ASSERT_TRUE(EditStudent(*db_, registrar, id, patch, "按本省新规定更正").ok());
  auto resubmitted = ResubmitRegistration(*db_, registrar, id);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.error().message;
  EXPECT_EQ(resubmitted->registration, "pending_school");
  EXPECT_EQ(stored().record.extra,
            (std::map<std::string, std::string>{
                {"boarding", "1"}, {"bus_route", "2路"}, {"home_language", "01"}}));
}

TEST(ProvinceOfPath, R_SPEC_2025_finds_the_province_segment) {
  EXPECT_EQ(ProvinceOfPath("/000000/520000/520100/520102/5201020001/"), "520000");
  EXPECT_EQ(ProvinceOfPath("/000000/"), "");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProvinceFields, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
