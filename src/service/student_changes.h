#pragma once

// Changing a student's information directly (SPEC §5: R-CHG-1..3, R-NO-4,
// R-NO-5).
//
// Ordinary fields are edited directly by the registrar of the record's
// school. Key data (关键数据: the default set of R-CHG-2 widened by the
// province, R-POL-3) change through a request
// (service/key_change_requests.h). A record returned to the registrar, and a
// new student in the first semester after activation (R-CHG-3), take every
// field directly; graduates' data change only to correct a user's entry
// error, by request.
//
// Every change writes one history row per field (service/student_history.h)
// in the transaction that makes it, with its audit entry; a refused action
// writes nothing (R-SEC-5). The record's national de-duplication entry,
// normalized ID number and name keys follow its ID number and name; its 学籍号
// does not (R-NO-5: a G number may differ from G + the current ID number).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/student_record.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

// What an edit changes; anything absent stays as it is.
struct StudentPatch {
  std::map<std::string, std::string> fields;  // names of domain::StudentFields() → new value
  std::optional<int64_t> class_id;
  std::optional<std::vector<domain::GuardianInput>> guardians;  // the whole list, in form order
  // R-SPEC-2025: province values (非基础信息) by field name → new value; ""
  // removes a value; names not listed keep theirs.
  std::map<std::string, std::string> extra;
};

struct EditResult {
  int64_t student_id = 0;
  std::vector<domain::FieldChange> changes;  // as written to the history (empty: nothing changed)
  std::vector<domain::Warning> warnings;
};

// R-CHG-1, R-CHG-3, R-SPEC-2025: the school registrar of the record's school
// edits it. The merged record — national fields and the province values,
// checked against the current definitions of the province of its school
// (service::ValidateEditedExtras) — is validated as a whole (all field
// errors at once, province ones named "extra.NAME"); on an
// active record key fields are refused with KEY_FIELD_NEEDS_REQUEST (one
// entry per field) unless R-CHG-3 still allows the correction — never 姓名 or
// 身份证件号 of a G-numbered record (R-CHG-2). An ID number held by another
// active record is refused with ID_NUMBER_TAKEN. `reason` is required.
// Records in registration or arbitration: RECORD_PENDING; graduates:
// GRADUATE_RECORD_CLOSED.
Result<EditResult> EditStudent(store::Database& db, const Context& ctx, int64_t student_id,
                               const StudentPatch& patch, const std::string& reason);

}  // namespace xueji::service
