#pragma once

// 问题学籍 (problem records, R-REG-5, R-REG-8): listing them per school and
// per authority with counts, and resolving them.
//
// Kinds: invalid_id (a: the ID number fails identity verification),
// duplicate_id (b: two records, one normalized ID number), duplicate_no_id
// (c: same simplified name, sex and birth date, neither with a valid ID).
// A record stays flagged until its problem is resolved; the resolution, who
// made it and when are kept on the problem record and in the audit log.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct ProblemParty {
  int64_t student_id = 0;
  std::string student_number, name, sex, birth_date;
  std::string id_number_masked;  // R-SEC-3
  std::string school_code, school_name, registration;
};

struct ProblemRecordInfo {
  int64_t id = 0;
  std::string kind, state, detail;
  ProblemParty student;               // the record flagged
  std::optional<ProblemParty> other;  // the record it duplicates (kinds b and c)
  std::string arbiter_org, arbiter_name;
  std::string action, resolution, resolved_by;  // once resolved: ProblemActionName, note, username
  int64_t resolved_at = 0, created_at = 0;
  int64_t kept_student_id = 0;
};

struct ProblemList {
  std::vector<ProblemRecordInfo> items;        // newest first
  std::map<std::string, int64_t> open_counts;  // kind → open problems in the subtree
  std::optional<int64_t> next_before;
};

// R-REG-8: problems involving a record of a school inside `org_path`'s
// subtree (either side), filtered by state ("open", "resolved" or "") and
// kind ("" = all), with the open count per kind for the whole subtree.
Result<ProblemList> ListProblemRecords(store::Database& db, const Context& ctx,
                                       const std::string& org_path, const std::string& state,
                                       const std::string& kind, int64_t before_id, int limit);

Result<ProblemRecordInfo> GetProblemRecord(store::Database& db, int64_t problem_id);

// How a problem is resolved (R-REG-5, R-REG-8):
//   kKeepThis  — arbitration: the flagged record is where the student studies;
//                the other record is cancelled (kinds b, c);
//   kKeepOther — arbitration: the flagged record is cancelled (kinds b, c);
//   kEvidence  — 佐证: proof that the data are right, e.g. twins (kinds a, c);
//                the flagged record continues;
//   kDeleteThis — the flagged record was wrong and is deleted (any kind).
// Corrections (the third way) are made through the key-data change of the
// record; the problem is then resolved with kEvidence citing the change.
enum class ProblemAction { kKeepThis, kKeepOther, kEvidence, kDeleteThis };
std::optional<ProblemAction> ParseProblemAction(std::string_view name);
std::string_view ProblemActionName(ProblemAction action);

// R-REG-5: only the arbitrating authority decides (the lowest authority over
// both schools for kinds b and c; the school's record authority for kind a).
// A note (≤ 500 characters) is required; kEvidence needs a proof file of the
// flagged student. Cancelling an active record frees its ID number in the
// de-duplication index and deletes its L or J number for good (R-NO-6); a
// record with a G number is refused (G_NUMBER_NEEDS_DELETION_REQUEST).
Result<ProblemRecordInfo> ResolveProblemRecord(store::Database& db, const Context& ctx,
                                               int64_t problem_id, ProblemAction action,
                                               const std::string& note, int64_t proof_id);

// The schools of both records, for the router's jurisdiction check: either
// school and every authority above them — the arbiter among them — see the
// problem.
std::vector<std::string> ProblemSchool(store::Tx& tx, const std::string& problem_id);

}  // namespace xueji::service
