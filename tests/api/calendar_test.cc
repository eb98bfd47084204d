// Black-box tests of the business calendar (R-CAL-1, R-CAL-2): every
// logged-in user reads a year and asks for the date N working days after
// another; the system administrator enters a year the shipped data lacks and
// corrects a shipped one; bad input changes nothing; on SQLite and
// PostgreSQL. Then the `xueji calendar` command, also in another time zone.
//
// The shared servers' calendars are changed only in years no other test
// reads: 2004 (corrected), 2035 and 2036 (entered), 2037 (refused), and 2100
// (the jurisdiction matrix).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "api/api_client.h"
#include "domain/business_calendar.h"
#include "service/business_calendar_service.h"
#include "service/clock.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

json::object Day(const std::string& date, const std::string& kind, const std::string& name) {
  return json::object{{"date", date}, {"kind", kind}, {"name", name}};
}

std::string DaysBody(const json::array& days) {
  return json::serialize(json::object{{"days", days}});
}

class Calendar : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // Every login is audited, so the sessions are opened before a test counts
  // audit entries.
  void SetUp() override {
    for (const char* user :
         {"school_registrar", "moe_registrar", "sysadmin", "secadmin", "auditadmin"}) {
      clients_.emplace(user, LoggedIn(GetParam(), user));
    }
  }
  ApiClient& As(const std::string& username) { return clients_.at(username); }
  int64_t AuditSeq() {
    HttpResult r = As("auditadmin").Get("/api/v1/audit?limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().at(0).at("seq").as_int64();
  }
  json::object LastAudit() {
    return As("auditadmin").Get("/api/v1/audit?limit=1").Json().at("items").at(0).as_object();
  }
  json::object Year(int year) {
    HttpResult r = As("school_registrar").Get("/api/v1/calendar/" + std::to_string(year));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().as_object();
  }
  HttpResult WorkingDays(const std::string& query) {
    return As("school_registrar").Get("/api/v1/calendar/working-days?" + query);
  }
  std::string DateAfter(const std::string& from, int days) {
    HttpResult r = WorkingDays("from=" + from + "&days=" + std::to_string(days));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(r.Json().at("date").as_string()) : "";
  }

  std::map<std::string, ApiClient> clients_;
};

TEST_P(Calendar, R_CAL_1_every_logged_in_user_reads_a_year) {
  for (const char* user : {"school_registrar", "moe_registrar", "auditadmin"}) {
    SCOPED_TRACE(user);
    HttpResult r = As(user).Get("/api/v1/calendar/2026");
    ASSERT_EQ(r.status, 200) << r.body;
    auto y = r.Json().as_object();
    EXPECT_EQ(y.at("year"), 2026);
    EXPECT_EQ(y.at("covered"), true);
    EXPECT_EQ(y.at("source"), "package");
    EXPECT_TRUE(y.at("updated_at").is_string());
    EXPECT_EQ(y.at("holidays"), 33);
    EXPECT_EQ(y.at("workdays"), 6);
    const auto& days = y.at("days").as_array();
    ASSERT_EQ(days.size(), 39u);
    EXPECT_EQ(days.at(0), json::value(Day("2026-01-01", "holiday", "元旦")));
    EXPECT_NE(
        std::find(days.begin(), days.end(), json::value(Day("2026-02-14", "workday", "春节"))),
        days.end());
  }
  auto y2027 = Year(2027);
  EXPECT_EQ(y2027.at("covered"), false);
  EXPECT_EQ(y2027.at("source"), "");
  EXPECT_TRUE(y2027.at("updated_at").is_null());
  EXPECT_TRUE(y2027.at("days").as_array().empty());
  EXPECT_EQ(ApiClient(SharedServer(GetParam()).port()).Get("/api/v1/calendar/2026").status, 401);
}

