#pragma once

// Province-defined 非基础信息 (R-SPEC-2025): the definitions a province
// registrar keeps, and a record's values for them.

#include <map>
#include <string>
#include <vector>

#include "domain/province_field.h"
#include "domain/result.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// The province code on a materialized path ("/000000/520000/…" → "520000");
// "" for the ministry itself.
std::string ProvinceOfPath(const std::string& path);

// The province's fields in form order, read in `tx`.
std::vector<domain::ProvinceField> LoadProvinceFields(store::Tx& tx,
                                                      const std::string& province_code);

Result<std::vector<domain::ProvinceField>> ListProvinceFields(store::Database& db,
                                                              const std::string& province_code);

// R-SPEC-2025: creates or changes one field of `province` (a province-level
// organization, else NotFound), audited; at most domain::kMaxProvinceFields.
// Only the province registrar of that province (checked by the caller's
// permission and jurisdiction) edits its fields.
Result<domain::ProvinceField> SaveProvinceField(store::Database& db, const Context& ctx,
                                                const OrgRef& province,
                                                domain::ProvinceField field);

// A record's values, written and read in the caller's transaction.
void WriteExtraValues(store::Tx& tx, int64_t student_id,
                      const std::map<std::string, std::string>& values);
std::map<std::string, std::string> LoadExtraValues(store::Tx& tx, int64_t student_id);

}  // namespace xueji::service
