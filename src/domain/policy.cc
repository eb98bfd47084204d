#include "domain/policy.h"

#include <utility>

namespace xueji::domain {
namespace {

constexpr int kMaxStepDays = 60;    // working days
constexpr int kMaxMonths = 12;      // registering, shipping the archive
constexpr int kMaxWindowDays = 92;  // one freeze window

const std::map<std::string, std::string>& StatusChangeLabels() {
  static const std::map<std::string, std::string> kLabels = {
      {"suspend", "休学"},  {"resume", "复学"},   {"abroad", "出国"}, {"back_from_abroad", "回国"},
      {"drop_out", "辍学"}, {"withdraw", "退学"}, {"expel", "开除"},  {"death", "死亡"},
  };
  return kLabels;
}

std::string StageChinese(Stage s) {
  return s == Stage::kPrimary ? "小学" : s == Stage::kJunior ? "初中" : "高中";
}

// Checks of one layer, collected so that every problem is reported at once.
class LayerCheck {
 public:
  explicit LayerCheck(OrgLevel level) : level_(level) {}

  bool narrowing() const { return level_ != OrgLevel::kMinistry; }

  void Range(const std::string& field, int value, int low, int high, const std::string& label) {
    if (value < low || value > high) {
      Add("POLICY_VALUE", field,
          label + "应在" + std::to_string(low) + "至" + std::to_string(high) + "之间");
    }
  }

  // A value that may only shrink going down: at most the value above.
  void AtMost(const std::string& field, int value, int above, const std::string& label,
              const std::string& unit) {
    if (narrowing() && value > above) {
      Add("POLICY_WIDENS", field,
          label + "不能超过上级规定的" + std::to_string(above) + unit + "（本级设为" +
              std::to_string(value) + unit + "）");
    }
  }

  void ProvinceOnly(const std::string& field, const std::string& label) {
    if (level_ != OrgLevel::kMinistry && level_ != OrgLevel::kProvince) {
      Add("POLICY_PROVINCE_ONLY", field, label + "由省级统一规定，市、县不能另行设置");
    }
  }

  void Add(const char* code, const std::string& field, std::string message) {
    errors_.push_back(Invalid(code, field, std::move(message)));
  }

  Status Result() {
    if (errors_.empty()) return Ok();
    Error first = errors_.front();
    first.details = std::move(errors_);
    return first;
  }

