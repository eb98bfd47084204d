#pragma once

// The checks of one imported row (R-IO-1, R-IO-2): exactly registration's —
// domain::ValidateNewStudent with the province's 非基础信息
// (domain::ValidateExtraValues), the class one of the school's of the row's
// grade, the division codes known — and the import's own: the 学校标识码
// column names the importing school, and an ID number held by a record in
// the database or by another row of the file is refused (R-REG-3, R-REG-6).
// Internal to the import job (service/import_jobs.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/policy.h"
#include "domain/province_field.h"
#include "domain/student_record.h"
#include "service/import_rows.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// What a validating pass needs besides the row, loaded once per transaction,
// and what it has looked up in that transaction's snapshot so far.
struct ImportRowContext {
  store::Tx& tx;
  const domain::CodeLookup& codes;
  const OrgRef& school;
  const std::vector<domain::ProvinceField>& province_fields;
  domain::Date today;
  std::map<std::pair<std::string, std::string>, int64_t> class_ids = {};  // (grade, name) → id, 0
  std::map<std::string, bool> divisions = {};                             // code → exists
  std::optional<domain::Policy> policy = {};  // in force at the school, loaded by the first row
};

// R-IO-1, R-INFO-1..5, R-REG-1: the row validated, or its problems appended
// to `problems` (row index `index`, each pinned to its column where the
// field has one) and nullopt. Cells the reader already found wrong
// (`reader_columns`) get no second message.
std::optional<domain::ValidatedStudent> ValidateImportRow(ImportRowContext& rc,
                                                          const ImportSheet& sheet, int64_t index,
                                                          const std::vector<int>& reader_columns,
                                                          std::vector<ImportProblem>& problems);

// R-REG-3, R-REG-6: the problem of an ID number (normalized) that a record in
// the database already holds, or nullopt when none does.
std::optional<std::string> HeldIdNumberProblem(store::Tx& tx, const std::string& id_norm);

// R-REG-3, R-REG-6: HeldIdNumberProblem of each of `ids_norm` that has one,
// by ID number, in a few statements.
std::map<std::string, std::string> HeldIdNumberProblems(store::Tx& tx,
                                                        const std::vector<std::string>& ids_norm);

}  // namespace xueji::service
