#pragma once

// The columns of the national student import template (学生信息导入模板,
// R-IO-1): the one list that the reader matches headers against
// (io/import_template.h), that the template writer, the generator's
// workbooks and the error workbook write from, each column with everything
// either side needs.
//
// Order and spelling follow the 2013–2016 template as two independent
// programs that write and read it agree (reference/import_template.md,
// Version B): 学校标识码 first, then the student's own fields, 成员1 and 成员2
// with twelve fields each, and 是否进城务工人员随迁子女 last. 年级 is placed
// where the first of those programs has it (between 学生来源 and 电子信箱);
// 姓名拼音, which they both leave out, is left out. Columns of the national
// template that the record does not hold (血型, 上下学距离 …) are kept, with
// no field, so that a written file keeps the template's layout; the reader
// ignores them. Other spellings (Version B's reader, Version C, the record's
// own labels such as 残疾人类型) are aliases.
//
// Decided where the reader's and the writer's former lists disagreed:
// - 班级 is the field "class_name" (kClassNameField): the class's name in
//   the school, not the record's class_id, which the importer looks up.
// - required = registration refuses a record without it
//   (domain::ValidateNewStudent, R-INFO-1, R-INFO-2). 身份证件号 is
//   required (refused when empty for every document but Z-其他, for which
//   the cell may stay empty); 学校标识码 is not (the record's school is the
//   importing school's, not the file's); 班级 is (class_id is required);
//   成员1's 姓名, 关系, 现住址, 户口所在地, 联系电话 and 是否监护人 are (at
//   least one family member), no column of 成员2…成员6 is. The reader refuses
//   a file without a required column; the writer marks it 必填.
// - Family members: the national template has 成员1 and 成员2; the record
//   holds up to domain::kMaxGuardians (six). 成员3…成员6 follow the national
//   columns, same twelve fields each: the reader accepts them, the writer
//   writes the national columns only (NationalTemplateColumns), so a third
//   to sixth family member is not in a written template.
//
// Coded columns take the code (1, 01, CHN …), as the record stores it; the
// template's second sheet lists each table's codes and names.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/student_record.h"
#include "io/spreadsheet_cell.h"

namespace xueji::io {

struct TemplateColumn {
  std::string header;                // as in the national template, e.g. "身份证件号"
  std::vector<std::string> aliases;  // other spellings of the header
  std::string field;                 // record field: a StudentFields() name, "guardians[0].phone",
                                     // kSchoolCodeField, kClassNameField, or "" (not kept)
  bool required = false;             // registration refuses a record without it (see above)
  std::string code_table;            // id of the code table the cell's code comes from, or ""
  FieldFormat format;                // R-IO-2: how the reader normalizes the cell
  bool text = true;  // written in the 文本 format (every column but the distance in km)
};

inline constexpr const char* kSchoolCodeField = "school_code";  // 学校标识码
inline constexpr const char* kClassNameField = "class_name";    // 班级, the class's name

// Every column: the national template's in its order, then 成员3…成员6.
const std::vector<TemplateColumn>& TemplateColumns();

// The national template's columns, the first of TemplateColumns(): what the
// writer writes.
std::span<const TemplateColumn> NationalTemplateColumns();

// The index in TemplateColumns() of the column holding `field`, or -1. The
// national columns come first, so for them it is also the column of a
// written template.
int TemplateColumnOf(std::string_view field);

// One written template row for `student` (NationalTemplateColumns()): each
// column's value from the record (the first two family members fill 成员1 and
// 成员2), `school_code` and `class_name` for 学校标识码 and 班级, and "" for
// columns the record does not hold.
std::vector<std::string> TemplateRowCells(const domain::StudentInput& student,
                                          std::string_view school_code,
                                          std::string_view class_name);

}  // namespace xueji::io
