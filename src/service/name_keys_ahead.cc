#include "service/name_keys_ahead.h"

#include <exception>

#include "domain/person_name.h"

namespace xueji::service {

NameKeysAhead::NameKeysAhead(std::vector<std::string> names)
    : thread_([this, names = std::move(names)] {
        for (const auto& raw : names) {
          if (stop_.load(std::memory_order_relaxed)) return;
          auto name = domain::NormalizePersonName(raw);
          if (!name.ok() || table_.count(*name) != 0) continue;
          try {
            table_.emplace(*name, KeysOf(*name));
          } catch (const std::exception&) {
            return;  // the writer meets the same failure and reports it
          }
        }
      }) {}

NameKeysAhead::~NameKeysAhead() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

NameKeysAhead::Table NameKeysAhead::Take() {
  if (thread_.joinable()) thread_.join();
  return std::move(table_);
}

}  // namespace xueji::service
