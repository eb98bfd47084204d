#include "domain/guardian_query.h"

#include <algorithm>

#include "domain/id_number.h"
#include "domain/person_name.h"
#include "domain/student_number.h"
#include "domain/text.h"

namespace xueji::domain {
namespace {

bool IsSpace(int32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

// ASCII and full-width Latin letters: a foreign name keeps its spaces.
bool IsLatinLetter(int32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}

bool KeptInMask(int32_t cp) { return cp == 0x00B7 || cp == ' ' || cp == '-'; }

}  // namespace

// R-SVC-3
Result<GuardianNumber> ParseGuardianNumber(std::string_view input, Date today) {
  std::string text = CompactCode(input);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  if (text.empty()) return Invalid("REQUIRED", "number", "请输入学籍号或身份证号码");
  if (text.size() == 19) {
    XUEJI_ASSIGN_OR_RETURN(auto number, ParseStudentNumber(text, "number"));
    return GuardianNumber{GuardianNumberKind::kStudentNumber, number.text};
  }
  if (text.size() == 18) {
    XUEJI_ASSIGN_OR_RETURN(auto id, ParseIdNumber(text, today, "number"));
    return GuardianNumber{GuardianNumberKind::kIdNumber, id.normalized};
  }
  return Invalid("GUARDIAN_NUMBER_FORMAT", "number", "请输入19位学籍号或18位居民身份证号码");
}

// R-SVC-3, R-INFO-5
Result<std::string> ParseGuardianName(std::string_view input) {
  bool latin = false;
  for (size_t i = 0; i < input.size();) {
    if (IsLatinLetter(NextCodePoint(input, i))) latin = true;
  }
  if (latin) return NormalizePersonName(input, "name");
  std::string joined;
  for (size_t i = 0; i < input.size();) {
    size_t start = i;
    if (!IsSpace(NextCodePoint(input, i))) joined.append(input.substr(start, i - start));
  }
  return NormalizePersonName(joined, "name");
}

// R-SVC-3, R-SEC-3
std::string MaskPersonName(std::string_view name) {
  std::vector<std::string> chars;
  std::vector<int32_t> cps;
  for (size_t i = 0; i < name.size();) {
    size_t start = i;
    cps.push_back(NextCodePoint(name, i));
    chars.emplace_back(name.substr(start, i - start));
  }
  if (chars.empty()) return "";
  if (chars.size() == 1) return "*";
  std::string out = chars.front();
  size_t last = chars.size() == 2 ? chars.size() : chars.size() - 1;
  for (size_t i = 1; i < last; ++i) out += KeptInMask(cps[i]) ? chars[i] : "*";
  if (chars.size() > 2) out += chars.back();
  return out;
}

// R-SVC-3
std::optional<Instant> RateLimitedUntil(std::vector<Instant> attempts, RateLimit limit,
                                        Instant now) {
  Instant since = AddMinutes(now, -limit.window_minutes);
  std::erase_if(attempts, [&](Instant t) { return t <= since || t > now; });
  if (static_cast<int>(attempts.size()) < limit.max) return std::nullopt;
  std::sort(attempts.begin(), attempts.end(), std::greater<>());
  // Allowed again once the max-th newest attempt has left the window.
  return AddMinutes(attempts[static_cast<size_t>(limit.max) - 1], limit.window_minutes);
}

// R-SVC-3
Error GuardianRateLimited(Instant retry_at, Instant now) {
  Error e{ErrorKind::kRateLimited, "RATE_LIMITED", "",
          "查询过于频繁，请于 " + FormatCst(retry_at) + "（北京时间）后再试"};
  // Rounded up: a client waiting this long finds the window passed.
  e.retry_after_seconds = std::max<int64_t>(
      1, (retry_at.micros - now.micros + kMicrosPerSecond - 1) / kMicrosPerSecond);
  return e;
}

// R-SVC-3
Error GuardianNoMatch() {
  return Error{ErrorKind::kNotFound, "GUARDIAN_NO_MATCH", "",
               "未找到匹配的学生信息，请核对学籍号（或身份证号码）和学生姓名"};
}

std::string_view GuardianHolderRole(Role role) {
  switch (role) {
    case Role::kSchoolRegistrar:
    case Role::kSchoolApprover:
    case Role::kHeadTeacher:
      return RoleChinese(role);
    default:
      return "学籍主管部门";
  }
}

std::string_view StepStateChinese(StepState s) {
  switch (s) {
    case StepState::kWaiting:
      return "待开始";
    case StepState::kOpen:
      return "审核中";
    case StepState::kApproved:
      return "已同意";
    case StepState::kRefused:
      return "不同意";
    case StepState::kClosed:
      return "未审核";
  }
  return "";
}

std::string_view RequestStateChinese(RequestState s) {
  switch (s) {
    case RequestState::kOpen:
      return "办理中";
    case RequestState::kApproved:
      return "已通过";
    case RequestState::kRefused:
      return "未通过";
    case RequestState::kCancelled:
      return "已撤回";
  }
  return "";
}

}  // namespace xueji::domain
