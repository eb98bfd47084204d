#include "service/setup.h"

#include <filesystem>
#include <unordered_map>

#include "domain/org.h"
#include "domain/school.h"
#include "io/csv.h"
#include "service/account_service.h"
#include "service/audit.h"
#include "service/business_calendar_service.h"
#include "service/code_table_service.h"
#include "service/crypto.h"
#include "service/jurisdiction.h"
#include "service/org_service.h"
#include "service/summary.h"
#include "store/migrations.h"

namespace xueji::service {
namespace {

constexpr const char* kMinistryName = "中华人民共和国教育部";

// R-ORG-1: the national tree, when the database has none yet.
Status LoadRegions(store::Database& db, const Context& ctx, const std::string& regions_csv,
                   InitReport& report) {
  {
    auto tx = db.BeginRead();
    if (tx->QueryOne("SELECT 1 FROM org WHERE code = $1", {std::string(domain::kMinistryCode)})) {
      return Ok();
    }
  }
  XUEJI_ASSIGN_OR_RETURN(auto rows, io::ReadCsvFile(regions_csv));
  if (rows.empty() || rows[0] != io::CsvRow{"code", "name", "level", "parent_code", "dev_zone"}) {
    return Invalid("REGIONS_HEADER", "",
                   "行政区划文件表头应为 code,name,level,parent_code,dev_zone");
  }
  auto tx = db.BeginWrite();
  std::unordered_map<std::string, std::string> paths;
  std::string ministry(domain::kMinistryCode);
  paths[ministry] = domain::ChildPath("/", ministry);
  tx->Exec(
      "INSERT INTO org (code, name, level, parent_code, path, dev_zone, created_at) "
      "VALUES ($1, $2, 'ministry', NULL, $3, 0, $4)",
      {ministry, std::string(kMinistryName), paths[ministry], ctx.now.micros});
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string where = "行政区划文件第" + std::to_string(i + 1) + "行";
    if (r.size() != 5) return Invalid("REGIONS_ROW", "", where + "应有5列");
    auto level = domain::LevelOfCode(r[0]);
    auto declared = domain::ParseOrgLevel(r[2]);
    if (!level.ok() || !declared || *level != *declared || *level == domain::OrgLevel::kSchool) {
      return Invalid("REGIONS_ROW", "", where + "的代码或层级无效：" + r[0]);
    }
    auto parent = paths.find(r[3]);
    if (parent == paths.end())
      return Invalid("REGIONS_ROW", "", where + "的上级代码不存在：" + r[3]);
    std::string path = domain::ChildPath(parent->second, r[0]);
    tx->Exec(
        "INSERT INTO org (code, name, level, parent_code, path, dev_zone, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {r[0], r[1], r[2], r[3], path, int64_t{r[4] == "1" ? 1 : 0}, ctx.now.micros});
    paths[r[0]] = std::move(path);
    ++report.regions_loaded;
  }
  AppendAudit(*tx, ctx,
              {"system.init", ministry, "ok",
               Summary({{"regions", std::to_string(report.regions_loaded)}})});
  tx->Commit();
  return Ok();
}

}  // namespace

// R-ORG-1, R-CAL-1, R-INFO-4
Result<InitReport> InitDatabase(store::Database& db, const Context& ctx,
                                const std::string& regions_csv, const std::string& code_tables_dir,
                                const std::string& holidays_csv) {
  InitReport report;
  report.migrations_applied = store::Migrate(db);
  XUEJI_RETURN_IF_ERROR(LoadRegions(db, ctx, regions_csv, report));
  std::filesystem::path data_dir = std::filesystem::path(regions_csv).parent_path();
  std::string holidays = holidays_csv.empty() ? (data_dir / "holidays.csv").string() : holidays_csv;
  XUEJI_ASSIGN_OR_RETURN(report.calendar_years_loaded, LoadHolidayFile(db, ctx, holidays));
  std::string dir = code_tables_dir.empty() ? (data_dir / "code_tables").string() : code_tables_dir;
  XUEJI_ASSIGN_OR_RETURN(report.code_tables_loaded, LoadCodeTables(db, ctx, dir));
  return report;
}

Result<std::vector<DemoAccount>> GenerateDemoData(store::Database& db, const Context& ctx) {
  const std::vector<DemoAccount> accounts = {
      {"moe_registrar", "ministry_registrar", "000000", "教育部学籍管理员"},
      {"gz_registrar", "province_registrar", "520000", "贵州省学籍管理员"},
      {"gy_registrar", "city_registrar", "520100", "贵阳市学籍管理员"},
      {"nanming_registrar", "county_registrar", "520102", "南明区学籍管理员"},
      {"yunyan_registrar", "county_registrar", "520103", "云岩区学籍管理员"},
      {"school_registrar", "school_registrar", "5201020001", "南明区第一小学学籍管理员"},
      {"school_approver", "school_approver", "5201020001", "南明区第一小学审核人"},
      {"head_teacher", "head_teacher", "5201020001", "南明区第一小学班主任"},
      {"sysadmin", "system_admin", "000000", "系统管理员"},
      {"secadmin", "security_admin", "000000", "安全管理员"},
      {"auditadmin", "audit_admin", "000000", "审计管理员"},
  };
  {
    auto tx = db.BeginRead();
    if (tx->QueryOne("SELECT 1 FROM app_user WHERE username = 'moe_registrar'")) return accounts;
  }
  struct DemoSchool {
    domain::SchoolInput input;
    std::vector<std::pair<std::string, std::string>> classes;  // grade, name
  };
  std::vector<DemoSchool> schools = {
      {{"5201020001", "贵阳市南明区第一小学", "primary", "regular", "520102", "520102"},
       {{"11", "1班"}, {"11", "2班"}, {"12", "1班"}, {"16", "1班"}}},
      {{"5201020002", "贵阳市南明区第二中学", "junior", "regular", "520102", "520102"},
       {{"21", "1班"}, {"21", "2班"}, {"22", "1班"}}},
      {{"5201030001", "贵阳市云岩区实验小学", "primary", "regular", "520103", "520103"},
       {{"11", "1班"}, {"13", "1班"}}},
      {{"5201030002", "贵阳市云岩区特殊教育学校", "nine_year", "special", "520103", "520103"},
       {{"11", "1班"}}},
      {{"5201000001", "贵阳市第一中学", "complete_middle", "regular", "520103", "520100"},
       {{"21", "1班"}, {"31", "1班"}}},
  };
  for (auto& s : schools) {
    auto tx = db.BeginRead();
    XUEJI_ASSIGN_OR_RETURN(OrgRef authority, LoadOrg(*tx, s.input.authority_code));
    tx.reset();
    auto created = CreateSchool(db, ctx, authority, s.input);
    if (!created.ok() && created.error().code != "ORG_EXISTS") return created.error();
    auto school_tx = db.BeginRead();
    XUEJI_ASSIGN_OR_RETURN(OrgRef school, LoadOrg(*school_tx, s.input.code));
    school_tx.reset();
    for (const auto& [grade, name] : s.classes) {
      domain::ClassInput c{grade, name, "", 0};
      auto made = CreateClass(db, ctx, school, c);
      if (!made.ok() && made.error().code != "CLASS_EXISTS") return made.error();
    }
  }
  // One Argon2id hash for all demo accounts: hashing is deliberately slow.
  std::string hash = HashPassword(kDemoPassword);
  int phone = 85100001;
  for (const auto& a : accounts) {
    auto tx = db.BeginRead();
    XUEJI_ASSIGN_OR_RETURN(OrgRef org, LoadOrg(*tx, a.org_code));
    tx.reset();
    NewUser u{a.username, a.description, "", a.role, a.org_code, "0851-" + std::to_string(phone++)};
    auto added = AddUser(db, ctx, org, u, hash);
    if (!added.ok() && added.error().code != "USERNAME_TAKEN") return added.error();
  }
  return accounts;
}

}  // namespace xueji::service
