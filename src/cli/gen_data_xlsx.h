#pragma once

// `xueji gen-data --students N --xlsx FILE`: N synthetic students
// (io::SyntheticStudents) written as the national import template (R-IO-1),
// for imports, demos and benchmarks. No database is needed.
//
// The students belong to --school (10 digits, default the demo school
// 5201020001); their ID numbers and birthplaces come from the counties of
// the school's city in the region list; they are spread evenly over
// --grades (default 11–16) and, within a grade, over classes named 1班, 2班 …
// of 45, or in turn over the classes --class-names names (comma-separated:
// a school's existing classes, so that every row finds its class). The same
// --seed and date (--now or XUEJI_NOW) give the same file.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "io/synthetic_students.h"

namespace xueji::cli {

inline constexpr int64_t kGeneratedClassSize = 45;

struct GenXlsxOptions {
  int64_t students = 0;
  std::string xlsx;
  std::string school = "5201020001";
  std::string grades = "11,12,13,14,15,16";
  uint64_t seed = 1;
  std::string class_names;  // "1班,2班"; empty: 1班, 2班 … of 45
};

// Adds --students, --xlsx, --school, --grades, --seed and --class-names to `gen`
// (--students without --xlsx writes into the database: cli/gen_data_db.h).
void AddGenXlsxOptions(CLI::App& gen, GenXlsxOptions& options);

// The counties (not development zones) of the city that `county` belongs to
// in the region list, each named "省市区", `county` first; SCHOOL_CODE when
// `county` is no current county.
Result<std::vector<io::SyntheticCounty>> CitiesCounties(const std::string& regions_csv,
                                                        const std::string& county);

// "11,12" → the grade codes; GRADE_CODE for one that does not exist.
Result<std::vector<std::string>> ParseGrades(const std::string& text);

// "1班,2班" → the class names; CLASS_NAME for an empty one. Empty text
// gives none (the classes of ClassNameOf).
Result<std::vector<std::string>> ParseClassNames(const std::string& text);

// The class of the generator's `index_in_grade`-th student of a grade: 1班,
// 2班 … of 45 students each; ClassesFor gives how many classes a grade needs
// when `students` are spread evenly over `grades` grades.
std::string ClassNameOf(int64_t index_in_grade);
int64_t ClassesFor(int64_t students, size_t grades);

// The workbook of `options` written to options.xlsx, nothing printed.
Status WriteStudentsXlsx(const GenXlsxOptions& options, const std::string& regions_csv,
                         domain::Date today);

// Writes the file and prints `students N` and `file PATH` on stdout. Exit 0
// on success; 1 (error on stderr) for a school or grade that does not exist
// or a file that cannot be written. `regions_csv` is data/regions.csv; the
// code tables are read from code_tables/ beside it.
int GenerateStudentsXlsx(const GenXlsxOptions& options, const std::string& regions_csv,
                         domain::Date today);

}  // namespace xueji::cli
