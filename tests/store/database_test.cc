// The Database / Tx contract, run on every backend of testing::TestBackends().

#include "store/database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <latch>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/pg_database.h"
#include "support/test_database.h"

namespace xueji::store {
namespace {

using testing::BackendName;
using testing::NewTestDatabase;
using testing::TestBackends;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE items (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  qty BIGINT,
  price DOUBLE PRECISION,
  note TEXT
);
CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO counters (id, n) VALUES (1, 0);
)sql";

constexpr std::string_view kInsertItem =
    "INSERT INTO items (id, name, qty, price, note) VALUES ($1, $2, $3, $4, $5)";

std::string DoubleText(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    db_ = NewTestDatabase(GetParam());
    auto tx = db_->BeginWrite();
    tx->ExecScript(kSchema);
    tx->Commit();
  }

  int64_t CountItems() {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM items")->Int(0);
  }

  void InsertItem(Tx& tx, int64_t id, const std::string& name) {
    tx.Exec(kInsertItem, {id, name, int64_t{1}, 1.5, Null()});
  }

  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, ReportsItsDialect) {
  EXPECT_EQ(db_->dialect(), GetParam());
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->dialect(), GetParam());
  EXPECT_EQ(tx->ForUpdate(), GetParam() == Dialect::kPostgres ? " FOR UPDATE" : "");
  EXPECT_FALSE(db_->Describe().empty());
}

TEST_P(DatabaseTest, ParamsOfEveryTypeRoundTrip) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  const std::string text = "O'Brien \"张三\" \\ $1 ?2 ;--";
  {
    auto tx = db_->BeginWrite();
    tx->Exec(kInsertItem, {big, text, small, 0.1, std::string()});
    tx->Exec(kInsertItem, {int64_t{-5}, std::string("负数"), int64_t{0}, -1e300, Null()});
    tx->Commit();
  }
  auto tx = db_->BeginRead();
  auto row = tx->QueryOne("SELECT id, name, qty, price, note FROM items WHERE id = $1", {big});
  ASSERT_TRUE(row.has_value());
  ASSERT_EQ(row->size(), 5u);
  EXPECT_EQ(row->Int(0), big);
  EXPECT_EQ(row->Text(1), text);
  EXPECT_EQ(row->Int(2), small);
  // A double column comes back as a double, formatted with full precision.
  EXPECT_EQ(row->Text(3), DoubleText(0.1));
  EXPECT_FALSE(row->IsNull(4));
  EXPECT_EQ(row->Text(4), "");

  row =
      tx->QueryOne("SELECT id, name, qty, price FROM items WHERE name = $1", {std::string("负数")});
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Int(0), -5);
  EXPECT_EQ(row->Int(2), 0);
  EXPECT_EQ(row->Text(3), DoubleText(-1e300));
}

TEST_P(DatabaseTest, NullsRoundTrip) {
  {
    auto tx = db_->BeginWrite();
    tx->Exec(kInsertItem, {int64_t{1}, std::string("a"), Null(), Null(), OptText(std::nullopt)});
    tx->Exec(kInsertItem, {int64_t{2}, std::string("b"), int64_t{3}, 2.0, OptText("x")});
    tx->Commit();
  }
  auto tx = db_->BeginRead();
  auto rows = tx->Query("SELECT qty, price, note FROM items ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(rows[0].IsNull(i));
    EXPECT_EQ(rows[0].Text(i), "");
    EXPECT_EQ(rows[0].Int(i), 0);
    EXPECT_EQ(rows[0].OptText(i), std::nullopt);
  }
  EXPECT_EQ(rows[1].OptText(2), "x");
  // A NULL parameter compares as unknown, never equal.
  EXPECT_FALSE(tx->QueryOne("SELECT id FROM items WHERE note = $1", {Null()}).has_value());
  EXPECT_EQ(tx->Query("SELECT id FROM items WHERE note IS NULL").size(), 1u);
}

