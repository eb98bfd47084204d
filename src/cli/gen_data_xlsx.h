#pragma once

// `xueji gen-data --students N --xlsx FILE`: N synthetic students
// (io::SyntheticStudents) written as the national import template (R-IO-1),
// for imports, demos and benchmarks. No database is needed.
//
// The students belong to --school (10 digits, default the demo school
// 5201020001); their ID numbers and birthplaces come from the counties of
// the school's city in the region list; they are spread evenly over
// --grades (default 11–16) and, within a grade, over classes named 1班, 2班 …
// of 45. The same --seed and date (--now or XUEJI_NOW) give the same file.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "domain/time.h"

namespace xueji::cli {

struct GenXlsxOptions {
  int64_t students = 0;
  std::string xlsx;
  std::string school = "5201020001";
  std::string grades = "11,12,13,14,15,16";
  uint64_t seed = 1;
};

// Adds --students, --xlsx, --school, --grades and --seed to `gen`.
void AddGenXlsxOptions(CLI::App& gen, GenXlsxOptions& options);

// Writes the file and prints `students N` and `file PATH` on stdout. Exit 0
// on success; 1 (error on stderr) for a school or grade that does not exist
// or a file that cannot be written. `regions_csv` is data/regions.csv; the
// code tables are read from code_tables/ beside it.
int GenerateStudentsXlsx(const GenXlsxOptions& options, const std::string& regions_csv,
                         domain::Date today);

}  // namespace xueji::cli
