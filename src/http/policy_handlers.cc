// Province policy (R-POL-1, R-POL-2, R-POL-4, R-POL-5, R-POL-6, R-POL-7):
// every logged-in user reads the policy in force at an organization of their
// subtree, with where each value comes from; an authority's registrar
// replaces their own organization's layer. Jurisdiction and permissions are
// checked by the router, "own organization only" by the service.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/org.h"
#include "domain/policy.h"
#include "domain/policy_entries.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/policy_service.h"

namespace xueji::http {
namespace {

using domain::Permission;
using domain::Stage;

constexpr Stage kStages[] = {Stage::kPrimary, Stage::kJunior, Stage::kSenior};

std::string MonthDay(int month, int day) {
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(month) + "-" + two(day);
}

json::object RangeJson(const domain::DayRange& r) {
  return json::object{{"first", domain::FormatDate(r.first)}, {"last", domain::FormatDate(r.last)}};
}

json::array TypesJson(const std::set<std::string>& types) {
  json::array out;
  for (const auto& t : types)
    out.push_back(json::object{{"type", t}, {"label", domain::StatusChangeLabel(t)}});
  return out;
}

json::object FreezesJson(const std::map<int, domain::DayRange>& freezes) {
  json::object out;
  for (const auto& [year, range] : freezes) out[std::to_string(year)] = RangeJson(range);
  return out;
}

// Lowest level first: ["city", "province"].
json::array LevelsJson(const std::set<domain::OrgLevel>& levels) {
  json::array out;
  for (auto it = levels.rbegin(); it != levels.rend(); ++it) {
    out.push_back(json::string(domain::OrgLevelName(*it)));
  }
  return out;
}

// R-POL-4: seasons as [{first: "09-01", last: "10-31"}, …].
json::array SeasonsJson(const std::vector<domain::MonthDayRange>& seasons) {
  json::array out;
  for (const auto& r : seasons) {
    out.push_back(json::object{{"first", MonthDay(r.first_month, r.first_day)},
                               {"last", MonthDay(r.last_month, r.last_day)}});
  }
  return out;
}

// Every value of a policy in force.
json::object PolicyJson(const domain::Policy& p) {
  json::object caps;
  for (Stage s : kStages) caps[domain::StageKey(s)] = p.ClassCap(s);
  json::array windows;
  for (const auto& w : p.progression_windows) windows.push_back(json::string(w.Format()));
  return json::object{
      {"class_caps", caps},
      {"status_changes", TypesJson(p.status_changes)},
      {"transfer_initiator", domain::TransferInitiatorName(p.transfer_initiator)},
      {"enrollment_cutoff", MonthDay(p.enrollment_cutoff_month, p.enrollment_cutoff_day)},
      {"enrollment_grace_months", p.enrollment_grace_months},
      {"transfer_chain_levels", LevelsJson(p.transfer_chain_levels)},
      {"transfer_chain_ordered", p.transfer_chain_ordered},
      {"transfer_seasons", SeasonsJson(p.transfer_seasons)},
      {"transfer_step_working_days", p.transfer_step_working_days},
      {"review_step_working_days", p.review_step_working_days},
      {"registration_months", p.registration_months},
      {"archive_shipping_months", p.archive_shipping_months},
      {"national_freezes", FreezesJson(p.national_freezes)},
      {"national_freeze_default", json::object{{"first", "07-15"}, {"last", "08-14"}}},
      {"progression_windows", windows}};
}

// Only the values the layer sets, in the shape of a PUT body.
json::object LayerJson(const domain::PolicyLayer& l) {
  json::object out;
  json::object caps;
  for (const auto& [stage, cap] : l.class_caps) caps[domain::StageKey(stage)] = cap;
  if (!caps.empty()) out["class_caps"] = caps;
  if (l.status_changes) {
    json::array types;
    for (const auto& t : *l.status_changes) types.push_back(json::string(t));
    out["status_changes"] = types;
  }
  if (l.transfer_initiator)
    out["transfer_initiator"] = domain::TransferInitiatorName(*l.transfer_initiator);
  if (l.enrollment_cutoff_month && l.enrollment_cutoff_day) {
    out["enrollment_cutoff"] = MonthDay(*l.enrollment_cutoff_month, *l.enrollment_cutoff_day);
  }
  if (l.enrollment_grace_months) out["enrollment_grace_months"] = *l.enrollment_grace_months;
  if (l.transfer_chain_levels) out["transfer_chain_levels"] = LevelsJson(*l.transfer_chain_levels);
  if (l.transfer_chain_ordered) out["transfer_chain_ordered"] = *l.transfer_chain_ordered;
  if (l.transfer_seasons) out["transfer_seasons"] = SeasonsJson(*l.transfer_seasons);
  if (l.transfer_step_working_days)
    out["transfer_step_working_days"] = *l.transfer_step_working_days;
  if (l.review_step_working_days) out["review_step_working_days"] = *l.review_step_working_days;
  if (l.registration_months) out["registration_months"] = *l.registration_months;
  if (l.archive_shipping_months) out["archive_shipping_months"] = *l.archive_shipping_months;
  if (!l.national_freezes.empty()) out["national_freezes"] = FreezesJson(l.national_freezes);
  if (!l.extra_freezes.empty()) {
    json::array ranges;
    for (const auto& r : l.extra_freezes) ranges.push_back(RangeJson(r));
    out["extra_freezes"] = ranges;
  }
  return out;
}

// 国家 (the national default or the ministry), 省, 市, 县.
json::object SourceJson(const service::PolicySource* s) {
  if (s == nullptr) {
    return json::object{
        {"level", "national"}, {"label", "国家"}, {"org_code", ""}, {"org_name", "全国默认"}};
  }
  const char* label = s->level == domain::OrgLevel::kProvince ? "省"
                      : s->level == domain::OrgLevel::kCity   ? "市"
                      : s->level == domain::OrgLevel::kCounty ? "县"
                                                              : "国家";
  return json::object{{"level", domain::OrgLevelName(s->level)},
                      {"label", label},
                      {"org_code", s->org_code},
                      {"org_name", s->org_name}};
}

json::object SourcesJson(const service::PolicyView& v) {
  std::vector<std::string> names = {
      "status_changes",          "transfer_initiator",         "enrollment_cutoff",
      "enrollment_grace_months", "transfer_chain_levels",      "transfer_chain_ordered",
      "transfer_seasons",        "transfer_step_working_days", "review_step_working_days",
      "registration_months",     "archive_shipping_months"};
  for (Stage s : kStages) names.push_back("class_caps." + std::string(domain::StageKey(s)));
  for (const auto& [year, range] : v.effective.national_freezes) {
    names.push_back("national_freezes." + std::to_string(year));
  }
  json::object out;
  for (const auto& name : names) {
    auto it = v.sources.find(name);
    out[name] = SourceJson(it == v.sources.end() ? nullptr : &it->second);
  }
  return out;
}

json::object ViewJson(const ApiContext& api, const service::PolicyView& v) {
  const service::OrgRef& org = *api.org;
  json::object effective = PolicyJson(v.effective);
  json::array extra;
  for (size_t i = 0; i < v.effective.extra_freezes.size(); ++i) {
    json::object r = RangeJson(v.effective.extra_freezes[i]);
    r["source"] =
        SourceJson(i < v.extra_freeze_sources.size() ? &v.extra_freeze_sources[i] : nullptr);
    extra.push_back(std::move(r));
  }
  effective["extra_freezes"] = std::move(extra);
  bool editable = api.ctx.actor->org_code == org.code &&
                  domain::HasPermission(api.ctx.actor->role, Permission::kManagePolicy);
  return json::object{{"org_code", org.code},
                      {"org_name", org.name},
                      {"level", domain::OrgLevelName(org.level)},
                      {"editable", editable},
                      {"effective", std::move(effective)},
                      {"above", PolicyJson(v.above)},
                      {"layer", LayerJson(v.own)},
                      {"sources", SourcesJson(v)}};
}

HandlerResult GetPolicy(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto view, service::DescribePolicy(api.db, *api.org));
  return JsonResponse(200, ViewJson(api, view));
}

// Reads a PUT body into a layer, collecting every problem (field-level, in
// details). The domain checks ranges and widening afterwards.
class LayerReader {
 public:
  void Caps(const json::value& v, domain::PolicyLayer& out) {
    if (!Object(v, "class_caps")) return;
    for (const auto& kv : v.get_object()) {
      std::string_view key = kv.key();
      const json::value& cap = kv.value();
      std::string field = "class_caps." + std::string(key);
      auto stage = domain::ParseStageKey(key);
      if (!stage) {
        Add("POLICY_VALUE", field, "学段应为 primary（小学）、junior（初中）或 senior（高中）");
      } else if (auto n = Int(cap, field)) {
        out.class_caps[*stage] = *n;
      }
    }
  }

