#pragma once

// `xueji gen-data --students N --db URL [--school CODE] [--grades G,G] [--seed S]`:
// N synthetic students of io::SyntheticStudents — the generator and class
// layout of `gen-data --xlsx` (cli/gen_data_xlsx.h) — written into the
// database as the school's registrar would enter them by a batch import
// (R-IO-1, R-REG-1): pending registrations awaiting the school approver, each
// validated exactly as registration validates a record, with its family
// members, its `registration` workflow request and its history row, all in
// one transaction with one audit entry (`student.generate`, with the count).
// The classes 1班, 2班 … the students need are created first where missing
// (service::CreateClass, audited). An ID number the database already holds
// (R-REG-3; e.g. a second run with the same seed) is not written: the
// generator draws another student instead.

#include <cstdint>
#include <string>
#include <vector>

#include "cli/gen_data_xlsx.h"
#include "domain/result.h"
#include "service/clock.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::cli {

// The context of the school's first school registrar account at `now`;
// SCHOOL_REGISTRAR_MISSING when the school has none.
Result<service::Context> SchoolRegistrarContext(store::Database& db, const std::string& school,
                                                domain::Instant now);

// R-ORG-3: the classes ClassNameOf names for `students` spread over `grades`,
// created at `school` where missing.
Status EnsureGeneratedClasses(store::Database& db, const service::Context& ctx,
                              const service::OrgRef& school, const std::vector<std::string>& grades,
                              int64_t students);

struct GeneratedStudents {
  int64_t written = 0;
  int64_t held_skipped = 0;  // drawn students whose ID number the database held
};

// R-IO-1, R-REG-1, R-REG-3: writes options.students students (see above) as
// ctx's actor, the school's registrar. A generated record that fails
// validation is an internal error (GENERATED_INVALID): nothing is written.
Result<GeneratedStudents> WriteGeneratedStudents(store::Database& db, const service::Context& ctx,
                                                 const GenXlsxOptions& options,
                                                 const std::string& regions_csv);

// The command: migrates `db`, writes, prints `students N`, `held_skipped N`
// and `school CODE`. Exit 0; 1 refused (error on stderr).
int GenerateStudentsIntoDb(store::Database& db, const GenXlsxOptions& options,
                           const std::string& regions_csv, const service::Clock& clock);

}  // namespace xueji::cli
