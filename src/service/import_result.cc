#include "service/import_result.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/result_workbook.h"

namespace xueji::service {
namespace {

// A private directory for the workbook while it is written; removed with
// everything in it when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "xueji-import-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Error WriteFailed() {
  return Error{ErrorKind::kInternal, "IMPORT_RESULT_WRITE", "", "导入结果文件生成失败"};
}

}  // namespace

// R-IO-1: the rows are streamed to the workbook one at a time, each
// unpacked only while it is written.
Result<std::string> BuildImportResult(const ImportSheet& sheet,
                                      const std::vector<ImportProblem>& problems,
                                      bool only_rows_with_problems) {
  TempDir dir;
  if (dir.path().empty()) return WriteFailed();
  std::vector<std::vector<io::RowProblem>> by_row(sheet.rows.size());
  for (const auto& p : problems) {
    if (p.row < 0 || static_cast<size_t>(p.row) >= sheet.rows.size()) {
      return Error{ErrorKind::kInternal, "RESULT_PROBLEM_ROW", "",
                   "错误所在行不存在：" + std::to_string(p.row)};
    }
    by_row[static_cast<size_t>(p.row)].push_back({p.row, p.column, p.message});
  }
  std::string path = dir.path() + "/result.xlsx";
  XUEJI_ASSIGN_OR_RETURN(auto writer, io::ResultWorkbookWriter::Create(path, sheet.headers));
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    if (only_rows_with_problems && by_row[r].empty()) continue;
    XUEJI_RETURN_IF_ERROR(writer->AddRow(sheet.rows[r].cells.Unpacked(), by_row[r]));
  }
  XUEJI_RETURN_IF_ERROR(writer->Finish());
  std::ifstream in(path, std::ios::binary);
  if (!in) return WriteFailed();
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace xueji::service
