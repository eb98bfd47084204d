#pragma once

// The public guardian query and transfer tracker (R-SVC-3, R-TR-2; rules in
// domain/guardian_query.h). Anyone may ask, without an account: the answer
// is only the school, grade, class and status of a registered record, the
// name masked, and the steps of the student's transfer — never the ID
// number, birth date, guardians or anything else of the record.
//
// Rate limits are counted in the database (table guardian_query_attempt), so
// that several server processes behind one address share them; each query
// locks one gate row first, so concurrent queries count each other exactly.
// Every query that passes the input checks is audited — anonymous, with the
// client address: a match names the record (and the record's school sees
// it), a mismatch counts the client's failed tries, a refusal over a limit
// says so.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct GuardianQueryInput {
  std::string number;  // 学籍号 or 居民身份证 number
  std::string name;
};

// One approval of the transfer, as the guardian sees it.
struct GuardianStep {
  std::string name;         // 转入学校审核 …
  std::string holder_org;   // the organization's name
  std::string holder_role;  // 学校审核人, 学籍主管部门
  std::string state;        // waiting | open | approved | refused | closed
  std::string state_name;   // 待开始, 审核中 …
  std::optional<domain::Date> opened_on;
  std::optional<domain::Date> due;
  // Open steps: working days from today to the due date (0: due today;
  // negative: overdue by that many). Absent when the business calendar does
  // not cover the span (R-CAL-1).
  std::optional<int> working_days_left;
  std::optional<domain::Date> decided_on;
  std::string reason;  // a refusal's reason; it is addressed to the guardian (R-TR-2)
};

struct GuardianTransfer {
  std::string state;       // open | approved | refused | cancelled
  std::string state_name;  // 办理中 …
  domain::Date started_on;
  std::optional<domain::Date> ended_on;
  std::vector<GuardianStep> steps;
};

struct GuardianAnswer {
  std::string masked_name;  // 王*明
  std::string school_name;
  std::string grade_name;  // 一年级 …
  std::string class_name;
  std::string status;       // enrolled …
  std::string status_name;  // 在籍在读 …
  // The open transfer request of the student, else the one that ended most
  // recently within domain::kGuardianEndedTransferDays; none otherwise.
  std::optional<GuardianTransfer> transfer;
};

// R-SVC-3: the answer for `input`, asked anonymously from ctx.client at
// ctx.now. Input errors (REQUIRED, GUARDIAN_NUMBER_FORMAT, the number's and
// the name's format errors) change nothing. Over a limit: RATE_LIMITED
// naming when to retry. A number and name that match no registered record:
// GUARDIAN_NO_MATCH, the same whichever was wrong.
Result<GuardianAnswer> GuardianQuery(store::Database& db, const Context& ctx,
                                     const GuardianQueryInput& input);

}  // namespace xueji::service
