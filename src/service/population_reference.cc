#include "service/population_reference.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "domain/id_number.h"
#include "domain/person_name.h"
#include "domain/role.h"
#include "domain/text.h"
#include "io/csv.h"
#include "service/audit.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr const char* kHeader[] = {"身份证件号", "姓名", "性别", "出生日期"};
constexpr size_t kColumns = 4;

struct ReferenceRow {
  int64_t line = 0;
  std::string id_number, name, sex, birth_date;
};

// A GBK file (or any other non-UTF-8 text) is refused as a whole: every row
// of it would be garbled.
Status CheckEncoding(std::string_view text) {
  int64_t line = 1;
  for (size_t start = 0; start <= text.size(); ++line) {
    size_t end = text.find('\n', start);
    std::string_view l = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (domain::Utf8Length(l) < 0) {
      return Invalid("POPULATION_ENCODING", "",
                     "第" + std::to_string(line) +
                         "行不是有效的UTF-8文本：人口信息文件应为UTF-8编码，" + "不含控制字符");
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return Ok();
}

Status CheckHeader(const std::vector<io::CsvRow>& rows) {
  bool ok = !rows.empty() && rows[0].size() == kColumns;
  for (size_t i = 0; ok && i < kColumns; ++i) ok = domain::TrimSpaces(rows[0][i]) == kHeader[i];
  if (ok) return Ok();
  return Invalid("POPULATION_HEADER", "", "第1行应为表头：身份证件号,姓名,性别,出生日期");
}

// The physical line of each parsed row: a quoted field may span lines.
std::vector<int64_t> RowLines(const std::vector<io::CsvRow>& rows) {
  std::vector<int64_t> lines;
  int64_t line = 1;
  for (const auto& row : rows) {
    lines.push_back(line++);
    for (const auto& field : row) line += std::count(field.begin(), field.end(), '\n');
  }
  return lines;
}

std::optional<std::string> SexCode(const std::string& text) {
  std::string t = domain::TrimSpaces(text);
  if (t == "1" || t == "男") return "1";
  if (t == "2" || t == "女") return "2";
  return std::nullopt;
}

// R-INFO-1, R-INFO-5: one data row. The birth date and sex are not required
// to agree with the digits of the number: the population database is the
// authority, and where it differs the verifier reports the mismatch.
Result<ReferenceRow> ParseRow(const io::CsvRow& row, int64_t line, domain::Date today) {
  if (row.size() != kColumns) {
    return Invalid(
        "POPULATION_COLUMNS", "",
        "应有4列（身份证件号,姓名,性别,出生日期），实有" + std::to_string(row.size()) + "列");
  }
  XUEJI_ASSIGN_OR_RETURN(auto id, domain::ParseIdNumber(row[0], today, "id_number"));
  XUEJI_ASSIGN_OR_RETURN(auto name, domain::NormalizePersonName(row[1], "name"));
  auto sex = SexCode(row[2]);
  if (!sex) return Invalid("POPULATION_SEX", "sex", "性别应为1、2或男、女，实为“" + row[2] + "”");
  auto birth = domain::ParseDate(domain::TrimSpaces(row[3]));
  if (!birth) {
    return Invalid("POPULATION_BIRTH_DATE", "birth_date",
                   "出生日期应为YYYY-MM-DD格式的有效日期，实为“" + row[3] + "”");
  }
  return ReferenceRow{line, id.normalized, name, *sex, domain::FormatDate(*birth)};
}

bool SameData(const ReferenceRow& a, const ReferenceRow& b) {
  return a.name == b.name && a.sex == b.sex && a.birth_date == b.birth_date;
}

void AddBad(PopulationImportReport& report, int64_t line, const Error& e) {
  ++report.bad;
  report.bad_rows.push_back({line, e.code, e.field, e.message});
}

// A number on several rows: an identical repeat is dropped; rows that
// contradict each other are all withdrawn, since which one is right is not
// known.
std::vector<ReferenceRow> DropRepeats(std::vector<ReferenceRow> rows,
                                      PopulationImportReport& report) {
  std::map<std::string, size_t> first;
  std::vector<bool> drop(rows.size(), false), conflicted(rows.size(), false);
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, fresh] = first.emplace(rows[i].id_number, i);
    if (fresh) continue;
    size_t j = it->second;
    std::string other = "第" + std::to_string(rows[j].line) + "行";
    drop[i] = true;
    if (SameData(rows[i], rows[j]) && !conflicted[j]) {
      AddBad(report, rows[i].line,
             Invalid("POPULATION_DUPLICATE", "id_number", "与" + other + "重复，本行未导入"));
      continue;
    }
    AddBad(report, rows[i].line,
           Invalid("POPULATION_CONFLICT", "id_number",
                   "身份证件号与" + other + "相同而数据不同，两行都未导入"));
    if (!conflicted[j]) {
      conflicted[j] = drop[j] = true;
      AddBad(report, rows[j].line,
             Invalid("POPULATION_CONFLICT", "id_number",
                     "身份证件号与第" + std::to_string(rows[i].line) +
                         "行相同而数据不同，两行都未导入"));
    }
  }
  std::vector<ReferenceRow> kept;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!drop[i]) kept.push_back(std::move(rows[i]));
  }
  return kept;
}

