#pragma once

// Reading a student record back from the store: the fields of
// domain::StudentFields() and domain::GuardianFields() plus the registration
// metadata. Shared by the read, change and history services so that the
// record is assembled in one place.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/student_record.h"
#include "store/database.h"

namespace xueji::service {

struct StoredStudent {
  int64_t id = 0;
  std::string student_number;  // "" until 核准
  std::string registration;    // pending_school | pending_authority | active | returned | problem
  std::string status;          // pending | enrolled | … (学籍状态)
  std::string school_code;
  std::string school_name;
  std::string school_path;     // materialized path of the school: jurisdiction (R-ORG-4)
  std::string authority_code;  // the school's record authority (学籍主管部门)
  std::string county_code;
  std::string class_name;
  std::string id_number_norm;  // "" when the document is not a 居民身份证
  std::string return_reason;
  int64_t submitted_by = 0;
  int64_t submitted_at = 0;  // micros since the epoch
  int64_t activated_at = 0;  // 0 until active
  int64_t updated_at = 0;
  domain::StudentInput record;  // fields, class id and family members in form order
};

// The record with id `id`, or nullopt. With `for_update`, the student row is
// locked for the rest of `tx` on PostgreSQL (SQLite's writer is exclusive).
std::optional<StoredStudent> LoadStoredStudent(store::Tx& tx, int64_t id, bool for_update = false);

// The id of the record holding 学籍号 `number` (current numbers only).
std::optional<int64_t> StudentIdByNumber(store::Tx& tx, const std::string& number);

}  // namespace xueji::service