// R-ARC-2: proof files live in the database. Every byte value survives, NULs
// and 0xFF included, on both backends; the column type comes from the
// migration token {{BLOB}}.
TEST_P(DatabaseTest, R_ARC_2_blobs_round_trip_byte_for_byte) {
  std::string every_byte;
  for (int i = 0; i < 256; ++i) every_byte.push_back(static_cast<char>(i));
  std::string large(3 << 20, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>((i * 7919) % 256);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"every byte value", every_byte},
      {"NULs only", std::string(5, '\0')},
      {"0xFF only", std::string(4, '\xFF')},
      {"JPEG magic with a NUL", std::string("\xFF\xD8\xFF\x00\xE0", 5)},
      {"empty", ""},
      {"3 MiB", large},
  };
  {
    auto tx = db_->BeginWrite();
    tx->ExecScript(TranslateMigration(
        "CREATE TABLE files (id BIGINT PRIMARY KEY, data {{BLOB}}, label TEXT)", GetParam()));
    for (size_t i = 0; i < cases.size(); ++i) {
      tx->Exec("INSERT INTO files (id, data, label) VALUES ($1, $2, $3)",
               {static_cast<int64_t>(i), Blob{cases[i].second}, cases[i].first});
    }
    tx->Exec("INSERT INTO files (id, data, label) VALUES (99, $1, 'null')", {Null()});
    tx->Commit();
  }
  auto tx = db_->BeginRead();
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].first);
    auto row =
        tx->QueryOne("SELECT data, label FROM files WHERE id = $1", {static_cast<int64_t>(i)});
    ASSERT_TRUE(row.has_value());
    EXPECT_FALSE(row->IsNull(0));
    EXPECT_EQ(row->Bytes(0).size(), cases[i].second.size());
    EXPECT_TRUE(row->Bytes(0) == cases[i].second);
    // A blob parameter compares as bytes.
    auto found = tx->QueryOne("SELECT id FROM files WHERE data = $1", {Blob{cases[i].second}});
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->Int(0), static_cast<int64_t>(i));
  }
  auto null_row = tx->QueryOne("SELECT data FROM files WHERE id = 99");
  EXPECT_TRUE(null_row->IsNull(0));
  EXPECT_EQ(null_row->Bytes(0), "");
}

TEST(MigrationTokens, R_ARC_2_blob_token_names_each_backends_binary_type) {
  EXPECT_EQ(TranslateMigration("x {{BLOB}} NOT NULL", Dialect::kSqlite), "x BLOB NOT NULL");
  EXPECT_EQ(TranslateMigration("x {{BLOB}} NOT NULL", Dialect::kPostgres), "x BYTEA NOT NULL");
}

TEST_P(DatabaseTest, RowConvertsBetweenIntegerAndText) {
  {
    auto tx = db_->BeginWrite();
    tx->Exec(kInsertItem, {int64_t{42}, std::string("17"), int64_t{7}, 2.75, std::string("t")});
    tx->Commit();
  }
  auto tx = db_->BeginRead();
  auto row = tx->QueryOne(
      "SELECT id, name, price, qty > 5, qty < 5, CAST(qty AS SMALLINT), CAST(qty AS INTEGER),"
      " CAST(0.1 AS NUMERIC), CAST(0.5 AS REAL), COUNT(*)"
      " FROM items GROUP BY id, name, price, qty");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Text(0), "42");  // integer as text
  EXPECT_EQ(row->Int(1), 17);     // text parsed as integer
  EXPECT_EQ(row->Int(2), 2);      // double truncated
  EXPECT_EQ(row->Int(3), 1);      // booleans are 0/1 on both engines
  EXPECT_EQ(row->Text(3), "1");
  EXPECT_EQ(row->Int(4), 0);
  EXPECT_EQ(row->Text(4), "0");
  EXPECT_EQ(row->Text(5), "7");
  EXPECT_EQ(row->Text(6), "7");
  EXPECT_EQ(row->Text(7), DoubleText(0.1));  // numeric arrives as a double
  EXPECT_EQ(row->Text(8), "0.5");
  EXPECT_EQ(row->Int(9), 1);
}

