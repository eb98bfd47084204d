#pragma once

// 学籍状态 (SPEC §6): what a record's `status` column holds once it is
// registered ("pending" before). 在籍在读 is kEnrolled; 在籍不在读 are
// suspended (休学), dropped out (辍学), abroad (出国) and stopped (停学); the
// others are 不在籍 — the record is no longer at a school as a pupil.

#include <optional>
#include <string_view>

namespace xueji::domain {

enum class StudentStatus {
  kPending,         // 未注册: not yet approved (R-REG-2)
  kEnrolled,        // 在籍在读
  kSuspended,       // 休学 (R-ST-2)
  kDroppedOut,      // 辍学 (R-ST-5)
  kAbroad,          // 出国 (R-ST-3)
  kStopped,         // 停学
  kTransferredOut,  // 转出
  kGraduated,       // 毕业
  kCompleted,       // 结业
  kIncomplete,      // 肄业
  kWithdrawn,       // 退学
  kExpelled,        // 开除
  kDeceased,        // 死亡 (R-ST-4)
  kCancelled,       // 已注销
};

std::string_view StudentStatusName(StudentStatus s);     // "enrolled", "suspended" …
std::string_view StudentStatusChinese(StudentStatus s);  // 在籍在读, 休学 …
std::optional<StudentStatus> ParseStudentStatus(std::string_view name);

// 在籍: enrolled, suspended, dropped out, abroad, stopped.
bool IsOnRoll(StudentStatus s);

}  // namespace xueji::domain
