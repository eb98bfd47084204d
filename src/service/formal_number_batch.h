#pragma once

// The spring batch of formal 学籍号 (R-NO-3, R-YR-4, R-NO-4, R-REG-8 kind a).
//
// Every active record in the scope that still carries an L or J number, has a
// 居民身份证 number and holds it in the national de-duplication index (exact
// de-duplication passed, R-REG-3) is verified against the population
// database (R-NO-7). Matched: the record gets G + its ID number; the old
// number stays in the record (student_former_number, student_history).
// Mismatched or unknown: a 问题学籍 of kind invalid_id is opened, once, for
// the school's record authority, and the number stays. A G number issued
// before — also one since deleted (R-NO-6) — is never issued again: the
// student is skipped with the reason in the report.
//
// The batch works in chunks, one transaction each, that move a cursor stored
// with the batch: a crash loses at most the chunk being worked, and the next
// run on the same scope continues the unfinished batch from its cursor. A run
// after a finished batch starts a new one; students given a G number are no
// longer L/J, so running again issues nothing twice. A J student whose record
// later got a citizen ID number (key-data change) is handled the same way:
// that is the change from J to G.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "service/clock.h"
#include "service/context.h"
#include "service/identity_verification.h"
#include "store/database.h"

namespace xueji::service {

struct NumberBatch {
  int64_t id = 0;
  std::string scope_org;   // organization code of the scope
  std::string scope_path;  // its materialized path
  std::string state;       // running | done
  std::string actor;
  int64_t started_at = 0;       // micros since the epoch
  int64_t finished_at = 0;      // 0 while running
  int64_t considered = 0;       // students verified
  int64_t issued = 0;           // G numbers issued
  int64_t mismatched = 0;       // verified, data differ (R-REG-8 a)
  int64_t unknown = 0;          // verified, number not in the population database
  int64_t skipped = 0;          // matched but no G number could be issued
  int64_t problems_opened = 0;  // invalid_id problem records opened
};

struct BatchSkip {
  int64_t student_id = 0;
  std::string student_number;  // the number the student keeps
  std::string code;            // e.g. FORMAL_NUMBER_TAKEN
  std::string message;
};

struct BatchReport {
  NumberBatch batch;
  bool resumed = false;  // this run continued a batch a crash had left running
  std::vector<BatchSkip> skips;
};

struct BatchOptions {
  int chunk_size = 500;  // students per transaction
  // R-NO-7: the verifier the batch asks, made for the batch's id; empty means
  // PopulationReferenceVerifierForBatch.
  std::function<std::unique_ptr<IdentityVerifier>(int64_t batch_id)> verifier;
  // The instant of each chunk and of the end, for a batch that runs long;
  // nullptr means ctx.now throughout.
  const Clock* clock = nullptr;
};

// R-NO-3, R-YR-4: runs (or continues) the batch over the subtree at
// `scope_org_path` ("/000000/" = the whole country). NotFound when no
// organization has that path or it lies outside the actor's subtree;
// Forbidden for an actor other than the ministry registrar (the ministry
// issues formal numbers; the CLI acts as the system). Infrastructure failures
// throw and leave the batch running, to be continued.
Result<BatchReport> RunFormalNumberBatch(store::Database& db, const Context& ctx,
                                         const std::string& scope_org_path,
                                         const BatchOptions& options = {});

// The batches whose scope covers or lies inside the actor's subtree (all of
// them for the system), newest first, at most `limit`.
Result<std::vector<NumberBatch>> ListNumberBatches(store::Database& db, const Context& ctx,
                                                   int limit = 50);

// One batch with its skipped students. NotFound as for ListNumberBatches.
Result<BatchReport> LoadNumberBatch(store::Database& db, const Context& ctx, int64_t batch_id);

}  // namespace xueji::service