  void Types(const json::value& v, domain::PolicyLayer& out) {
    if (!v.is_array()) return Add("WRONG_TYPE", "status_changes", "应为异动类型的数组");
    std::set<std::string> types;
    for (const auto& t : v.get_array()) {
      if (!t.is_string()) return Add("WRONG_TYPE", "status_changes", "异动类型应为字符串");
      types.emplace(t.get_string());
    }
    out.status_changes = std::move(types);
  }

  void Initiator(const json::value& v, domain::PolicyLayer& out) {
    auto side = v.is_string() ? domain::ParseTransferInitiator(v.get_string()) : std::nullopt;
    if (!side)
      return Add("POLICY_VALUE", "transfer_initiator",
                 "转学发起方应为 receiving（转入学校）或 sending（转出学校）");
    out.transfer_initiator = side;
  }

  void Cutoff(const json::value& v, domain::PolicyLayer& out) {
    std::string text = v.is_string() ? std::string(v.get_string()) : "";
    auto date = text.size() == 5 ? domain::ParseDate("2024-" + text) : std::nullopt;
    if (!date)
      return Add("POLICY_VALUE", "enrollment_cutoff", "入学年龄截止日期应为有效的月-日，如08-31");
    out.enrollment_cutoff_month = date->month;
    out.enrollment_cutoff_day = date->day;
  }

