#pragma once

// What the import service tests share (R-IO-1): ID numbers of boys born on
// the fixture's first-grader's birthday, the template columns their files
// carry (the record's fields, 班级 and 成员1's fields), template CSV text, and
// a fixture that turns the fixture's valid first-grader into a template row.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/template_columns.h"
#include "student_fixture.h"

namespace xueji::service::import_test {

// The school the import tests upload to.
inline constexpr const char* kSchool = "5201020001";

// An 18-digit 居民身份证 number: `first17` with its ISO 7064 check digit.
inline std::string IdWithCheck(const std::string& first17) {
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return first17 + "10X98765432"[sum % 11];
}

// The n-th ID number of a boy (odd 17th digit, as the record's sex says).
inline std::string Id(int n) { return IdWithCheck("52010220190901" + std::to_string(101 + 2 * n)); }

using Cells = std::map<std::string, std::string>;  // template field → cell text

// The template columns the test files carry: the record's fields, 班级, and
// 成员1's fields, in template order.
inline std::vector<const io::TemplateColumn*> Columns() {
  std::vector<const io::TemplateColumn*> out;
  for (const auto& c : io::TemplateColumns()) {
    bool student = false;
    for (const auto& f : domain::StudentFields()) student = student || c.field == f.name;
    if (student || c.field == io::kClassNameField || c.field.starts_with("guardians[0].")) {
      out.push_back(&c);
    }
  }
  return out;
}

// A template CSV of Columns(): the header, then `rows` (a field a row lacks
// is an empty cell).
inline std::string Csv(const std::vector<Cells>& rows) {
  auto columns = Columns();
  std::string out;
  for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + columns[c]->header;
  out += "\r\n";
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns.size(); ++c) {
      auto it = row.find(columns[c]->field);
      out += (c ? "," : "") + (it == row.end() ? std::string() : it->second);
    }
    out += "\r\n";
  }
  return out;
}

class ImportFixture : public StudentFixture {
 protected:
  // The fixture's valid first-grader of kSchool's first class with ID
  // number `id`, as template cells.
  Cells Row(const std::string& id) {
    auto s = FirstGrader(kSchool, id);
    Cells cells;
    for (const auto& f : domain::StudentFields()) cells[f.name] = s.*f.member;
    for (const auto& f : domain::GuardianFields()) {
      cells[std::string("guardians[0].") + f.name] = s.guardians[0].*f.member;
    }
    auto tx = db_->BeginRead();
    cells[io::kClassNameField] =
        tx->QueryOne("SELECT name FROM school_class WHERE id = $1", {s.class_id})->Text(0);
    return cells;
  }
  // A template CSV of `n` valid rows, with the ID numbers Id(first) onward.
  std::string GoodRows(int first, int n) {
    std::vector<Cells> rows;
    for (int i = first; i < first + n; ++i) rows.push_back(Row(Id(i)));
    return Csv(rows);
  }
  // The records of kSchool.
  int64_t Students() {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM student WHERE school_code = $1", {kSchool})->Int(0);
  }
};

}  // namespace xueji::service::import_test
