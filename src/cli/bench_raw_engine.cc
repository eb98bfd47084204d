#include "cli/bench_raw_engine.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <stdexcept>

namespace xueji::cli {
namespace {

std::string InsertSql(const RawTable& t, bool numbered_dollar) {
  std::string cols, params;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    cols += (i ? ", " : "") + t.columns[i];
    params += (i ? ", " : "") + std::string(numbered_dollar ? "$" : "?") + std::to_string(i + 1);
  }
  return "INSERT INTO " + t.name + " (" + cols + ") VALUES (" + params + ")";
}

class SqliteEngine : public RawEngine {
 public:
  explicit SqliteEngine(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  }
  ~SqliteEngine() override { sqlite3_close(db_); }

  std::vector<std::string> Columns(const std::string& table) override {
    std::vector<std::string> out;
    for (auto& r : Select("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid")) {
      out.push_back(std::get<std::string>(r[0]));
    }
    return out;
  }

  std::vector<std::vector<store::Value>> Select(const std::string& sql) override {
    sqlite3_stmt* st = Prepare(sql);
    std::vector<std::vector<store::Value>> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<store::Value> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) row.push_back(Column(st, i));
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) Fail(sql);
    return out;
  }

  void Exec(const std::string& sql) override {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) Fail(sql);
  }

  void InsertAll(const std::vector<RawTable>& tables) override {
    Exec("BEGIN IMMEDIATE");
    for (const auto& t : tables) {
      sqlite3_stmt* st = Prepare(InsertSql(t, false));
      for (const auto& row : t.rows) Run(st, row);
      sqlite3_finalize(st);
    }
    Exec("COMMIT");
  }

 private:
  [[noreturn]] void Fail(const std::string& sql) {
    throw std::runtime_error(sql.substr(0, 200) + ": " + sqlite3_errmsg(db_));
  }

  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) Fail(sql);
    return st;
  }

  static store::Value Column(sqlite3_stmt* st, int i) {
    switch (sqlite3_column_type(st, i)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(st, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(st, i);
      case SQLITE_NULL:
        return store::Null();
      case SQLITE_BLOB: {
        auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
        return store::Blob{std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, i)))};
      }
      default: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        return std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, i)));
      }
    }
  }

  void Run(sqlite3_stmt* st, const std::vector<store::Value>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      if (auto* n = std::get_if<int64_t>(&values[i])) {
        sqlite3_bind_int64(st, idx, *n);
      } else if (auto* d = std::get_if<double>(&values[i])) {
        sqlite3_bind_double(st, idx, *d);
      } else if (auto* s = std::get_if<std::string>(&values[i])) {
        sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else if (auto* b = std::get_if<store::Blob>(&values[i])) {
        sqlite3_bind_blob(st, idx, b->bytes.data(), static_cast<int>(b->bytes.size()),
                          SQLITE_STATIC);
      } else {
        sqlite3_bind_null(st, idx);
      }
    }
    if (sqlite3_step(st) != SQLITE_DONE) Fail(sqlite3_sql(st));
    sqlite3_reset(st);
  }

  sqlite3* db_ = nullptr;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PgEngine : public RawEngine {
 public:
  explicit PgEngine(const std::string& conninfo) {
    const char* keywords[] = {"dbname", nullptr};
    const char* values[] = {conninfo.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + message);
    }
    Exec("SET client_min_messages = warning");
  }
  ~PgEngine() override { PQfinish(conn_); }

  std::vector<std::string> Columns(const std::string& table) override {
    std::vector<std::string> out;
    for (auto& r : Select("SELECT column_name FROM information_schema.columns WHERE "
                          "table_schema = current_schema() AND table_name = '" +
                          table + "' ORDER BY ordinal_position")) {
      out.push_back(std::get<std::string>(r[0]));
    }
    return out;
  }

  std::vector<std::vector<store::Value>> Select(const std::string& sql) override {
    PgResult res(PQexec(conn_, sql.c_str()));
    Check(res, PGRES_TUPLES_OK, sql);
    std::vector<std::vector<store::Value>> out;
    for (int r = 0; r < PQntuples(res.get()); ++r) {
      std::vector<store::Value> row;
      for (int c = 0; c < PQnfields(res.get()); ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.push_back(store::Null());
        } else {
          row.push_back(std::string(PQgetvalue(res.get(), r, c),
                                    static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      out.push_back(std::move(row));
    }
    return out;
  }

  void Exec(const std::string& sql) override {
    PgResult res(PQexec(conn_, sql.c_str()));
    Check(res, PGRES_COMMAND_OK, sql);
  }

  void InsertAll(const std::vector<RawTable>& tables) override {
    Exec("BEGIN");
    for (size_t t = 0; t < tables.size(); ++t) {
      std::string name = "raw_insert_" + std::to_string(t);
      std::string sql = InsertSql(tables[t], true);
      PgResult prepared(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
      Check(prepared, PGRES_COMMAND_OK, sql);
      for (const auto& row : tables[t].rows) Run(name, sql, row);
      Exec("DEALLOCATE " + name);
    }
    Exec("COMMIT");
  }

 private:
  void Check(const PgResult& res, ExecStatusType want, const std::string& sql) {
    if (PQresultStatus(res.get()) != want) {
      throw std::runtime_error(sql.substr(0, 200) + ": " + PQerrorMessage(conn_));
    }
  }

  void Run(const std::string& name, const std::string& sql, const std::vector<store::Value>& row) {
    std::vector<std::string> texts(row.size());
    std::vector<const char*> params(row.size(), nullptr);
    for (size_t i = 0; i < row.size(); ++i) {
      if (auto* n = std::get_if<int64_t>(&row[i])) {
        texts[i] = std::to_string(*n);
      } else if (auto* s = std::get_if<std::string>(&row[i])) {
        params[i] = s->c_str();
        continue;
      } else if (std::holds_alternative<std::nullptr_t>(row[i])) {
        continue;
      } else {
        throw std::runtime_error(sql.substr(0, 200) + ": unexpected value type");
      }
      params[i] = texts[i].c_str();
    }
    PgResult res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(row.size()), params.data(),
                                nullptr, nullptr, 0));
    Check(res, PGRES_COMMAND_OK, sql);
  }

  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<RawEngine> RawEngine::Open(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return std::make_unique<SqliteEngine>(url.substr(7));
  if (url.rfind("pg:", 0) == 0) return std::make_unique<PgEngine>(url.substr(3));
  return std::make_unique<PgEngine>(url);
}

}  // namespace xueji::cli
