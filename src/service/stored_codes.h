#pragma once

// The national code tables (R-INFO-4) as the store holds them, for services
// that validate coded fields in the transaction that writes them.

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "domain/code_table.h"
#include "domain/student_record.h"
#include "store/database.h"

namespace xueji::service {

// Reads each table in the caller's transaction when a field first asks for
// it, so that a record is checked against the codes as they stand in that
// transaction and tables no field uses are never read. Lives no longer than
// `tx`.
class StoredCodes : public domain::CodeLookup {
 public:
  explicit StoredCodes(store::Tx& tx) : tx_(tx) {}

  // The table with this id, or nullptr when the store has none (the
  // validation then reports CODE_TABLE_MISSING for the field).
  const domain::CodeTable* Table(std::string_view id) const override;

 private:
  store::Tx& tx_;
  mutable std::map<std::string, domain::CodeTable, std::less<>> tables_;
};

}  // namespace xueji::service
