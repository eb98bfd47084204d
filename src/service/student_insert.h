#pragma once

// Writing a new student record (R-REG-1): the rows a registration submits —
// the student pending the school approver, its family members and its
// province values — shared by the single registration (service/
// registration.h) and the bulk import (service/import_jobs.h). Works inside
// the caller's write transaction; the caller adds the workflow request,
// history and audit entry and commits.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/student_record.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

// R-INFO-5, R-REG-4: a name's comparison keys, computed outside the write
// transaction where the caller can (ICU and OpenCC are the slow part).
struct NameKeys {
  std::string name, simplified, pinyin;
};
NameKeys KeysOf(const std::string& name);

// R-REG-1: inserts validated record `v` at `school` as submitted by ctx's
// actor at ctx.now (registration pending_school, status pending), with
// `keys` the keys of v.record.name; returns the new id.
int64_t InsertNewStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                         const domain::ValidatedStudent& v, const NameKeys& keys);

// A validated record and its name's keys, both owned by the caller.
struct NewStudent {
  const domain::ValidatedStudent* record;
  const NameKeys* keys;
};

// R-REG-1: InsertNewStudent for each of `batch`, with a few multi-row
// statements (service/import_insert.h); returns the new ids, in order.
std::vector<int64_t> InsertNewStudents(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                       const std::vector<NewStudent>& batch);

}  // namespace xueji::service
