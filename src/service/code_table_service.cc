#include "service/code_table_service.h"

#include <filesystem>
#include <set>

#include "domain/code_table.h"
#include "io/csv.h"
#include "service/audit.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

struct TableFile {
  CodeTableInfo info;
  std::vector<domain::CodeValue> values;
};

// Reads tables.csv and every table file it lists; writes nothing.
Result<std::vector<TableFile>> ReadTableFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string list_path = (fs::path(dir) / "tables.csv").string();
  XUEJI_ASSIGN_OR_RETURN(auto rows, io::ReadCsvFile(list_path));
  auto fail = [](size_t line, const std::string& what) {
    return Invalid("CODE_TABLE_FILE", "",
                   "代码表文件 tables.csv 第" + std::to_string(line) + "行：" + what);
  };
  if (rows.empty() || rows[0] != io::CsvRow{"id", "name", "standard", "description"}) {
    return fail(1, "表头应为 id,name,standard,description");
  }
  std::vector<TableFile> tables;
  std::set<std::string> ids;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    size_t line = i + 1;
    if (r.size() != 4) return fail(line, "应有4列");
    if (!domain::IsCodeTableId(r[0])) {
      return fail(line, "代码表标识应为小写字母开头的1到32位小写字母、数字或下划线：" + r[0]);
    }
    if (!ids.insert(r[0]).second) return fail(line, "代码表标识重复：" + r[0]);
    std::string name = r[1];
    Status name_ok = domain::ValidateCodeName(name);
    if (!name_ok.ok()) return fail(line, name_ok.error().message);
    std::string file = r[0] + ".csv";
    XUEJI_ASSIGN_OR_RETURN(auto value_rows, io::ReadCsvFile((fs::path(dir) / file).string()));
    XUEJI_ASSIGN_OR_RETURN(auto values, domain::ParseCodeTableRows(value_rows, file));
    TableFile t;
    t.info.id = r[0];
    t.info.name = std::move(name);
    t.info.standard = r[2];
    t.info.description = r[3];
    t.values = std::move(values);
    tables.push_back(std::move(t));
  }
  if (tables.empty()) return fail(rows.size() + 1, "没有列出任何代码表");
  return tables;
}

CodeTableInfo InfoFromRow(const store::Row& r) {
  return CodeTableInfo{
      r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), domain::Instant{r.Int(5)}, r.Int(6)};
}

constexpr const char* kSelectInfo =
    "SELECT t.id, t.name, t.standard, t.description, t.version, t.updated_at, "
    "(SELECT COUNT(*) FROM code_value v WHERE v.table_id = t.id) FROM code_table t";

}  // namespace

// R-INFO-4
Result<int> LoadCodeTables(store::Database& db, const Context& ctx, const std::string& dir) {
  XUEJI_ASSIGN_OR_RETURN(auto tables, ReadTableFiles(dir));
  auto tx = db.BeginWrite();
  std::string loaded;
  int count = 0;
  int64_t values = 0;
  for (const auto& t : tables) {
    if (tx->QueryOne("SELECT 1 FROM code_table WHERE id = $1", {t.info.id})) continue;
    tx->Exec(
        "INSERT INTO code_table (id, name, standard, description, version, updated_at) "
        "VALUES ($1, $2, $3, $4, 1, $5)",
        {t.info.id, t.info.name, t.info.standard, t.info.description, ctx.now.micros});
    int64_t order = 0;
    for (const auto& v : t.values) {
      tx->Exec(
          "INSERT INTO code_value (table_id, code, name, historical, sort_order) "
          "VALUES ($1, $2, $3, $4, $5)",
          {t.info.id, v.code, v.name, int64_t{v.historical ? 1 : 0}, ++order});
    }
    values += order;
    loaded += (loaded.empty() ? "" : ",") + t.info.id;
    ++count;
  }
  if (count == 0) return 0;
  AppendAudit(*tx, ctx,
              {"code_table.load", "code_tables", "ok",
               Summary({{"tables", loaded}, {"values", std::to_string(values)}})});
  tx->Commit();
  return count;
}

