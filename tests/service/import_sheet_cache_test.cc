// The cache of sheets parsed at upload (service/import_sheet_cache.h): take
// removes, both bounds evict the oldest, concurrent use keeps the bounds.
// No database: the cache is process memory only.

#include "service/import_sheet_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace xueji::service {
namespace {

// Ids no service test's database reaches, so that sheets other tests of the
// process left behind are never taken for these.
constexpr int64_t kBase = 9'000'000'000;

std::shared_ptr<const ImportSheet> SheetOf(size_t rows) {
  auto sheet = std::make_shared<ImportSheet>();
  sheet->rows.resize(rows);
  for (size_t i = 0; i < rows; ++i) sheet->rows[i].number = static_cast<int64_t>(i) + 2;
  return sheet;
}

// Leaves the cache empty: kMaxParsedSheets sheets kept last evict whatever
// is held, and are dropped.
void EmptyCache() {
  for (size_t i = 0; i < kMaxParsedSheets; ++i) {
    KeepParsedSheet(kBase + 900 + static_cast<int64_t>(i), SheetOf(1));
  }
  for (size_t i = 0; i < kMaxParsedSheets; ++i) {
    DropParsedSheet(kBase + 900 + static_cast<int64_t>(i));
  }
  ASSERT_EQ(ParsedSheetCacheSizeNow().sheets, 0u);
  ASSERT_EQ(ParsedSheetCacheSizeNow().rows, 0u);
}

TEST(ImportSheetCache, R_IO_1_take_returns_the_kept_sheet_itself_and_removes_it) {
  EmptyCache();
  auto sheet = SheetOf(3);
  KeepParsedSheet(kBase + 1, sheet);
  EXPECT_EQ(ParsedSheetCacheSizeNow().rows, 3u);
  EXPECT_EQ(TakeParsedSheet(kBase + 2), nullptr);
  auto taken = TakeParsedSheet(kBase + 1);
  EXPECT_EQ(taken.get(), sheet.get());  // the same sheet, not a copy
  EXPECT_EQ(TakeParsedSheet(kBase + 1), nullptr);
  EXPECT_EQ(ParsedSheetCacheSizeNow().sheets, 0u);
  EXPECT_EQ(ParsedSheetCacheSizeNow().rows, 0u);
}

TEST(ImportSheetCache, R_IO_1_drop_forgets_and_keep_replaces_the_same_job) {
  EmptyCache();
  KeepParsedSheet(kBase + 1, SheetOf(2));
  auto second = SheetOf(5);
  KeepParsedSheet(kBase + 1, second);
  EXPECT_EQ(ParsedSheetCacheSizeNow().sheets, 1u);
  EXPECT_EQ(ParsedSheetCacheSizeNow().rows, 5u);
  KeepParsedSheet(kBase + 2, SheetOf(1));
  DropParsedSheet(kBase + 2);
  DropParsedSheet(kBase + 3);  // none kept: nothing happens
  EXPECT_EQ(TakeParsedSheet(kBase + 2), nullptr);
  EXPECT_EQ(TakeParsedSheet(kBase + 1).get(), second.get());
  KeepParsedSheet(kBase + 4, nullptr);
  EXPECT_EQ(ParsedSheetCacheSizeNow().sheets, 0u);
}

struct BoundCase {
  std::string name;
  std::vector<size_t> rows;  // the sheets kept, oldest first
  std::vector<bool> kept;    // whether each is still held after the last
  size_t rows_held = 0;      // the rows held then
};

TEST(ImportSheetCache, R_IO_1_the_bounds_evict_the_oldest_sheets) {
  size_t half = kMaxParsedSheetRows / 2;
  std::vector<BoundCase> cases = {
      {"within both bounds", {1, 2, 3, 4}, {true, true, true, true}, 10},
      {"one sheet too many", {1, 2, 3, 4, 5}, {false, true, true, true, true}, 14},
      {"two sheets too many", {1, 2, 3, 4, 5, 6}, {false, false, true, true, true, true}, 18},
      {"the row bound exactly",
       {half, kMaxParsedSheetRows - half},
       {true, true},
       kMaxParsedSheetRows},
      {"rows over the bound", {half, half, 1}, {false, true, true}, half + 1},
      {"rows over by the newest", {10, half, half + 1}, {false, false, true}, half + 1},
      {"a sheet over the row bound alone", {7, kMaxParsedSheetRows + 1}, {true, false}, 7},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EmptyCache();
    std::vector<std::shared_ptr<const ImportSheet>> sheets;
    for (size_t i = 0; i < c.rows.size(); ++i) {
      sheets.push_back(SheetOf(c.rows[i]));
      KeepParsedSheet(kBase + static_cast<int64_t>(i), sheets.back());
      EXPECT_LE(ParsedSheetCacheSizeNow().sheets, kMaxParsedSheets);
      EXPECT_LE(ParsedSheetCacheSizeNow().rows, kMaxParsedSheetRows);
    }
    EXPECT_EQ(ParsedSheetCacheSizeNow().rows, c.rows_held);
    for (size_t i = 0; i < c.rows.size(); ++i) {
      SCOPED_TRACE(i);
      auto taken = TakeParsedSheet(kBase + static_cast<int64_t>(i));
      EXPECT_EQ(taken != nullptr, c.kept[i]);
      if (taken) {
        EXPECT_EQ(taken.get(), sheets[i].get());
      }
      // An evicted sheet stays whole for whoever holds it.
      EXPECT_EQ(sheets[i]->rows.size(), c.rows[i]);
    }
    EXPECT_EQ(ParsedSheetCacheSizeNow().sheets, 0u);
  }
}

// Threads keep, take and drop their own jobs' sheets at once: each take gets
// its own job's sheet or none (evicted by another thread's keep), and the
// bounds and the row count stay right.
TEST(ImportSheetCache, R_IO_1_concurrent_use_keeps_the_bounds) {
  EmptyCache();
  constexpr int kThreads = 4;
  constexpr int kRounds = 2000;
  std::vector<std::thread> threads;
  std::vector<int> wrong(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int r = 0; r < kRounds; ++r) {
        int64_t id = kBase + 1000 * (t + 1) + r % 7;
        auto rows = static_cast<size_t>(1 + (t * 7 + r % 7));
        KeepParsedSheet(id, SheetOf(rows));
        if (r % 3 == 0) {
          DropParsedSheet(id);
          continue;
        }
        auto taken = TakeParsedSheet(id);
        if (taken && taken->rows.size() != rows) ++wrong[static_cast<size_t>(t)];
        auto size = ParsedSheetCacheSizeNow();
        if (size.sheets > kMaxParsedSheets || size.rows > kMaxParsedSheetRows) {
          ++wrong[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(kThreads, 0));
  // What is left adds up to the rows the cache counts.
  size_t rows = 0, sheets = 0;
  auto left = ParsedSheetCacheSizeNow();
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < 7; ++k) {
      if (auto s = TakeParsedSheet(kBase + 1000 * (t + 1) + k)) {
        rows += s->rows.size();
        ++sheets;
      }
    }
  }
  EXPECT_EQ(sheets, left.sheets);
  EXPECT_EQ(rows, left.rows);
  EXPECT_EQ(ParsedSheetCacheSizeNow().rows, 0u);
}

}  // namespace
}  // namespace xueji::service