  // R-POL-4: ["city", "province"].
  void Levels(const json::value& v, domain::PolicyLayer& out) {
    if (!v.is_array()) return Add("WRONG_TYPE", "transfer_chain_levels", "应为层级的数组");
    std::set<domain::OrgLevel> levels;
    for (const auto& l : v.get_array()) {
      auto level = l.is_string() ? domain::ParseOrgLevel(l.get_string()) : std::nullopt;
      if (!level) {
        return Add("POLICY_VALUE", "transfer_chain_levels",
                   "层级应为 city（市级）或 province（省级）");
      }
      levels.insert(*level);
    }
    out.transfer_chain_levels = std::move(levels);
  }

  void Ordered(const json::value& v, domain::PolicyLayer& out) {
    if (!v.is_bool()) return Add("WRONG_TYPE", "transfer_chain_ordered", "应为 true 或 false");
    out.transfer_chain_ordered = v.get_bool();
  }

  // R-POL-4: [{first: "09-01", last: "10-31"}, …].
  void Seasons(const json::value& v, domain::PolicyLayer& out) {
    if (!v.is_array()) return Add("WRONG_TYPE", "transfer_seasons", "应为月-日范围的数组");
    std::vector<domain::MonthDayRange> seasons;
    for (size_t i = 0; i < v.get_array().size(); ++i) {
      const json::value& r = v.get_array()[i];
      const json::object* o = r.if_object();
      auto text = [&](const char* key) -> std::string {
        const json::value* d = o ? o->if_contains(key) : nullptr;
        return d && d->is_string() ? std::string(d->get_string()) : "";
      };
      auto range = o && o->size() == 2
                       ? domain::ParseMonthDayRange(text("first") + ".." + text("last"))
                       : std::nullopt;
      if (!range) {
        Add("POLICY_VALUE", "transfer_seasons[" + std::to_string(i) + "]",
            "转学时段应为 {first, last}，月-日格式，如 09-01 至 10-31");
      } else {
        seasons.push_back(*range);
      }
    }
    out.transfer_seasons = std::move(seasons);
  }

  std::optional<int> Int(const json::value& v, const std::string& field) {
    if (!v.is_int64() && !v.is_uint64()) {
      Add("WRONG_TYPE", field, "应为整数");
      return std::nullopt;
    }
    constexpr int64_t kLimit = 1000000;
    int64_t n = v.is_int64() ? v.get_int64()
                             : static_cast<int64_t>(std::min<uint64_t>(v.get_uint64(), kLimit + 1));
    if (n < -kLimit || n > kLimit) {
      Add("POLICY_VALUE", field, "取值超出范围：" + std::to_string(n));
      return std::nullopt;
    }
    return static_cast<int>(n);
  }

  std::optional<domain::DayRange> Range(const json::value& v, const std::string& field) {
    if (!v.is_object()) {
      Add("WRONG_TYPE", field, "应为 {first, last} 日期范围");
      return std::nullopt;
    }
    const json::object& o = v.get_object();
    auto date = [&](const char* key) -> std::optional<domain::Date> {
      const json::value* d = o.if_contains(key);
      return d && d->is_string() ? domain::ParseDate(d->get_string()) : std::nullopt;
    };
    auto first = date("first");
    auto last = date("last");
    if (!first || !last || o.size() != 2) {
      Add("POLICY_VALUE", field, "冻结期的起止日期应为YYYY-MM-DD格式的有效日期");
      return std::nullopt;
    }
    return domain::DayRange{*first, *last};
  }

