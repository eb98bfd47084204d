#include "io/code_table_files.h"

#include <filesystem>

#include "io/csv.h"

namespace xueji::io {

Result<std::vector<domain::CodeTable>> ReadCodeTableDir(const std::string& dir) {
  namespace fs = std::filesystem;
  XUEJI_ASSIGN_OR_RETURN(auto list, ReadCsvFile((fs::path(dir) / "tables.csv").string()));
  if (list.empty() || list[0].size() < 2 || list[0][0] != "id" || list[0][1] != "name") {
    return Invalid("CODE_TABLE_FILE", "", "代码表文件 tables.csv 第1行：表头应为 id,name,…");
  }
  std::vector<domain::CodeTable> tables;
  for (size_t i = 1; i < list.size(); ++i) {
    const CsvRow& r = list[i];
    if (r.size() < 2 || !domain::IsCodeTableId(r[0])) {
      return Invalid("CODE_TABLE_FILE", "",
                     "代码表文件 tables.csv 第" + std::to_string(i + 1) + "行：代码表标识无效");
    }
    std::string file = r[0] + ".csv";
    XUEJI_ASSIGN_OR_RETURN(auto rows, ReadCsvFile((fs::path(dir) / file).string()));
    XUEJI_ASSIGN_OR_RETURN(auto values, domain::ParseCodeTableRows(rows, file));
    tables.emplace_back(r[0], r[1], std::move(values));
  }
  return tables;
}

}  // namespace xueji::io
