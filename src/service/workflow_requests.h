#pragma once

// Approval-workflow requests in the store (domain/workflow.h; R-TR-2,
// R-ST-1): the services of each request type start, decide and cancel them
// inside their own write transactions, next to the writes the decision
// causes and its audit entry, and the lists of pending and overdue steps
// read them.
//
// Concurrency: LoadWorkflowRequest locks the request's row (FOR UPDATE on
// PostgreSQL; SQLite's single writer already serializes), so deciders of one
// request take turns and each sees the decisions committed before it; a
// step's row is moreover updated only from the state it was read in. Of two
// approvers deciding one step at once, one records the decision and the
// other gets STEP_NOT_OPEN or REQUEST_ENDED (Conflict).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/workflow.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct StoredWorkflow {
  int64_t id = 0;
  std::optional<int64_t> subject_student_id;
  std::string initiator_org;
  std::string payload;  // JSON, the request type's own
  domain::Instant created_at;
  domain::WorkflowRequest request;
};

// Writes a request just started (domain::StartRequest) for ctx's actor at
// ctx.now; returns its id. Requires an actor.
int64_t InsertWorkflowRequest(store::Tx& tx, const Context& ctx,
                              const domain::WorkflowRequest& request,
                              std::optional<int64_t> subject_student_id,
                              const std::string& payload);

// The request with its steps; nullopt when there is none. `for_update` (in a
// write transaction) locks its row for the rest of `tx`.
std::optional<StoredWorkflow> LoadWorkflowRequest(store::Tx& tx, int64_t id,
                                                  bool for_update = false);

// R-TR-2, R-SEC-4: ctx's actor decides step `step` of request `id`
// (domain::DecideStep) and the change is written in `tx`. NotFound for an
// unknown request or step; the domain's errors otherwise. The caller checks
// jurisdiction over the request's subject, writes what the decision causes,
// audits and commits.
Result<StoredWorkflow> DecideWorkflowStep(store::Tx& tx, const Context& ctx, int64_t id,
                                          size_t step, bool approve, const std::string& reason,
                                          const domain::AddWorkingDaysFn& add_working_days);

// The initiator withdraws request `id` (domain::CancelRequest), written in
// `tx`; the caller audits and commits.
Result<StoredWorkflow> CancelWorkflowRequest(store::Tx& tx, const Context& ctx, int64_t id);

struct PendingStep {
  int64_t request_id = 0;
  std::string type;
  std::optional<int64_t> subject_student_id;
  size_t step = 0;
  std::string name;
  std::string owner_org;
  domain::Date opened_on;
  domain::Date due;
  bool overdue = false;  // `today` is past `due`
};

// The open steps ctx's actor may decide — owned by its organization and role,
// of requests it did not start — soonest deadline first, at most `limit`.
Result<std::vector<PendingStep>> ListPendingSteps(store::Database& db, const Context& ctx,
                                                  domain::Date today, int limit);

// R-TR-2: the overdue open steps owned by the organizations directly below
// ctx's actor's (the level above sees them), most overdue first, at most
// `limit`.
Result<std::vector<PendingStep>> ListEscalatedSteps(store::Database& db, const Context& ctx,
                                                    domain::Date today, int limit);

}  // namespace xueji::service