 private:
  OrgLevel level_;
  std::vector<Error> errors_;
};

void ApplyCaps(LayerCheck& check, const Policy& above, const PolicyLayer& layer, Policy& out) {
  for (const auto& [stage, cap] : layer.class_caps) {
    std::string field = "class_caps." + std::string(StageKey(stage));
    std::string label = StageChinese(stage) + "班额上限";
    check.Range(field, cap, 1, kMaxClassCap, label);
    check.AtMost(field, cap, above.ClassCap(stage), label, "人");
    out.class_caps[stage] = cap;
  }
}

void ApplyStatusChanges(LayerCheck& check, const Policy& above, const PolicyLayer& layer,
                        Policy& out) {
  if (!layer.status_changes) return;
  for (const std::string& type : *layer.status_changes) {
    auto known = StatusChangeLabels().find(type);
    if (known == StatusChangeLabels().end()) {
      check.Add("POLICY_VALUE", "status_changes", "未知的学籍异动类型：" + type);
    } else if (check.narrowing() && !above.status_changes.count(type)) {
      check.Add("POLICY_WIDENS", "status_changes",
                "上级未启用“" + known->second + "”，本级不能启用");
    }
  }
  out.status_changes = *layer.status_changes;
}

std::string LeapYearDate(int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return "";
  std::string out = "2024-";
  out += (month < 10 ? "0" : "") + std::to_string(month) + "-";
  out += (day < 10 ? "0" : "") + std::to_string(day);
  return out;
}

// R-POL-5: a cut-off day is a real day of the year (29 February included).
void ApplyCutoff(LayerCheck& check, const PolicyLayer& layer, Policy& out) {
  if (!layer.enrollment_cutoff_month && !layer.enrollment_cutoff_day) return;
  check.ProvinceOnly("enrollment_cutoff", "入学年龄截止日期");
  int month = layer.enrollment_cutoff_month.value_or(0);
  int day = layer.enrollment_cutoff_day.value_or(0);
  // 2024 is a leap year: every month-day that ever occurs is a date in it.
  if (!ParseDate(LeapYearDate(month, day))) {
    check.Add("POLICY_VALUE", "enrollment_cutoff", "入学年龄截止日期应为有效的月、日");
    return;
  }
  out.enrollment_cutoff_month = month;
  out.enrollment_cutoff_day = day;
}

// R-POL-5: the grace month is the province's, 0 or 1.
void ApplyGrace(LayerCheck& check, const PolicyLayer& layer, Policy& out) {
  if (!layer.enrollment_grace_months) return;
  check.ProvinceOnly("enrollment_grace_months", "入学年龄宽限期");
  check.Range("enrollment_grace_months", *layer.enrollment_grace_months, 0, 1, "入学年龄宽限月数");
  out.enrollment_grace_months = *layer.enrollment_grace_months;
}

// R-POL-5: the grace month stays in the cut-off's year (the intake is counted
// by year of birth).
void CheckGraceYear(LayerCheck& check, const Policy& out) {
  if (out.enrollment_grace_months > 0 && out.enrollment_cutoff_month == 12) {
    check.Add("POLICY_VALUE", "enrollment_grace_months", "截止日期在12月时不能再设宽限期");
  }
}

// R-POL-4: the chain and its order are the province's alone.
void ApplyChain(LayerCheck& check, const PolicyLayer& layer, Policy& out) {
  if (layer.transfer_chain_levels) {
    check.ProvinceOnly("transfer_chain_levels", "转学审核链");
    for (OrgLevel level : *layer.transfer_chain_levels) {
      if (!TransferChainLevels().count(level)) {
        check.Add("POLICY_VALUE", "transfer_chain_levels", "转学审核链只能增加市级、省级审核");
      }
    }
    out.transfer_chain_levels = *layer.transfer_chain_levels;
  }
  if (layer.transfer_chain_ordered) {
    check.ProvinceOnly("transfer_chain_ordered", "转学审核顺序");
    out.transfer_chain_ordered = *layer.transfer_chain_ordered;
  }
}

bool MonthDayOk(int month, int day) { return ParseDate(LeapYearDate(month, day)).has_value(); }

std::string Seasons(const std::vector<MonthDayRange>& seasons) {
  std::string out;
  for (const MonthDayRange& r : seasons) out += (out.empty() ? "" : "、") + r.Format();
  return out;
}

// R-POL-4: below the province, every season lies inside one of the seasons
// above (no seasons above: any day is open).
void ApplySeasons(LayerCheck& check, const Policy& above, const PolicyLayer& layer, Policy& out) {
  if (!layer.transfer_seasons) return;
  for (size_t i = 0; i < layer.transfer_seasons->size(); ++i) {
    const MonthDayRange& r = (*layer.transfer_seasons)[i];
    std::string field = "transfer_seasons[" + std::to_string(i) + "]";
    if (!MonthDayOk(r.first_month, r.first_day) || !MonthDayOk(r.last_month, r.last_day) ||
        r.first_month * 100 + r.first_day > r.last_month * 100 + r.last_day) {
      check.Add("POLICY_VALUE", field, "转学时段应为同一年内的有效月、日，起日不晚于止日");
      continue;
    }
    bool inside = above.transfer_seasons.empty();
    for (const MonthDayRange& a : above.transfer_seasons) {
      inside = inside || (a.first_month * 100 + a.first_day <= r.first_month * 100 + r.first_day &&
                          r.last_month * 100 + r.last_day <= a.last_month * 100 + a.last_day);
    }
    if (check.narrowing() && !inside) {
      check.Add(
          "POLICY_WIDENS", field,
          "转学时段" + r.Format() + "超出上级规定的转学时段" + Seasons(above.transfer_seasons));
    }
  }
  if (check.narrowing() && layer.transfer_seasons->empty() && !above.transfer_seasons.empty()) {
    check.Add("POLICY_WIDENS", "transfer_seasons",
              "上级规定转学只能在" + Seasons(above.transfer_seasons) + "发起，本级不能取消");
  }
  out.transfer_seasons = *layer.transfer_seasons;
}

void ApplyDeadlines(LayerCheck& check, const Policy& above, const PolicyLayer& layer, Policy& out) {
  if (auto v = layer.transfer_step_working_days) {
    check.Range("transfer_step_working_days", *v, 1, kMaxStepDays, "转学每个审核环节的办理时限");
    check.AtMost("transfer_step_working_days", *v, above.transfer_step_working_days,
                 "转学每个审核环节的办理时限", "个工作日");
    out.transfer_step_working_days = *v;
  }
  if (auto v = layer.review_step_working_days) {
    check.Range("review_step_working_days", *v, 1, kMaxStepDays, "审核环节的办理时限");
    check.AtMost("review_step_working_days", *v, above.review_step_working_days,
                 "审核环节的办理时限", "个工作日");
    out.review_step_working_days = *v;
  }
  if (auto v = layer.registration_months) {
    check.Range("registration_months", *v, 1, kMaxMonths, "新生注册时限");
    check.AtMost("registration_months", *v, above.registration_months, "新生注册时限", "个月");
    out.registration_months = *v;
  }
  if (auto v = layer.archive_shipping_months) {
    check.Range("archive_shipping_months", *v, 1, kMaxMonths, "纸质档案寄送时限");
    check.AtMost("archive_shipping_months", *v, above.archive_shipping_months, "纸质档案寄送时限",
                 "个月");
    out.archive_shipping_months = *v;
  }
}

bool WindowOk(const DayRange& r) {
  return r.first <= r.last && DaysFromCivil(r.last.year, r.last.month, r.last.day) -
                                      DaysFromCivil(r.first.year, r.first.month, r.first.day) <
                                  kMaxWindowDays;
}

// R-POL-6, R-POL-7
void ApplyFreezes(LayerCheck& check, const PolicyLayer& layer, OrgLevel level, Policy& out) {
  for (const auto& [year, range] : layer.national_freezes) {
    std::string field = "national_freezes." + std::to_string(year);
    if (level != OrgLevel::kMinistry) {
      check.Add("POLICY_MINISTRY_ONLY", field, "全国的暑期冻结期由教育部逐年规定");
    } else if (range.first.year != year || !WindowOk(range)) {
      check.Add("POLICY_VALUE", field, "冻结期应在当年之内，起日不晚于止日，且不超过92天");
    }
    out.national_freezes[year] = range;
  }
  for (size_t i = 0; i < layer.extra_freezes.size(); ++i) {
    if (!WindowOk(layer.extra_freezes[i])) {
      check.Add("POLICY_VALUE", "extra_freezes[" + std::to_string(i) + "]",
                "冻结期的起日不能晚于止日，且不超过92天");
    }
    out.extra_freezes.push_back(layer.extra_freezes[i]);
  }
}

}  // namespace

std::string_view StageKey(Stage s) {
  switch (s) {
    case Stage::kPrimary:
      return "primary";
    case Stage::kJunior:
      return "junior";
    case Stage::kSenior:
      return "senior";
  }
  return "";
}

std::optional<Stage> ParseStageKey(std::string_view key) {
  for (Stage s : {Stage::kPrimary, Stage::kJunior, Stage::kSenior}) {
    if (StageKey(s) == key) return s;
  }
  return std::nullopt;
}

const std::string& StatusChangeLabel(const std::string& type) {
  static const std::string kNone;
  auto it = StatusChangeLabels().find(type);
  return it != StatusChangeLabels().end() ? it->second : kNone;
}

const std::set<std::string>& StatusChangeTypes() {
  static const std::set<std::string> kTypes = [] {
    std::set<std::string> types;
    for (const auto& [type, label] : StatusChangeLabels()) types.insert(type);
    return types;
  }();
  return kTypes;
}

// R-POL-2
int Policy::ClassCap(Stage stage) const {
  auto it = class_caps.find(stage);
  return it != class_caps.end() ? it->second : DefaultClassCap(stage);
}

// R-TR-6, R-POL-6, R-POL-7
std::optional<DayRange> Policy::FreezeOn(Date day) const {
  auto national = national_freezes.find(day.year);
  DayRange summer = national != national_freezes.end()
                        ? national->second
                        : DayRange{{day.year, 7, 15}, {day.year, 8, 14}};
  if (summer.Contains(day)) return summer;
  for (const DayRange& r : extra_freezes) {
    if (r.Contains(day)) return r;
  }
  return std::nullopt;
}

bool MonthDayRange::Contains(Date d) const {
  int day = d.month * 100 + d.day;
  return first_month * 100 + first_day <= day && day <= last_month * 100 + last_day;
}

std::string MonthDayRange::Format() const {
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(first_month) + "-" + two(first_day) + "至" + two(last_month) + "-" + two(last_day);
}

// R-TR-8
bool Policy::ProgressionOpenOn(Date day) const {
  for (const MonthDayRange& r : progression_windows) {
    if (r.Contains(day)) return true;
  }
  return false;
}

// R-POL-4
bool Policy::TransferSeasonOn(Date day) const {
  if (transfer_seasons.empty()) return true;
  for (const MonthDayRange& r : transfer_seasons) {
    if (r.Contains(day)) return true;
  }
  return false;
}

// R-POL-5
Date Policy::FirstGradeCutoff(int intake_year) const {
  Date cutoff{intake_year - 6, enrollment_cutoff_month, enrollment_cutoff_day};
  if (cutoff.month == 2 && cutoff.day == 29 && !IsValidDate(cutoff.year, 2, 29)) cutoff.day = 28;
  if (enrollment_grace_months <= 0) return cutoff;
  int index = cutoff.year * 12 + (cutoff.month - 1) + enrollment_grace_months;
  Date out{index / 12, index % 12 + 1, cutoff.day};
  while (out.day > 28 && !IsValidDate(out.year, out.month, out.day)) --out.day;
  return out;
}

const std::set<OrgLevel>& TransferChainLevels() {
  static const std::set<OrgLevel> kLevels = {OrgLevel::kCity, OrgLevel::kProvince};
  return kLevels;
}

std::string FormatMonthDayRange(const MonthDayRange& r) {
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(r.first_month) + "-" + two(r.first_day) + ".." + two(r.last_month) + "-" +
         two(r.last_day);
}

std::optional<MonthDayRange> ParseMonthDayRange(std::string_view text) {
  // "MM-DD..MM-DD", read as days of the leap year 2024.
  if (text.size() != 12 || text.substr(5, 2) != "..") return std::nullopt;
  auto first = ParseDate("2024-" + std::string(text.substr(0, 5)));
  auto last = ParseDate("2024-" + std::string(text.substr(7, 5)));
  if (!first || !last) return std::nullopt;
  return MonthDayRange{first->month, first->day, last->month, last->day};
}

Policy NationalDefaults() {
  Policy p;
  for (Stage s : {Stage::kPrimary, Stage::kJunior, Stage::kSenior}) {
    p.class_caps[s] = DefaultClassCap(s);
  }
  p.status_changes = StatusChangeTypes();
  return p;
}

// R-POL-1
Result<Policy> ApplyLayer(const Policy& above, const PolicyLayer& layer, OrgLevel level) {
  LayerCheck check(level);
  Policy out = above;
  ApplyCaps(check, above, layer, out);
  ApplyStatusChanges(check, above, layer, out);
  if (layer.transfer_initiator) {
    check.ProvinceOnly("transfer_initiator", "转学发起方");
    out.transfer_initiator = *layer.transfer_initiator;
  }
  ApplyCutoff(check, layer, out);
  ApplyGrace(check, layer, out);
  if (layer.enrollment_grace_months || layer.enrollment_cutoff_month) CheckGraceYear(check, out);
  ApplyChain(check, layer, out);
  ApplySeasons(check, above, layer, out);
  ApplyDeadlines(check, above, layer, out);
  ApplyFreezes(check, layer, level, out);
  XUEJI_RETURN_IF_ERROR(check.Result());
  return out;
}

}  // namespace xueji::domain
