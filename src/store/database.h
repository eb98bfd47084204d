#pragma once

// The storage abstraction: a Database hands out transactions; a transaction
// runs SQL with positional parameters written `$1`, `$2` … on either backend.
//
// Thread safety: a Database is shared by all threads. A Tx belongs to the
// thread that began it and must not outlive the Database.
//
// Failures of the engine (connection lost, disk full, syntax error) throw
// StoreError; they are infrastructure failures, caught at the edge. A unique
// constraint violation throws StoreError with is_unique_violation() set, so a
// service that races another writer can turn it into a CONFLICT.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace xueji::store {

enum class Dialect { kSqlite, kPostgres };

class StoreError : public std::runtime_error {
 public:
  enum class Kind { kGeneric, kUniqueViolation, kSerialization, kConnection };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool is_unique_violation() const { return kind_ == Kind::kUniqueViolation; }

 private:
  Kind kind_;
};

// Binary data (proof files, R-ARC-2): any bytes, NULs and 0xFF included.
// Bound as a SQLite BLOB and as a PostgreSQL bytea in binary format; a column
// of either type reads back as a Blob.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// A parameter or column value. Booleans are stored as integers 0/1.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, Blob>;

inline Value Null() { return nullptr; }
inline Value OptText(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // Text of column i ("" for NULL; numbers are formatted; a Blob's bytes).
  std::string Text(size_t i) const;
  // The bytes of a binary (or text) column i; "" for NULL.
  std::string Bytes(size_t i) const;
  // Integer of column i (0 for NULL; text is parsed).
  int64_t Int(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;

 private:
  std::vector<Value> values_;
};

// One transaction. Rolls back in the destructor unless Commit() succeeded.
class Tx {
 public:
  virtual ~Tx() = default;
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  virtual Dialect dialect() const = 0;
  // Runs a statement and returns all result rows.
  virtual std::vector<Row> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual int64_t Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void ExecScript(std::string_view sql) = 0;
  virtual void Commit() = 0;

  std::optional<Row> QueryOne(std::string_view sql, const std::vector<Value>& params = {});
  // " FOR UPDATE" on PostgreSQL, "" on SQLite (whose writer is already exclusive).
  std::string_view ForUpdate() const;

  // Database::instance_id() of the database this transaction runs on.
  uint64_t database_instance() const { return database_instance_; }

 protected:
  explicit Tx(uint64_t database_instance) : database_instance_(database_instance) {}

 private:
  uint64_t database_instance_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // A read-write transaction. SQLite: the single writer connection, BEGIN
  // IMMEDIATE, so writers queue here rather than failing with SQLITE_BUSY.
  virtual std::unique_ptr<Tx> BeginWrite() = 0;
  // A read-write transaction that writes many pages (an import's final
  // transaction). SQLite: the writer's page cache holds `page_cache_kib` KiB
  // while it runs, and its former size again once it has ended, so that the
  // transaction's dirty pages are not spilled to the WAL and read back while
  // it runs; the memory is the caller's to budget. PostgreSQL: BeginWrite.
  virtual std::unique_ptr<Tx> BeginLargeWrite(int64_t page_cache_kib) {
    (void)page_cache_kib;
    return BeginWrite();
  }
  // A read-only snapshot.
  virtual std::unique_ptr<Tx> BeginRead() = 0;
  // Human-readable location without secrets, for logs.
  virtual std::string Describe() const = 0;

  // Distinct for every Database object the process opens, never reused: the
  // key under which per-process caches keep what they read from it.
  uint64_t instance_id() const { return instance_id_; }

 protected:
  Database();

 private:
  uint64_t instance_id_;
};

// Opens "sqlite:PATH" (created if missing) or "postgresql://…" / "postgres://…"
// or a libpq keyword string starting with "pg:". Throws StoreError.
std::unique_ptr<Database> OpenDatabase(const std::string& url);

}  // namespace xueji::store