TEST_P(DatabaseTest, QueryOneReturnsNothingForNoRows) {
  auto tx = db_->BeginRead();
  EXPECT_FALSE(tx->QueryOne("SELECT id FROM items WHERE id = $1", {int64_t{99}}).has_value());
  EXPECT_TRUE(tx->Query("SELECT id FROM items").empty());
}

TEST_P(DatabaseTest, ReturningGivesTheWrittenRow) {
  auto tx = db_->BeginWrite();
  auto inserted =
      tx->QueryOne("INSERT INTO items (id, name, qty) VALUES ($1, $2, $3) RETURNING id, name, qty",
                   {int64_t{5}, std::string("five"), int64_t{50}});
  ASSERT_TRUE(inserted.has_value());
  EXPECT_EQ(inserted->Int(0), 5);
  EXPECT_EQ(inserted->Text(1), "five");
  EXPECT_EQ(inserted->Int(2), 50);

  auto updated = tx->Query("UPDATE items SET qty = qty + $1 WHERE id = $2 RETURNING qty",
                           {int64_t{1}, int64_t{5}});
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].Int(0), 51);
  tx->Commit();
}

TEST_P(DatabaseTest, RegularExpressionMatchIsTheSameOnBothBackends) {
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "zhang xiao ming");
  InsertItem(*tx, 2, "zhao xin a ming");
  std::string op = GetParam() == Dialect::kSqlite ? " REGEXP " : " ~ ";
  struct Case {
    const char* pattern;
    std::vector<int64_t> ids;
  } cases[] = {
      {"^z[a-z]* x[a-z]* m", {1}},
      {"^z[a-z]* x", {1, 2}},
      {"ming$", {1, 2}},
      {"^x", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pattern);
    std::vector<int64_t> ids;
    for (const auto& r :
         tx->Query("SELECT id FROM items WHERE name" + op + "$1 ORDER BY id", {c.pattern})) {
      ids.push_back(r.Int(0));
    }
    EXPECT_EQ(ids, c.ids);
  }
  if (GetParam() == Dialect::kSqlite) {
    EXPECT_THROW(tx->Query("SELECT id FROM items WHERE name REGEXP $1", {std::string("[")}),
                 StoreError);
  }
}

TEST_P(DatabaseTest, ExecReturnsTheNumberOfChangedRows) {
  auto tx = db_->BeginWrite();
  for (int64_t id = 1; id <= 3; ++id) InsertItem(*tx, id, "n" + std::to_string(id));
  EXPECT_EQ(tx->Exec("UPDATE items SET qty = $1 WHERE id >= $2", {int64_t{9}, int64_t{2}}), 2);
  EXPECT_EQ(tx->Exec("UPDATE items SET qty = 0 WHERE id = $1", {int64_t{100}}), 0);
  EXPECT_EQ(tx->Exec("DELETE FROM items"), 3);
  tx->Commit();
}

TEST_P(DatabaseTest, ExecScriptRunsSeveralStatements) {
  auto tx = db_->BeginWrite();
  tx->ExecScript(
      "INSERT INTO items (id, name) VALUES (1, 'a');\n"
      "INSERT INTO items (id, name) VALUES (2, 'b');\n"
      "UPDATE counters SET n = 10 WHERE id = 1;");
  tx->Commit();
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(DatabaseTest, RollsBackWhenDestroyedWithoutCommit) {
  {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 1, "uncommitted");
    EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM items")->Int(0), 1);
  }
  EXPECT_EQ(CountItems(), 0);
  // The connection is usable again afterwards.
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "uncommitted");
  tx->Commit();
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(DatabaseTest, CommitPersists) {
  {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 1, "kept");
    tx->Commit();
  }
  EXPECT_EQ(CountItems(), 1);
  auto tx = db_->BeginWrite();
  EXPECT_EQ(tx->QueryOne("SELECT name FROM items WHERE id = 1")->Text(0), "kept");
}

TEST_P(DatabaseTest, CommitTwiceFails) {
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "once");
  tx->Commit();
  EXPECT_THROW(tx->Commit(), StoreError);
}