TEST_P(Calendar, R_CAL_1_the_date_n_working_days_after_another) {
  struct Case {
    std::string query;
    int status;
    const char* date_or_code;
    const char* field;
  };
  const Case cases[] = {
      {"from=2026-02-13&days=1", 200, "2026-02-14", ""},  // the 调休 Saturday
      {"from=2026-02-13&days=2", 200, "2026-02-24", ""},  // over 春节
      {"from=2025-09-30&days=1", 200, "2025-10-09", ""},  // over 国庆 and 中秋
      {"from=2025-01-24&days=3", 200, "2025-02-05", ""},
      {"from=2026-02-15&days=0", 200, "2026-02-15", ""},
      {"from=2026-02-30&days=1", 400, "DATE_FORMAT", "from"},
      {"from=2026-2-13&days=1", 400, "DATE_FORMAT", "from"},
      {"from=&days=1", 400, "DATE_FORMAT", "from"},
      {"from=2026-02-13", 400, "REQUIRED", "days"},
      {"from=2026-02-13&days=abc", 400, "CALENDAR_DAYS_RANGE", "days"},
      {"from=2026-02-13&days=-1", 400, "CALENDAR_DAYS_RANGE", "days"},
      {"from=2026-02-13&days=1.5", 400, "CALENDAR_DAYS_RANGE", "days"},
      {"from=2026-02-13&days=3651", 400, "CALENDAR_DAYS_RANGE", "days"},
      {"from=2026-02-13&days=99999999999999999999", 400, "CALENDAR_DAYS_RANGE", "days"},
      {"from=2026-12-31&days=1", 422, "CALENDAR_YEAR_MISSING", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    HttpResult r = WorkingDays(c.query);
    ASSERT_EQ(r.status, c.status) << r.body;
    if (c.status == 200) {
      EXPECT_EQ(r.Json().at("date"), c.date_or_code);
      continue;
    }
    EXPECT_EQ(r.ErrorCode(), c.date_or_code);
    EXPECT_EQ(r.Json().at("error").at("field"), c.field);
    EXPECT_FALSE(r.Json().at("error").at("message").as_string().empty());
  }
  EXPECT_NE(std::string(
                WorkingDays("from=2026-12-31&days=1").Json().at("error").at("message").as_string())
                .find("2027年"),
            std::string::npos);
}

// R-CAL-2: without `from`, the count starts from today in China Standard
// Time, whatever the server's time zone.
TEST_P(Calendar, R_CAL_2_from_defaults_to_today_in_china_standard_time) {
  auto shipped = service::ReadHolidayFile(std::string(XUEJI_SOURCE_DIR) + "/data/holidays.csv");
  ASSERT_TRUE(shipped.ok());
  service::SystemClock clock;
  domain::Date before = domain::CstDate(clock.Now());
  HttpResult r = WorkingDays("days=1");
  domain::Date after = domain::CstDate(clock.Now());
  if (r.status != 200) {
    // A year the shipped data does not cover yet (the server has no other).
    EXPECT_EQ(r.ErrorCode(), "CALENDAR_YEAR_MISSING") << r.body;
    return;
  }
  std::string from(r.Json().at("from").as_string());
  EXPECT_TRUE(from == domain::FormatDate(before) || from == domain::FormatDate(after)) << from;
  auto expected = shipped->AddWorkingDays(*domain::ParseDate(from), 1);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(std::string(r.Json().at("date").as_string()), domain::FormatDate(*expected));
}

TEST_P(Calendar, R_CAL_1_the_system_administrator_enters_a_year_not_in_the_data) {
  EXPECT_EQ(WorkingDays("from=2034-12-31&days=1").ErrorCode(), "CALENDAR_YEAR_MISSING");
  // 2035-01-01 is a Monday.
  json::array days = {Day("2035-01-01", "holiday", "元旦"), Day("2035-02-07", "holiday", "春节"),
                      Day("2035-02-08", "holiday", "春节"), Day("2035-02-03", "workday", "春节")};
  HttpResult r = As("sysadmin").Put("/api/v1/calendar/2035", DaysBody(days));
  ASSERT_EQ(r.status, 200) << r.body;
  auto saved = r.Json().as_object();
  EXPECT_EQ(saved.at("created"), true);
  EXPECT_EQ(saved.at("changed"), true);
  EXPECT_EQ(saved.at("covered"), true);
  EXPECT_EQ(saved.at("source"), "admin");
  EXPECT_EQ(saved.at("holidays"), 3);
  EXPECT_EQ(saved.at("workdays"), 1);
  EXPECT_EQ(saved.at("days").at(1), json::value(Day("2035-02-03", "workday", "春节")));  // by date
  auto audit = LastAudit();
  EXPECT_EQ(audit.at("action"), "calendar.create");
  EXPECT_EQ(audit.at("subject"), "calendar/2035");
  EXPECT_EQ(Year(2035), [&] {
    auto y = saved;
    y.erase("created");
    y.erase("changed");
    return y;
  }());

  // Counting now runs into 2035, from the last day of a year not entered.
  EXPECT_EQ(DateAfter("2034-12-31", 1), "2035-01-02");
  EXPECT_EQ(DateAfter("2035-02-02", 1), "2035-02-03");  // the 调休 Saturday
  EXPECT_EQ(DateAfter("2035-02-06", 1), "2035-02-09");

  // The same year again: 200, nothing written.
  int64_t seq = AuditSeq();
  HttpResult again = As("sysadmin").Put("/api/v1/calendar/2035", DaysBody(days));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("changed"), false);
  EXPECT_EQ(again.Json().at("created"), false);
  EXPECT_EQ(AuditSeq(), seq);

  // The command reads the database's calendar with --db.
  std::string out;
  std::string db = " --db '" + SharedServer(GetParam()).db_url() + "'";
  EXPECT_EQ(TestServer::RunCli("calendar add-working-days 2035-02-06 1" + db, &out), 0) << out;
  EXPECT_EQ(out, "2035-02-09\n");
  EXPECT_EQ(TestServer::RunCli("calendar is-working-day 2035-02-03" + db, &out), 0) << out;
  EXPECT_EQ(out, "yes\n");
  // Without --db: the shipped file, which does not have 2035.
  EXPECT_EQ(TestServer::RunCli("calendar is-working-day 2035-02-03", &out), 1) << out;
  EXPECT_NE(out.find("CALENDAR_YEAR_MISSING"), std::string::npos) << out;
}

