#include "service/stored_codes.h"

#include <mutex>
#include <tuple>
#include <utility>

#include "service/code_table_service.h"

namespace xueji::service {
namespace {

// Tables read by this process: (database instance, table id, version,
// updated_at) → values. Entries are never evicted: a table's versions are
// few, and so are the databases one process opens.
class ProcessCodeCache {
 public:
  using Key = std::tuple<uint64_t, std::string, int64_t, int64_t>;

  std::shared_ptr<const domain::CodeTable> Find(const Key& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tables_.find(key);
    return it == tables_.end() ? nullptr : it->second;
  }

  void Put(Key key, std::shared_ptr<const domain::CodeTable> table) {
    std::lock_guard<std::mutex> lock(mu_);
    tables_.emplace(std::move(key), std::move(table));
  }

 private:
  std::mutex mu_;
  std::map<Key, std::shared_ptr<const domain::CodeTable>> tables_;
};

ProcessCodeCache& Cache() {
  static ProcessCodeCache cache;
  return cache;
}

}  // namespace

const domain::CodeTable* StoredCodes::Table(std::string_view id) const {
  if (auto it = tables_.find(id); it != tables_.end()) return it->second.get();
  if (!stamps_) {
    stamps_.emplace();
    for (const auto& r : tx_.Query("SELECT id, version, updated_at FROM code_table")) {
      stamps_->emplace(r.Text(0), Stamp{r.Int(1), r.Int(2)});
    }
  }
  auto stamp = stamps_->find(id);
  if (stamp == stamps_->end()) return nullptr;
  ProcessCodeCache::Key key{tx_.database_instance(), stamp->first, stamp->second.version,
                            stamp->second.updated_at};
  std::shared_ptr<const domain::CodeTable> table = Cache().Find(key);
  if (!table) {
    auto loaded = LoadCodeTable(tx_, stamp->first);
    if (!loaded.ok()) return nullptr;
    table = std::make_shared<const domain::CodeTable>(std::move(loaded).value());
    Cache().Put(std::move(key), table);
  }
  return tables_.emplace(stamp->first, std::move(table)).first->second.get();
}

}  // namespace xueji::service
