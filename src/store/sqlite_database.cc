#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <unordered_map>
#include <vector>

namespace xueji::store {
namespace {

// Statement texts are looked up by view, not copied per statement.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

[[noreturn]] void Fail(sqlite3* db, int rc, std::string_view context) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  auto kind = StoreError::Kind::kGeneric;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = StoreError::Kind::kUniqueViolation;
  } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    kind = StoreError::Kind::kSerialization;
  }
  throw StoreError(kind, msg);
}

// `X REGEXP P` as PostgreSQL's `X ~ P`: whether ECMAScript pattern P (ASCII)
// matches somewhere in X; NULL when either is NULL. A pattern that does not
// compile fails the statement. The compiled pattern lives with the statement
// for as long as SQLite keeps it (auxiliary data of argument 0).
void RegexpFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  const auto* pattern = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  if (pattern == nullptr || text == nullptr) return sqlite3_result_null(ctx);
  try {
    if (auto* known = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0))) {
      return sqlite3_result_int(ctx, std::regex_search(text, *known) ? 1 : 0);
    }
    auto compiled = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
    sqlite3_result_int(ctx, std::regex_search(text, *compiled) ? 1 : 0);
    sqlite3_set_auxdata(ctx, 0, compiled.release(),
                        [](void* p) { delete static_cast<std::regex*>(p); });
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

// One connection with its prepared-statement cache.
class Connection {
 public:
  Connection(const std::string& path, bool readonly, const SqliteOptions& options) {
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError(StoreError::Kind::kConnection,
                       "cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_create_function_v2(db_, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               RegexpFunction, nullptr, nullptr, nullptr);
    if (!readonly) {
      Script("PRAGMA journal_mode=WAL;");
      Script(options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
    }
    Script("PRAGMA foreign_keys=ON;");
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The value of an integer pragma ("cache_size").
  int64_t IntPragma(std::string_view name) {
    std::vector<Row> rows;
    Run("PRAGMA " + std::string(name), {}, &rows);
    return rows.empty() ? 0 : rows[0].Int(0);
  }

  void Script(std::string_view sql) {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      Fail(db_, rc, "exec: " + msg);
    }
  }

  // Runs one statement; collects rows when `rows` is non-null.
  int64_t Run(std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows) {
    sqlite3_stmt* stmt = Prepare(sql);
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{stmt};
    Bind(stmt, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(n);
      for (int i = 0; i < n; ++i) values.push_back(Column(stmt, i));
      rows->emplace_back(std::move(values));
    }
    if (rc != SQLITE_DONE) Fail(db_, rc, "step");
    return sqlite3_changes64(db_);
  }

 private:
  sqlite3_stmt* Prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    std::string key(sql);
    std::string text = SqliteParams(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) Fail(db_, rc, "prepare");
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  // The values are bound without a copy (SQLITE_STATIC): `params` outlives
  // the statement's run, and Run clears the bindings before it returns.
  void Bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else if (auto* b = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) Fail(db_, rc, "bind");
    }
  }

  static Value Column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_NULL:
        return nullptr;
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return Blob{std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)))};
      }
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
      }
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

class SqliteDatabase;

class SqliteTx : public Tx {
 public:
  // `page_cache_kib` > 0: the connection's page cache for this transaction
  // only (Database::BeginLargeWrite).
  SqliteTx(Connection* conn, std::unique_lock<std::mutex> writer_lock, SqliteDatabase* owner,
           uint64_t owner_instance, bool write, int64_t page_cache_kib = 0)
      : Tx(owner_instance),
        conn_(conn),
        writer_lock_(std::move(writer_lock)),
        owner_(owner),
        write_(write) {
    if (page_cache_kib > 0) {
      restore_cache_size_ = conn_->IntPragma("cache_size");
      conn_->Script("PRAGMA cache_size = -" + std::to_string(page_cache_kib));
    }
    conn_->Script(write_ ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  ~SqliteTx() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::vector<Row> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    conn_->Run(sql, params, &rows);
    return rows;
  }
  int64_t Exec(std::string_view sql, const std::vector<Value>& params) override {
    return conn_->Run(sql, params, nullptr);
  }
  void ExecScript(std::string_view sql) override { conn_->Script(sql); }
  void Commit() override {
    conn_->Script("COMMIT");
    done_ = true;
  }

 private:
  Connection* conn_;
  std::unique_lock<std::mutex> writer_lock_;
  SqliteDatabase* owner_;
  bool write_;
  bool done_ = false;
  std::optional<int64_t> restore_cache_size_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, SqliteOptions options)
      : path_(std::move(path)), writer_(path_, false, options) {
    for (int i = 0; i < options.reader_connections; ++i) {
      readers_.push_back(std::make_unique<Connection>(path_, true, options));
      free_.push_back(readers_.back().get());
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }

  std::unique_ptr<Tx> BeginWrite() override {
    std::unique_lock<std::mutex> lock(writer_mutex_);
    return std::make_unique<SqliteTx>(&writer_, std::move(lock), this, instance_id(), true);
  }

  std::unique_ptr<Tx> BeginLargeWrite(int64_t page_cache_kib) override {
    std::unique_lock<std::mutex> lock(writer_mutex_);
    return std::make_unique<SqliteTx>(&writer_, std::move(lock), this, instance_id(), true,
                                      page_cache_kib);
  }

  std::unique_ptr<Tx> BeginRead() override {
    std::unique_lock<std::mutex> lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !free_.empty(); });
    Connection* conn = free_.back();
    free_.pop_back();
    lock.unlock();
    try {
      return std::make_unique<SqliteTx>(conn, std::unique_lock<std::mutex>(), this, instance_id(),
                                        false);
    } catch (...) {
      Release(conn);
      throw;
    }
  }

  void Release(Connection* conn) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      free_.push_back(conn);
    }
    pool_cv_.notify_one();
  }

 private:
  std::string path_;
  std::mutex writer_mutex_;
  Connection writer_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_;
};

SqliteTx::~SqliteTx() {
  if (!done_) {
    try {
      conn_->Script("ROLLBACK");
    } catch (const StoreError&) {
      // The transaction may already have been rolled back by SQLite itself.
    }
  }
  if (restore_cache_size_) {
    try {
      conn_->Script("PRAGMA cache_size = " + std::to_string(*restore_cache_size_));
    } catch (const StoreError&) {
      // Only memory is at stake: the larger cache stays until the next change.
    }
  }
  if (!write_) owner_->Release(conn_);
}

}  // namespace

std::string SqliteParams(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out.push_back('?');
    } else {
      out.push_back(sql[i]);
    }
  }
  return out;
}

std::unique_ptr<Database> OpenSqlite(const std::string& path, SqliteOptions options) {
  if (path.empty()) throw StoreError(StoreError::Kind::kConnection, "sqlite: empty path");
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace xueji::store
