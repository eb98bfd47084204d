#pragma once

// Province policy (SPEC §13: R-POL-1..7; 第十一条, 第二十九条): values, never
// constants. The ministry's national values come first; a province's layer
// may set its own; its cities and then its counties inherit what is above
// them and may only narrow it (R-POL-1):
//  - class-size caps per stage (R-POL-2): never above the level above;
//  - enabled status-change types (R-POL-4): a subset of the level above's;
//  - which side initiates transfers and the enrollment cut-off day (R-POL-4,
//    R-POL-5): the province's alone;
//  - deadlines (a transfer step in working days, registering and shipping the
//    paper archive in months): never longer than the level above's;
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

// What one level sets; an absent value (or an empty map) inherits.
struct PolicyLayer {
  std::map<Stage, int> class_caps;                      // R-POL-2
  std::optional<std::set<std::string>> status_changes;  // R-POL-4
  std::optional<TransferInitiator> transfer_initiator;  // R-POL-4: province only
  std::optional<int> enrollment_cutoff_month;           // R-POL-5: province only
  std::optional<int> enrollment_cutoff_day;             //   (both or neither)
  std::optional<int> transfer_step_working_days;        // R-TR-2
  std::optional<int> registration_months;               // one month to register
  std::optional<int> archive_shipping_months;           // R-TR-3: one month to ship
  std::map<int, DayRange> national_freezes;             // R-POL-7: ministry only, by year
  std::vector<DayRange> extra_freezes;                  // R-POL-6: added by lower levels
};

// The policy in force at one organization: every value set.
struct Policy {
  std::map<Stage, int> class_caps;
  std::set<std::string> status_changes;
  TransferInitiator transfer_initiator = TransferInitiator::kReceiving;
  int enrollment_cutoff_month = 8;
  int enrollment_cutoff_day = 31;
  int transfer_step_working_days = 10;
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
};

// The ministry's values before any layer: caps 45/50/50 (R-POL-2), every
// status-change type, the receiving side initiates (R-TR-1), cut-off 08-31
// (R-POL-5), 10 working days per transfer step, one month each to register
// and to ship the archive.
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
