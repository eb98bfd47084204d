#include "store/database.h"

#include <atomic>
#include <charconv>
#include <cstdio>

#include "store/pg_database.h"
#include "store/sqlite_database.h"

namespace xueji::store {

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return "";
}

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* n = std::get_if<int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (*s == "t") return 1;  // PostgreSQL boolean text
    if (*s == "f") return 0;
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::string Row::Bytes(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return Text(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

Database::Database() {
  static std::atomic<uint64_t> next{1};
  instance_id_ = next.fetch_add(1);
}

std::optional<Row> Tx::QueryOne(std::string_view sql, const std::vector<Value>& params) {
  auto rows = Query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::string_view Tx::ForUpdate() const {
  return dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
}

std::unique_ptr<Database> OpenDatabase(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlite(url.substr(7));
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgres(url);
  }
  if (url.rfind("pg:", 0) == 0) return OpenPostgres(url.substr(3));
  throw StoreError(StoreError::Kind::kConnection,
                   "unknown database URL (expected sqlite:PATH or postgresql://...)");
}

}  // namespace xueji::store