TEST_P(DatabaseTest, UniqueViolationIsReported) {
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "same");
  try {
    InsertItem(*tx, 2, "same");
    FAIL() << "duplicate name was accepted";
  } catch (const StoreError& e) {
    EXPECT_TRUE(e.is_unique_violation()) << e.what();
    EXPECT_EQ(e.kind(), StoreError::Kind::kUniqueViolation);
  }
}

TEST_P(DatabaseTest, PrimaryKeyViolationIsAUniqueViolation) {
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "first");
  try {
    InsertItem(*tx, 1, "second");
    FAIL() << "duplicate primary key was accepted";
  } catch (const StoreError& e) {
    EXPECT_TRUE(e.is_unique_violation()) << e.what();
  }
}

TEST_P(DatabaseTest, OtherErrorsAreGeneric) {
  auto tx = db_->BeginWrite();
  try {
    tx->Exec("INSERT INTO no_such_table (x) VALUES ($1)", {int64_t{1}});
    FAIL() << "statement on a missing table succeeded";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kGeneric) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
}

TEST_P(DatabaseTest, NotNullViolationIsNotAUniqueViolation) {
  auto tx = db_->BeginWrite();
  try {
    tx->Exec(kInsertItem, {int64_t{1}, Null(), Null(), Null(), Null()});
    FAIL() << "NULL name was accepted";
  } catch (const StoreError& e) {
    EXPECT_FALSE(e.is_unique_violation()) << e.what();
  }
}

TEST_P(DatabaseTest, FailingStatementLeavesNothingBehind) {
  {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 1, "a");
    tx->Exec("UPDATE counters SET n = 99 WHERE id = 1");
    EXPECT_THROW(InsertItem(*tx, 2, "a"), StoreError);
  }
  EXPECT_EQ(CountItems(), 0);
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT n FROM counters WHERE id = 1")->Int(0), 0);
}

TEST_P(DatabaseTest, ConcurrentWritersDoNotLoseUpdates) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < kIncrements; ++i) {
          auto tx = db_->BeginWrite();
          std::string select = "SELECT n FROM counters WHERE id = $1";
          select += tx->ForUpdate();
          int64_t n = tx->QueryOne(select, {int64_t{1}})->Int(0);
          tx->Exec("UPDATE counters SET n = $1 WHERE id = $2", {n + 1, int64_t{1}});
          tx->Commit();
        }
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT n FROM counters WHERE id = 1")->Int(0), kThreads * kIncrements);
}

TEST_P(DatabaseTest, ReadersSeeCommittedDataOnly) {
  auto writer = db_->BeginWrite();
  InsertItem(*writer, 1, "pending");
  {
    auto reader = db_->BeginRead();
    EXPECT_EQ(reader->QueryOne("SELECT COUNT(*) FROM items")->Int(0), 0);
  }
  writer->Commit();
  writer.reset();
  auto reader = db_->BeginRead();
  EXPECT_EQ(reader->QueryOne("SELECT COUNT(*) FROM items")->Int(0), 1);
}

TEST_P(DatabaseTest, ReaderKeepsItsSnapshot) {
  {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 1, "before");
    tx->Commit();
  }
  auto reader = db_->BeginRead();
  ASSERT_EQ(reader->QueryOne("SELECT COUNT(*) FROM items")->Int(0), 1);
  {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 2, "after");
    tx->Exec("UPDATE items SET name = 'changed' WHERE id = 1");
    tx->Commit();
  }
  EXPECT_EQ(reader->QueryOne("SELECT COUNT(*) FROM items")->Int(0), 1);
  EXPECT_EQ(reader->QueryOne("SELECT name FROM items WHERE id = 1")->Text(0), "before");
  reader.reset();
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(DatabaseTest, ReadTransactionRejectsWrites) {
  auto reader = db_->BeginRead();
  EXPECT_THROW(reader->Exec("INSERT INTO items (id, name) VALUES (1, 'x')"), StoreError);
}