TEST_P(Calendar, R_CAL_1_a_shipped_year_is_corrected_and_audited) {
  EXPECT_EQ(DateAfter("2004-12-30", 1), "2004-12-31");
  auto y = Year(2004);
  ASSERT_EQ(y.at("source"), "package");
  json::array days = y.at("days").as_array();
  days.push_back(Day("2004-12-31", "holiday", "元旦"));
  HttpResult r = As("sysadmin").Put("/api/v1/calendar/2004", DaysBody(days));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("created"), false);
  EXPECT_EQ(r.Json().at("changed"), true);
  EXPECT_EQ(Year(2004).at("source"), "admin");
  EXPECT_EQ(Year(2004).at("days").as_array().size(), days.size());
  auto audit = LastAudit();
  EXPECT_EQ(audit.at("action"), "calendar.update");
  EXPECT_NE(std::string(audit.at("summary").as_string()).find("2004-12-31 holiday 元旦"),
            std::string::npos)
      << audit.at("summary");
  EXPECT_EQ(DateAfter("2004-12-30", 1), "2005-01-04");
}

TEST_P(Calendar, R_CAL_1_only_the_system_administrator_enters_a_year) {
  int64_t seq = AuditSeq();
  std::string body = DaysBody({Day("2036-01-01", "holiday", "元旦")});
  struct Case {
    const char* user;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"moe_registrar", 403, "FORBIDDEN"},
      {"secadmin", 403, "FORBIDDEN"},
      {"auditadmin", 403, "FORBIDDEN"},
      // Outside the ministry: answered like a missing object (R-ORG-4).
      {"school_registrar", 404, "NOT_FOUND"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.user);
    HttpResult r = As(c.user).Put("/api/v1/calendar/2036", body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code);
  }
  EXPECT_EQ(Year(2036).at("covered"), false);
  EXPECT_EQ(AuditSeq(), seq);
  ApiClient no_csrf = As("sysadmin");  // a copy: same session, no CSRF token
  no_csrf.set_csrf("");
  EXPECT_EQ(no_csrf.Put("/api/v1/calendar/2036", body).ErrorCode(), "CSRF_TOKEN");
  EXPECT_EQ(Year(2036).at("covered"), false);
}

