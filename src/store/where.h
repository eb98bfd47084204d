#pragma once

// A WHERE clause assembled from optional conditions, each with one
// positional parameter, for the list queries of the services.

#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

namespace xueji::store {

class Where {
 public:
  // `condition` contains one '?', replaced by the next "$n".
  void Add(const std::string& condition, const Value& value) {
    values_.push_back(value);
    std::string clause = condition;
    clause.replace(clause.find('?'), 1, "$" + std::to_string(values_.size()));
    sql_ += (sql_.empty() ? " WHERE " : " AND ") + clause;
  }
  // Binds `value` as the next parameter and returns its "$n", for
  // conditions that use a parameter more than once.
  std::string Param(const Value& value) {
    values_.push_back(value);
    return "$" + std::to_string(values_.size());
  }
  // A condition whose parameters come from Param().
  void AddRaw(const std::string& condition) {
    sql_ += (sql_.empty() ? " WHERE " : " AND ") + condition;
  }
  // " LIMIT $n" with `limit` as the last parameter.
  std::string Limit(int64_t limit) {
    values_.push_back(limit);
    return " LIMIT $" + std::to_string(values_.size());
  }
  const std::string& sql() const { return sql_; }
  const std::vector<Value>& values() const { return values_; }

 private:
  std::string sql_;
  std::vector<Value> values_;
};

}  // namespace xueji::store
