#include "domain/student_number.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

const Date kToday{2026, 11, 23};

TEST(StudentNumber, R_NO_3_formal_number_is_G_and_the_id_number) {
  auto id = ParseIdNumber("52010220190901123x", kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(FormalNumber(*id), "G52010220190901123X");
}

TEST(StudentNumber, R_NO_2_temporary_number_is_never_a_valid_id_number) {
  // Every one of the 10,000 random tails, for a few birth dates: the 18
  // characters after L must fail the GB 11643 check.
  for (Date birth : {Date{2019, 9, 1}, Date{2018, 2, 28}, Date{2020, 2, 29}}) {
    SCOPED_TRACE(FormatDate(birth));
    for (uint32_t r = 0; r < 10000; ++r) {
      std::string l = TemporaryNumber("520102", birth, r);
      ASSERT_EQ(l.size(), 19u);
      ASSERT_EQ(l[0], 'L');
      ASSERT_NE(l[18], IdCheckCharacter(std::string_view(l).substr(1, 17))) << l;
      ASSERT_FALSE(ParseIdNumber(l.substr(1), kToday).ok()) << l;
      auto parsed = ParseStudentNumber(l);
      ASSERT_TRUE(parsed.ok()) << l;
      ASSERT_EQ(parsed->kind, StudentNumberKind::kTemporary);
    }
  }
  EXPECT_EQ(TemporaryNumber("520102", {2019, 9, 1}, 1234).substr(0, 15), "L52010220190901");
}

TEST(StudentNumber, R_NO_4_J_number_carries_a_gb_11643_check_character) {
  std::string j = NoIdNumber("520102", {2019, 9, 1}, 7);
  EXPECT_EQ(j, "J52010220190901007" + std::string(1, IdCheckCharacter("52010220190901007")));
  auto parsed = ParseStudentNumber(j);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->kind, StudentNumberKind::kNoIdNumber);
}

TEST(StudentNumber, R_NO_7a_typed_numbers_are_normalized_or_refused) {
  struct Case {
    const char* input;
    const char* code;  // "" = accepted
    const char* normalized;
  };
  const Case cases[] = {
      {"G52010220190901123X", "", "G52010220190901123X"},
      {"g52010220190901123x", "", "G52010220190901123X"},  // lower case
      {" G 520102 20190901 123X", "", "G52010220190901123X"},
      {"Ｇ５２０１０２２０１９０９０１１２３Ｘ", "", "G52010220190901123X"},  // full width
      {"G52010220190901123", "STUDENT_NUMBER_FORMAT", ""},
      {"X52010220190901123X", "STUDENT_NUMBER_PREFIX", ""},
      {"G5201022019090112AX", "STUDENT_NUMBER_FORMAT", ""},
      {"L52010220190901123X", "STUDENT_NUMBER_FORMAT", ""},  // L never ends in X
      {"G52010220190931123X", "STUDENT_NUMBER_DATE", ""},
      {"G520102201909011230", "STUDENT_NUMBER_CHECK", ""},
      {"L52010220190901123X", "STUDENT_NUMBER_FORMAT", ""},
      {"L520102201909011248", "STUDENT_NUMBER_CHECK", ""},  // a valid ID: not an L number
      {"", "STUDENT_NUMBER_FORMAT", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto n = ParseStudentNumber(c.input);
    if (std::string(c.code).empty()) {
      ASSERT_TRUE(n.ok()) << n.error().message;
      EXPECT_EQ(n->text, c.normalized);
    } else {
      ASSERT_FALSE(n.ok());
      EXPECT_EQ(n.error().code, c.code);
      EXPECT_EQ(n.error().field, "student_number");
    }
  }
}

}  // namespace
}  // namespace xueji::domain
