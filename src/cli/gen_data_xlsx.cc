#include "cli/gen_data_xlsx.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <vector>

#include "domain/school.h"
#include "io/code_table_files.h"
#include "io/csv.h"
#include "io/synthetic_students.h"
#include "io/template_writer.h"

namespace xueji::cli {
namespace {

int Fail(const Error& e) {
  std::fprintf(stderr, "错误 %s%s%s: %s\n", e.code.c_str(), e.field.empty() ? "" : " ",
               e.field.c_str(), e.message.c_str());
  return 1;
}

}  // namespace

// The counties (not development zones) of the city that `county` belongs
// to, each named "省市区", `county` first.
Result<std::vector<io::SyntheticCounty>> CitiesCounties(const std::string& regions_csv,
                                                        const std::string& county) {
  XUEJI_ASSIGN_OR_RETURN(auto rows, io::ReadCsvFile(regions_csv));
  std::map<std::string, io::CsvRow> by_code;  // code,name,level,parent_code,dev_zone
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() >= 5) by_code[rows[i][0]] = rows[i];
  }
  auto it = by_code.find(county);
  if (it == by_code.end() || it->second[2] != "county") {
    return Invalid("SCHOOL_CODE", "school",
                   "学校标识码的前6位不是现行的县级行政区划代码：" + county);
  }
  const std::string city = it->second[3];
  auto full_name = [&](const io::CsvRow& r) {
    std::string name = r[1];
    for (auto p = by_code.find(r[3]); p != by_code.end(); p = by_code.find(p->second[3])) {
      if (p->second[1] != "市辖区" && p->second[1] != "县") name = p->second[1] + name;
    }
    return name;
  };
  std::vector<io::SyntheticCounty> out = {{county, full_name(it->second)}};
  for (const auto& [code, r] : by_code) {
    if (r[2] == "county" && r[3] == city && r[4] == "0" && code != county) {
      out.push_back({code, full_name(r)});
    }
  }
  return out;
}

Result<std::vector<std::string>> ParseGrades(const std::string& text) {
  std::vector<std::string> grades;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string g = text.substr(start, end - start);
    if (domain::FindGrade(g) == nullptr) {
      return Invalid("GRADE_CODE", "grades", "年级代码无效：" + g + "（应为11–16、21–23、31–33）");
    }
    grades.push_back(g);
    start = end + 1;
  }
  return grades;
}

Result<std::vector<std::string>> ParseClassNames(const std::string& text) {
  std::vector<std::string> names;
  if (text.empty()) return names;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    if (name.empty()) return Invalid("CLASS_NAME", "class_names", "班级名称不能为空：" + text);
    names.push_back(std::move(name));
    start = end + 1;
  }
  return names;
}

std::string ClassNameOf(int64_t index_in_grade) {
  return std::to_string(index_in_grade / kGeneratedClassSize + 1) + "班";
}

int64_t ClassesFor(int64_t students, size_t grades) {
  auto per_grade = (students + static_cast<int64_t>(grades) - 1) / static_cast<int64_t>(grades);
  return (per_grade + kGeneratedClassSize - 1) / kGeneratedClassSize;
}

void AddGenXlsxOptions(CLI::App& gen, GenXlsxOptions& options) {
  auto* students = gen.add_option("--students", options.students, "Number of synthetic students")
                       ->check(CLI::Range(int64_t{1}, io::kXlsxMaxRows - 1));
  auto* xlsx = gen.add_option("--xlsx", options.xlsx,
                              "Write the students as the national import template (.xlsx)");
  xlsx->needs(students);
  gen.add_option("--school", options.school, "学校标识码 of the students")->needs(students);
  gen.add_option("--grades", options.grades, "Grade codes, comma-separated")->needs(students);
  gen.add_option("--seed", options.seed, "Random seed")->needs(students);
  gen.add_option("--class-names", options.class_names,
                 "Classes of each grade, comma-separated, filled in turn (default 1班, 2班 … "
                 "of 45)")
      ->needs(xlsx);
}

Status WriteStudentsXlsx(const GenXlsxOptions& options, const std::string& regions_csv,
                         domain::Date today) {
  if (options.school.size() != 10) {
    return Invalid("SCHOOL_CODE", "school", "学校标识码应为10位数字");
  }
  XUEJI_ASSIGN_OR_RETURN(auto counties, CitiesCounties(regions_csv, options.school.substr(0, 6)));
  XUEJI_ASSIGN_OR_RETURN(auto grades, ParseGrades(options.grades));
  XUEJI_ASSIGN_OR_RETURN(auto class_names, ParseClassNames(options.class_names));
  std::string dir = (std::filesystem::path(regions_csv).parent_path() / "code_tables").string();
  XUEJI_ASSIGN_OR_RETURN(auto tables, io::ReadCodeTableDir(dir));
  XUEJI_ASSIGN_OR_RETURN(auto writer, io::TemplateWriter::Create(options.xlsx, tables));
  io::SyntheticStudents generator(options.seed, std::move(counties), today);
  std::vector<int64_t> per_grade(grades.size(), 0);
  for (int64_t i = 0; i < options.students; ++i) {
    size_t g = static_cast<size_t>(i % static_cast<int64_t>(grades.size()));
    int64_t index = per_grade[g]++;
    std::string class_name = class_names.empty()
                                 ? ClassNameOf(index)
                                 : class_names[static_cast<size_t>(index) % class_names.size()];
    XUEJI_RETURN_IF_ERROR(
        writer->AddStudent(generator.Next(grades[g]), options.school, class_name));
  }
  return writer->Finish();
}

int GenerateStudentsXlsx(const GenXlsxOptions& options, const std::string& regions_csv,
                         domain::Date today) {
  Status written = WriteStudentsXlsx(options, regions_csv, today);
  if (!written.ok()) return Fail(written.error());
  std::printf("students %lld\nfile %s\n", static_cast<long long>(options.students),
              options.xlsx.c_str());
  return 0;
}

}  // namespace xueji::cli