// A large write is an ordinary write transaction; on SQLite the writer's page
// cache has the asked size only while it runs, whether it commits or not.
TEST_P(DatabaseTest, LargeWriteCommitsAndRollsBackLikeAnyWrite) {
  auto cache_size = [](Tx& tx) { return tx.QueryOne("PRAGMA cache_size")->Int(0); };
  bool sqlite = GetParam() == Dialect::kSqlite;
  int64_t before = 0;
  if (sqlite) {
    auto tx = db_->BeginWrite();
    before = cache_size(*tx);
  }
  {
    auto tx = db_->BeginLargeWrite(8192);
    if (sqlite) {
      EXPECT_EQ(cache_size(*tx), -8192);
    }
    InsertItem(*tx, 1, "kept");
    tx->Commit();
  }
  {
    auto tx = db_->BeginLargeWrite(8192);
    InsertItem(*tx, 2, "rolled back");
  }
  EXPECT_EQ(CountItems(), 1);
  if (sqlite) {
    auto tx = db_->BeginWrite();
    EXPECT_EQ(cache_size(*tx), before);
    EXPECT_NE(before, -8192);
  }
}

TEST_P(DatabaseTest, PreparedStatementsAreReusedAcrossManyCalls) {
  constexpr int kRows = 500;
  {
    auto tx = db_->BeginWrite();
    for (int64_t id = 1; id <= kRows; ++id) {
      tx->Exec(kInsertItem,
               {id, "item" + std::to_string(id), id, static_cast<double>(id) * 0.5, Null()});
      // Interleaved different statements must not disturb each other's cache entry.
      EXPECT_EQ(tx->QueryOne("SELECT qty FROM items WHERE id = $1", {id})->Int(0), id);
    }
    tx->Commit();
  }
  int64_t total = 0;
  for (int round = 0; round < 20; ++round) {
    auto tx = db_->BeginRead();
    for (int64_t id = 1; id <= kRows; id += 25) {
      total += tx->QueryOne("SELECT qty FROM items WHERE id = $1", {id})->Int(0);
    }
  }
  int64_t expected = 0;
  for (int64_t id = 1; id <= kRows; id += 25) expected += id;
  EXPECT_EQ(total, 20 * expected);
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT SUM(qty), SUM(price) FROM items")->Int(0),
            kRows * (kRows + 1) / 2);
}

TEST_P(DatabaseTest, StatementsStillWorkAfterARolledBackError) {
  for (int i = 0; i < 3; ++i) {
    auto tx = db_->BeginWrite();
    InsertItem(*tx, 1, "dup");
    EXPECT_THROW(InsertItem(*tx, 1, "dup"), StoreError);
    EXPECT_THROW(tx->Exec("SELEC 1"), StoreError);
  }
  auto tx = db_->BeginWrite();
  InsertItem(*tx, 1, "dup");
  EXPECT_THROW(tx->Exec("SELEC 1"), StoreError);  // a bad statement is not cached as good
  tx.reset();
  tx = db_->BeginWrite();
  InsertItem(*tx, 1, "dup");
  tx->Commit();
  EXPECT_EQ(CountItems(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(TestBackends()),
                         [](const ::testing::TestParamInfo<Dialect>& param_info) {
                           return BackendName(param_info.param);
                         });

TEST(OpenDatabaseTest, RejectsUnknownUrls) {
  try {
    OpenDatabase("mysql://localhost/x");
    FAIL() << "unknown URL accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kConnection);
  }
}

TEST(OpenDatabaseTest, UnreachablePostgresIsAConnectionError) {
  try {
    OpenDatabase("postgresql://nobody:secret@/nodb?host=/nonexistent-xueji&port=1");
    FAIL() << "connected to a server that does not exist";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kConnection) << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
}

// PostgreSQL only: pool behaviour that SQLite has no counterpart for.
class PostgresPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::PostgresAvailable()) {
      // With XUEJI_REQUIRE_PG=1, PostgresAvailable() has already recorded a failure.
      if (HasFailure()) FAIL() << "PostgreSQL is required";
      GTEST_SKIP() << "PostgreSQL not available";
    }
    url_ = testing::NewTestDatabaseUrl(Dialect::kPostgres);
  }

  std::unique_ptr<Database> Open(int pool_size) {
    // NewTestDatabaseUrl gives "postgresql://…" or "pg:KEYWORDS".
    std::string conninfo = url_.rfind("pg:", 0) == 0 ? url_.substr(3) : url_;
    return OpenPostgres(conninfo, PgOptions{pool_size});
  }

  static int64_t BackendPid(Database& db) {
    auto tx = db.BeginRead();
    return tx->QueryOne("SELECT pg_backend_pid()")->Int(0);
  }

  std::string url_;
};

