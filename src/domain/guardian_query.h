#pragma once

// The guardian query (R-SVC-3): a guardian proves knowledge of a student's
// 学籍号 (or 居民身份证 number) and name, and sees the school, grade, class and
// status — with the name masked — and the progress of a transfer. Nothing
// else of the record leaves. The rules here are pure: what the guardian
// typed, how a name is masked, how many tries a client and a number get, and
// the Chinese words of the tracker.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/role.h"
#include "domain/time.h"
#include "domain/workflow.h"

namespace xueji::domain {

// What the guardian identifies the student by.
enum class GuardianNumberKind { kStudentNumber, kIdNumber };

struct GuardianNumber {
  GuardianNumberKind kind = GuardianNumberKind::kStudentNumber;
  std::string text;  // normalized: the 19-character 学籍号 or the 18-character ID number
};

// R-SVC-3: reads the number typed: spaces and full-width forms removed, lower
// case raised; 19 characters are a 学籍号 (ParseStudentNumber's checks), 18 an
// ID number (ParseIdNumber's checks against `today`). Empty is
// REQUIRED; any other length is GUARDIAN_NUMBER_FORMAT — all on "number". A
// malformed number says nothing about any record, so it is refused before
// any lookup, with the precise reason.
Result<GuardianNumber> ParseGuardianNumber(std::string_view input, Date today);

// R-SVC-3, R-INFO-5: the name typed, in the stored form of a name
// (NormalizePersonName), with every space between Chinese characters removed
// ("王 小明" and "王　小明" are 王小明). Errors on "name".
Result<std::string> ParseGuardianName(std::string_view input);

// R-SVC-3, R-SEC-3: a name for the public page: the first and the last
// character kept, the others replaced by '*' ("王小明" → "王*明", "欧阳小明"
// → "欧**明"); a two-character name keeps its first ("张三" → "张*"). The
// separators "·", space and "-" of minority and foreign names stay.
std::string MaskPersonName(std::string_view name);

// At most `max` counted attempts in any `window_minutes`.
struct RateLimit {
  int max = 0;
  int64_t window_minutes = 0;
};

// R-SVC-3: the rate limits of the public query. Failed tries (the number and
// name matched no record) per client and per number, and answered queries per
// client.
inline constexpr RateLimit kGuardianFailuresPerClient{5, 10};
inline constexpr RateLimit kGuardianFailuresPerNumber{5, 10};
inline constexpr RateLimit kGuardianQueriesPerClient{30, 60};
// The longest window: older attempts may be forgotten.
inline constexpr int64_t kGuardianAttemptHorizonMinutes = 60;

// R-SVC-3: given the instants of the counted attempts (any order; those
// outside the window are ignored), the instant from which one more attempt is
// allowed, or nullopt when it is allowed at `now`. An attempt counts while it
// lies in (now - window, now].
std::optional<Instant> RateLimitedUntil(std::vector<Instant> attempts, RateLimit limit,
                                        Instant now);

// R-SVC-3: the refusal of a query over a limit: kRateLimited RATE_LIMITED,
// naming the time (China Standard Time) from which to try again, with the
// seconds to wait from `now` (sent as Retry-After).
Error GuardianRateLimited(Instant retry_at, Instant now);

// R-SVC-3: the one answer to a number and name that match no registered
// record, whichever of the two was wrong: kNotFound GUARDIAN_NO_MATCH,
// "未找到匹配的学生信息".
Error GuardianNoMatch();

// How the tracker names who holds a step: the school roles by their Chinese
// title (学校审核人), the registrars of the authorities as 学籍主管部门.
std::string_view GuardianHolderRole(Role role);

// The tracker's Chinese words for the states (R-TR-2).
std::string_view StepStateChinese(StepState s);  // 待开始, 审核中, 已同意, 不同意, 未审核
std::string_view RequestStateChinese(RequestState s);  // 办理中, 已通过, 未通过, 已撤回

// How long an ended transfer stays on the tracker.
inline constexpr int kGuardianEndedTransferDays = 30;

}  // namespace xueji::domain
