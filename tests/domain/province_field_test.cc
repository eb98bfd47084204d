#include "domain/province_field.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

// Two tiny code tables: yes_no and a province's own.
class Codes : public CodeLookup {
 public:
  Codes() {
    yes_no_ = CodeTable("yes_no", "是否", {{"0", "否", false}, {"1", "是", false}});
    bus_ = CodeTable("gz_bus", "校车线路", {{"A", "一号线", false}, {"B", "二号线", true}});
  }
  const CodeTable* Table(std::string_view id) const override {
    if (id == "yes_no") return &yes_no_;
    if (id == "gz_bus") return &bus_;
    return nullptr;
  }

 private:
  CodeTable yes_no_, bus_;
};

TEST(ProvinceField, R_SPEC_2025_definitions_are_checked_before_they_are_saved) {
  struct Case {
    ProvinceField field;
    const char* code;  // "" = accepted
  };
  const Case cases[] = {
      {{"bus_route", "乘坐校车线路", "code", "gz_bus"}, ""},
      {{"note", "备注", "text", "", false, 200}, ""},
      {{"Bus", "线路", "text"}, "FIELD_NAME"},
      {{"9lives", "线路", "text"}, "FIELD_NAME"},
      {{"bus", "", "text"}, "LABEL"},
      {{"bus", "线路", "number"}, "FIELD_KIND"},
      {{"bus", "线路", "code", "no_such_table"}, "CODE_TABLE_UNKNOWN"},
      {{"bus", "线路", "text", "", false, 0}, "MAX_LENGTH"},
  };
  Codes codes;
  for (auto c : cases) {
    SCOPED_TRACE(c.field.name + " " + c.field.kind);
    Status s = ValidateProvinceField(c.field, codes);
    if (*c.code == 0) {
      EXPECT_TRUE(s.ok()) << s.error().message;
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, c.code);
    }
  }
}

TEST(ProvinceField, R_SPEC_2025_values_are_validated_like_national_fields) {
  const std::vector<ProvinceField> fields = {
      {"bus_route", "乘坐校车线路", "code", "gz_bus", true},
      {"boarding", "是否寄宿", "yes_no"},
      {"medical_card", "医保卡办理日期", "date"},
      {"note", "备注", "text", "", false, 4},
  };
  struct Case {
    std::map<std::string, std::string> values;
    const char* code;   // "" = accepted
    const char* field;  // the first error's field
  };
  const Case cases[] = {
      {{{"bus_route", "A"}, {"boarding", "1"}}, "", ""},
      {{{"bus_route", " a "}}, "", ""},  // codes are normalized like the national ones
      {{}, "REQUIRED", "extra.bus_route"},
      {{{"bus_route", "B"}}, "CODE_VALUE_HISTORICAL", "extra.bus_route"},
      {{{"bus_route", "A"}, {"medical_card", "2026-02-30"}}, "DATE_FORMAT", "extra.medical_card"},
      {{{"bus_route", "A"}, {"note", "五个字太长"}}, "TOO_LONG", "extra.note"},
      {{{"bus_route", "A"}, {"shoe_size", "36"}}, "UNKNOWN_FIELD", "extra.shoe_size"},
  };
  Codes codes;
  for (auto c : cases) {
    SCOPED_TRACE(c.code);
    Status s = ValidateExtraValues(fields, c.values, codes);
    if (*c.code == 0) {
      EXPECT_TRUE(s.ok()) << s.error().code << " " << s.error().field;
    } else {
      ASSERT_FALSE(s.ok());
      bool found = false;
      for (const auto& e : s.error().details)
        found = found || (e.code == c.code && e.field == c.field);
      EXPECT_TRUE(found) << s.error().code << " " << s.error().field;
    }
  }
}

// Each detail as "field:code ", or "" when accepted.
std::string Details(const Status& s) {
  std::string out;
  if (s.ok()) return out;
  for (const auto& e : s.error().details) out += e.field + ":" + e.code + " ";
  return out;
}

TEST(ProvinceField, R_SPEC_2025_R_CHG_1_an_edit_keeps_what_the_record_held_and_checks_changes) {
  // The province now defines bus_route (required, B historical) and boarding;
  // the record was written when it also defined shoe_size.
  const std::vector<ProvinceField> fields = {
      {"bus_route", "乘坐校车线路", "code", "gz_bus", true},
      {"boarding", "是否寄宿", "yes_no"},
  };
  const std::map<std::string, std::string> stored = {{"bus_route", "B"}, {"shoe_size", "36"}};
  struct Case {
    const char* name;
    std::map<std::string, std::string> edited;
    std::string codes;  // "" = accepted
    std::map<std::string, std::string> after;
  };
  const Case cases[] = {
      {"unrelated edit",
       {{"bus_route", "B"}, {"shoe_size", "36"}, {"boarding", "1"}},
       "",
       {{"bus_route", "B"}, {"shoe_size", "36"}, {"boarding", "1"}}},
      {"retired value removed", {{"bus_route", "B"}, {"shoe_size", ""}}, "", {{"bus_route", "B"}}},
      {"retired value changed",
       {{"bus_route", "B"}, {"shoe_size", "37"}},
       "extra.shoe_size:UNKNOWN_FIELD ",
       {}},
      {"new unknown name",
       {{"bus_route", "B"}, {"shoe_size", "36"}, {"hat", "L"}},
       "extra.hat:UNKNOWN_FIELD ",
       {}},
      {"changed to a current code",
       {{"bus_route", " a "}, {"shoe_size", "36"}},
       "",
       {{"bus_route", "A"}, {"shoe_size", "36"}}},
      {"required cleared",
       {{"bus_route", ""}, {"shoe_size", "36"}},
       "extra.bus_route:REQUIRED ",
       {}},
      {"every error at once",
       {{"bus_route", ""}, {"boarding", "7"}, {"hat", "L"}},
       "extra.hat:UNKNOWN_FIELD extra.bus_route:REQUIRED extra.boarding:CODE_VALUE ",
       {}},
  };
  Codes codes;
  for (auto c : cases) {
    SCOPED_TRACE(c.name);
    Status s = ValidateEditedExtraValues(fields, c.edited, stored, codes);
    EXPECT_EQ(Details(s), c.codes);
    if (s.ok()) {
      EXPECT_EQ(c.edited, c.after);
    }
  }
  // A historical code the record did not hold is refused.
  std::map<std::string, std::string> chosen = {{"bus_route", "B"}};
  EXPECT_EQ(Details(ValidateEditedExtraValues(fields, chosen, {{"bus_route", "A"}}, codes)),
            "extra.bus_route:CODE_VALUE_HISTORICAL ");
}

TEST(ProvinceField, R_SPEC_2025_values_of_undefined_names_are_taken_out) {
  const std::vector<ProvinceField> fields = {{"boarding", "是否寄宿", "yes_no"}};
  std::map<std::string, std::string> values = {{"boarding", "1"}, {"shoe_size", "36"}};
  EXPECT_EQ(TakeUndefinedValues(fields, values),
            (std::map<std::string, std::string>{{"shoe_size", "36"}}));
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"boarding", "1"}}));
}

}  // namespace
}  // namespace xueji::domain
