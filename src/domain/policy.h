#pragma once

// Province policy (SPEC §13: R-POL-1..7; 第十一条, 第二十九条): values, never
// constants. The ministry's national values come first; a province's layer
// may set its own; its cities and then its counties inherit what is above
// them and may only narrow it (R-POL-1):
//  - class-size caps per stage (R-POL-2): never above the level above;
//  - enabled status-change types (R-POL-4): a subset of the level above's;
//  - which side initiates transfers, the enrollment cut-off day and its grace
//    month (R-POL-4, R-POL-5): the province's alone;
//  - a transfer's approval chain — the extra levels that approve on each
//    side and whether the steps run in a fixed order (R-POL-4): the
//    province's alone, one procedure for the whole province;
//  - transfer seasons (R-POL-4), the days of the year on which a transfer may
//    start: a city or county may only keep days inside the seasons above;
//  - deadlines (a transfer step and a review step in working days,
//    registering and shipping the paper archive in months): never longer than
//    the level above's;
//  - freeze windows in which no transfer may start (R-TR-6, R-POL-6, R-POL-7):
//    the ministry sets each year's national window; lower levels only add
//    windows of their own.
// A layer that would widen anything is refused, naming the value above and
// the one asked for. The key-data field set (R-POL-3) is the province's data
// too, kept with the key-data rules (domain/key_data.h, province_key_field).
//
// Pure: dates are China Standard Time calendar dates (R-CAL-2).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/org.h"
#include "domain/result.h"
#include "domain/school.h"
#include "domain/time.h"

namespace xueji::domain {

enum class TransferInitiator { kReceiving, kSending };

// An inclusive range of days, e.g. the freeze 07-15..08-14.
struct DayRange {
  Date first;
  Date last;
  bool Contains(Date d) const { return first <= d && d <= last; }
  bool operator==(const DayRange&) const = default;
};

// The status-change types (R-ST-1) a province may enable.
const std::set<std::string>& StatusChangeTypes();  // suspend, resume, abroad, …
// 休学, 复学 … for a type of StatusChangeTypes(); "" for any other.
const std::string& StatusChangeLabel(const std::string& type);

// "primary" | "junior" | "senior": how policies name a stage.
std::string_view StageKey(Stage s);
std::optional<Stage> ParseStageKey(std::string_view key);

// A range of days repeating every year, e.g. 08-15..12-14 (inclusive).
struct MonthDayRange {
  int first_month = 1, first_day = 1, last_month = 12, last_day = 31;
  bool Contains(Date d) const;
  std::string Format() const;  // "08-15至12-14"
  bool operator==(const MonthDayRange&) const = default;
};

// R-POL-4: an authority level a province may add to a transfer's chain on
// each side, above the school's record authority.
const std::set<OrgLevel>& TransferChainLevels();  // kCity, kProvince

// "MM-DD..MM-DD" ↔ MonthDayRange (a range inside one calendar year).
std::string FormatMonthDayRange(const MonthDayRange& r);
std::optional<MonthDayRange> ParseMonthDayRange(std::string_view text);

// What one level sets; an absent value (or an empty map) inherits.
struct PolicyLayer {
  std::map<Stage, int> class_caps;                             // R-POL-2
  std::optional<std::set<std::string>> status_changes;         // R-POL-4
  std::optional<TransferInitiator> transfer_initiator;         // R-POL-4: province only
  std::optional<int> enrollment_cutoff_month;                  // R-POL-5: province only
  std::optional<int> enrollment_cutoff_day;                    //   (both or neither)
  std::optional<int> enrollment_grace_months;                  // R-POL-5: province only, 0 or 1
  std::optional<std::set<OrgLevel>> transfer_chain_levels;     // R-POL-4: province only
  std::optional<bool> transfer_chain_ordered;                  // R-POL-4: province only
  std::optional<std::vector<MonthDayRange>> transfer_seasons;  // R-POL-4: [] = any day
  std::optional<int> review_step_working_days;    // registration, key change, status change
  std::optional<int> transfer_step_working_days;  // R-TR-2
  std::optional<int> registration_months;         // one month to register
  std::optional<int> archive_shipping_months;     // R-TR-3: one month to ship
  std::map<int, DayRange> national_freezes;       // R-POL-7: ministry only, by year
  std::vector<DayRange> extra_freezes;            // R-POL-6: added by lower levels
};

// The policy in force at one organization: every value set.
struct Policy {
  std::map<Stage, int> class_caps;
  std::set<std::string> status_changes;
  TransferInitiator transfer_initiator = TransferInitiator::kReceiving;
  int enrollment_cutoff_month = 8;
  int enrollment_cutoff_day = 31;
  // R-POL-5: months after the cut-off day a child may still be born to enter
  // first grade that year (0: none; 1: the grace month).
  int enrollment_grace_months = 0;
  // R-POL-4: the levels (city, province) that approve a transfer on each side
  // besides the school and its record authority, for transfers between
  // counties (in-province and cross-province); none by default (R-TR-2's four
  // steps). An authority shared by both sides approves once for both.
  std::set<OrgLevel> transfer_chain_levels;
  // R-POL-4: steps in the fixed order 转入学校 → 转入县 → 转入市 → 转入省 →
  // 转出学校 → 转出县 → 转出市 → 转出省; any order by default (R-TR-2).
  bool transfer_chain_ordered = false;
  // R-POL-4: the days of the year on which a transfer may start (e.g. the two
  // months after each semester's start); empty: any day outside the freezes.
  std::vector<MonthDayRange> transfer_seasons;
  int transfer_step_working_days = 10;
  // Each step of a registration, a key-data change and a status change.
  int review_step_working_days = 10;
  int registration_months = 1;
  int archive_shipping_months = 1;
  std::map<int, DayRange> national_freezes;  // years the ministry set; others use the default
  std::vector<DayRange> extra_freezes;
  // R-TR-8: when a cross-province progression after graduation may start.
  std::vector<MonthDayRange> progression_windows = {{8, 15, 12, 14}, {3, 1, 5, 31}};