TEST_P(Calendar, R_SEC_5_bad_input_gets_precise_errors_and_changes_nothing) {
  int64_t seq = AuditSeq();
  auto one = [](json::value day) {
    return DaysBody(json::array{Day("2037-01-01", "holiday", "元旦"), day});
  };
  std::string long_name;
  for (int i = 0; i < 41; ++i) long_name += "节";
  json::array too_many;
  for (int i = 0; i < 367; ++i) too_many.push_back(Day("2037-01-01", "holiday", ""));
  std::string huge = R"({"days":[{"date":"2037-01-01","kind":"holiday","name":")" +
                     std::string(1 << 20, 'x') + "\"}]}";
  struct Case {
    std::string year;
    std::string body;
    int status;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"2037", one(Day("2037-02-30", "holiday", "")), 400, "DATE_FORMAT", "days[1].date"},
      {"2037", one(Day("2037/01/02", "holiday", "")), 400, "DATE_FORMAT", "days[1].date"},
      {"2037", one(Day("2038-01-01", "holiday", "")), 400, "CALENDAR_DAY_YEAR", "days[1].date"},
      {"2037", one(Day("2037-01-02", "rest", "")), 400, "CALENDAR_DAY_KIND", "days[1].kind"},
      {"2037", one(Day("2037-01-01", "workday", "")), 400, "CALENDAR_WORKDAY_WEEKDAY",
       "days[1].date"},  // a Thursday: the weekday check comes before the duplicate one
      {"2037", one(Day("2037-01-01", "holiday", "")), 400, "CALENDAR_DAY_DUPLICATE",
       "days[1].date"},
      {"2037", one(Day("2037-01-07", "workday", "春节")), 400, "CALENDAR_WORKDAY_WEEKDAY",
       "days[1].date"},
      {"2037", one(Day("2037-01-03", "holiday", long_name)), 400, "TOO_LONG", "days[1].name"},
      {"2037", one(json::object{{"date", 20370102}, {"kind", "holiday"}}), 400, "WRONG_TYPE",
       "days[1].date"},
      {"2037", one(json::object{{"date", "2037-01-02"}, {"kind", true}}), 400, "WRONG_TYPE",
       "days[1].kind"},
      {"2037", one(json::object{{"date", "2037-01-02"}}), 400, "REQUIRED", "days[1].kind"},
      {"2037", one(json::object{{"date", "2037-01-02"}, {"kind", "holiday"}, {"x", 1}}), 400,
       "UNKNOWN_FIELD", "days[1].x"},
      {"2037", one(json::value(1)), 400, "WRONG_TYPE", "days[1]"},
      {"2037", R"({"days":"2037-01-01"})", 400, "WRONG_TYPE", "days"},
      {"2037", "{}", 400, "REQUIRED", "days"},
      {"2037", R"({"days":[],"year":2037})", 400, "UNKNOWN_FIELD", "year"},
      {"2037", R"({"days":[]})", 400, "CALENDAR_NO_HOLIDAY", "days"},
      {"2037", DaysBody(too_many), 400, "CALENDAR_DAYS_COUNT", "days"},
      {"2037", "not json", 400, "JSON_MALFORMED", ""},
      {"2037", "[]", 400, "JSON_NOT_OBJECT", ""},
      {"2037", huge, 413, "BODY_TOO_LARGE", ""},
      {"20x7", R"({"days":[]})", 400, "CALENDAR_YEAR", "year"},
      {"1989", R"({"days":[]})", 400, "CALENDAR_YEAR", "year"},
      {"02037", R"({"days":[]})", 400, "CALENDAR_YEAR", "year"},
      {"working-days", R"({"days":[]})", 400, "CALENDAR_YEAR", "year"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.year + " " + c.body.substr(0, 200));
    HttpResult r = As("sysadmin").Put("/api/v1/calendar/" + c.year, c.body);
    EXPECT_EQ(r.status, c.status) << r.body.substr(0, 500);
    EXPECT_EQ(r.ErrorCode(), c.code);
    EXPECT_EQ(r.Json().at("error").at("field"), c.field);
    EXPECT_FALSE(r.Json().at("error").at("message").as_string().empty());
  }
  EXPECT_EQ(As("school_registrar").Get("/api/v1/calendar/20x7").ErrorCode(), "CALENDAR_YEAR");
  EXPECT_EQ(As("school_registrar").Get("/api/v1/calendar/2101").ErrorCode(), "CALENDAR_YEAR");
  EXPECT_EQ(Year(2037).at("covered"), false);
  EXPECT_EQ(AuditSeq(), seq);  // nothing written, not even an audit entry
}

