#include "api/student_bodies.h"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

#include "domain/id_number.h"
#include "domain/time.h"

namespace xueji::testing {
namespace {

namespace json = boost::json;

// The school year that has started most recently (September, CST).
int EntryYear() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  domain::Date today = domain::CstDate(
      domain::Instant{std::chrono::duration_cast<std::chrono::microseconds>(now).count()});
  return today.month >= 9 ? today.year : today.year - 1;
}

}  // namespace

std::string NewFirstGraderIdNumber() {
  static std::atomic<int> counter{0};
  int n = counter++;
  // Born from 09-01 of (entry year - 7) on: 300 days × 500 odd sequences.
  int y = 0;
  unsigned m = 0, d = 0;
  domain::CivilFromDays(domain::DaysFromCivil(EntryYear() - 7, 9, 1) + n / 500, y, m, d);
  char body[48];
  std::snprintf(body, sizeof body, "520102%04d%02u%02u%03d", y, m, d, (n % 500) * 2 + 1);
  std::string id(body, 17);
  return id + domain::IdCheckCharacter(id);
}

std::string FirstGraderBody(int64_t class_id, const std::string& id_number,
                            const std::string& name) {
  std::string birth =
      id_number.substr(6, 4) + "-" + id_number.substr(10, 2) + "-" + id_number.substr(12, 2);
  json::object guardian{
      {"name", "王大明"},           {"relation", "51"},       {"address", "贵阳市南明区花果园"},
      {"hukou_division", "520102"}, {"phone", "13908510000"}, {"is_guardian", "1"}};
  json::object s{{"name", name},
                 {"sex", "1"},
                 {"birth_date", birth},
                 {"birthplace", "520102"},
                 {"ethnicity", "01"},
                 {"nationality", "CHN"},
                 {"id_type", "1"},
                 {"id_number", id_number},
                 {"hmt", "00"},
                 {"political", "13"},
                 {"health", "10"},
                 {"hukou_division", "520102"},
                 {"hukou_type", "2"},
                 {"grade_code", "11"},
                 {"class_id", class_id},
                 {"entry_month", std::to_string(EntryYear()) + "09"},
                 {"enroll_method", "11"},
                 {"attend_mode", "1"},
                 {"source", "1"},
                 {"address", "贵阳市南明区花果园"},
                 {"phone", "13808510000"},
                 {"guardians", json::array{guardian}}};
  for (const char* f :
       {"only_child", "preschool", "left_behind", "migrant_child", "orphan", "martyr_child",
        "inclusive_class", "disability", "govt_degree", "needs_aid", "one_subsidy"}) {
    s[f] = "0";
  }
  return json::serialize(s);
}

}  // namespace xueji::testing
