#pragma once

// Province-defined 非基础信息 (R-SPEC-2025): since the 2025 revision a
// student's information is split into 基础信息, fixed nationally, and
// 非基础信息, which each province defines for itself. A province's extra
// fields are data — a name, a Chinese label, a kind and whether it is
// required — and are validated and shown like the national fields.

#include <map>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/student_record.h"

namespace xueji::domain {

struct ProvinceField {
  std::string name;        // lower_snake ASCII, unique in the province, e.g. "bus_route"
  std::string label;       // Chinese, shown on forms, e.g. "乘坐校车线路"
  std::string kind;        // "text" | "code" | "date" | "yes_no"
  std::string code_table;  // kind "code": the id of a code table
  bool required = false;
  int max_length = 50;  // kind "text": at most this many characters (1–500)
  int seq = 0;          // order on the form
};

inline constexpr size_t kMaxProvinceFields = 50;

// A definition a province registrar may save: the name's format, a label of
// 1–50 characters, a known kind, a code table that exists for kind "code",
// a length within 1–500. Field errors in details.
Status ValidateProvinceField(ProvinceField& field, const CodeLookup& codes);

// R-SPEC-2025: checks (and normalizes) a record's values for the province's
// fields: required ones present, each value of its kind; a name that is no
// field of the province is refused. Errors name the field "extra.NAME", all
// of them in details.
Status ValidateExtraValues(const std::vector<ProvinceField>& fields,
                           std::map<std::string, std::string>& values, const CodeLookup& codes);

// R-SPEC-2025: the values of `values` whose name is no field of `fields` —
// fields the province no longer defines — moved out of `values`.
std::map<std::string, std::string> TakeUndefinedValues(const std::vector<ProvinceField>& fields,
                                                       std::map<std::string, std::string>& values);

// R-SPEC-2025, R-CHG-1: checks (and normalizes) a stored record's values
// after an edit — `edited` is `stored` with the changes applied — like
// ValidateExtraValues, all errors in details, with two exceptions so that an
// edit never fails on what the record already held and the edit leaves alone:
//  - a value `stored` holds for a name the province no longer defines is kept
//    as it is and not checked (it stays what the record said when it was
//    written); a new or changed value for such a name is refused with
//    UNKNOWN_FIELD, and an empty one removes the value;
//  - an unchanged code stays valid when it has since been made historical
//    (as domain::ValidateEditedStudent); a changed value must be current.
Status ValidateEditedExtraValues(const std::vector<ProvinceField>& fields,
                                 std::map<std::string, std::string>& edited,
                                 const std::map<std::string, std::string>& stored,
                                 const CodeLookup& codes);

}  // namespace xueji::domain