TEST_F(PostgresPoolTest, DescribeOmitsThePassword) {
  auto db = Open(1);
  std::string description = db->Describe();
  EXPECT_NE(description.find("dbname=xueji_t_"), std::string::npos) << description;
  EXPECT_EQ(description.find("password"), std::string::npos) << description;
}

TEST_F(PostgresPoolTest, ConnectionsAreReused) {
  auto db = Open(1);
  int64_t pid = BackendPid(*db);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(BackendPid(*db), pid);
}

TEST_F(PostgresPoolTest, EachStatementIsPreparedOncePerConnection) {
  auto db = Open(1);
  constexpr std::string_view kSql = "SELECT $1::bigint + 1";
  for (int round = 0; round < 10; ++round) {
    auto tx = db->BeginRead();
    for (int64_t i = 0; i < 20; ++i) EXPECT_EQ(tx->QueryOne(kSql, {i})->Int(0), i + 1);
  }
  auto tx = db->BeginRead();
  auto rows = tx->Query("SELECT name FROM pg_prepared_statements WHERE statement = $1",
                        {std::string(kSql)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0).substr(0, 1), "s");
}

TEST_F(PostgresPoolTest, ConnectionKilledInsideATransactionIsReplaced) {
  auto db = Open(1);
  int64_t pid = BackendPid(*db);
  {
    auto tx = db->BeginWrite();
    try {
      tx->Query("SELECT pg_terminate_backend(pg_backend_pid())");
      FAIL() << "terminating our own backend did not fail";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::kConnection) << e.what();
    }
  }
  EXPECT_NE(BackendPid(*db), pid);
}

TEST_F(PostgresPoolTest, IdleConnectionKilledByTheServerIsReplaced) {
  auto db = Open(1);
  auto admin = Open(1);
  int64_t pid = BackendPid(*db);
  {
    auto tx = admin->BeginWrite();
    ASSERT_EQ(tx->QueryOne("SELECT pg_terminate_backend($1::int)", {pid})->Int(0), 1);
    tx->Commit();
  }
  // pg_terminate_backend only signals; wait until the backend is gone.
  for (int i = 0; i < 200; ++i) {
    auto tx = admin->BeginRead();
    if (!tx->QueryOne("SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", {pid})) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_NE(BackendPid(*db), pid);
}

TEST_F(PostgresPoolTest, DeadlockIsASerializationError) {
  auto db = Open(2);
  {
    auto tx = db->BeginWrite();
    tx->ExecScript(
        "CREATE TABLE locks (id BIGINT PRIMARY KEY); INSERT INTO locks VALUES (1), (2);");
    tx->Commit();
  }
  std::latch both_locked(2);
  std::vector<StoreError::Kind> kinds;
  std::mutex kinds_mutex;
  auto worker = [&](int64_t first, int64_t second) {
    try {
      auto tx = db->BeginWrite();
      tx->Query("SELECT id FROM locks WHERE id = $1 FOR UPDATE", {first});
      both_locked.arrive_and_wait();
      tx->Query("SELECT id FROM locks WHERE id = $1 FOR UPDATE", {second});
      tx->Commit();
    } catch (const StoreError& e) {
      std::lock_guard<std::mutex> lock(kinds_mutex);
      kinds.push_back(e.kind());
    }
  };
  std::thread a(worker, 1, 2);
  std::thread b(worker, 2, 1);
  a.join();
  b.join();
  ASSERT_EQ(kinds.size(), 1u);
  EXPECT_EQ(kinds[0], StoreError::Kind::kSerialization);
}

}  // namespace
}  // namespace xueji::store
