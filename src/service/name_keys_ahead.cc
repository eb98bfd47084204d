#include "service/name_keys_ahead.h"

#include <exception>

#include "domain/person_name.h"

namespace xueji::service {

NameKeysAhead::NameKeysAhead(std::vector<std::string> names)
    : thread_([this, names = std::move(names)] { Run(names); }) {}

NameKeysAhead::~NameKeysAhead() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NameKeysAhead::Run(const std::vector<std::string>& names) {
  for (const auto& raw : names) {
    if (stop_.load(std::memory_order_relaxed)) break;
    auto name = domain::NormalizePersonName(raw);
    if (!name.ok()) continue;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (table_.count(*name) != 0) continue;
    }
    NameKeys keys;
    try {
      keys = KeysOf(*name);
    } catch (const std::exception&) {
      break;  // the writer meets the same failure and reports it
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      table_.emplace(*name, std::move(keys));
    }
    added_.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
  }
  added_.notify_all();
}

const NameKeys* NameKeysAhead::Find(const std::string& name) {
  std::unique_lock<std::mutex> lock(mutex_);
  const NameKeys* found = nullptr;
  added_.wait(lock, [&] {
    auto it = table_.find(name);
    if (it != table_.end()) found = &it->second;
    return found != nullptr || ended_;
  });
  return found;
}

}  // namespace xueji::service