// Every data row checked; the good ones returned, the bad ones in `report`.
std::vector<ReferenceRow> CheckRows(const std::vector<io::CsvRow>& rows, domain::Date today,
                                    PopulationImportReport& report) {
  std::vector<int64_t> lines = RowLines(rows);
  std::vector<ReferenceRow> good;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() == 1 && domain::TrimSpaces(rows[i][0]).empty()) continue;  // blank line
    ++report.rows;
    auto row = ParseRow(rows[i], lines[i], today);
    if (row.ok()) {
      good.push_back(std::move(row).value());
    } else {
      AddBad(report, lines[i], row.error());
    }
  }
  good = DropRepeats(std::move(good), report);
  std::stable_sort(report.bad_rows.begin(), report.bad_rows.end(),
                   [](const auto& a, const auto& b) { return a.line < b.line; });
  if (report.bad_rows.size() > kMaxReportedBadRows) report.bad_rows.resize(kMaxReportedBadRows);
  return good;
}

// Upserts one row; the counts say what happened to it.
void UpsertRow(store::Tx& tx, const Context& ctx, const std::string& source, const ReferenceRow& r,
               PopulationImportReport& counts) {
  if (tx.Exec("INSERT INTO population_reference (id_number_norm, name, sex, birth_date, "
              "source_file, imported_at) VALUES ($1, $2, $3, $4, $5, $6) "
              "ON CONFLICT (id_number_norm) DO NOTHING",
              {r.id_number, r.name, r.sex, r.birth_date, source, ctx.now.micros}) == 1) {
    ++counts.inserted;
    return;
  }
  auto cur = tx.QueryOne(
      "SELECT name, sex, birth_date FROM population_reference WHERE id_number_norm = $1" +
          std::string(tx.ForUpdate()),
      {r.id_number});
  if (cur->Text(0) == r.name && cur->Text(1) == r.sex && cur->Text(2) == r.birth_date) {
    ++counts.unchanged;
    return;
  }
  tx.Exec(
      "UPDATE population_reference SET name = $1, sex = $2, birth_date = $3, source_file = $4, "
      "imported_at = $5 WHERE id_number_norm = $6",
      {r.name, r.sex, r.birth_date, source, ctx.now.micros, r.id_number});
  ++counts.updated;
}

// One chunk: one transaction with its audit entry (R-SEC-2).
void WriteChunk(store::Database& db, const Context& ctx, const std::string& source,
                const ReferenceRow* begin, const ReferenceRow* end,
                PopulationImportReport& report) {
  PopulationImportReport counts;
  auto tx = db.BeginWrite();
  for (const ReferenceRow* r = begin; r != end; ++r) UpsertRow(*tx, ctx, source, *r, counts);
  AppendAudit(
      *tx, ctx,
      {"population.import", source, "ok",
       Summary({{"lines", std::to_string(begin->line) + "-" + std::to_string((end - 1)->line)},
                {"inserted", std::to_string(counts.inserted)},
                {"updated", std::to_string(counts.updated)},
                {"unchanged", std::to_string(counts.unchanged)}})});
  tx->Commit();
  report.inserted += counts.inserted;
  report.updated += counts.updated;
  report.unchanged += counts.unchanged;
  ++report.chunks;
}

}  // namespace

// R-NO-7
Result<PopulationImportReport> ImportPopulationReference(store::Database& db, const Context& ctx,
                                                         const std::string& source_file,
                                                         std::string_view csv_text,
                                                         int chunk_rows) {
  if (ctx.actor && ctx.actor->role != domain::Role::kMinistryRegistrar) {
    return Forbidden("只有教育部学籍管理员可以导入人口信息");
  }
  XUEJI_RETURN_IF_ERROR(CheckEncoding(csv_text));
  XUEJI_ASSIGN_OR_RETURN(auto rows, io::ParseCsv(csv_text));
  XUEJI_RETURN_IF_ERROR(CheckHeader(rows));
  PopulationImportReport report;
  report.source_file = source_file;
  std::vector<ReferenceRow> good = CheckRows(rows, domain::CstDate(ctx.now), report);
  size_t step = static_cast<size_t>(std::max(1, chunk_rows));
  for (size_t start = 0; start < good.size(); start += step) {
    size_t stop = std::min(good.size(), start + step);
    WriteChunk(db, ctx, source_file, good.data() + start, good.data() + stop, report);
  }
  return report;
}

Result<PopulationImportReport> ImportPopulationFile(store::Database& db, const Context& ctx,
                                                    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid("FILE_READ", "file", "无法读取文件：" + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ImportPopulationReference(db, ctx, std::filesystem::path(path).filename().string(),
                                   text.str());
}

}  // namespace xueji::service
