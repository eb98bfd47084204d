#include "crash/crash_workbook.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "api/api_client.h"
#include "domain/id_number.h"
#include "io/xlsx_reader.h"

namespace xueji::testing {
namespace {

constexpr int kClassSize = 45;  // gen-data's classes
constexpr const char* kIdHeader = "身份证件号";

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The ID numbers of the 身份证件号 column, normalized.
std::set<std::string> IdNumbersOf(const std::string& bytes) {
  auto reader = io::XlsxReader::FromBuffer(bytes);
  if (!reader.ok()) throw std::runtime_error("workbook: " + reader.error().message);
  std::set<std::string> ids;
  int column = -1;
  Status read = reader.value().ForEachRow([&](const io::SheetRow& row) {
    for (size_t i = 0; i < row.cells.size() && column < 0; ++i) {
      if (row.cells[i].text == kIdHeader) column = static_cast<int>(i);
    }
    auto c = static_cast<size_t>(column);
    if (column >= 0 && c < row.cells.size() && row.cells[c].text != kIdHeader) {
      ids.insert(domain::NormalizeIdNumber(row.cells[c].text));
    }
    return Ok();
  });
  if (!read.ok()) throw std::runtime_error("workbook: " + read.error().message);
  return ids;
}

}  // namespace

CrashWorkbook MakeCrashWorkbook(int64_t rows) {
  auto dir =
      std::filesystem::temp_directory_path() / ("xueji-test-crash-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "students.xlsx").string();
  std::string out;
  int status = TestServer::RunCli("gen-data --students " + std::to_string(rows) + " --xlsx '" +
                                      path + "' --school " + kCrashSchool + " --seed 20261130",
                                  &out);
  if (status != 0) throw std::runtime_error("gen-data --xlsx: " + out);
  CrashWorkbook w;
  w.rows = rows;
  w.bytes = ReadWholeFile(path);
  std::filesystem::remove_all(dir);
  w.id_numbers = IdNumbersOf(w.bytes);
  if (static_cast<int64_t>(w.id_numbers.size()) != rows) {
    throw std::runtime_error("workbook: " + std::to_string(w.id_numbers.size()) +
                             " distinct ID numbers for " + std::to_string(rows) + " rows");
  }
  int64_t per_grade = (rows + std::size(kCrashGrades) - 1) / std::size(kCrashGrades);
  w.classes_per_grade = static_cast<int>((per_grade + kClassSize - 1) / kClassSize);
  return w;
}

}  // namespace xueji::testing
