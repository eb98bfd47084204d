#include "service/jurisdiction.h"

#include <cctype>

#include "domain/org.h"

namespace xueji::service {

Result<OrgRef> LoadOrg(store::Tx& tx, const std::string& code) {
  auto row =
      tx.QueryOne("SELECT code, name, level, parent_code, path FROM org WHERE code = $1", {code});
  if (!row) return NotFound("机构不存在");
  auto level = domain::ParseOrgLevel(row->Text(2));
  if (!level) return Error{ErrorKind::kInternal, "INTERNAL", "", "机构层级数据异常"};
  return OrgRef{row->Text(0), row->Text(1), *level, row->Text(3), row->Text(4)};
}

// R-ORG-4
Result<OrgRef> ResolveInScope(store::Tx& tx, const Actor& actor, const std::string& code) {
  auto org = LoadOrg(tx, code);
  if (!org.ok()) return org.error();
  if (!domain::IsWithin(actor.org_path, org->path)) return NotFound("机构不存在");
  return org;
}

std::optional<std::string> SchoolOfClass(store::Tx& tx, int64_t class_id) {
  auto row = tx.QueryOne("SELECT school_code FROM school_class WHERE id = $1", {class_id});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::optional<std::string> OrgOfUser(store::Tx& tx, const std::string& username) {
  auto row = tx.QueryOne("SELECT org_code FROM app_user WHERE username = $1", {username});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::optional<StudentOwnerRef> StudentOwner(store::Tx& tx, const std::string& key) {
  if (key.empty() || key.size() > 19) return std::nullopt;
  std::optional<store::Row> row;
  if (domain::AllDigits(key)) {
    if (key.size() > 18) return std::nullopt;
    row = tx.QueryOne("SELECT id, school_code FROM student WHERE id = $1", {std::stoll(key)});
  } else {
    std::string number = key;
    for (char& c : number) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    row = tx.QueryOne("SELECT id, school_code FROM student WHERE student_number = $1", {number});
  }
  if (!row) return std::nullopt;
  return StudentOwnerRef{row->Int(0), row->Text(1)};
}

std::string SubtreeUpperBound(const std::string& path) {
  // Paths end in '/', and '0' is the character after '/'.
  return path.substr(0, path.size() - 1) + "0";
}

}  // namespace xueji::service
