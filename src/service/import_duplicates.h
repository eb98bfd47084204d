#pragma once

// The suspected duplicates (R-REG-4) of an import's records (R-IO-1), found
// before the records are written, on the thread that validates them again
// (service/revalidated_rows.h), so that the import's write transaction only
// writes the pairs. The look-ups read the stored records in that thread's
// read transaction and the import's own records in memory
// (service/pending_records.h); together they find what looking each record
// up in the write transaction, after the ones before it, would find:
//   - SQLite: the write transaction holds the only write lock from its start,
//     so the snapshot, taken after that start, holds every stored record and
//     nobody commits another before the import ends;
//   - PostgreSQL: a record another session commits after the snapshot is not
//     looked up, as it would not have been by look-ups that had already run;
//     and that session's own look-ups could not see the import's records
//     either: the race of two concurrent registrations, not the import's.
//
// Not thread-safe: one thread calls Prepare for each batch, in order.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/student_record.h"
#include "service/name_keys_ahead.h"
#include "service/pending_records.h"
#include "service/stored_id_numbers.h"
#include "service/student_insert.h"
#include "service/suspected_duplicates.h"
#include "store/database.h"

namespace xueji::service {

// A batch of records the import writes together, with what writing them
// needs besides the records.
struct ImportBatch {
  std::vector<domain::ValidatedStudent> records;
  // Per record: its name's keys (owned by the ImportDuplicates that prepared
  // the batch) and its suspected duplicates, other ids at or above
  // PendingRecords::kFirstId being the import's records by ordinal.
  std::vector<const NameKeys*> keys;
  std::vector<std::vector<SuspectedDuplicate>> duplicates;
};

class ImportDuplicates {
 public:
  // `records`: how many the import is about to write. `name_keys`, when
  // not null, must outlive this object; a name it lacks is worked out here.
  ImportDuplicates(int64_t records, NameKeysAhead* name_keys)
      : records_(records), name_keys_(name_keys), pending_(static_cast<size_t>(records)) {}

  // R-REG-4: fills batch.keys and batch.duplicates for the next records the
  // import writes, in the order it writes them, as if each were written after
  // every record prepared before it. `tx` reads the snapshot described above;
  // every call gets the same transaction.
  void Prepare(store::Tx& tx, ImportBatch& batch);

  // When the stored ID numbers are few against the look-ups the import's
  // records make (at most kProbesPerStoredId per record, and at most
  // kMaxStoredIds), they are held in memory (service/stored_id_numbers.h).
  static constexpr int64_t kProbesPerStoredId = 20;
  static constexpr int64_t kMaxStoredIds = 2'000'000;

 private:
  const NameKeys& KeysOfName(const std::string& name);

  const int64_t records_;
  NameKeysAhead* const name_keys_;
  bool planned_ = false;
  std::optional<StoredIdNumbers> stored_ids_;
  PendingRecords pending_;
  std::unordered_map<std::string, NameKeys> keys_;  // those worked out here; node-based
};

}  // namespace xueji::service
