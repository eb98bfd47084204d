// 学籍状态 (SPEC §6): names round-trip, and which statuses are 在籍.

#include "domain/student_status.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(StudentStatus, NamesRoundTripAndMatchTheWebLabels) {
  const std::vector<std::tuple<StudentStatus, const char*, const char*, bool>> cases = {
      {StudentStatus::kPending, "pending", "未注册", false},
      {StudentStatus::kEnrolled, "enrolled", "在籍在读", true},
      {StudentStatus::kSuspended, "suspended", "休学", true},
      {StudentStatus::kDroppedOut, "dropped_out", "辍学", true},
      {StudentStatus::kAbroad, "abroad", "出国", true},
      {StudentStatus::kStopped, "stopped", "停学", true},
      {StudentStatus::kTransferredOut, "transferred_out", "转出", false},
      {StudentStatus::kGraduated, "graduated", "毕业", false},
      {StudentStatus::kWithdrawn, "withdrawn", "退学", false},
      {StudentStatus::kExpelled, "expelled", "开除", false},
      {StudentStatus::kDeceased, "deceased", "死亡", false},
  };
  for (const auto& [status, name, chinese, on_roll] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(StudentStatusName(status), name);
    EXPECT_EQ(StudentStatusChinese(status), chinese);
    EXPECT_EQ(ParseStudentStatus(name), status);
    EXPECT_EQ(IsOnRoll(status), on_roll);
  }
  EXPECT_FALSE(ParseStudentStatus("Enrolled").has_value());
  EXPECT_FALSE(ParseStudentStatus("").has_value());
}

}  // namespace
}  // namespace xueji::domain
