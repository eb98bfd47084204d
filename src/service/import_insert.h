#pragma once

// Writing one imported record (R-IO-1, R-REG-1): the rows SubmitRegistration
// writes (service/student_insert.h), its `registration` workflow request, the
// near matches listed for review (R-REG-4) and one history row of its
// registration state, inside the import's single transaction; the import
// audits the whole submission once.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/result.h"
#include "domain/student_record.h"
#include "domain/workflow.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "service/name_keys_ahead.h"
#include "service/stored_id_numbers.h"
#include "service/student_insert.h"
#include "store/database.h"

namespace xueji::service {

// What every record of one import shares, worked out once in the import's
// transaction: the `registration` request as started for ctx's actor today
// (the school's spec and due dates are the same for each of its records),
// and the name keys of the names met so far.
class ImportInserter {
 public:
  // R-REG-1: NotFound for an unknown school; the calendar's error when the
  // due dates cannot be computed.
  static Result<ImportInserter> Prepare(store::Tx& tx, const Context& ctx, const OrgRef& school);

  // R-REG-1, R-REG-4: writes `batch` (validated records, their classes
  // checked to be the school's) in `tx`, in order, with a few multi-row
  // statements per table and the suspected-duplicate look-ups of the whole
  // batch together (service/duplicate_candidates.h): what writing them one
  // after another would write. Returns the new records' ids, in order.
  std::vector<int64_t> InsertBatch(store::Tx& tx, const Context& ctx, const OrgRef& school,
                                   const std::vector<domain::ValidatedStudent>& batch);

  // R-REG-4: the import is about to write some `records` records. When the
  // stored ID numbers are few against the look-ups those records make (at
  // most kProbesPerStoredId per record, and at most kMaxStoredIds), they are
  // held in memory for the import (service/stored_id_numbers.h).
  void PlanFor(store::Tx& tx, int64_t records);
  static constexpr int64_t kProbesPerStoredId = 20;
  static constexpr int64_t kMaxStoredIds = 2'000'000;

  // Name keys worked out on another thread (service/name_keys_ahead.h),
  // which must outlive this object; a name it lacks is worked out here.
  void UseNameKeysAhead(NameKeysAhead* ahead) { ahead_ = ahead; }

  // Records per InsertBatch that keep its statements few and its memory small.
  static constexpr size_t kBatchRecords = 500;

 private:
  explicit ImportInserter(domain::WorkflowRequest request) : request_(std::move(request)) {}
  const NameKeys& KeysOfName(const std::string& name);

  domain::WorkflowRequest request_;
  NameKeysAhead* ahead_ = nullptr;
  std::unordered_map<std::string, NameKeys> keys_;  // those worked out here
  std::optional<StoredIdNumbers> stored_ids_;
};

}  // namespace xueji::service
