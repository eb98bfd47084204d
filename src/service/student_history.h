#pragma once

// A student record's change history (R-CHG-1, R-CHG-4, R-SEC-2).
//
// Every change of a record writes one student_history row per field: the
// field (a name of domain::StudentFields(), "class_id",
// "guardians[i].field" for family member i, or "extra.NAME" for the province
// value NAME, R-SPEC-2025, "" meaning absent), the old and the new value, who,
// when, why, and the key-data request that made it, if any. Other services
// add rows for the record's metadata ("student_number", "registration",
// "status"). The rows are complete enough to rebuild the record as it stood
// on any past date.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/student_record.h"
#include "domain/time.h"
#include "service/context.h"
#include "service/student_store.h"
#include "store/database.h"

namespace xueji::service {

// R-ORG-4, R-SEC-4: the record as the actor may read it. NotFound when it
// does not exist or lies outside the actor's subtree (indistinguishable);
// Forbidden for the administrators (三员分立: they never read records);
// Unauthenticated without an actor.
Result<StoredStudent> LoadVisibleStudent(store::Tx& tx, const Context& ctx, int64_t student_id,
                                         bool for_update = false);

// R-CHG-1: what differs between two versions of a record, in form order:
// the fields of StudentFields(), then "class_id", then each family member's
// fields ("guardians[i].field"; a member added or removed shows "" on the
// other side), then the province values by name ("extra.NAME"; a value
// added or removed shows "" on the other side, R-SPEC-2025).
std::vector<domain::FieldChange> DiffRecords(const domain::StudentInput& before,
                                             const domain::StudentInput& after);

// R-CHG-1: appends one history row per change, in `tx`, for ctx's actor at
// ctx.now with `reason`.
void AppendHistory(store::Tx& tx, const Context& ctx, int64_t student_id,
                   const std::vector<domain::FieldChange>& changes, const std::string& reason,
                   std::optional<int64_t> request_id = std::nullopt);

// R-CHG-1, R-IO-1: AppendHistory of the one `change` for each of
// `student_ids` (a bulk import's records), with a few multi-row statements.
void AppendHistoryOfEach(store::Tx& tx, const Context& ctx, const std::vector<int64_t>& student_ids,
                         const domain::FieldChange& change, const std::string& reason);

struct HistoryEntry {
  int64_t id = 0;
  std::string field;
  std::string label;  // Chinese: 姓名, 家庭成员1·联系电话, a province field's label …
  std::string old_value;
  std::string new_value;
  std::string actor;
  domain::Instant at;
  std::string reason;
  std::optional<int64_t> request_id;
};

// R-CHG-1: every change of the record, oldest first. ID numbers are masked
// (R-SEC-3). Audited as a view of the record's personal data (R-SEC-2).
Result<std::vector<HistoryEntry>> ListStudentHistory(store::Database& db, const Context& ctx,
                                                     int64_t student_id);

struct RecordAsOf {
  int64_t student_id = 0;
  domain::Date date;
  domain::StudentInput record;  // fields, class, family members, province values as they stood
  std::string student_number;   // as it stood ("" before 核准)
  std::string registration;
  std::string status;
  int64_t changes_undone = 0;  // history rows after the date
};

// R-CHG-4: the record as it stood at the end of `date` (24:00 China Standard
// Time): the current record with every later history row undone, newest
// first — province values included (R-SPEC-2025). NotFound (with its own message) for a date before
// the record was submitted. Audited as a full-record view (R-SEC-2).
Result<RecordAsOf> StudentAsOf(store::Database& db, const Context& ctx, int64_t student_id,
                               domain::Date date);

}  // namespace xueji::service
