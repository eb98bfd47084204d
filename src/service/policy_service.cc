#include "service/policy_service.h"

#include <set>
#include <utility>
#include <vector>

#include "domain/org.h"
#include "domain/policy_entries.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/summary.h"

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

struct LevelLayer {
  OrgRef org;
  domain::PolicyLayer layer;
};

// The layers of the authorities on `path` (schools set none), ministry first.
Result<std::vector<LevelLayer>> PathLayers(store::Tx& tx, std::string_view path) {
  std::vector<LevelLayer> out;
  for (const std::string& code : PathCodes(path)) {
    XUEJI_ASSIGN_OR_RETURN(auto org, LoadOrg(tx, code));
    if (org.level == domain::OrgLevel::kSchool) continue;
    XUEJI_ASSIGN_OR_RETURN(auto layer, LoadPolicyLayer(tx, code));
    out.push_back({std::move(org), std::move(layer)});
  }
  return out;
}

// The first `count` layers applied to the national values (R-POL-1); on
// failure `failed` is the index of the layer that does not fit.
Result<domain::Policy> Fold(const std::vector<LevelLayer>& layers, size_t count,
                            size_t* failed = nullptr) {
  domain::Policy policy = domain::NationalDefaults();
  for (size_t i = 0; i < count && i < layers.size(); ++i) {
    auto applied = domain::ApplyLayer(policy, layers[i].layer, layers[i].org.level);
    if (!applied.ok()) {
      if (failed) *failed = i;
      return applied.error();
    }
    policy = std::move(*applied);
  }
  return policy;
}

std::string Named(const OrgRef& org) { return org.name + "（" + org.code + "）"; }

// The problems of one ApplyLayer error, one per field.
std::vector<Error> Problems(const Error& e) {
  return e.details.empty() ? std::vector<Error>{e} : e.details;
}

// R-POL-1: every unit below `org` that set a layer must still fit the chain
// with `org`'s new layer in place (it is already written in `tx`).
Status CheckUnitsBelow(store::Tx& tx, const OrgRef& org) {
  std::vector<Error> conflicts;
  std::set<std::string> named;
  for (const auto& row :
       tx.Query("SELECT DISTINCT o.path FROM policy_setting p JOIN org o ON o.code = p.org_code "
                "WHERE o.path > $1 AND o.path < $2 ORDER BY o.path",
                {org.path, SubtreeUpperBound(org.path)})) {
    XUEJI_ASSIGN_OR_RETURN(auto layers, PathLayers(tx, row.Text(0)));
    size_t failed = 0;
    auto folded = Fold(layers, layers.size(), &failed);
    if (folded.ok() || !named.insert(layers[failed].org.code).second) continue;
    for (Error p : Problems(folded.error())) {
      p.kind = ErrorKind::kConflict;
      p.code = "POLICY_CONFLICTS_BELOW";
      p.message = Named(layers[failed].org) + "：" + p.message;
      conflicts.push_back(std::move(p));
    }
  }
  if (conflicts.empty()) return Ok();
  Error e = conflicts.front();
  e.message = "下级单位已设置的政策比本次设置更宽，请先由下级单位调整。" + e.message;
  e.details = std::move(conflicts);
  return e;
}

// Serializes policy saves: the rows of `org`'s path, ministry first, are
// locked before anything is read (every path starts at the ministry).
void LockPath(store::Tx& tx, const OrgRef& org) {
  std::vector<store::Value> codes;
  std::string in;
  for (const std::string& code : PathCodes(org.path)) {
    codes.emplace_back(code);
    in += (in.empty() ? "$" : ", $") + std::to_string(codes.size());
  }
  tx.Query(
      "SELECT code FROM org WHERE code IN (" + in + ") ORDER BY path" + std::string(tx.ForUpdate()),
      codes);
}

std::map<std::string, std::string> EntryMap(const domain::PolicyLayer& layer) {
  std::map<std::string, std::string> out;
  for (auto& e : domain::LayerEntries(layer)) out[e.name] = e.value;
  return out;
}