  void Freezes(const json::value& national, const json::value& extra, domain::PolicyLayer& out) {
    if (!national.is_null() && Object(national, "national_freezes")) {
      for (const auto& kv : national.get_object()) {
        std::string_view key = kv.key();
        const json::value& range = kv.value();
        std::string field = "national_freezes." + std::string(key);
        auto year = key.size() == 4 && domain::AllDigits(key) ? std::stoi(std::string(key)) : 0;
        if (year == 0) Add("POLICY_VALUE", field, "年份应为四位数字");
        auto r = range.is_null() ? std::nullopt : Range(range, field);
        if (year != 0 && r) out.national_freezes[year] = *r;
      }
    }
    if (extra.is_null()) return;
    if (!extra.is_array()) return Add("WRONG_TYPE", "extra_freezes", "应为日期范围的数组");
    for (size_t i = 0; i < extra.get_array().size(); ++i) {
      auto r = Range(extra.get_array()[i], "extra_freezes[" + std::to_string(i) + "]");
      if (r) out.extra_freezes.push_back(*r);
    }
  }

  bool Object(const json::value& v, const char* field) {
    if (v.is_object()) return true;
    Add("WRONG_TYPE", field, "应为对象");
    return false;
  }

  void Add(const char* code, const std::string& field, const std::string& message) {
    errors_.push_back(Invalid(code, field, message));
  }

  Status Result() {
    if (errors_.empty()) return Ok();
    Error first = errors_.front();
    first.details = std::move(errors_);
    return first;
  }

 private:
  std::vector<Error> errors_;
};

// A PUT body: the whole layer; a value absent or null is inherited.
Result<domain::PolicyLayer> LayerFromJson(const json::object& body) {
  XUEJI_RETURN_IF_ERROR(CheckFields(
      body,
      {"class_caps", "status_changes", "transfer_initiator", "enrollment_cutoff",
       "enrollment_grace_months", "transfer_chain_levels", "transfer_chain_ordered",
       "transfer_seasons", "transfer_step_working_days", "review_step_working_days",
       "registration_months", "archive_shipping_months", "national_freezes", "extra_freezes"}));
  LayerReader read;
  domain::PolicyLayer layer;
  auto given = [&](const char* key) -> const json::value* {
    const json::value* v = body.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
  };
  if (auto v = given("class_caps")) read.Caps(*v, layer);
  if (auto v = given("status_changes")) read.Types(*v, layer);
  if (auto v = given("transfer_initiator")) read.Initiator(*v, layer);
  if (auto v = given("enrollment_cutoff")) read.Cutoff(*v, layer);
  if (auto v = given("enrollment_grace_months"))
    layer.enrollment_grace_months = read.Int(*v, "enrollment_grace_months");
  if (auto v = given("transfer_chain_levels")) read.Levels(*v, layer);
  if (auto v = given("transfer_chain_ordered")) read.Ordered(*v, layer);
  if (auto v = given("transfer_seasons")) read.Seasons(*v, layer);
  if (auto v = given("transfer_step_working_days"))
    layer.transfer_step_working_days = read.Int(*v, "transfer_step_working_days");
  if (auto v = given("review_step_working_days"))
    layer.review_step_working_days = read.Int(*v, "review_step_working_days");
  if (auto v = given("registration_months"))
    layer.registration_months = read.Int(*v, "registration_months");
  if (auto v = given("archive_shipping_months"))
    layer.archive_shipping_months = read.Int(*v, "archive_shipping_months");
  json::value none;
  auto national = given("national_freezes");
  auto extra = given("extra_freezes");
  read.Freezes(national ? *national : none, extra ? *extra : none, layer);
  XUEJI_RETURN_IF_ERROR(read.Result());
  return layer;
}

HandlerResult PutPolicy(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(auto layer, LayerFromJson(api.body));
  XUEJI_RETURN_IF_ERROR(service::SavePolicyLayer(api.db, api.ctx, api.org->code, layer));
  XUEJI_ASSIGN_OR_RETURN(auto view, service::DescribePolicy(api.db, *api.org));
  return JsonResponse(200, ViewJson(api, view));
}

}  // namespace

std::vector<Route> PolicyRoutes() {
  using K = Scope::Kind;
  return {
      {"GET",
       "/api/v1/policy/{org_code}",
       Auth::kSession,
       std::nullopt,
       {K::kPathOrg, "org_code"},
       GetPolicy},
      {"PUT",
       "/api/v1/policy/{org_code}",
       Auth::kSession,
       Permission::kManagePolicy,
       {K::kPathOrg, "org_code"},
       PutPolicy},
  };
}

}  // namespace xueji::http
