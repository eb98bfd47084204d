// The business calendar (R-CAL-1, R-CAL-2): every logged-in user reads a
// year and asks for the date N working days after another; the system
// administrator at the ministry enters or corrects a year. Permission and
// scope are checked by the router before these run.

#include "domain/business_calendar.h"
#include "domain/time.h"
#include "http/json_input.h"
#include "http/router.h"
#include "service/business_calendar_service.h"

namespace xueji::http {
namespace {

using domain::Permission;

constexpr size_t kMaxDaysPerYear = 366;

json::object YearJson(const service::CalendarYear& y) {
  json::array days;
  int holidays = 0;
  for (const auto& d : y.days) {
    days.push_back(json::object{{"date", domain::FormatDate(d.date)},
                                {"kind", domain::DayKindName(d.kind)},
                                {"name", d.name}});
    holidays += d.kind == domain::DayKind::kHoliday ? 1 : 0;
  }
  json::value updated_at = nullptr;
  if (y.covered) updated_at = json::string(domain::FormatUtc(y.updated_at));
  return json::object{
      {"year", y.year},         {"covered", y.covered},
      {"source", y.source},     {"updated_at", updated_at},
      {"holidays", holidays},   {"workdays", static_cast<int>(y.days.size()) - holidays},
      {"days", std::move(days)}};
}

// days[i] of a PUT body: {date, kind, name?}. Errors name "days[i].<field>".
Result<domain::CalendarDay> DayFromJson(const json::value& v, size_t i) {
  std::string at = "days[" + std::to_string(i) + "]";
  if (!v.is_object()) return Invalid("WRONG_TYPE", at, "第" + std::to_string(i + 1) + "项应为对象");
  const json::object& o = v.get_object();
  auto prefixed = [&](Error e) {
    e.field = at + "." + e.field;
    return e;
  };
  if (Status s = CheckFields(o, {"date", "kind", "name"}); !s.ok()) return prefixed(s.error());
  auto date = RequireString(o, "date", 10);
  if (!date.ok()) return prefixed(date.error());
  auto kind = RequireString(o, "kind", 16);
  if (!kind.ok()) return prefixed(kind.error());
  auto name = OptionalString(o, "name", 200);
  if (!name.ok()) return prefixed(name.error());
  auto parsed_date = domain::ParseDate(*date);
  if (!parsed_date) {
    return Invalid("DATE_FORMAT", at + ".date", "日期应为YYYY-MM-DD格式的有效日期：" + *date);
  }
  auto parsed_kind = domain::ParseDayKind(*kind);
  if (!parsed_kind) {
    return Invalid("CALENDAR_DAY_KIND", at + ".kind",
                   "类型应为 holiday（放假）或 workday（调休上班）");
  }
  return domain::CalendarDay{*parsed_date, *parsed_kind, name->value_or("")};
}

Result<std::vector<domain::CalendarDay>> DaysFromBody(const json::object& body) {
  XUEJI_RETURN_IF_ERROR(CheckFields(body, {"days"}));
  auto it = body.find("days");
  if (it == body.end() || it->value().is_null()) {
    return Invalid("REQUIRED", "days", "缺少必填字段：days");
  }
  if (!it->value().is_array()) return Invalid("WRONG_TYPE", "days", "字段days应为数组");
  const json::array& items = it->value().get_array();
  if (items.size() > kMaxDaysPerYear) {
    return Invalid("CALENDAR_DAYS_COUNT", "days", "一年最多366个日期");
  }
  std::vector<domain::CalendarDay> days;
  for (size_t i = 0; i < items.size(); ++i) {
    XUEJI_ASSIGN_OR_RETURN(auto day, DayFromJson(items[i], i));
    days.push_back(std::move(day));
  }
  return days;
}

HandlerResult GetYear(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int year, domain::ParseCalendarYear(api.params["year"]));
  XUEJI_ASSIGN_OR_RETURN(auto y, service::GetCalendarYear(api.db, year));
  return JsonResponse(200, YearJson(y));
}

// R-CAL-1: replaces the year's exceptions, all of them at once.
HandlerResult PutYear(ApiContext& api) {
  XUEJI_ASSIGN_OR_RETURN(int year, domain::ParseCalendarYear(api.params["year"]));
  XUEJI_ASSIGN_OR_RETURN(auto days, DaysFromBody(api.body));
  XUEJI_ASSIGN_OR_RETURN(auto save,
                         service::SaveCalendarYear(api.db, api.ctx, year, std::move(days)));
  json::object out = YearJson(save.saved);
  out["created"] = save.created;
  out["changed"] = save.changed;
  return JsonResponse(200, out);
}

// R-CAL-1, R-CAL-2: `from` absent is today in China Standard Time.
HandlerResult GetWorkingDays(ApiContext& api) {
  domain::Date from = domain::CstDate(api.ctx.now);
  if (auto it = api.query.find("from"); it != api.query.end()) {
    auto date = domain::ParseDate(it->second);
    if (!date) return Invalid("DATE_FORMAT", "from", "from应为YYYY-MM-DD格式的有效日期");
    from = *date;
  }
  auto days_it = api.query.find("days");
  if (days_it == api.query.end()) return Invalid("REQUIRED", "days", "缺少必填参数：days");
  XUEJI_ASSIGN_OR_RETURN(int n, domain::ParseWorkingDays(days_it->second));
  XUEJI_ASSIGN_OR_RETURN(auto date, service::AddWorkingDays(api.db, from, n));
  return JsonResponse(200, json::object{{"from", domain::FormatDate(from)},
                                        {"days", n},
                                        {"date", domain::FormatDate(date)}});
}

}  // namespace

std::vector<Route> CalendarRoutes() {
  using K = Scope::Kind;
  // working-days before {year}: the first route whose pattern matches is taken.
  return {
      {"GET", "/api/v1/calendar/working-days", Auth::kSession, std::nullopt, {}, GetWorkingDays},
      {"GET", "/api/v1/calendar/{year}", Auth::kSession, std::nullopt, {}, GetYear},
      {"PUT",
       "/api/v1/calendar/{year}",
       Auth::kSession,
       Permission::kManageCalendar,
       {K::kMinistry, ""},
       PutYear},
  };
}

}  // namespace xueji::http