// Writes the changed entries of `org_code` and returns the audit summary
// {"name":"old → new", …} ("继承" for an absent value); "" when nothing changed.
std::string WriteChanges(store::Tx& tx, const Context& ctx, const std::string& org_code,
                         const std::map<std::string, std::string>& before,
                         const std::map<std::string, std::string>& after) {
  std::set<std::string> names;
  for (const auto& [name, v] : before) names.insert(name);
  for (const auto& [name, v] : after) names.insert(name);
  std::string summary;
  for (const std::string& name : names) {
    auto old_it = before.find(name);
    auto new_it = after.find(name);
    std::string old_value = old_it == before.end() ? "继承" : old_it->second;
    std::string new_value = new_it == after.end() ? "继承" : new_it->second;
    if (old_value == new_value) continue;
    tx.Exec("DELETE FROM policy_setting WHERE org_code = $1 AND name = $2", {org_code, name});
    if (new_it != after.end()) {
      tx.Exec(
          "INSERT INTO policy_setting (org_code, name, value, updated_by, updated_at) VALUES "
          "($1, $2, $3, $4, $5)",
          {org_code, name, new_it->second, ctx.actor->user_id, ctx.now.micros});
    }
    summary += std::string(summary.empty() ? "{" : ",") + "\"" + JsonEscape(name) + "\":\"" +
               JsonEscape(old_value + " → " + new_value) + "\"";
  }
  return summary.empty() ? "" : summary + "}";
}

// Who may save the layer of `org` (R-POL-1): its own registrar.
Status MaySave(const Actor& actor, const OrgRef& org) {
  if (!domain::HasPermission(actor.role, domain::Permission::kManagePolicy)) return Forbidden();
  if (org.code != actor.org_code) {
    return Forbidden("只能设置本单位的政策，下级单位的政策由其学籍管理员设置");
  }
  return Ok();
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
  XUEJI_ASSIGN_OR_RETURN(auto layers, PathLayers(tx, org->Text(0)));
  size_t failed = 0;
  auto policy = Fold(layers, layers.size(), &failed);
  if (!policy.ok()) {
    Error e = policy.error();
    e.message = "单位 " + layers[failed].org.code + " 的政策设置与上级不符：" + e.message;
    return e;
  }
  return policy;
}

// R-POL-1
Result<PolicyView> DescribePolicy(store::Database& db, const OrgRef& org) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto layers, PathLayers(*tx, org.path));
  PolicyView view;
  XUEJI_ASSIGN_OR_RETURN(view.effective, EffectivePolicy(*tx, org.code));
  bool own = org.level != domain::OrgLevel::kSchool;
  XUEJI_ASSIGN_OR_RETURN(view.above, Fold(layers, own ? layers.size() - 1 : layers.size()));
  if (own) view.own = layers.back().layer;
  for (const LevelLayer& l : layers) {
    PolicySource source{l.org.code, l.org.name, l.org.level};
    for (const auto& entry : domain::LayerEntries(l.layer)) {
      if (entry.name != "extra_freezes") view.sources[entry.name] = source;
    }
    for (size_t i = 0; i < l.layer.extra_freezes.size(); ++i) {
      view.extra_freeze_sources.push_back(source);
    }
  }
  return view;
}

// R-POL-1, R-POL-2, R-POL-4, R-POL-5, R-POL-6, R-POL-7
Result<domain::PolicyLayer> SavePolicyLayer(store::Database& db, const Context& ctx,
                                            const std::string& org_code,
                                            const domain::PolicyLayer& layer) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto org, ResolveInScope(*tx, *ctx.actor, org_code));
  XUEJI_RETURN_IF_ERROR(MaySave(*ctx.actor, org));
  LockPath(*tx, org);
  XUEJI_ASSIGN_OR_RETURN(auto layers, PathLayers(*tx, org.path));
  XUEJI_ASSIGN_OR_RETURN(auto above, Fold(layers, layers.size() - 1));
  auto applied = domain::ApplyLayer(above, layer, org.level);
  if (!applied.ok()) return applied.error();
  std::string changes =
      WriteChanges(*tx, ctx, org.code, EntryMap(layers.back().layer), EntryMap(layer));
  if (changes.empty()) return layer;
  XUEJI_RETURN_IF_ERROR(CheckUnitsBelow(*tx, org));
  AppendAudit(*tx, ctx, {"policy.update", org.code, "ok", changes});
  XUEJI_ASSIGN_OR_RETURN(auto stored, LoadPolicyLayer(*tx, org.code));
  tx->Commit();
  return stored;
}

}  // namespace xueji::service
