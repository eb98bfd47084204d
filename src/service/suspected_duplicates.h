#pragma once

// Suspected duplicates (疑似重复学籍, R-REG-4, R-INFO-5): records that may be
// the same child — same normalized name, birth date and sex; homophone names
// born the same day; ID numbers one typo apart; a shared guardian — found at
// registration, scored (domain/duplicate_score.h), listed for the record
// authorities to review, and never blocking anything.
//
// Candidates come from exact index look-ups only, never a scan of the
// students: name_simplified + birth_date + sex, name_pinyin + birth_date, the
// ≈170 valid ID numbers one typo away (id_number_norm IN …, batched), and the
// students whose family members carry one of this student's family members'
// ID numbers. Left out:
//   - the same normalized ID number: an exact duplicate is R-REG-3's problem
//     record, not a suspicion;
//   - records whose registration is 'returned': they are back with their
//     registrar for correction and are searched again when resubmitted.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/duplicate_score.h"
#include "domain/result.h"
#include "service/context.h"
#include "service/duplicate_candidates.h"
#include "store/database.h"

namespace xueji::service {

struct SuspectedDuplicate {
  int64_t other_student_id = 0;
  int score = 0;  // ≥ domain::kDuplicateListThreshold
  std::vector<domain::DuplicateReason> reasons;
};

// R-REG-4: the records scoring at least the threshold against `student_id`,
// highest score first. NotFound when the student does not exist. Reads only.
Result<std::vector<SuspectedDuplicate>> FindSuspectedDuplicates(store::Tx& tx, int64_t student_id);

// R-REG-4: FindSuspectedDuplicates for each of `subjects` (records in the
// store, `subjects` holding their current values), looked up together:
// subject i is compared with the stored records and the subjects before it,
// never the ones after it (service/duplicate_candidates.h), so that a batch
// written together finds what recording its records one by one would.
// `sources` as for DuplicateCandidates: with pending records (the subjects
// among them), their provisional ids appear as the records' ids.
std::vector<std::vector<SuspectedDuplicate>> FindSuspectedDuplicatesOf(
    store::Tx& tx, const std::vector<DuplicateSubject>& subjects,
    const CandidateSources& sources = {});

// R-REG-4: RecordSuspectedDuplicates for each of `subjects` in order, with
// FindSuspectedDuplicatesOf's look-ups (one audit entry per subject that got
// pairs).
void RecordSuspectedDuplicatesOf(store::Tx& tx, const Context& ctx,
                                 const std::vector<DuplicateSubject>& subjects,
                                 const CandidateSources& sources = {});

// R-REG-4: records `found[i]` (FindSuspectedDuplicatesOf's result, its ids
// the stored ones) as the pairs of record `student_ids[i]`, as
// RecordSuspectedDuplicatesOf does, in `tx`.
void RecordSuspectedDuplicatePairs(store::Tx& tx, const Context& ctx,
                                   const std::vector<int64_t>& student_ids,
                                   const std::vector<std::vector<SuspectedDuplicate>>& found);

// R-REG-4: runs the finder and records each pair as open, in `tx` (the
// registration's transaction), with one audit entry when pairs were found.
// Idempotent: an open pair gets the new score and reasons; a dismissed or
// confirmed pair stays as reviewed.
Status RecordSuspectedDuplicates(store::Tx& tx, const Context& ctx, int64_t student_id);

// One record of a listed pair. ID numbers are masked (R-SEC-3).
struct DuplicateSide {
  int64_t student_id = 0;
  std::string name, sex, birth_date, id_type, id_number_masked;
  std::string school_code, school_name, registration;
};

struct SuspectedDuplicatePair {
  int64_t id = 0;
  int score = 0;
  std::vector<domain::DuplicateReason> reasons;
  DuplicateSide student, other;  // student.student_id < other.student_id
  int64_t created_at = 0;
};

struct SuspectedDuplicatePage {
  std::vector<SuspectedDuplicatePair> items;  // highest score first, then oldest
  int64_t total = 0;                          // open pairs in the subtree, all pages
  std::string next_cursor;                    // "" on the last page
};

// R-REG-4, R-ORG-4: open pairs where either student's school lies in the
// subtree of `org_path` (inside the actor's own subtree, else NotFound).
// `cursor` is "" for the first page or a next_cursor; `limit` 1–200.
Result<SuspectedDuplicatePage> ListSuspectedDuplicates(store::Database& db, const Context& ctx,
                                                       const std::string& org_path,
                                                       const std::string& cursor, int limit);

// R-REG-4: the record authority's review of pair `pair_id`: `same_person`
// confirms it (one child registered twice), otherwise dismisses it (different
// people, e.g. twins). Either way the records themselves are unchanged. A
// note is required (at most 500 characters); the decision is audited. Needs the arbitration
// permission and either school in the actor's subtree (NotFound otherwise); a reviewed pair is a
// CONFLICT.
Status ReviewSuspectedDuplicate(store::Database& db, const Context& ctx, int64_t pair_id,
                                bool same_person, const std::string& note);

// The schools of both records of the pair, for the router's jurisdiction
// check: either school's subtree sees the pair.
std::vector<std::string> SchoolOfSuspectedPair(store::Tx& tx, const std::string& pair_id);

}  // namespace xueji::service
