#pragma once

// The candidates of the suspected-duplicate finder (R-REG-4,
// service/suspected_duplicates.h) for many records at once: the same exact
// index look-ups as for one record, batched into few statements, so that a
// bulk import (R-IO-1) checks each batch of new records with a handful of
// statements instead of some ten per record.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/duplicate_score.h"
#include "service/stored_id_numbers.h"
#include "store/database.h"

namespace xueji::service {

class PendingRecords;

// A record as the finder compares it.
struct DuplicateSubject {
  int64_t student_id = 0;
  std::string registration;  // the record's registration state
  domain::DuplicateSummary summary;
};

// R-REG-4: per subject, in order, the ids of the records that share an exact
// key with it: name_simplified + birth_date + sex; name_pinyin + birth_date;
// an ID number one typo away; a family member's ID number (at most
// kGuardianCandidateLimit records per such number). The subject's own id is
// left out, and so is every subject after it in `subjects`: a batch of new
// records written together is looked up as if each had been recorded after
// the ones before it and before the ones after it.
//
// Where the look-ups go besides `tx`'s student and guardian tables.
struct CandidateSources {
  // Holding every record `tx` holds: the ID numbers one typo away are looked
  // up there instead of in the store.
  const StoredIdNumbers* stored_ids = nullptr;
  // Records not in `tx` (service/pending_records.h), the subjects among
  // them: looked up as if they had been written after every stored record,
  // in their order.
  const PendingRecords* pending = nullptr;
};

std::vector<std::set<int64_t>> DuplicateCandidates(store::Tx& tx,
                                                   const std::vector<DuplicateSubject>& subjects,
                                                   const CandidateSources& sources = {});

// The subjects of stored records `ids` (those that exist), with their
// family members' ID numbers in form order. The IN lists are padded to the
// list sizes of DuplicateCandidates' look-ups, so that any number of ids
// takes the same few statement texts.
std::map<int64_t, DuplicateSubject> LoadDuplicateSubjects(store::Tx& tx,
                                                          const std::vector<int64_t>& ids);

// A guardian ID number shared by more records than this (a children's home,
// a placeholder number) contributes only this many candidates.
inline constexpr int64_t kGuardianCandidateLimit = 200;

}  // namespace xueji::service
