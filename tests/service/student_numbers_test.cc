// Issuing 学籍号 on both backends, also from concurrent transactions
// (R-NO-1, R-NO-2, R-NO-3, R-NO-4, R-NO-6).

#include "service/student_numbers.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "domain/student_number.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

class StudentNumbers : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    store::Migrate(*db_);
  }
  Context Ctx() { return Context{std::nullopt, "test", domain::Instant{1}}; }

  // Issues `per_thread` numbers in each of `threads` threads, one transaction
  // per number, with `issue`; returns every number issued.
  template <typename Issue>
  std::vector<std::string> IssueConcurrently(int threads, int per_thread, Issue issue) {
    std::mutex mu;
    std::vector<std::string> all;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (int i = 0; i < per_thread; ++i) {
          auto tx = db_->BeginWrite();
          Result<std::string> n = issue(*tx);
          if (!n.ok()) continue;
          tx->Commit();
          std::lock_guard<std::mutex> lock(mu);
          all.push_back(*n);
        }
      });
    }
    for (auto& th : pool) th.join();
    return all;
  }

  std::unique_ptr<store::Database> db_;
  const domain::Date birth_{2019, 9, 1};
};

TEST_P(StudentNumbers, R_NO_2_temporary_numbers_are_unique_under_concurrency) {
  auto numbers = IssueConcurrently(
      4, 60, [&](store::Tx& tx) { return IssueTemporaryNumber(tx, Ctx(), "520102", birth_); });
  ASSERT_EQ(numbers.size(), 240u);
  EXPECT_EQ(std::set<std::string>(numbers.begin(), numbers.end()).size(), 240u);
  for (const auto& n : numbers) {
    auto parsed = domain::ParseStudentNumber(n);
    ASSERT_TRUE(parsed.ok()) << n;
    EXPECT_EQ(parsed->kind, domain::StudentNumberKind::kTemporary);
    EXPECT_EQ(n.substr(1, 14), "52010220190901");
  }
}

TEST_P(StudentNumbers, R_NO_4_J_numbers_take_consecutive_sequences_under_concurrency) {
  auto numbers = IssueConcurrently(
      4, 25, [&](store::Tx& tx) { return IssueNoIdNumber(tx, Ctx(), "520102", birth_); });
  ASSERT_EQ(numbers.size(), 100u);
  std::set<std::string> sequences;
  for (const auto& n : numbers) {
    ASSERT_TRUE(domain::ParseStudentNumber(n).ok()) << n;
    sequences.insert(n.substr(15, 3));
  }
  EXPECT_EQ(sequences.size(), 100u);
  EXPECT_EQ(*sequences.begin(), "001");
  EXPECT_EQ(*sequences.rbegin(), "100");
  // Another birth date starts its own sequence.
  auto tx = db_->BeginWrite();
  auto other = IssueNoIdNumber(*tx, Ctx(), "520102", {2019, 9, 2});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->substr(15, 3), "001");
}

TEST_P(StudentNumbers, R_NO_6_deleted_numbers_are_never_issued_again) {
  auto id = domain::ParseIdNumber("52010220190901123X", {2026, 11, 23});
  ASSERT_TRUE(id.ok());
  {
    auto tx = db_->BeginWrite();
    auto g = IssueFormalNumber(*tx, Ctx(), *id);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(*g, "G52010220190901123X");
    EXPECT_EQ(IssueFormalNumber(*tx, Ctx(), *id).error().code, "FORMAL_NUMBER_TAKEN");
    ASSERT_TRUE(MarkNumberDeleted(*tx, Ctx(), *g).ok());
    tx->Commit();
  }
  auto tx = db_->BeginWrite();
  EXPECT_EQ(IssueFormalNumber(*tx, Ctx(), *id).error().code, "FORMAL_NUMBER_TAKEN");
  EXPECT_EQ(MarkNumberDeleted(*tx, Ctx(), "G52010220190901123X").error().code,
            "NUMBER_ALREADY_DELETED");
  EXPECT_EQ(MarkNumberDeleted(*tx, Ctx(), "G520102201909011248").error().kind,
            ErrorKind::kNotFound);
}

TEST_P(StudentNumbers, R_NO_1_a_rolled_back_issue_leaves_no_number) {
  std::string number;
  {
    auto tx = db_->BeginWrite();
    auto l = IssueTemporaryNumber(*tx, Ctx(), "520102", birth_);
    ASSERT_TRUE(l.ok());
    number = *l;
  }  // rolled back
  auto tx = db_->BeginRead();
  EXPECT_FALSE(tx->QueryOne("SELECT 1 FROM student_number_registry WHERE number = $1", {number}));
}

TEST_P(StudentNumbers, BadDivisionIsRefused) {
  auto tx = db_->BeginWrite();
  for (const char* division : {"99010", "990102", "52010a", ""}) {
    SCOPED_TRACE(division);
    EXPECT_EQ(IssueTemporaryNumber(*tx, Ctx(), division, birth_).error().code, "DIVISION_CODE");
    EXPECT_EQ(IssueNoIdNumber(*tx, Ctx(), division, birth_).error().code, "DIVISION_CODE");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StudentNumbers, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
