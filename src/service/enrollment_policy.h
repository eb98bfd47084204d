#pragma once

// The province's enrollment rules applied to a record entering the system
// (registration, resubmission, the bulk import): the first-grade age cut-off
// (R-POL-5) and the time to build a record after entry (第七条).

#include <cstdint>
#include <string>
#include <vector>

#include "domain/policy.h"
#include "domain/result.h"
#include "domain/student_record.h"
#include "domain/time.h"
#include "store/database.h"

namespace xueji::service {

// R-POL-5: a new first-grader (一年级) is born on or before the cut-off day
// of the policy in force at the school (its grace month included) of the
// entry year − 6; the refusal names the cut-off and the first intake year
// (ENROLL_AGE). The intake year is the year of 入学年月.
// 第七条, R-SPEC-2025: a record is built within the policy's
// registration_months of entry; the entry day is not recorded, so the time
// runs to the end of the month that many months after 入学年月. A late
// registration is still accepted (the student must have a record) with a
// warning naming the last day (REGISTRATION_LATE), appended to v.warnings.
Status CheckEnrollmentPolicy(store::Tx& tx, const std::string& school_code,
                             domain::ValidatedStudent& v, domain::Date today);

// The same under `policy`, the one in force at the record's school, for
// callers checking many records of one school (the bulk import).
Status CheckEnrollmentPolicy(const domain::Policy& policy, domain::ValidatedStudent& v,
                             domain::Date today);

// R-POL-5: the same checks for the stored record `student_id` as it stands
// (its school, grade, birth date and 入学年月); returns its warnings.
Result<std::vector<domain::Warning>> RecheckEnrollmentPolicy(store::Tx& tx, int64_t student_id,
                                                             domain::Date today);

}  // namespace xueji::service
