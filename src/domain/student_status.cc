#include "domain/student_status.h"

#include <array>
#include <utility>

namespace xueji::domain {
namespace {

struct StatusInfo {
  StudentStatus status;
  std::string_view name;
  std::string_view chinese;
};

constexpr std::array<StatusInfo, 14> kStatuses = {{
    {StudentStatus::kPending, "pending", "未注册"},
    {StudentStatus::kEnrolled, "enrolled", "在籍在读"},
    {StudentStatus::kSuspended, "suspended", "休学"},
    {StudentStatus::kDroppedOut, "dropped_out", "辍学"},
    {StudentStatus::kAbroad, "abroad", "出国"},
    {StudentStatus::kStopped, "stopped", "停学"},
    {StudentStatus::kTransferredOut, "transferred_out", "转出"},
    {StudentStatus::kGraduated, "graduated", "毕业"},
    {StudentStatus::kCompleted, "completed", "结业"},
    {StudentStatus::kIncomplete, "incomplete", "肄业"},
    {StudentStatus::kWithdrawn, "withdrawn", "退学"},
    {StudentStatus::kExpelled, "expelled", "开除"},
    {StudentStatus::kDeceased, "deceased", "死亡"},
    {StudentStatus::kCancelled, "cancelled", "已注销"},
}};

const StatusInfo& Info(StudentStatus s) {
  for (const auto& info : kStatuses) {
    if (info.status == s) return info;
  }
  return kStatuses.front();
}

}  // namespace

std::string_view StudentStatusName(StudentStatus s) { return Info(s).name; }
std::string_view StudentStatusChinese(StudentStatus s) { return Info(s).chinese; }

std::optional<StudentStatus> ParseStudentStatus(std::string_view name) {
  for (const auto& info : kStatuses) {
    if (info.name == name) return info.status;
  }
  return std::nullopt;
}

bool IsOnRoll(StudentStatus s) {
  return s == StudentStatus::kEnrolled || s == StudentStatus::kSuspended ||
         s == StudentStatus::kDroppedOut || s == StudentStatus::kAbroad ||
         s == StudentStatus::kStopped;
}

}  // namespace xueji::domain
