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
// permission and jurisdiction) edits its fields. A change of kind, code table
// or a shorter length that values stored under the field's name would not
// fit is refused with FIELD_VALUES_DO_NOT_FIT, naming how many records.
Result<domain::ProvinceField> SaveProvinceField(store::Database& db, const Context& ctx,
                                                const OrgRef& province,
                                                domain::ProvinceField field);

// A record's values, written and read in the caller's transaction.
void WriteExtraValues(store::Tx& tx, int64_t student_id,
                      const std::map<std::string, std::string>& values);
std::map<std::string, std::string> LoadExtraValues(store::Tx& tx, int64_t student_id);

// R-SPEC-2025, R-CHG-1: a record's values after an edit (`edited`: `stored`
// with the changes applied) checked against the current definitions of the
// province of `school_path`, all errors in details. What the record already
// held and the edit leaves alone does not fail it (values of fields the
// province no longer defines, codes made historical since):
// domain::ValidateEditedExtraValues. Normalizes `edited`.
Status ValidateEditedExtras(store::Tx& tx, const std::string& school_path,
                            std::map<std::string, std::string>& edited,
                            const std::map<std::string, std::string>& stored,
                            const domain::CodeLookup& codes);

// R-SPEC-2025, R-REG-1: a returned record's stored values checked again when
// it is resubmitted, against the current definitions of the province of
// `school_path` and as at registration — a field made required, a code made
// historical or a code table changed since the record was written is
// refused — all errors in details. Values of fields the province no longer
// defines are left alone, as in an edit.
Status RecheckStoredExtras(store::Tx& tx, const std::string& school_path,
                           std::map<std::string, std::string> values,
                           const domain::CodeLookup& codes);

// R-SPEC-2025: the national check `v` and the province check `extra` of one
// record as one answer: `v` when `extra` passed, else every error of both in
// details, the national ones first.
Result<domain::ValidatedStudent> WithExtraErrors(Result<domain::ValidatedStudent> v,
                                                 const Status& extra);

}  // namespace xueji::service
