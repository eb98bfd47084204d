#include "store/pg_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace xueji::store {
namespace {

// Type OIDs from pg_type.h (stable across server versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* res) const { PQclear(res); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The statement text for error messages: single line, at most ~200 bytes.
std::string Snippet(std::string_view sql) {
  std::string out;
  for (char c : sql.substr(0, 200)) out.push_back(c == '\n' || c == '\t' ? ' ' : c);
  if (sql.size() > 200) out += "...";
  return out;
}

// Throws the StoreError describing a failed command. `res` may be null (libpq
// could not even produce a result, e.g. out of memory or connection lost).
[[noreturn]] void Fail(PGconn* conn, const PGresult* res, std::string_view context) {
  std::string detail = res ? PQresultErrorMessage(res) : "";
  if (detail.empty()) detail = PQerrorMessage(conn);
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = state ? state : "";

  auto kind = StoreError::Kind::kGeneric;
  if (sqlstate == "23505") {
    kind = StoreError::Kind::kUniqueViolation;
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    kind = StoreError::Kind::kSerialization;
  } else if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
             sqlstate == "57P03" || PQstatus(conn) != CONNECTION_OK || res == nullptr) {
    kind = StoreError::Kind::kConnection;
  }
  std::string msg = std::string(context) + ": " + TrimRight(std::move(detail));
  if (!sqlstate.empty()) msg += " (SQLSTATE " + std::string(sqlstate) + ")";
  throw StoreError(kind, msg);
}

// A bytea column in text format (hex "\x…", or the older escape format).
std::string UnescapeBytea(const char* text) {
  size_t length = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
  if (raw == nullptr) throw StoreError(StoreError::Kind::kGeneric, "bytea: cannot decode column");
  std::string bytes(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return bytes;
}

Value Column(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return nullptr;
  const char* text = PQgetvalue(res, row, col);
  size_t len = static_cast<size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t n = 0;
      std::from_chars(text, text + len, n);
      return n;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      // strtod also accepts PostgreSQL's "NaN", "Infinity" and "-Infinity".
      return std::strtod(text, nullptr);
    case kBoolOid:
      return static_cast<int64_t>(len > 0 && text[0] == 't' ? 1 : 0);
    case kByteaOid:
      return Blob{UnescapeBytea(text)};
    default:
      return std::string(text, len);
  }
}

// One libpq connection with its cache of prepared statements (SQL text →
// server-side statement name). Protocol-level prepared statements survive
// rollbacks, so the cache stays valid for the life of the connection.
class Connection {
 public:
  explicit Connection(const std::string& conninfo) {
    const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
    const char* values[] = {conninfo.c_str(), "xueji", nullptr};
    conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn_ == nullptr) {
      throw StoreError(StoreError::Kind::kConnection, "PostgreSQL: out of memory connecting");
    }
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = TrimRight(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      throw StoreError(StoreError::Kind::kConnection, "cannot connect to PostgreSQL: " + msg);
    }
    try {
      Script("SET client_min_messages = warning; SET TimeZone = 'UTC'");
    } catch (...) {
      PQfinish(conn_);
      conn_ = nullptr;
      throw;
    }
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  PGconn* raw() const { return conn_; }

  // Runs `sql` (possibly several statements) without parameters and returns
  // the last command's status tag.
  std::string Script(std::string_view sql) {
    std::string text(sql);
    Result res(PQexec(conn_, text.c_str()));
    ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
      Fail(conn_, res.get(), "exec [" + Snippet(sql) + "]");
    }
    return PQcmdStatus(res.get());
  }

  // Runs one statement through the prepared-statement cache. Collects rows
  // when `rows` is non-null; returns the number of rows affected.
  int64_t Run(std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows) {
    const std::string& name = Prepare(sql);

    std::vector<std::string> storage(params.size());
    std::vector<const char*> pointers(params.size(), nullptr);
    // Text format, except a Blob: binary format (1), its bytes as they are.
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (auto* b = std::get_if<Blob>(&v)) {
        pointers[i] = b->bytes.data();
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;
        continue;
      }
      if (auto* n = std::get_if<int64_t>(&v)) {
        storage[i] = std::to_string(*n);
      } else if (auto* d = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        storage[i] = buf;
      } else {
        storage[i] = std::get<std::string>(v);
      }
      pointers[i] = storage[i].c_str();
    }

    Result res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), pointers.data(),
                              lengths.data(), formats.data(), /*resultFormat=*/0));
    ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Fail(conn_, res.get(), "query [" + Snippet(sql) + "]");
    }
    if (rows != nullptr && status == PGRES_TUPLES_OK) {
      int nrows = PQntuples(res.get());
      int ncols = PQnfields(res.get());
      rows->reserve(rows->size() + static_cast<size_t>(nrows));
      for (int r = 0; r < nrows; ++r) {
        std::vector<Value> values;
        values.reserve(static_cast<size_t>(ncols));
        for (int c = 0; c < ncols; ++c) values.push_back(Column(res.get(), r, c));
        rows->emplace_back(std::move(values));
      }
    }
    const char* affected = PQcmdTuples(res.get());
    int64_t count = 0;
    std::from_chars(affected, affected + std::strlen(affected), count);
    return count;
  }

 private:
  const std::string& Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::string name = "s" + std::to_string(++next_id_);
    // nParams 0 with no types: the server infers count and types from context.
    Result res(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      Fail(conn_, res.get(), "prepare [" + Snippet(sql) + "]");
    }
    return cache_.emplace(std::move(key), std::move(name)).first->second;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> cache_;
  uint64_t next_id_ = 0;
};

