#include "service/stored_codes.h"

#include <utility>

#include "service/code_table_service.h"

namespace xueji::service {

const domain::CodeTable* StoredCodes::Table(std::string_view id) const {
  auto it = tables_.find(id);
  if (it == tables_.end()) {
    auto table = LoadCodeTable(tx_, std::string(id));
    if (!table.ok()) return nullptr;
    it = tables_.emplace(std::string(id), std::move(table).value()).first;
  }
  return &it->second;
}

}  // namespace xueji::service
