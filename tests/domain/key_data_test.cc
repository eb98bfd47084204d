#include "domain/key_data.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xueji::domain {
namespace {

using K = ProofKind;
using Fields = std::vector<std::string>;

Instant Cst(const char* text) { return *ParseInstant(text); }

TEST(KeyFieldSet, R_CHG_2_default_set_is_name_sex_birth_date_id_type_id_number) {
  EXPECT_EQ(DefaultKeyFields(), (Fields{"name", "sex", "birth_date", "id_type", "id_number"}));
  auto set = KeyFieldSet({});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(*set, DefaultKeyFields());
}

TEST(KeyFieldSet, R_POL_3_province_widens_the_set_in_record_order) {
  struct Case {
    const char* name;
    Fields province;
    Fields expected;
  };
  const std::vector<Case> cases = {
      {"ethnicity",
       {"ethnicity"},
       {"name", "sex", "birth_date", "ethnicity", "id_type", "id_number"}},
      {"default field repeated",
       {"sex", "name"},
       {"name", "sex", "birth_date", "id_type", "id_number"}},
      {"two extra, any order",
       {"hukou_division", "former_name"},
       {"name", "former_name", "sex", "birth_date", "id_type", "id_number", "hukou_division"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto set = KeyFieldSet(c.province);
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(*set, c.expected);
  }
  auto bad = KeyFieldSet({"ethnicity", "shoe_size"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "KEY_FIELD_UNKNOWN");
  EXPECT_EQ(bad.error().field, "shoe_size");
}

TEST(ProofKinds, R_ARC_3_codes_are_stable_and_round_trip) {
  EXPECT_EQ(AllProofKinds().size(), 13u);
  for (ProofKind k : AllProofKinds()) {
    SCOPED_TRACE(std::string(ProofKindCode(k)));
    EXPECT_EQ(ParseProofKind(ProofKindCode(k)), k);
    EXPECT_FALSE(ProofKindChinese(k).empty());
  }
  EXPECT_EQ(ProofKindCode(K::kIdCard), "id_card");
  EXPECT_EQ(ProofKindCode(K::kHukouPage), "hukou_page");
  EXPECT_EQ(ProofKindCode(K::kPoliceCertificate), "police_certificate");
  EXPECT_EQ(ProofKindCode(K::kIdCorrectionNotice), "id_correction_notice");
  EXPECT_EQ(ProofKindCode(K::kOther), "other");
  EXPECT_EQ(ParseProofKind("ID_CARD"), std::nullopt);
}

TEST(CheckProofs, R_ARC_3_required_proofs_per_field) {
  struct Case {
    const char* name;
    std::string field;
    std::vector<ProofKind> provided;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"sex with ID card", "sex", {K::kIdCard}, true},
      {"sex with 户口本 only", "sex", {K::kHukouPage}, false},
      {"ethnicity with ID card", "ethnicity", {K::kIdCard}, true},
      {"ethnicity without proof", "ethnicity", {}, false},
      {"name with ID card and 户口本", "name", {K::kIdCard, K::kHukouPage}, true},
      {"name with ID card and police", "name", {K::kIdCard, K::kPoliceCertificate}, true},
      {"name with ID card only", "name", {K::kIdCard}, false},
      {"name with 户口本 only", "name", {K::kHukouPage}, false},
      {"id_number with ID card and notice",
       "id_number",
       {K::kIdCard, K::kIdCorrectionNotice},
       true},
      {"id_number with ID card and police", "id_number", {K::kIdCard, K::kPoliceCertificate}, true},
      {"id_number with ID card and 户口本", "id_number", {K::kIdCard, K::kHukouPage}, false},
      {"id_number with notice only", "id_number", {K::kIdCorrectionNotice}, false},
      {"birth_date with 户口本", "birth_date", {K::kHukouPage}, true},
      {"birth_date with other", "birth_date", {K::kOther}, true},
      {"birth_date with ID card only", "birth_date", {K::kIdCard}, false},
      {"id_type with 户口本", "id_type", {K::kHukouPage}, true},
      {"province field with other", "hukou_division", {K::kOther}, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = CheckProofs({c.field}, c.provided);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "PROOF_MISSING");
      EXPECT_EQ(s.error().field, c.field);
    }
  }
}

TEST(CheckProofs, R_ARC_3_every_incomplete_field_is_named_with_the_missing_kind) {
  Status s = CheckProofs({"name", "sex", "id_number"}, {K::kHukouPage});
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.error().details.size(), 3u);
  EXPECT_EQ(s.error().details[0].field, "name");
  EXPECT_EQ(s.error().details[0].message, "姓名变更缺少证明材料：需要居民身份证（正反面）");
  EXPECT_EQ(s.error().details[1].field, "sex");
  EXPECT_EQ(s.error().details[2].field, "id_number");
  EXPECT_EQ(s.error().details[2].message,
            "身份证件号变更缺少证明材料：需要居民身份证（正反面），以及公民身份号码更正告知函或派出"
            "所证明");
}

TEST(SemesterOf, R_CHG_3_semester_1_runs_Sep_1_to_Jan_31_semester_2_Feb_1_to_Aug_31) {
  struct Case {
    Date date;
    int school_year;
    int number;
  };
  const std::vector<Case> cases = {
      {{2026, 9, 1}, 2026, 1},  {{2026, 12, 31}, 2026, 1}, {{2027, 1, 31}, 2026, 1},
      {{2027, 2, 1}, 2026, 2},  {{2027, 8, 31}, 2026, 2},  {{2027, 9, 1}, 2027, 1},
      {{2028, 2, 29}, 2027, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.date));
    Semester s = SemesterOf(c.date);
    EXPECT_EQ(s.school_year, c.school_year);
    EXPECT_EQ(s.number, c.number);
    EXPECT_LE(s.first, c.date);
    EXPECT_GE(s.last, c.date);
  }
}

