#pragma once

// Writing one imported record (R-IO-1, R-REG-1): the rows SubmitRegistration
// writes (service/student_insert.h), its `registration` workflow request, the
// near matches listed for review (R-REG-4) and one history row of its
// registration state, inside the import's single transaction; the import
// audits the whole submission once.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/student_record.h"
#include "domain/workflow.h"
#include "service/context.h"
#include "service/import_duplicates.h"
#include "service/jurisdiction.h"
#include "service/student_insert.h"
#include "store/database.h"

namespace xueji::service {

// What every record of one import shares, worked out once in the import's
// transaction: the `registration` request as started for ctx's actor today
// (the school's spec and due dates are the same for each of its records),
// and the ids of the records written so far.
class ImportInserter {
 public:
  // R-REG-1: NotFound for an unknown school; the calendar's error when the
  // due dates cannot be computed.
  static Result<ImportInserter> Prepare(store::Tx& tx, const Context& ctx, const OrgRef& school);

  // R-REG-1, R-REG-4: writes `batch` (validated records, their classes
  // checked to be the school's, prepared by ImportDuplicates::Prepare, which
  // has prepared every batch written before it and no other) in `tx`, in
  // order, with a few multi-row statements per table: what writing them one
  // after another would write. Returns the new records' ids, in order.
  std::vector<int64_t> InsertBatch(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                   ImportBatch& batch);

 private:
  explicit ImportInserter(domain::WorkflowRequest request) : request_(std::move(request)) {}

  domain::WorkflowRequest request_;
  std::vector<int64_t> written_;  // by ordinal (service/pending_records.h)
};

}  // namespace xueji::service
