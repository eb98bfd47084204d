#pragma once

// Code tables (代码表): the national code lists of the coded student fields —
// 民族, 身份证件类型, 港澳台侨外, 就读方式 … (SPEC §2, R-INFO-4, R-SPEC-2025).
//
// They are data, not enums: seeded from data/code_tables/*.csv, stored in the
// database, versioned, and edited by the ministry. A code is never deleted;
// one that is no longer used is marked historical (R-SPEC-2025): it stays
// valid on the records that already carry it, and is refused for new ones.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace xueji::domain {

struct CodeValue {
  std::string code;  // 1–8 characters of [0-9A-Z], e.g. "01", "A", "CHN"
  std::string name;  // 1–50 characters, e.g. 汉族
  bool historical = false;
};

// One code table with its values in display order.
class CodeTable {
 public:
  CodeTable() = default;
  // `id` is the table's stable English id (e.g. "ethnicity"), `name` its
  // Chinese name (民族), which error messages use as the field label.
  CodeTable(std::string id, std::string name, std::vector<CodeValue> values);

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::vector<CodeValue>& values() const { return values_; }

  // The value with exactly this code, or nullptr.
  const CodeValue* Find(std::string_view code) const;

  // R-INFO-4: the code must be in the table. Historical codes are accepted:
  // this is the check for a record that already exists (its stored codes stay
  // valid for life). Otherwise Invalid("CODE_VALUE", field, "<名称>代码无效：X").
  Status Validate(std::string_view code, std::string_view field) const;

  // R-INFO-4, R-SPEC-2025: the check for new records and for changed values:
  // like Validate, and a historical code is refused with
  // Invalid("CODE_VALUE_HISTORICAL", field, …).
  Status ValidateForNew(std::string_view code, std::string_view field) const;

 private:
  std::string id_;
  std::string name_;
  std::vector<CodeValue> values_;
  // Indexes into values_ ordered by code (file order among equal codes), so
  // that Find, asked for every coded field of every imported row, need not
  // scan a table such as 国籍/地区's two hundred and fifty codes.
  std::vector<uint32_t> by_code_;
};

inline constexpr int kMaxCodeLength = 8;
inline constexpr int kMaxCodeNameLength = 50;

// A code: 1–8 characters, digits and upper-case ASCII letters. Refused with
// CODE_FORMAT on `field`.
Status ValidateCodeFormat(std::string_view code, std::string_view field = "code");

// A value's name: trimmed of spaces (ASCII and full-width), 1–50 characters of
// UTF-8 text. Refused with REQUIRED, TOO_LONG or TEXT_ENCODING on `field`.
Status ValidateCodeName(std::string& name, std::string_view field = "name");

// A table id: 1–32 characters of [a-z0-9_], starting with a letter.
bool IsCodeTableId(std::string_view id);

// R-INFO-4: reads the rows of a code-table file (header `code,name,historical`,
// then one value per row; historical is 0 or 1) into values in file order.
// Every code is checked with ValidateCodeFormat and must be unique, every name
// with ValidateCodeName. Errors are Invalid("CODE_TABLE_FILE", "", …) naming
// `file` and the 1-based line, e.g. "代码表文件 sex.csv 第3行：代码重复：1".
Result<std::vector<CodeValue>> ParseCodeTableRows(const std::vector<std::vector<std::string>>& rows,
                                                  std::string_view file);

}  // namespace xueji::domain