TEST(DirectEditOf, R_CHG_3_first_semester_after_activation_in_China_Standard_Time) {
  const Instant activated = Cst("2026-09-10T10:00:00+08:00");
  struct Case {
    const char* name;
    RecordPhase phase;
    Instant now;
    DirectEdit expected;
  };
  const std::vector<Case> cases = {
      {"same day", {"active", "enrolled", activated}, activated, DirectEdit::kAllFields},
      {"last moment of Jan 31 CST",
       {"active", "enrolled", activated},
       Cst("2027-01-31T23:59:59+08:00"),
       DirectEdit::kAllFields},
      // 2027-02-01 00:00 CST is still 2027-01-31 in UTC: the calendar is CST.
      {"first moment of Feb 1 CST",
       {"active", "enrolled", activated},
       Cst("2027-01-31T16:00:00Z"),
       DirectEdit::kOrdinaryFields},
      {"next school year",
       {"active", "enrolled", activated},
       Cst("2027-09-10"),
       DirectEdit::kOrdinaryFields},
      {"activated Aug 31 CST, now Sep 1",
       {"active", "enrolled", Cst("2026-08-31T23:00:00+08:00")},
       Cst("2026-09-01T08:00:00+08:00"),
       DirectEdit::kOrdinaryFields},
      {"activated in spring",
       {"active", "enrolled", Cst("2027-03-01")},
       Cst("2027-08-31"),
       DirectEdit::kAllFields},
      {"returned to the registrar",
       {"returned", "pending", Instant{}},
       Cst("2030-01-01"),
       DirectEdit::kAllFields},
      {"waiting for the school",
       {"pending_school", "pending", Instant{}},
       activated,
       DirectEdit::kPendingDecision},
      {"waiting for the authority",
       {"pending_authority", "pending", Instant{}},
       activated,
       DirectEdit::kPendingDecision},
      {"problem record",
       {"problem", "pending", Instant{}},
       activated,
       DirectEdit::kPendingDecision},
      {"graduated in the first semester",
       {"active", "graduated", activated},
       activated,
       DirectEdit::kGraduated},
      {"结业", {"active", "completed", activated}, Cst("2030-01-01"), DirectEdit::kGraduated},
      {"肄业", {"active", "incomplete", activated}, Cst("2030-01-01"), DirectEdit::kGraduated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(DirectEditOf(c.phase, c.now), c.expected);
  }
}

TEST(CheckRequestFields, R_CHG_2_only_key_fields_go_through_a_request) {
  const Fields keys = DefaultKeyFields();
  const RecordPhase active{"active", "enrolled", Cst("2026-09-10")};
  EXPECT_TRUE(CheckRequestFields(active, {"name", "id_number"}, keys, false).ok());
  Status s = CheckRequestFields(active, {"name", "phone", "address"}, keys, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "NOT_KEY_FIELD");
  ASSERT_EQ(s.error().details.size(), 2u);
  EXPECT_EQ(s.error().details[0].field, "phone");
  EXPECT_EQ(s.error().details[1].field, "address");
  EXPECT_TRUE(CheckRequestFields(active, {"ethnicity"}, *KeyFieldSet({"ethnicity"}), false).ok());
  EXPECT_EQ(CheckRequestFields({"returned", "pending", {}}, {"name"}, keys, false).error().code,
            "RECORD_NOT_ACTIVE");
}

TEST(CheckRequestFields, R_CHG_3_graduates_only_for_users_entry_errors) {
  const Fields keys = DefaultKeyFields();
  const RecordPhase graduate{"active", "graduated", Cst("2020-09-10")};
  Status closed = CheckRequestFields(graduate, {"name"}, keys, false);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, "GRADUATE_RECORD_CLOSED");
  EXPECT_EQ(closed.error().kind, ErrorKind::kRuleViolation);
  EXPECT_TRUE(CheckRequestFields(graduate, {"name", "phone"}, keys, true).ok());
}

