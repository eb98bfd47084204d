#include "service/divisions.h"

#include "domain/org.h"

namespace xueji::service {
namespace {

// The names on the path below the ministry, joined: "贵州省贵阳市南明区".
std::string FullName(store::Tx& tx, const std::string& path) {
  std::string out;
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    std::string code = path.substr(start, end - start);
    if (code != domain::kMinistryCode) {
      if (auto r = tx.QueryOne("SELECT name FROM org WHERE code = $1", {code})) out += r->Text(0);
    }
    start = end + 1;
  }
  return out;
}

bool IsDivisionCode(const std::string& code) { return code.size() == 6 && domain::AllDigits(code); }

}  // namespace

Result<DivisionInfo> GetDivision(store::Database& db, const std::string& code) {
  if (!IsDivisionCode(code)) return NotFound("行政区划代码不存在");
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(
      "SELECT code, name, level, COALESCE(parent_code, ''), path FROM org WHERE code = $1 AND "
      "level <> 'school'",
      {code});
  if (!r) return NotFound("行政区划代码不存在");
  return DivisionInfo{r->Text(0), r->Text(1), r->Text(2), r->Text(3), FullName(*tx, r->Text(4))};
}

Result<std::vector<DivisionInfo>> ListDivisionChildren(store::Database& db,
                                                       const std::string& code) {
  if (!IsDivisionCode(code)) return NotFound("行政区划代码不存在");
  auto tx = db.BeginRead();
  auto parent = tx->QueryOne("SELECT path FROM org WHERE code = $1 AND level <> 'school'", {code});
  if (!parent) return NotFound("行政区划代码不存在");
  std::string prefix = FullName(*tx, parent->Text(0));
  std::vector<DivisionInfo> out;
  for (const auto& r :
       tx->Query("SELECT code, name, level FROM org WHERE parent_code = $1 AND level <> 'school' "
                 "ORDER BY code",
                 {code})) {
    out.push_back(DivisionInfo{r.Text(0), r.Text(1), r.Text(2), code, prefix + r.Text(1)});
  }
  return out;
}

}  // namespace xueji::service
