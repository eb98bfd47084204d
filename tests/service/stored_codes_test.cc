// The code tables as a validating service reads them (R-INFO-4): checked
// against the values that stand in the reading transaction, although the
// process keeps what it has read.

#include "service/stored_codes.h"

#include <gtest/gtest.h>

#include "service/clock.h"
#include "service/code_table_service.h"
#include "service/setup.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

using testing::TestBackends;

const std::string kSourceDir = XUEJI_SOURCE_DIR;

class StoredCodesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  std::unique_ptr<store::Database> NewDatabase() {
    auto db = testing::NewTestDatabase(GetParam());
    auto init = InitDatabase(*db, Cli(), kSourceDir + "/data/regions.csv");
    EXPECT_TRUE(init.ok()) << init.error().message;
    return db;
  }
  Context Cli() { return Context{std::nullopt, "test", clock_.Now()}; }

  // The value of `code` in `table` as a new StoredCodes reads it in a fresh
  // transaction on `db`; nullopt when the code is not in the table.
  static std::optional<domain::CodeValue> Read(store::Database& db, const std::string& table,
                                               const std::string& code) {
    auto tx = db.BeginRead();
    StoredCodes codes(*tx);
    const domain::CodeTable* t = codes.Table(table);
    if (t == nullptr) return std::nullopt;
    const domain::CodeValue* v = t->Find(code);
    return v ? std::optional<domain::CodeValue>(*v) : std::nullopt;
  }

  ManualClock clock_{*domain::ParseInstant("2026-09-01T09:00:00+08:00")};
};

TEST_P(StoredCodesTest, R_INFO_4_a_change_committed_after_a_read_is_seen_by_the_next_reader) {
  auto db = NewDatabase();
  auto before = Read(*db, "health", "40");
  ASSERT_TRUE(before.has_value());
  EXPECT_FALSE(before->historical);
  ASSERT_TRUE(UpsertCodeValue(*db, Cli(), "health", "40", before->name, true).ok());
  auto after = Read(*db, "health", "40");
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->historical);
  ASSERT_TRUE(UpsertCodeValue(*db, Cli(), "health", "9X", "新增状况", false).ok());
  EXPECT_TRUE(Read(*db, "health", "9X").has_value());
}

TEST_P(StoredCodesTest, R_INFO_4_databases_at_the_same_version_keep_their_own_values) {
  auto first = NewDatabase();
  auto second = NewDatabase();
  ASSERT_TRUE(Read(*first, "attend_mode", "1").has_value());
  ASSERT_TRUE(Read(*second, "attend_mode", "1").has_value());
  // Both tables reach version 2 at the same instant, with different values.
  ASSERT_TRUE(UpsertCodeValue(*first, Cli(), "attend_mode", "3", "借宿", false).ok());
  ASSERT_TRUE(UpsertCodeValue(*second, Cli(), "attend_mode", "4", "寄养", false).ok());
  EXPECT_TRUE(Read(*first, "attend_mode", "3").has_value());
  EXPECT_FALSE(Read(*first, "attend_mode", "4").has_value());
  EXPECT_TRUE(Read(*second, "attend_mode", "4").has_value());
  EXPECT_FALSE(Read(*second, "attend_mode", "3").has_value());
}

TEST_P(StoredCodesTest, R_INFO_4_an_unknown_table_is_missing) {
  auto db = NewDatabase();
  auto tx = db->BeginRead();
  StoredCodes codes(*tx);
  EXPECT_EQ(codes.Table("no_such_table"), nullptr);
  EXPECT_NE(codes.Table("sex"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoredCodesTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
