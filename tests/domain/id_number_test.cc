#include "domain/id_number.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

const Date kToday{2026, 11, 23};

TEST(IdNumber, R_INFO_1_check_character_follows_gb_11643) {
  struct Case {
    const char* first17;
    char check;
  };
  // The first two are the examples printed in GB 11643-1999 itself.
  const Case cases[] = {
      {"11010519491231002", 'X'}, {"44052418800101001", '4'}, {"52010220190901123", 'X'},
      {"52010220190901124", '8'}, {"11010120200229001", '7'}, {"65010219990101555", '0'},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.first17);
    EXPECT_EQ(IdCheckCharacter(c.first17), c.check);
  }
}

TEST(IdNumber, R_INFO_1_valid_numbers_parse_with_birth_date_and_sex) {
  struct Case {
    const char* input;
    const char* normalized;
    Date birth;
    Sex sex;
  };
  const Case cases[] = {
      {"11010519491231002X", "11010519491231002X", {1949, 12, 31}, Sex::kFemale},
      {"11010519491231002x", "11010519491231002X", {1949, 12, 31}, Sex::kFemale},  // lower-case x
      {"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", {1949, 12, 31}, Sex::kFemale},
      {" 520102 20190901 123X ", "52010220190901123X", {2019, 9, 1}, Sex::kMale},  // stray spaces
      {"520102201909011248", "520102201909011248", {2019, 9, 1}, Sex::kFemale},
      {"110101202002290017", "110101202002290017", {2020, 2, 29}, Sex::kMale},  // leap day
      {"440524188001010014", "440524188001010014", {1880, 1, 1}, Sex::kMale},  // GB 11643's example
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto id = ParseIdNumber(c.input, kToday);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(id->normalized, c.normalized);
    EXPECT_EQ(id->birth, c.birth);
    EXPECT_EQ(id->sex, c.sex);
    EXPECT_EQ(id->division, std::string(c.normalized).substr(0, 6));
  }
}

TEST(IdNumber, R_INFO_1_bad_numbers_are_refused_with_a_reason) {
  struct Case {
    const char* input;
    const char* code;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "ID_REQUIRED", "请填写"},
      {"   ", "ID_REQUIRED", "请填写"},
      {"110105491231002", "ID_OLD_15", "15位"},
      {"11010519491231002", "ID_FORMAT", "18位"},
      {"11010519491231002XX", "ID_FORMAT", "18位"},
      {"1101051949123100AX", "ID_FORMAT", "18位"},
      {"11010519491231002Y", "ID_FORMAT", "18位"},
      {"810000199001010011", "ID_HMT_RESIDENCE_PERMIT", "港澳台居民居住证"},
      {"830000199001010011", "ID_HMT_RESIDENCE_PERMIT", "港澳台居民居住证"},
      {"990101199001010011", "ID_PROVINCE", "99"},
      {"000101199001010011", "ID_PROVINCE", "00"},
      {"110101201902290011", "ID_BIRTH_DATE", "20190229"},  // 2019 is no leap year
      {"110101201913010011", "ID_BIRTH_DATE", "不是有效日期"},
      {"110101179912310011", "ID_BIRTH_DATE", "不是有效日期"},
      {"520102202701010019", "ID_BIRTH_FUTURE", "晚于今天"},
      {"110105194912310021", "ID_CHECKSUM", "应为 X"},
      {"440524188001010015", "ID_CHECKSUM", "应为 4"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto id = ParseIdNumber(c.input, kToday, "guardian_id");
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, c.code);
    EXPECT_EQ(id.error().field, "guardian_id");
    EXPECT_NE(id.error().message.find(c.message_part), std::string::npos) << id.error().message;
  }
}

TEST(IdNumber, R_INFO_1_abolished_division_codes_stay_valid) {
  // 110103 (崇文区) was merged into 东城区 in 2010: its numbers are valid for life.
  std::string first17 = "11010319900101001";
  auto with_check = ParseIdNumber(first17 + IdCheckCharacter(first17), kToday);
  EXPECT_TRUE(with_check.ok());
}

TEST(IdNumber, R_INFO_1_number_must_agree_with_birth_date_and_sex) {
  auto id = ParseIdNumber("52010220190901123X", kToday);
  ASSERT_TRUE(id.ok());
  struct Case {
    std::optional<Date> birth;
    std::optional<Sex> sex;
    const char* code;
  };
  const Case cases[] = {
      {Date{2019, 9, 1}, Sex::kMale, ""},
      {std::nullopt, std::nullopt, ""},
      {Date{2019, 9, 2}, Sex::kMale, "ID_BIRTH_MISMATCH"},
      {Date{2019, 9, 1}, Sex::kFemale, "ID_SEX_MISMATCH"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    Status s = CheckIdAgainstRecord(*id, c.birth, c.sex);
    EXPECT_EQ(s.ok() ? "" : s.error().code, std::string(c.code));
  }
}

TEST(IdNumber, R_SEC_3_masks_the_birth_date_and_sequence) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"11010119900307123X", "110101********123X"},
      {"E12345678", "E1*****78"},
      {"AB12", "****"},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(MaskIdNumber(c.in), c.out);
  }
}

}  // namespace
}  // namespace xueji::domain
