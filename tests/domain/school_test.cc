#include "domain/school.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

SchoolInput Valid() {
  return SchoolInput{"5201020001", "贵阳市南明区第一小学", "primary", "regular", "520102",
                     "520102"};
}

TEST(School, R_ORG_2_authority_is_the_county_or_its_city_or_province) {
  struct Case {
    const char* authority;
    bool ok;
  };
  const Case cases[] = {
      {"520102", true},   // the location county, the normal case
      {"520100", true},   // 市直管
      {"520000", true},   // 省直管
      {"", true},         // defaults to the county
      {"520103", false},  // another county
      {"110000", false},  // another province
      {"000000", false},  // the ministry is no record authority of a school
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.authority);
    SchoolInput in = Valid();
    in.authority_code = c.authority;
    Status s = ValidateSchool(in);
    EXPECT_EQ(s.ok(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(s.error().code, "SCHOOL_AUTHORITY");
    }
    if (c.ok && std::string(c.authority).empty()) {
      EXPECT_EQ(in.authority_code, "520102");
    }
  }
}

TEST(School, R_ORG_3_fields_are_checked) {
  struct Case {
    const char* what;
    void (*mutate)(SchoolInput&);
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"short code", [](SchoolInput& s) { s.code = "520102001"; }, "SCHOOL_CODE_FORMAT", "code"},
      {"letters in code", [](SchoolInput& s) { s.code = "52010200a1"; }, "SCHOOL_CODE_FORMAT",
       "code"},
      {"empty name", [](SchoolInput& s) { s.name = "  　 "; }, "REQUIRED", "name"},
      {"long name", [](SchoolInput& s) { s.name = std::string(61 * 3, 'a'); }, "TOO_LONG", "name"},
      {"bad utf8", [](SchoolInput& s) { s.name = "\xff\xfe"; }, "TEXT_ENCODING", "name"},
      {"unknown stage", [](SchoolInput& s) { s.stage = "college"; }, "SCHOOL_STAGE", "stage"},
      {"unknown type", [](SchoolInput& s) { s.type = "private"; }, "SCHOOL_TYPE", "type"},
      {"county is a province", [](SchoolInput& s) { s.county_code = "520000"; }, "SCHOOL_COUNTY",
       "county_code"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SchoolInput in = Valid();
    c.mutate(in);
    Status s = ValidateSchool(in);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, c.code);
    EXPECT_EQ(s.error().field, c.field);
  }
}

TEST(School, R_ORG_3_name_is_trimmed_of_ascii_and_full_width_spaces) {
  SchoolInput in = Valid();
  in.name = "　 贵阳市南明区第一小学 　";
  ASSERT_TRUE(ValidateSchool(in).ok());
  EXPECT_EQ(in.name, "贵阳市南明区第一小学");
}

TEST(School, R_SPEC_2025_specialized_school_replaces_reform_school) {
  SchoolInput in = Valid();
  in.type = "specialized";
  EXPECT_TRUE(ValidateSchool(in).ok());
  in.type = "reform";
  Status s = ValidateSchool(in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "SCHOOL_TYPE_HISTORICAL");
  ASSERT_NE(FindSchoolType("reform"), nullptr);
  EXPECT_TRUE(FindSchoolType("reform")->historical);
}

TEST(School, R_ORG_3_combined_stages_span_their_grades) {
  struct Case {
    const char* stage;
    const char* grade;
    bool ok;
  };
  const Case cases[] = {
      {"primary", "11", true},          {"primary", "21", false},
      {"junior", "23", true},           {"nine_year", "16", true},
      {"nine_year", "21", true},        {"nine_year", "31", false},
      {"complete_middle", "21", true},  {"complete_middle", "33", true},
      {"complete_middle", "11", false}, {"twelve_year", "11", true},
      {"twelve_year", "33", true},      {"primary", "99", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.stage) + " " + c.grade);
    ClassInput in{c.grade, "1班", "", 0};
    Status s = ValidateClass(*FindSchoolStage(c.stage), in);
    EXPECT_EQ(s.ok(), c.ok);
  }
}

TEST(School, R_POL_2_class_cap_defaults_to_the_national_norm) {
  ClassInput primary{"11", "1班", "", 0};
  ASSERT_TRUE(ValidateClass(*FindSchoolStage("primary"), primary).ok());
  EXPECT_EQ(primary.capacity, 45);
  ClassInput junior{"21", "1班", "", 0};
  ASSERT_TRUE(ValidateClass(*FindSchoolStage("junior"), junior).ok());
  EXPECT_EQ(junior.capacity, 50);
  ClassInput too_big{"21", "1班", "", kMaxClassCap + 1};
  Status s = ValidateClass(*FindSchoolStage("junior"), too_big);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "CLASS_CAPACITY");
  ClassInput negative{"21", "1班", "", -1};
  EXPECT_FALSE(ValidateClass(*FindSchoolStage("junior"), negative).ok());
}

TEST(School, R_POL_2_a_capacity_above_the_cap_in_force_is_refused_naming_it) {
  const ClassCaps caps = {{Stage::kPrimary, 40}};
  struct Case {
    const char* stage;
    const char* grade;
    int capacity;
    bool check_cap;
    int stored;        // the capacity after validation; 0 = refused
    const char* code;  // when refused
  };
  const Case cases[] = {
      {"primary", "11", 0, true, 40, ""},  // the default is the cap in force
      {"primary", "11", 40, true, 40, ""},
      {"primary", "11", 41, true, 0, "CLASS_CAP_ABOVE_POLICY"},
      {"primary", "11", 41, false, 41, ""},  // a capacity kept from before
      {"primary", "11", 101, false, 0, "CLASS_CAPACITY"},
      {"nine_year", "21", 50, true, 50, ""},  // junior: the national 50
      {"nine_year", "21", 51, true, 0, "CLASS_CAP_ABOVE_POLICY"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.grade) + " " + std::to_string(c.capacity));
    ClassInput in{c.grade, "1班", "", c.capacity};
    Status s = ValidateClass(*FindSchoolStage(c.stage), in, caps, c.check_cap);
    if (c.stored == 0) {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, c.code);
      EXPECT_EQ(s.error().field, "capacity");
    } else {
      ASSERT_TRUE(s.ok()) << s.error().message;
      EXPECT_EQ(in.capacity, c.stored);
    }
  }
  ClassInput above{"11", "1班", "", 43};
  Status s = ValidateClass(*FindSchoolStage("primary"), above, caps);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("40人"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("43人"), std::string::npos) << s.error().message;
}

TEST(School, Utf8LengthCountsCodePointsAndRejectsControlBytes) {
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("学籍"), 2);
  EXPECT_EQ(Utf8Length("\xe5\xad"), -1);
  EXPECT_EQ(Utf8Length(std::string("a\0b", 3)), -1);
}

}  // namespace
}  // namespace xueji::domain
