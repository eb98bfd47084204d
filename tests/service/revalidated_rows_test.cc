// RevalidatedRows (R-IO-1): the final transaction's rows validated again on
// a thread of their own hand out, in row order and in batches, exactly the
// records that validate; the rows that fail now are listed with their
// problems; mode B hands out nothing after the first failure; and the
// thread stops when its owner goes away early.

#include "service/revalidated_rows.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "import_fixture.h"

namespace xueji::service {
namespace {

using import_test::Cells;
using import_test::Csv;
using import_test::Id;
using import_test::kSchool;

class RevalidatedRowsTest : public import_test::ImportFixture {
 protected:
  // Seven rows; rows 2 and 5 name a class the school does not have.
  ImportSheet SheetWithTwoBadRows() {
    std::vector<Cells> rows;
    for (int i = 0; i < 7; ++i) rows.push_back(Row(Id(i)));
    rows[2][io::kClassNameField] = "无此班";
    rows[5][io::kClassNameField] = "无此班";
    auto sheet = ReadImportFile(Csv(rows), kImportCsv);
    EXPECT_TRUE(sheet.ok());
    return std::move(sheet).value();
  }

  // The ID numbers of each batch handed out, until the end.
  static std::vector<std::vector<std::string>> Drain(RevalidatedRows& rows) {
    std::vector<std::vector<std::string>> out;
    while (auto batch = rows.Next()) {
      out.emplace_back();
      for (const auto& v : batch->records) out.back().push_back(v.id ? v.id->normalized : "");
    }
    return out;
  }
};

TEST_P(RevalidatedRowsTest, R_IO_1_hands_out_the_valid_records_in_row_order_and_lists_the_rest) {
  struct Case {
    bool mode_b;
    std::vector<std::vector<std::string>> batches;
  };
  const Case cases[] = {
      {false, {{Id(0), Id(1), Id(3)}, {Id(4), Id(6)}}},
      {true, {{Id(0), Id(1)}}},
  };
  ImportSheet sheet = SheetWithTwoBadRows();
  std::vector<std::vector<int>> reader_columns(sheet.rows.size());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.mode_b ? "mode B" : "mode A");
    RevalidatedRows rows(*db_, As("school_registrar"), Org(kSchool), sheet, reader_columns,
                         {0, 1, 2, 3, 4, 5, 6}, {3, c.mode_b});
    EXPECT_EQ(Drain(rows), c.batches);
    EXPECT_EQ(rows.Failed(), (std::vector<int64_t>{2, 5}));
    std::map<int64_t, std::string> messages;  // row → its problems, joined
    for (const auto& p : rows.TakeProblems()) messages[p.row] += p.message + "；";
    ASSERT_EQ(messages.size(), 2u);
    for (int64_t row : {2, 5}) {
      EXPECT_NE(messages[row].find("无此班"), std::string::npos) << messages[row];
    }
  }
}

TEST_P(RevalidatedRowsTest, R_IO_1_only_the_rows_asked_for_are_validated) {
  ImportSheet sheet = SheetWithTwoBadRows();
  std::vector<std::vector<int>> reader_columns(sheet.rows.size());
  RevalidatedRows rows(*db_, As("school_registrar"), Org(kSchool), sheet, reader_columns, {1, 6},
                       {500, false});
  EXPECT_EQ(Drain(rows), (std::vector<std::vector<std::string>>{{Id(1), Id(6)}}));
  EXPECT_TRUE(rows.Failed().empty());
}

// A cancel or a failed insert leaves batches untaken: the thread, waiting for
// room, must end with its owner.
TEST_P(RevalidatedRowsTest, R_IO_1_the_thread_ends_when_its_owner_goes_away_early) {
  ImportSheet sheet = SheetWithTwoBadRows();
  std::vector<std::vector<int>> reader_columns(sheet.rows.size());
  for (int taken = 0; taken < 3; ++taken) {
    SCOPED_TRACE(taken);
    RevalidatedRows rows(*db_, As("school_registrar"), Org(kSchool), sheet, reader_columns,
                         {0, 1, 3, 4, 6}, {1, false});
    for (int i = 0; i < taken; ++i) ASSERT_TRUE(rows.Next().has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RevalidatedRowsTest,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
