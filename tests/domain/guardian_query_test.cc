// The guardian query's pure rules (R-SVC-3, R-SEC-3): reading the number and
// the name typed, masking the name, and the rate limits.

#include "domain/guardian_query.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

const Date kToday{2026, 9, 10};

Instant At(const char* text) { return *ParseInstant(text); }

TEST(GuardianQuery, R_SVC_3_reads_a_student_number_or_an_id_number) {
  struct Case {
    const char* input;
    GuardianNumberKind kind;
    const char* text;
  };
  const Case cases[] = {
      {"G520102201909010018", GuardianNumberKind::kStudentNumber, "G520102201909010018"},
      {"g5201 0220 1909 0100 18", GuardianNumberKind::kStudentNumber, "G520102201909010018"},
      {"Ｇ５２０１０２２０１９０９０１００１８", GuardianNumberKind::kStudentNumber,
       "G520102201909010018"},
      {"520102201909010018", GuardianNumberKind::kIdNumber, "520102201909010018"},
      {"52010220190901123x", GuardianNumberKind::kIdNumber, "52010220190901123X"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto n = ParseGuardianNumber(c.input, kToday);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(n->kind, c.kind);
    EXPECT_EQ(n->text, c.text);
  }
}

TEST(GuardianQuery, R_SVC_3_refuses_a_malformed_number_before_any_lookup) {
  struct Case {
    const char* input;
    const char* code;
  };
  const Case cases[] = {
      {"", "REQUIRED"},
      {"   ", "REQUIRED"},
      {"12345", "GUARDIAN_NUMBER_FORMAT"},
      {"G52010220190901001834", "GUARDIAN_NUMBER_FORMAT"},
      {"X520102201909010018", "STUDENT_NUMBER_PREFIX"},
      {"520102201909010013", "ID_CHECKSUM"},
      {"52010220190901001Y", "ID_FORMAT"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto n = ParseGuardianNumber(c.input, kToday);
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().code, c.code);
    EXPECT_EQ(n.error().field, "number");
    EXPECT_EQ(n.error().kind, ErrorKind::kInvalid);
  }
}

TEST(GuardianQuery, R_SVC_3_reads_a_name_as_the_record_stores_it) {
  struct Case {
    const char* input;
    const char* name;
  };
  const Case cases[] = {
      {"王小明", "王小明"},          {" 王 小明 ", "王小明"},
      {"王　小　明", "王小明"},      {"買買提・艾力", "買買提·艾力"},
      {"John  Smith", "John Smith"}, {"ＪＯＨＮ Smith", "JOHN Smith"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto n = ParseGuardianName(c.input);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, c.name);
  }
  for (const char* bad : {"", "王小明1", "<script>"}) {
    SCOPED_TRACE(bad);
    auto n = ParseGuardianName(bad);
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().field, "name");
  }
}

TEST(GuardianQuery, R_SVC_3_R_SEC_3_masks_the_name) {
  struct Case {
    const char* name;
    const char* masked;
  };
  const Case cases[] = {
      {"王小明", "王*明"},
      {"张三", "张*"},
      {"欧阳小明", "欧**明"},
      {"李", "*"},
      {"买买提·艾力", "买**·*力"},
      {"John Smith", "J*** ****h"},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(MaskPersonName(c.name), c.masked);
  }
}

TEST(GuardianQuery, R_SVC_3_counts_attempts_in_a_sliding_window) {
  const Instant now = At("2026-09-10T10:00:00+08:00");
  const RateLimit five_in_ten{5, 10};
  struct Case {
    const char* name;
    std::vector<int> minutes_ago;
    std::optional<int> allowed_in_minutes;  // nullopt: allowed now
  };
  const Case cases[] = {
      {"no attempts", {}, std::nullopt},
      {"four in the window", {1, 2, 3, 4}, std::nullopt},
      {"five in the window", {1, 2, 3, 4, 9}, 1},
      {"six, the fifth newest decides", {0, 1, 2, 3, 6, 9}, 4},
      {"one of five left the window", {1, 2, 3, 4, 10}, std::nullopt},
      {"old ones do not count", {1, 2, 3, 4, 11, 12, 30}, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Instant> attempts;
    for (int m : c.minutes_ago) attempts.push_back(AddMinutes(now, -m));
    auto until = RateLimitedUntil(attempts, five_in_ten, now);
    if (!c.allowed_in_minutes) {
      EXPECT_FALSE(until.has_value());
    } else {
      ASSERT_TRUE(until.has_value());
      EXPECT_EQ(*until, AddMinutes(now, *c.allowed_in_minutes));
      // At that instant the attempts allow one more.
      EXPECT_FALSE(RateLimitedUntil(attempts, five_in_ten, *until).has_value());
    }
  }
}

TEST(GuardianQuery, R_SVC_3_the_refusals_name_what_to_do) {
  const Instant half_a_second_past{At("2026-09-10T10:11:59+08:00").micros + 500'000};
  Error limited = GuardianRateLimited(At("2026-09-10T10:20:00+08:00"), half_a_second_past);
  EXPECT_EQ(limited.kind, ErrorKind::kRateLimited);
  EXPECT_EQ(limited.retry_after_seconds, 481);  // 480.5 s, rounded up
  EXPECT_EQ(limited.code, "RATE_LIMITED");
  EXPECT_NE(limited.message.find("2026-09-10 10:20:00"), std::string::npos) << limited.message;
  Error none = GuardianNoMatch();
  EXPECT_EQ(none.kind, ErrorKind::kNotFound);
  EXPECT_NE(none.message.find("未找到匹配的学生信息"), std::string::npos);
}

TEST(GuardianQuery, R_TR_2_names_who_holds_a_step_and_its_state) {
  EXPECT_EQ(GuardianHolderRole(Role::kSchoolApprover), "学校审核人");
  EXPECT_EQ(GuardianHolderRole(Role::kCountyRegistrar), "学籍主管部门");
  EXPECT_EQ(GuardianHolderRole(Role::kProvinceRegistrar), "学籍主管部门");
  EXPECT_EQ(StepStateChinese(StepState::kOpen), "审核中");
  EXPECT_EQ(StepStateChinese(StepState::kRefused), "不同意");
  EXPECT_EQ(RequestStateChinese(RequestState::kOpen), "办理中");
  EXPECT_EQ(RequestStateChinese(RequestState::kApproved), "已通过");
}

}  // namespace
}  // namespace xueji::domain
