#pragma once

// The national code tables (R-INFO-4) as the store holds them, for services
// that validate coded fields in the transaction that writes them.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/code_table.h"
#include "domain/student_record.h"
#include "store/database.h"

namespace xueji::service {

// A record is checked against the codes as they stand in the caller's
// transaction. The first Table() call reads every table's version in `tx`
// (one statement); a table whose version this process has already read from
// the same database is taken from a per-process cache, any other is read in
// `tx` and cached. Tables no field asks for are never read. Lives no longer
// than `tx`; one object is not thread-safe, the shared cache is.
//
// The cache relies on the contract of service/code_table_service.h: every
// change of a table's values raises its version (and its updated_at) in the
// transaction that makes the change, so (database, table, version,
// updated_at) names exactly one list of values — provided no transaction
// reads a table through StoredCodes after changing it and then rolls back
// (none does: the code-table services validate no records).
class StoredCodes : public domain::CodeLookup {
 public:
  explicit StoredCodes(store::Tx& tx) : tx_(tx) {}

  // The table with this id, or nullptr when the store has none (the
  // validation then reports CODE_TABLE_MISSING for the field).
  const domain::CodeTable* Table(std::string_view id) const override;

 private:
  struct Stamp {
    int64_t version = 0;
    int64_t updated_at = 0;
  };

  store::Tx& tx_;
  mutable std::optional<std::map<std::string, Stamp, std::less<>>> stamps_;
  mutable std::map<std::string, std::shared_ptr<const domain::CodeTable>, std::less<>> tables_;
};

}  // namespace xueji::service
