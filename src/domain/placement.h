#pragma once

// 就读安置 (R-TR-12, 第十七条): a student who attends one school while the
// record stays at another — recorded at 调档 of a transfer that keeps the
// record at the sending school (domain/transfer.h, CheckRecordStays).
//
// A student has at most one active placement. It ends when the student goes
// back to the record school (entered by a registrar of either school), when a
// later transfer of the same kind places the student elsewhere, or when a
// transfer moves the record (调档). Status changes (休学, 毕业 …) leave it in
// place: the attending school sees the record's current status.
//
// Pure: today's date is a China Standard Time calendar date passed in.

#include <string_view>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

inline constexpr std::string_view kPlacementActive = "active";
inline constexpr std::string_view kPlacementEnded = "ended";

// Why an active placement ended.
enum class PlacementEnd {
  kReturned,     // back at the record school (entered by hand)
  kReplaced,     // a later placement at another school
  kRecordMoved,  // a transfer moved the record (调档)
};

// The end reason kept with the placement and in the record's history; for
// kReturned the registrar's own reason follows it.
std::string_view PlacementEndText(PlacementEnd why);

// R-TR-12: a placement since `since` ends on `ended_on`, a day from `since`
// to `today` (PLACEMENT_END_DATE, naming both).
Status CheckPlacementEnd(Date since, Date ended_on, Date today);

}  // namespace xueji::domain
