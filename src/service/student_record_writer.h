#pragma once

// Writing a changed student record (R-CHG-1, R-CHG-2, R-REG-3, R-NO-4):
// internal to the change services (service/student_changes.h,
// service/key_change_requests.h), which share the merge, the checks and the
// write of an edited record. Every function works inside the caller's write
// transaction; the caller commits, with its audit entry.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/role.h"
#include "domain/student_record.h"
#include "service/context.h"
#include "service/student_store.h"
#include "store/database.h"

namespace xueji::service {

// The Chinese label of a field of domain::StudentFields(); other names as
// they are.
std::string FieldLabel(const std::string& field);

// The first of `errors` carrying all of them as details (`errors` not empty).
Error WithDetails(std::vector<Error> errors);

// "name,phone,…": the changed fields, for audit summaries.
std::string ChangedFields(const std::vector<domain::FieldChange>& changes);

// Whether the actor holds `role` at the record's school.
bool HoldsAtSchool(const Context& ctx, domain::Role role, const StoredStudent& s);

// The record's registration phase, as the key-data rules see it.
domain::RecordPhase PhaseOf(const StoredStudent& s);

// R-CHG-2, R-POL-3: the record's key fields — the default set and the
// additions of the province its county lies in.
Result<std::vector<std::string>> KeyFieldsOf(store::Tx& tx, const StoredStudent& s);

// `record` with `fields` (names of domain::StudentFields() → new value)
// applied, unchecked. Names that are no field: FIELD_UNKNOWN, one detail each.
Result<domain::StudentInput> Merge(domain::StudentInput record,
                                   const std::map<std::string, std::string>& fields);

// R-CHG-1, R-INFO-4, R-REG-1: the merged record validated as a whole against
// the stored code tables (codes `before` already held stay valid), then what
// only the store can check for the values that changed: the class is one of
// the school's, of the record's grade (CLASS_NOT_IN_SCHOOL, CLASS_GRADE); the
// division codes exist (DIVISION_UNKNOWN).
Result<domain::ValidatedStudent> ValidateMerged(store::Tx& tx, const Context& ctx,
                                                const StoredStudent& before,
                                                domain::StudentInput edited);

// The normalized 居民身份证 number of the validated record; "" without one.
std::string IdNorm(const domain::ValidatedStudent& v);

// R-REG-3: an ID number held by another active record is not taken over
// (ID_NUMBER_TAKEN). "" is always free.
Status CheckIdFree(store::Tx& tx, int64_t student_id, const std::string& id_norm);

// R-CHG-1, R-CHG-4, R-REG-3, R-NO-4, R-SPEC-2025: writes the validated record
// over the stored one — student row, family members, province values, the
// national index entry, normalized ID number and name keys — and appends one history row per
// changed field with `reason` and the request that made the change, if any.
// Returns the changes as written; ID_NUMBER_TAKEN when the new ID number is
// held by another active record (the caller then abandons `tx`).
Result<std::vector<domain::FieldChange>> WriteRecord(store::Tx& tx, const Context& ctx,
                                                     const StoredStudent& before,
                                                     const domain::ValidatedStudent& after,
                                                     const std::string& reason,
                                                     std::optional<int64_t> request_id);

}  // namespace xueji::service