INSTANTIATE_TEST_SUITE_P(Backends, Calendar, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

// `xueji calendar` on the shipped data/holidays.csv, without a database.
TEST(CalendarCli, R_CAL_1_prints_the_date_or_yes_or_no) {
  struct Case {
    const char* args;
    int exit_status;
    const char* output;  // the whole output when exit_status is 0, else a part
  };
  const Case cases[] = {
      {"add-working-days 2026-02-13 1", 0, "2026-02-14\n"},
      {"add-working-days 2026-02-13 2", 0, "2026-02-24\n"},
      {"add-working-days 2025-09-30 1", 0, "2025-10-09\n"},
      {"add-working-days 2025-01-24 3", 0, "2025-02-05\n"},
      {"add-working-days 2026-02-15 0", 0, "2026-02-15\n"},
      {"is-working-day 2026-02-14", 0, "yes\n"},
      {"is-working-day 2026-02-15", 0, "no\n"},
      {"is-working-day 2025-10-11", 0, "yes\n"},
      {"is-working-day 2025-10-06", 0, "no\n"},
      {"add-working-days 2026-12-31 1", 1, "CALENDAR_YEAR_MISSING"},
      {"is-working-day 2027-01-04", 1, "2027年的节假日和调休安排尚未录入"},
      {"add-working-days 2026-02-30 1", 1, "DATE_FORMAT"},
      {"add-working-days 2026-02-13 x", 1, "CALENDAR_DAYS_RANGE"},
      {"add-working-days 2026-02-13 3651", 1, "CALENDAR_DAYS_RANGE"},
      {"is-working-day 2026-02-14 --holidays /nonexistent/holidays.csv", 1, "FILE_READ"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    std::string out;
    EXPECT_EQ(TestServer::RunCli(std::string("calendar ") + c.args, &out), c.exit_status) << out;
    if (c.exit_status == 0) {
      EXPECT_EQ(out, c.output);
    } else {
      EXPECT_NE(out.find(c.output), std::string::npos) << out;
    }
  }
  std::string out;
  EXPECT_NE(TestServer::RunCli("calendar add-working-days 2026-02-13", &out), 0);
  EXPECT_NE(TestServer::RunCli("calendar", &out), 0);
}

// R-CAL-2: the machine's time zone never moves a date. 2026-02-14T16:30Z is
// already 2026-02-15 (春节) in Beijing but still the 调休 Saturday 2026-02-14
// in New York (and one working day after 2026-02-13T16:30Z is 2026-02-24 from
// Beijing's Saturday, 2026-02-14 from New York's Friday); 2026-02-23T15:00Z is
// still 2026-02-23 (春节) in Beijing but 2026-02-24 (a working Tuesday) on
// Kiritimati (UTC+14).
TEST(CalendarCli, R_CAL_2_instants_and_today_are_read_in_china_standard_time) {
  struct Case {
    const char* tz;
    const char* args;
    const char* output;
  };
  const Case cases[] = {
      {"America/New_York", "is-working-day 2026-02-14T16:30:00Z", "no\n"},
      {"America/New_York", "is-working-day --now 2026-02-14T16:30:00Z", "no\n"},
      {"America/New_York", "add-working-days 2026-02-13T16:30:00Z 1", "2026-02-24\n"},
      {"Pacific/Kiritimati", "is-working-day 2026-02-23T15:00:00Z", "no\n"},
      {"Pacific/Kiritimati", "is-working-day --now 2026-02-23T15:00:00Z", "no\n"},
      {"Pacific/Kiritimati", "is-working-day --now 2026-02-23T16:00:00Z", "yes\n"},
      {"UTC", "is-working-day 2026-02-14T15:59:59Z", "yes\n"},
  };
  const char* saved = std::getenv("TZ");
  std::string saved_tz = saved ? saved : "";
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.tz) + " " + c.args);
    setenv("TZ", c.tz, 1);
    std::string out;
    EXPECT_EQ(TestServer::RunCli(std::string("calendar ") + c.args, &out), 0) << out;
    EXPECT_EQ(out, c.output);
  }
  if (saved) {
    setenv("TZ", saved_tz.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
}

}  // namespace
}  // namespace xueji::testing
