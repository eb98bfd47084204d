#pragma once

// The workbook the import crash test uploads (docs/crash_test.md): a valid
// N-row national template for the demo school 5201020001, written by
// `xueji gen-data --students N --xlsx FILE` (students spread evenly over
// grades 11–16, classes of 45 named 1班, 2班 …).

#include <cstdint>
#include <set>
#include <string>

namespace xueji::testing {

struct CrashWorkbook {
  int64_t rows = 0;
  std::string bytes;
  std::set<std::string> id_numbers;  // normalized, as student.id_number_norm stores them
  int classes_per_grade = 0;         // the 班 the rows name in each grade
};

inline constexpr const char* kCrashSchool = "5201020001";
inline constexpr const char* kCrashGrades[] = {"11", "12", "13", "14", "15", "16"};

// Generates the workbook (a fixed generator seed) and reads its ID numbers
// back; throws when the binary or the reader fails.
CrashWorkbook MakeCrashWorkbook(int64_t rows);

}  // namespace xueji::testing
