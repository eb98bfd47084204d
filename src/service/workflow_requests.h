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

// InsertWorkflowRequest of the same started `request` once per subject (a
// bulk import's records), with a few multi-row statements; returns the ids
// in order.
std::vector<int64_t> InsertWorkflowRequests(store::Tx& tx, const Context& ctx,
                                            const domain::WorkflowRequest& request,
                                            const std::vector<std::optional<int64_t>>& subjects,
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
  std::string student_name, student_number;  // of the subject; "" without one
  std::string payload;                       // the request type's JSON
  size_t step = 0;
  std::string name;
  std::string owner_org, owner_org_name;
  std::optional<domain::Date> opened_on;  // nullopt: opened before deadlines were recorded
  std::optional<domain::Date> due;        // nullopt: 期限待定 (R-CAL-1)
  std::optional<int> days_left;           // working days to `due`, negative when overdue (R-TR-2)
  bool overdue = false;                   // `today` is past `due`
};

// The business calendar stored in `tx` as the workflow's working-day
// arithmetic (R-CAL-1); it reads the years it needs on each call.
domain::AddWorkingDaysFn StoredWorkingDays(store::Tx& tx);

// R-CAL-1: in `tx`, gives every open step whose due date is pending
// (domain::ResolveDue) the due date the stored calendar now allows — called
// by the entry of a calendar year, in its transaction. Returns how many.
Result<int> ResolvePendingDues(store::Tx& tx);

// The two steps in order of a request that a school's registrar files about
// one of its records (registration, key-data change): 学校审核 by the
// school's school_approver, then 学籍主管部门核准 by the registrar of the
// school's record authority (the county's county_registrar; a city's
// city_registrar for a school it runs …), each due the policy's
// review_step_working_days (R-POL-1; 10 by default) in force at the school.
// NotFound for an unknown school.
Result<domain::WorkflowSpec> SchoolAndAuthoritySpec(store::Tx& tx, const std::string& type,
                                                    const std::string& school_code);

// The open request of `type` about student `student_id`, locked for the rest
// of `tx`; nullopt when there is none.
std::optional<StoredWorkflow> LoadOpenRequestOf(store::Tx& tx, const std::string& type,
                                                int64_t student_id);

// Starts, in `tx`, a request of `type` (SchoolAndAuthoritySpec) about student
// `student_id` of school `school_code`, initiated by ctx's actor today (China
// Standard Time) on the stored calendar; returns its id.
Result<int64_t> StartSchoolAndAuthorityRequest(store::Tx& tx, const Context& ctx,
                                               const std::string& type,
                                               const std::string& school_code, int64_t student_id,
                                               const std::string& payload);

// R-TR-2, R-SEC-4: ctx's actor decides step `step` of the open request of
// `type` about `student_id` (DecideWorkflowStep on the stored calendar).
// WORKFLOW_MISSING (Conflict) when the student has no open request of `type`.
Result<StoredWorkflow> DecideOpenRequestOf(store::Tx& tx, const Context& ctx,
                                           const std::string& type, int64_t student_id, size_t step,
                                           bool approve, const std::string& reason);

// The open steps ctx's actor may decide — owned by its organization and role,
// of requests it did not start — soonest deadline first (due dates pending
// last), at most `limit`. Requests about a record under arbitration (a
// 问题学籍, R-REG-5) or cancelled are left out: nothing can be decided on them.
Result<std::vector<PendingStep>> ListPendingSteps(store::Database& db, const Context& ctx,
                                                  domain::Date today, int limit);

// R-TR-2: the overdue open steps owned by the organizations directly below
// ctx's actor's (the level above sees them), most overdue first, at most
// `limit`; the same requests left out as above.
Result<std::vector<PendingStep>> ListEscalatedSteps(store::Database& db, const Context& ctx,
                                                    domain::Date today, int limit);

}  // namespace xueji::service