Result<std::vector<CodeTableInfo>> ListCodeTables(store::Database& db) {
  auto tx = db.BeginRead();
  std::vector<CodeTableInfo> out;
  for (const auto& r : tx->Query(std::string(kSelectInfo) + " ORDER BY t.id")) {
    out.push_back(InfoFromRow(r));
  }
  return out;
}

Result<domain::CodeTable> LoadCodeTable(store::Tx& tx, const std::string& id) {
  auto t = tx.QueryOne("SELECT name FROM code_table WHERE id = $1", {id});
  if (!t) return NotFound("代码表不存在");
  std::vector<domain::CodeValue> values;
  for (const auto& r : tx.Query("SELECT code, name, historical FROM code_value WHERE table_id = $1 "
                                "ORDER BY sort_order, code",
                                {id})) {
    values.push_back(domain::CodeValue{r.Text(0), r.Text(1), r.Int(2) != 0});
  }
  return domain::CodeTable(id, t->Text(0), std::move(values));
}

Result<CodeTableDetail> GetCodeTable(store::Database& db, const std::string& id) {
  auto tx = db.BeginRead();
  auto info = tx->QueryOne(std::string(kSelectInfo) + " WHERE t.id = $1", {id});
  if (!info) return NotFound("代码表不存在");
  XUEJI_ASSIGN_OR_RETURN(auto table, LoadCodeTable(*tx, id));
  return CodeTableDetail{InfoFromRow(*info), std::move(table)};
}

// R-INFO-4, R-SPEC-2025
Result<CodeValueChange> UpsertCodeValue(store::Database& db, const Context& ctx,
                                        const std::string& table_id, const std::string& code,
                                        std::string name, std::optional<bool> historical_in) {
  XUEJI_RETURN_IF_ERROR(domain::ValidateCodeFormat(code, "code"));
  XUEJI_RETURN_IF_ERROR(domain::ValidateCodeName(name, "name"));
  auto tx = db.BeginWrite();
  // Locking the table's row orders concurrent edits of one table, so that each
  // sees the previous one's values and version.
  auto table = tx->QueryOne(
      "SELECT version FROM code_table WHERE id = $1" + std::string(tx->ForUpdate()), {table_id});
  if (!table) return NotFound("代码表不存在");
  auto old =
      tx->QueryOne("SELECT name, historical FROM code_value WHERE table_id = $1 AND code = $2",
                   {table_id, code});
  // Absent: a stored code keeps its flag (a rename does not revive a retired
  // code); a new code is current.
  bool historical = historical_in.value_or(old && old->Int(1) != 0);
  CodeValueChange change;
  change.value = domain::CodeValue{code, name, historical};
  change.created = !old;
  change.version = table->Int(0);
  if (old && old->Text(0) == name && (old->Int(1) != 0) == historical) return change;
  change.changed = true;
  int64_t flag = historical ? 1 : 0;
  if (old) {
    tx->Exec("UPDATE code_value SET name = $1, historical = $2 WHERE table_id = $3 AND code = $4",
             {name, flag, table_id, code});
  } else {
    tx->Exec(
        "INSERT INTO code_value (table_id, code, name, historical, sort_order) VALUES ($1, $2, $3, "
        "$4, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM code_value WHERE table_id = $1))",
        {table_id, code, name, flag});
  }
  auto bumped = tx->QueryOne(
      "UPDATE code_table SET version = version + 1, updated_at = $1 WHERE id = $2 "
      "RETURNING version",
      {ctx.now.micros, table_id});
  change.version = bumped->Int(0);
  AppendAudit(
      *tx, ctx,
      {change.created ? "code_value.create" : "code_value.update", table_id + "/" + code, "ok",
       Summary({{"table", table_id},
                {"code", code},
                {"name", name},
                {"historical", historical ? "1" : "0"},
                {"old_name", old ? old->Text(0) : ""},
                {"old_historical", old ? (old->Int(1) != 0 ? "1" : "0") : ""},
                {"version", std::to_string(change.version)}})});
  tx->Commit();
  return change;
}

}  // namespace xueji::service
