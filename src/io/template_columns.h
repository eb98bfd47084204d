#pragma once

// The columns of the national student import template (学生信息导入模板,
// R-IO-1), in order: the single list that the template writer, the
// generator's workbooks and the error workbook use, and that the reader may
// map its headers with.
//
// Order and spelling follow the 2013–2016 template as two independent
// programs that write and read it agree (reference/import_template.md,
// Version B): 学校标识码 first, then the student's own fields, 成员1 and 成员2
// with twelve fields each, and 是否进城务工人员随迁子女 last. 年级 is placed
// where the first of those programs has it (between 学生来源 and 电子信箱);
// 姓名拼音, which they both leave out, is left out. Columns of the national
// template that the record does not hold (血型, 上下学距离 …) are kept, with
// no field, so that a file exported from elsewhere keeps its layout.
//
// Coded columns take the code (1, 01, CHN …), as the record stores it; the
// template's second sheet lists each table's codes and names.

#include <string>
#include <string_view>
#include <vector>

#include "domain/student_record.h"

namespace xueji::io {

struct WriterColumn {
  std::string header;      // as in the national template, e.g. "身份证件号"
  std::string field;       // record field: a StudentFields() name, "guardians[0].phone",
                           // kSchoolCodeField, kClassNameField, or "" (not kept)
  bool required = false;   // marked required in the template (R-INFO-1..5)
  std::string code_table;  // id of the code table the cell's code comes from, or ""
  bool text = true;        // 文本 format (every column but the distance in km)
};

inline constexpr const char* kSchoolCodeField = "school_code";  // 学校标识码
inline constexpr const char* kClassNameField = "class_name";    // 班级, the class's name

const std::vector<WriterColumn>& WriterColumns();

// The index of the column holding `field`, or -1.
int WriterColumnOf(std::string_view field);

// One template row for `student`: each column's value from the record (the
// first two guardians fill 成员1 and 成员2), `school_code` and `class_name`
// for 学校标识码 and 班级, and "" for columns the record does not hold.
std::vector<std::string> WriterRow(const domain::StudentInput& student,
                                   std::string_view school_code, std::string_view class_name);

}  // namespace xueji::io