TEST(NeedsNationalRecheck, R_CHG_2_name_and_id_number_of_G_records) {
  const std::string g = "G52010220190901123X";
  const std::string l = "L52010220190901123A";
  EXPECT_TRUE(NeedsNationalRecheck(g, "name"));
  EXPECT_TRUE(NeedsNationalRecheck(g, "id_number"));
  EXPECT_FALSE(NeedsNationalRecheck(g, "sex"));
  EXPECT_FALSE(NeedsNationalRecheck(l, "name"));
  EXPECT_FALSE(NeedsNationalRecheck("J520102201909010012", "id_number"));
  EXPECT_FALSE(NeedsNationalRecheck("", "name"));
}

TEST(ChangeCodec, R_CHG_1_changes_round_trip_with_any_text) {
  const std::vector<FieldChange> changes = {
      {"name", "王小明", "王晓明"},
      {"id_number", "52010220190901123X", ""},
      {"address", "a \"quoted\" \\ path\nline\t\x01", "é 𠀀 😀"},
  };
  std::string json = EncodeChanges(changes);
  EXPECT_EQ(DecodeChanges(json), changes);
  EXPECT_EQ(EncodeChanges({}), "{}");
  EXPECT_EQ(DecodeChanges("{}"), std::vector<FieldChange>{});
  EXPECT_EQ(DecodeChanges(R"({"sex": {"new": "2", "old": "1"}})"),
            (std::vector<FieldChange>{{"sex", "1", "2"}}));
  EXPECT_EQ(DecodeChanges(R"({"name":{"old":"\u738b\ud83d\ude00","new":""}})"),
            (std::vector<FieldChange>{{"name", "王😀", ""}}));
}

TEST(ChangeCodec, R_SEC_5_text_it_did_not_write_is_refused) {
  for (const char* bad :
       {"", "[]", "{", R"({"name":"x"})", R"({"name":{"old":"a"}})",
        R"({"name":{"old":"a","new":"b","x":"c"}})", R"({"name":{"old":"a","new":1}})",
        R"({"name":{"old":"a","new":"b"}} x)", R"({"name":{"old":"\ud83d","new":""}})",
        R"({"name":{"old":"\q","new":""}})"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(DecodeChanges(bad), std::nullopt);
  }
}

}  // namespace
}  // namespace xueji::domain