// Connections opened lazily up to `size`; Acquire blocks while all are in use.
class Pool {
 public:
  Pool(std::string conninfo, int size)
      : conninfo_(std::move(conninfo)), size_(size > 0 ? size : 1) {}

  // A healthy connection, outside any transaction. Throws StoreError when a
  // new connection is needed and cannot be opened.
  std::unique_ptr<Connection> Acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
      if (!idle_.empty()) {
        std::unique_ptr<Connection> conn = std::move(idle_.back());
        idle_.pop_back();
        if (conn->ok()) return conn;
        --open_;  // broken while idle: drop it and open a fresh one
        continue;
      }
      ++open_;
      lock.unlock();
      try {
        return std::make_unique<Connection>(conninfo_);
      } catch (...) {
        lock.lock();
        --open_;
        cv_.notify_one();
        throw;
      }
    }
  }

  // Returns a connection; one that is broken or still inside a transaction is
  // closed instead of being reused.
  void Release(std::unique_ptr<Connection> conn) {
    bool reusable = conn->ok() && conn->idle();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (reusable) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
    // A discarded connection is closed here, outside the lock.
  }

  const std::string& conninfo() const { return conninfo_; }

 private:
  const std::string conninfo_;
  const int size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle plus checked out
};

class PgTx : public Tx {
 public:
  // Takes ownership of `conn`, on which BEGIN has already succeeded.
  PgTx(Pool* pool, std::unique_ptr<Connection> conn, uint64_t database_instance)
      : Tx(database_instance), pool_(pool), conn_(std::move(conn)) {}

  ~PgTx() override {
    if (!conn_->idle() && conn_->ok()) {
      try {
        conn_->Script("ROLLBACK");
      } catch (const StoreError&) {
        // The pool discards a connection left in a transaction or broken.
      }
    }
    pool_->Release(std::move(conn_));
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  std::vector<Row> Query(std::string_view sql, const std::vector<Value>& params) override {
    CheckOpen();
    std::vector<Row> rows;
    conn_->Run(sql, params, &rows);
    return rows;
  }

  int64_t Exec(std::string_view sql, const std::vector<Value>& params) override {
    CheckOpen();
    return conn_->Run(sql, params, nullptr);
  }

  void ExecScript(std::string_view sql) override {
    CheckOpen();
    conn_->Script(sql);
  }

  void Commit() override {
    CheckOpen();
    std::string tag = conn_->Script("COMMIT");
    done_ = true;
    // COMMIT of a transaction already aborted by an error succeeds as ROLLBACK.
    if (tag != "COMMIT") {
      throw StoreError(StoreError::Kind::kGeneric,
                       "commit: transaction was aborted by an earlier error and rolled back");
    }
  }

 private:
  void CheckOpen() const {
    if (done_) throw StoreError(StoreError::Kind::kGeneric, "transaction already finished");
  }

  Pool* pool_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
};

class PgDatabase : public Database {
 public:
  PgDatabase(std::string conninfo, PgOptions options)
      : pool_(std::move(conninfo), options.pool_size) {
    // Opening one connection up front reports a bad URL or an unreachable
    // server at open time, as OpenSqlite does.
    std::unique_ptr<Connection> conn = pool_.Acquire();
    PGconn* raw = conn->raw();
    const char* host = PQhost(raw);
    const char* port = PQport(raw);
    const char* db = PQdb(raw);
    describe_ = std::string("postgresql host=") + (host ? host : "") +
                " port=" + (port ? port : "") + " dbname=" + (db ? db : "");
    pool_.Release(std::move(conn));
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override { return describe_; }

  std::unique_ptr<Tx> BeginWrite() override {
    return Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
  }
  std::unique_ptr<Tx> BeginRead() override {
    return Begin("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

 private:
  // libpq notices a dead server connection only when it is used, so a BEGIN
  // that fails on a broken connection is retried once on a fresh one.
  std::unique_ptr<Tx> Begin(std::string_view begin_sql) {
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Connection> conn = pool_.Acquire();
      try {
        conn->Script(begin_sql);
      } catch (const StoreError&) {
        bool broken = !conn->ok();
        pool_.Release(std::move(conn));
        if (broken && attempt == 0) continue;
        throw;
      }
      return std::make_unique<PgTx>(&pool_, std::move(conn), instance_id());
    }
  }

  Pool pool_;
  std::string describe_;
};

}  // namespace

std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, PgOptions options) {
  if (conninfo.empty()) throw StoreError(StoreError::Kind::kConnection, "postgres: empty conninfo");
  return std::make_unique<PgDatabase>(conninfo, options);
}

}  // namespace xueji::store
