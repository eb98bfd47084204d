#include "store/bulk_insert.h"

#include <algorithm>
#include <bit>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

#include "store/sql_text.h"

namespace xueji::store {
namespace {

constexpr size_t kMaxBuiltTexts = 64;

// "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), …" for `rows` rows.
// A statement of thousands of parameters is a long text: each thread keeps
// the texts it has built (a few per table), not to build them per batch.
const std::string& InsertSql(std::string_view table, const std::vector<std::string>& columns,
                             size_t rows) {
  std::string head = "INSERT INTO " + std::string(table) + " (";
  for (size_t c = 0; c < columns.size(); ++c) head += (c ? ", " : "") + columns[c];
  head += ") VALUES ";
  thread_local std::unordered_map<std::string, std::string> built;
  std::string key = head + std::to_string(rows);
  auto it = built.find(key);
  if (it != built.end()) return it->second;
  if (built.size() >= kMaxBuiltTexts) built.clear();
  std::string sql = head;
  for (size_t r = 0; r < rows; ++r) {
    sql += (r ? ", (" : "(") + Placeholders(r * columns.size() + 1, columns.size()) + ")";
  }
  return built.emplace(std::move(key), std::move(sql)).first->second;
}

}  // namespace

void InsertRows(Tx& tx, std::string_view table, const std::vector<std::string>& columns,
                std::vector<Value> values) {
  const size_t width = columns.size();
  if (width == 0 || values.size() % width != 0) {
    throw std::logic_error("InsertRows: values do not fill whole rows");
  }
  const size_t per_statement = std::max<size_t>(1, kMaxBulkParameters / width);
  const size_t total = values.size() / width;
  if (total <= per_statement && std::has_single_bit(total)) {
    tx.Exec(InsertSql(table, columns, total), values);
    return;
  }
  for (size_t first = 0; first < total;) {
    // A full statement, else the largest power of two left: a few distinct
    // SQL texts per table, each prepared once per connection.
    size_t rows = std::min(per_statement, total - first);
    if (rows < per_statement) rows = std::bit_floor(rows);
    auto from = values.begin() + static_cast<std::ptrdiff_t>(first * width);
    std::vector<Value> params(
        std::make_move_iterator(from),
        std::make_move_iterator(from + static_cast<std::ptrdiff_t>(rows * width)));
    tx.Exec(InsertSql(table, columns, rows), params);
    first += rows;
  }
}

std::vector<int64_t> ReserveIds(Tx& tx, const std::string& table, size_t n) {
  std::vector<int64_t> ids;
  if (n == 0) return ids;
  ids.reserve(n);
  if (tx.dialect() == Dialect::kPostgres) {
    for (const auto& r : tx.Query("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM "
                                  "generate_series(1, $2)",
                                  {table, static_cast<int64_t>(n)})) {
      ids.push_back(r.Int(0));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  int64_t last = tx.QueryOne(
                       "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = "
                       "$1), 0), COALESCE((SELECT MAX(id) FROM " +
                           table + "), 0))",
                       {table})
                     ->Int(0);
  for (size_t i = 1; i <= n; ++i) ids.push_back(last + static_cast<int64_t>(i));
  return ids;
}

}  // namespace xueji::store
