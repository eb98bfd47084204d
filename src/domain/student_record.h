#pragma once

// The student basic-information record (学籍基础信息表, SPEC §2) and its
// validation for a new record (R-INFO-1..5).
//
// Field values are the strings a form or the national template carries;
// coded fields hold codes of the code tables (data, R-INFO-4), looked up
// through a CodeLookup so that this file stays free of I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/code_table.h"
#include "domain/id_number.h"
#include "domain/result.h"
#include "domain/student_dates.h"
#include "domain/time.h"

namespace xueji::domain {

struct GuardianInput {
  std::string name;            // 姓名*
  std::string relation;        // 关系* (family_relation)
  std::string relation_note;   // 关系说明
  std::string address;         // 现住址*
  std::string hukou_division;  // 户口所在地* (division code)
  std::string phone;           // 联系电话*
  std::string is_guardian;     // 是否监护人* (yes_no)
  std::string id_type;         // 身份证件类型 (id_type)
  std::string id_number;       // 身份证件号
  std::string ethnicity;       // 民族 (ethnicity)
  std::string employer;        // 工作单位
  std::string position;        // 职务
};

struct StudentInput {
  // 基本信息
  std::string name, former_name, sex, birth_date, birthplace, native_place, ethnicity, nationality,
      id_type, id_number, hmt, political, health, hukou_division, hukou_type, specialty;
  // 学籍信息 (the class id is checked by the service against the school)
  std::string school_student_no, grade_code, entry_month, enroll_method, attend_mode, source;
  int64_t class_id = 0;
  // 联系方式
  std::string address, mail_address, home_address, phone, postal_code, email;
  // 扩展信息 (yes_no codes unless noted)
  std::string only_child, preschool, left_behind /* left_behind */, migrant_child, orphan,
      martyr_child, inclusive_class /* inclusive_class */, disability /* disability */, govt_degree,
      needs_aid, one_subsidy;
  std::vector<GuardianInput> guardians;
  // 非基础信息: the province's own fields by name (R-SPEC-2025), checked by
  // ValidateExtraValues against the province's definitions.
  std::map<std::string, std::string> extra;
};

// Where coded fields find their tables (service/ loads them from the store).
class CodeLookup {
 public:
  virtual ~CodeLookup() = default;
  // The table with this id, or nullptr when it does not exist.
  virtual const CodeTable* Table(std::string_view id) const = 0;
};

struct ValidatedStudent {
  StudentInput record;         // normalized: names, numbers, phones, dates
  std::optional<IdNumber> id;  // when the document is a 居民身份证
  YearMonth entry_month;
  Date birth;
  std::vector<Warning> warnings;  // R-INFO-3 and other non-blocking findings
};

// The text fields of a record, in the order of the national table: the
// column name in the store and the API, the member, and the Chinese label.
// Storage, JSON and change history iterate this list instead of naming each
// field again.
struct StudentField {
  const char* name;
  std::string StudentInput::*member;
  const char* label;
};
const std::vector<StudentField>& StudentFields();

struct GuardianField {
  const char* name;
  std::string GuardianInput::*member;
  const char* label;
};
const std::vector<GuardianField>& GuardianFields();

inline constexpr size_t kMaxGuardians = 6;
inline constexpr const char* kCitizenIdType = "1";  // 居民身份证
inline constexpr const char* kOtherIdType = "Z";    // 其他: 身份证件号 may be empty

// R-INFO-1..5: checks every field of a new record and its family members,
// normalizing what may be normalized. On failure the Error lists one entry
// per wrong field in `details` (fields of family members are named
// "guardians[i].field"); nothing is half-checked.
Result<ValidatedStudent> ValidateNewStudent(StudentInput input, const CodeLookup& codes,
                                            Date today);

// R-CHG-1, R-INFO-1..5, R-SPEC-2025: checks an existing record after an edit
// (`edited`, the stored record with the changes applied) exactly as a new
// one, all field errors at once — except that a code a field already held
// (`stored`) stays valid when it has since been made historical: only
// changed values must be current codes.
Result<ValidatedStudent> ValidateEditedStudent(StudentInput edited, const StudentInput& stored,
                                               const CodeLookup& codes, Date today);

}  // namespace xueji::domain
