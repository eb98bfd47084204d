#include "service/policy_service.h"

#include <vector>

#include "domain/org.h"
#include "domain/policy_entries.h"

namespace xueji::service {
namespace {

// The codes on an organization's materialized path, from the ministry down:
// "/000000/520000/520100/" → {"000000", "520000", "520100"}.
std::vector<std::string> PathCodes(std::string_view path) {
  std::vector<std::string> codes;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) codes.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return codes;
}

}  // namespace

Result<domain::PolicyLayer> LoadPolicyLayer(store::Tx& tx, std::string_view org_code) {
  std::vector<domain::PolicyEntry> entries;
  for (const auto& row :
       tx.Query("SELECT name, value FROM policy_setting WHERE org_code = $1 ORDER BY name",
                {std::string(org_code)})) {
    entries.push_back({row.Text(0), row.Text(1)});
  }
  return domain::LayerFromEntries(entries);
}

// R-POL-1
Result<domain::Policy> EffectivePolicy(store::Tx& tx, std::string_view org_code) {
  auto org = tx.QueryOne("SELECT path FROM org WHERE code = $1", {std::string(org_code)});
  if (!org) return NotFound("单位不存在");
  domain::Policy policy = domain::NationalDefaults();
  for (const std::string& code : PathCodes(org->Text(0))) {
    auto level = domain::LevelOfCode(code);
    if (!level.ok() || *level == domain::OrgLevel::kSchool) continue;
    auto layer = LoadPolicyLayer(tx, code);
    if (!layer.ok()) return layer.error();
    auto applied = domain::ApplyLayer(policy, *layer, *level);
    if (!applied.ok()) {
      Error e = applied.error();
      e.message = "单位 " + code + " 的政策设置与上级不符：" + e.message;
      return e;
    }
    policy = std::move(*applied);
  }
  return policy;
}

}  // namespace xueji::service