  // R-POL-2
  int ClassCap(Stage stage) const;
  // R-TR-6, R-POL-6, R-POL-7: the freeze window containing `day` (the year's
  // national window — 07-15..08-14 unless the ministry set another — or one
  // a level added), if any.
  std::optional<DayRange> FreezeOn(Date day) const;
  // R-TR-8: whether a cross-province progression may start on `day`.
  bool ProgressionOpenOn(Date day) const;
  // R-POL-4: whether `day` is in a transfer season (always, without seasons).
  bool TransferSeasonOn(Date day) const;
  // R-POL-5: the last birth day (inclusive) for first grade in `intake_year`:
  // the cut-off day of intake_year − 6, plus the grace months.
  Date FirstGradeCutoff(int intake_year) const;
};

// The ministry's values before any layer: caps 45/50/50 (R-POL-2), every
// status-change type, the receiving side initiates (R-TR-1), cut-off 08-31
// (R-POL-5) without a grace month, the four transfer steps of R-TR-2 in any
// order in every season, 10 working days per transfer step and per review
// step, one month each to register and to ship the archive.
Policy NationalDefaults();

// R-POL-1: `above` narrowed by the layer of an organization at `level`
// (kMinistry sets the national values; kProvince may set anything but the
// national freezes; kCity and kCounty only narrow). Errors name the field
// ("class_caps.primary", "status_changes", "transfer_initiator", …), all of
// them in details: POLICY_WIDENS (with the value above and the one asked
// for), POLICY_PROVINCE_ONLY, POLICY_MINISTRY_ONLY, POLICY_VALUE (out of
// range, unknown type, bad window).
Result<Policy> ApplyLayer(const Policy& above, const PolicyLayer& layer, OrgLevel level);

}  // namespace xueji::domain
