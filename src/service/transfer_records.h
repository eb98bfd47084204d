#pragma once

// The store side of transfers, shared by service/transfers.cc (start,
// decide, cancel, read) and service/transfer_moves.cc (调档, shipping,
// rollback, offline entry): reading a transfer with its steps and shipping,
// who may see it, the sides of a transfer, finding a student by key and
// name, and moving a record between schools.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/result.h"
#include "domain/transfer.h"
#include "domain/workflow.h"
#include "service/context.h"
#include "service/transfers.h"
#include "store/database.h"

namespace xueji::service {

struct TransferRow {
  TransferInfo info;
  std::string from_path, to_path;            // the schools' organization paths
  std::string from_authority, to_authority;  // the schools' record authorities
  int64_t moved_by_id = 0;
};

// The transfer `id` with its steps and shipping, or nullopt. `for_update`
// locks the transfer's row for the rest of `tx`.
std::optional<TransferRow> LoadTransferRow(store::Tx& tx, int64_t id, domain::Date today,
                                           bool for_update = false);

// R-ORG-4: the transfer as ctx's actor may see it — at or above either school
// — or NotFound; Forbidden for the administrators, who read no records.
Result<TransferRow> LoadVisibleTransfer(store::Tx& tx, const Context& ctx, int64_t id,
                                        bool for_update = false);

// A school and its record authority (NotFound for a code that is no school).
Result<domain::TransferSide> LoadTransferSide(store::Tx& tx, const std::string& school_code);

// The active record with 学籍号 (G/L/J…) or 身份证件号 `key` whose 姓名 is
// `name`, locked; NotFound without telling which part did not match.
Result<int64_t> FindTransferStudent(store::Tx& tx, const std::string& key, const std::string& name);

// The id of the student's open or approved transfer, if any (R-TR-5).
std::optional<int64_t> OpenTransferOf(store::Tx& tx, int64_t student_id);

// Working days on the stored calendar from `today`'s year on (R-CAL-1).
domain::AddWorkingDaysFn StoredWorkingDays(store::Tx& tx, domain::Date today);

struct RecordPlacement {
  std::string school_code;
  int64_t class_id = 0;
  std::string grade_code;
  std::string status;
};

// Moves the locked record `student_id` from `from` to `to` with one history
// row per changed field (grade_code, class_id, status) and `reason`.
// TRANSFER_STALE (Conflict) when the record is no longer where `from` says.
Status MoveRecord(store::Tx& tx, const Context& ctx, int64_t student_id,
                  const RecordPlacement& from, const RecordPlacement& to,
                  const std::string& reason);

// R-TR-3, 第九条: the sending school's read-only copy of the record and its
// history as they stand now, for transfer `transfer_id`.
void TakeArchiveBackup(store::Tx& tx, const Context& ctx, int64_t transfer_id, int64_t student_id,
                       const std::string& school_code);

// R-TR-3, R-TR-10: moves the record of the locked transfer `row` into the
// receiving class as 在籍在读 on `moved_on`, keeps the sending school's
// backup, and opens the paper archive's shipping, due archive_shipping_months
// (the sending authority's policy) after `moved_on`. Defined with 调档 in
// service/transfer_moves.cc.
Status CompleteMove(store::Tx& tx, const Context& ctx, const TransferRow& row,
                    domain::Date moved_on);

}  // namespace xueji::service
