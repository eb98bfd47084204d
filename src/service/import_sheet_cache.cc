#include "service/import_sheet_cache.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

namespace xueji::service {
namespace {

struct Entry {
  int64_t job_id = 0;
  std::shared_ptr<const ImportSheet> sheet;
};

// Oldest first. A handful of entries: a linear search is the cheapest.
struct Cache {
  std::mutex mu;
  std::vector<Entry> entries;
  size_t rows = 0;
};

Cache& TheCache() {
  static Cache cache;
  return cache;
}

// Removes job_id's entry (mu held); its sheet, or null.
std::shared_ptr<const ImportSheet> Remove(Cache& c, int64_t job_id) {
  auto it = std::find_if(c.entries.begin(), c.entries.end(),
                         [&](const Entry& e) { return e.job_id == job_id; });
  if (it == c.entries.end()) return nullptr;
  auto sheet = std::move(it->sheet);
  c.rows -= sheet->rows.size();
  c.entries.erase(it);
  return sheet;
}

}  // namespace

void KeepParsedSheet(int64_t job_id, std::shared_ptr<const ImportSheet> sheet) {
  std::vector<std::shared_ptr<const ImportSheet>> released;  // freed after the lock
  Cache& c = TheCache();
  std::lock_guard<std::mutex> lock(c.mu);
  released.push_back(Remove(c, job_id));
  if (!sheet || sheet->rows.size() > kMaxParsedSheetRows) return;
  c.rows += sheet->rows.size();
  c.entries.push_back({job_id, std::move(sheet)});
  while (c.entries.size() > kMaxParsedSheets || c.rows > kMaxParsedSheetRows) {
    released.push_back(Remove(c, c.entries.front().job_id));
  }
}

std::shared_ptr<const ImportSheet> TakeParsedSheet(int64_t job_id) {
  Cache& c = TheCache();
  std::lock_guard<std::mutex> lock(c.mu);
  return Remove(c, job_id);
}

void DropParsedSheet(int64_t job_id) {
  std::shared_ptr<const ImportSheet> released;  // freed after the lock
  Cache& c = TheCache();
  std::lock_guard<std::mutex> lock(c.mu);
  released = Remove(c, job_id);
}

ParsedSheetCacheSize ParsedSheetCacheSizeNow() {
  Cache& c = TheCache();
  std::lock_guard<std::mutex> lock(c.mu);
  return {c.entries.size(), c.rows};
}

}  // namespace xueji::service
