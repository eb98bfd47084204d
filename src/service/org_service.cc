#include "service/org_service.h"

#include <algorithm>

#include "domain/org.h"
#include "service/audit.h"
#include "service/policy_service.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

using domain::OrgLevel;

std::optional<SchoolInfo> LoadSchool(store::Tx& tx, const std::string& code) {
  auto r = tx.QueryOne(
      "SELECT s.code, o.name, s.stage, s.type, s.county_code, c.name, s.authority_code, a.name, "
      "(SELECT COUNT(*) FROM school_class k WHERE k.school_code = s.code) "
      "FROM school s JOIN org o ON o.code = s.code JOIN org c ON c.code = s.county_code "
      "JOIN org a ON a.code = s.authority_code WHERE s.code = $1",
      {code});
  if (!r) return std::nullopt;
  return SchoolInfo{r->Text(0), r->Text(1), r->Text(2), r->Text(3), r->Text(4),
                    r->Text(5), r->Text(6), r->Text(7), r->Int(8)};
}

std::optional<ClassInfo> LoadClass(store::Tx& tx, int64_t id) {
  auto r = tx.QueryOne(
      "SELECT id, school_code, grade_code, name, head_teacher, capacity FROM school_class "
      "WHERE id = $1",
      {id});
  if (!r) return std::nullopt;
  return ClassInfo{r->Int(0),  r->Text(1), r->Text(2),
                   r->Text(3), r->Text(4), static_cast<int>(r->Int(5))};
}

Result<const domain::SchoolStageInfo*> StageOfSchool(store::Tx& tx, const std::string& code) {
  auto r = tx.QueryOne("SELECT stage FROM school WHERE code = $1", {code});
  if (!r) return NotFound("学校不存在");
  const auto* stage = domain::FindSchoolStage(r->Text(0));
  if (stage == nullptr) return Error{ErrorKind::kInternal, "INTERNAL", "", "学校学段数据异常"};
  return stage;
}

}  // namespace

Result<OrgDetail> GetOrgDetail(store::Database& db, const OrgRef& org) {
  auto tx = db.BeginRead();
  OrgDetail d;
  d.org = org;
  // The path names every ancestor: "/000000/520000/520100/" → codes.
  for (size_t pos = 1; pos < org.path.size();) {
    size_t end = org.path.find('/', pos);
    std::string code = org.path.substr(pos, end - pos);
    auto name = tx->QueryOne("SELECT name FROM org WHERE code = $1", {code});
    d.path.emplace_back(code, name ? name->Text(0) : "");
    pos = end + 1;
  }
  auto count = tx->QueryOne("SELECT COUNT(*) FROM org WHERE parent_code = $1", {org.code});
  d.child_count = count ? count->Int(0) : 0;
  if (org.level == OrgLevel::kSchool) d.school = LoadSchool(*tx, org.code);
  return d;
}

Result<ChildPage> ListChildren(store::Database& db, const OrgRef& org, const std::string& after,
                               int limit) {
  if (limit < 1 || limit > 500) return Invalid("LIMIT_RANGE", "limit", "每页条数应在1到500之间");
  auto tx = db.BeginRead();
  auto rows = tx->Query(
      "SELECT o.code, o.name, o.level, o.dev_zone, "
      "(SELECT COUNT(*) FROM org c WHERE c.parent_code = o.code) "
      "FROM org o WHERE o.parent_code = $1 AND o.code > $2 ORDER BY o.code LIMIT $3",
      {org.code, after, static_cast<int64_t>(limit + 1)});
  ChildPage page;
  for (const auto& r : rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().code;
      break;
    }
    auto level = domain::ParseOrgLevel(r.Text(2)).value_or(OrgLevel::kSchool);
    page.items.push_back(OrgChild{r.Text(0), r.Text(1), level, r.Int(4), r.Int(3) != 0});
  }
  return page;
}

// R-ORG-6
Result<std::vector<Contact>> ListContacts(store::Database& db, const OrgRef& org) {
  auto tx = db.BeginRead();
  auto rows = tx->Query(
      "SELECT u.username, u.display_name, u.role, u.phone, u.org_code, o.name FROM app_user u "
      "JOIN org o ON o.code = u.org_code WHERE u.org_code = $1 AND u.disabled = 0 AND u.role IN "
      "('school_registrar', 'county_registrar', 'city_registrar', 'province_registrar', "
      "'ministry_registrar') ORDER BY u.username",
      {org.code});
  std::vector<Contact> out;
  for (const auto& r : rows) {
    out.push_back(Contact{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

// R-ORG-2, R-ORG-3
Result<SchoolInfo> CreateSchool(store::Database& db, const Context& ctx, const OrgRef& authority,
                                domain::SchoolInput input) {
  if (input.authority_code.empty()) input.authority_code = authority.code;
  XUEJI_RETURN_IF_ERROR(domain::ValidateSchool(input));
  if (input.authority_code != authority.code) {
    return Error{ErrorKind::kInternal, "INTERNAL", "", "学籍主管部门与权限检查不一致"};
  }
  auto tx = db.BeginWrite();
  auto county = tx->QueryOne(
      "SELECT level, (SELECT COUNT(*) FROM org c WHERE c.parent_code = o.code AND "
      "c.level = 'county') FROM org o WHERE code = $1",
      {input.county_code});
  if (!county || (county->Text(0) != "county" && county->Text(0) != "city")) {
    return Invalid("SCHOOL_COUNTY", "county_code", "所在县（区）不存在：" + input.county_code);
  }
  if (county->Text(0) == "city" && county->Int(1) > 0) {
    return Invalid("SCHOOL_COUNTY", "county_code",
                   "设区的市下设县（区），请选择学校所在的县（区）");
  }
  if (tx->QueryOne("SELECT 1 FROM org WHERE code = $1", {input.code})) {
    return Conflict("ORG_EXISTS", "学校标识码 " + input.code + " 已被使用", "code");
  }
  tx->Exec(
      "INSERT INTO org (code, name, level, parent_code, path, dev_zone, created_at) "
      "VALUES ($1, $2, 'school', $3, $4, 0, $5)",
      {input.code, input.name, authority.code, domain::ChildPath(authority.path, input.code),
       ctx.now.micros});
  tx->Exec(
      "INSERT INTO school (code, stage, type, county_code, authority_code) "
      "VALUES ($1, $2, $3, $4, $5)",
      {input.code, input.stage, input.type, input.county_code, input.authority_code});
  AppendAudit(*tx, ctx,
              {"school.create", input.code, "ok",
               Summary({{"name", input.name},
                        {"stage", input.stage},
                        {"type", input.type},
                        {"county_code", input.county_code},
                        {"authority_code", input.authority_code}})});
  auto info = LoadSchool(*tx, input.code);
  tx->Commit();
  return *info;
}

// R-ORG-3
Result<SchoolInfo> UpdateSchool(store::Database& db, const Context& ctx, const OrgRef& school,
                                SchoolPatch patch) {
  auto tx = db.BeginWrite();
  auto current = LoadSchool(*tx, school.code);
  if (!current) return NotFound("学校不存在");
  domain::SchoolInput in{current->code,
                         patch.name.value_or(current->name),
                         patch.stage.value_or(current->stage),
                         patch.type.value_or(current->type),
                         current->county_code,
                         current->authority_code};
  bool type_unchanged = in.type == current->type;
  Status valid = domain::ValidateSchool(in);
  // A school already recorded as 工读学校 may keep that type; only new choices
  // of the historical type are refused.
  if (!valid.ok() && !(type_unchanged && valid.error().code == "SCHOOL_TYPE_HISTORICAL")) {
    return valid.error();
  }
  if (in.stage != current->stage) {
    const auto* stage = domain::FindSchoolStage(in.stage);
    for (const auto& r : tx->Query("SELECT DISTINCT grade_code FROM school_class WHERE "
                                   "school_code = $1",
                                   {school.code})) {
      const auto* grade = domain::FindGrade(r.Text(0));
      bool kept = grade && std::find(stage->stages.begin(), stage->stages.end(), grade->stage) !=
                               stage->stages.end();
      if (!kept) {
        return Conflict("SCHOOL_STAGE_HAS_CLASSES",
                        "本校仍有" + std::string(grade ? grade->chinese : r.Text(0)) +
                            "的班级，不能改为" + std::string(stage->chinese),
                        "stage");
      }
    }
  }
  tx->Exec("UPDATE org SET name = $1 WHERE code = $2", {in.name, school.code});
  tx->Exec("UPDATE school SET stage = $1, type = $2 WHERE code = $3",
           {in.stage, in.type, school.code});
  AppendAudit(*tx, ctx,
              {"school.update", school.code, "ok",
               Summary({{"name", in.name},
                        {"stage", in.stage},
                        {"type", in.type},
                        {"old_name", current->name},
                        {"old_stage", current->stage},
                        {"old_type", current->type}})});
  auto info = LoadSchool(*tx, school.code);
  tx->Commit();
  return *info;
}

Result<std::vector<GradeSummary>> ListGrades(store::Database& db, const OrgRef& school) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(const auto* stage, StageOfSchool(*tx, school.code));
  std::vector<GradeSummary> out;
  for (const auto& g : domain::Grades()) {
    if (std::find(stage->stages.begin(), stage->stages.end(), g.stage) == stage->stages.end()) {
      continue;
    }
    auto n =
        tx->QueryOne("SELECT COUNT(*) FROM school_class WHERE school_code = $1 AND grade_code = $2",
                     {school.code, std::string(g.code)});
    out.push_back(
        GradeSummary{std::string(g.code), std::string(g.chinese), g.stage, n ? n->Int(0) : 0});
  }
  return out;
}

Result<std::vector<ClassInfo>> ListClasses(store::Database& db, const OrgRef& school,
                                           const std::string& grade_filter) {
  auto tx = db.BeginRead();
  auto rows = tx->Query(
      "SELECT id, school_code, grade_code, name, head_teacher, capacity FROM school_class "
      "WHERE school_code = $1 AND ($2 = '' OR grade_code = $2) ORDER BY grade_code, name, id",
      {school.code, grade_filter});
  std::vector<ClassInfo> out;
  for (const auto& r : rows) {
    out.push_back(ClassInfo{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                            static_cast<int>(r.Int(5))});
  }
  return out;
}

// R-ORG-3, R-POL-2
Result<ClassInfo> CreateClass(store::Database& db, const Context& ctx, const OrgRef& school,
                              domain::ClassInput input) {
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(const auto* stage, StageOfSchool(*tx, school.code));
  XUEJI_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(*tx, school.code));
  XUEJI_RETURN_IF_ERROR(domain::ValidateClass(*stage, input, policy.class_caps));
  if (tx->QueryOne("SELECT 1 FROM school_class WHERE school_code = $1 AND grade_code = $2 AND "
                   "name = $3",
                   {school.code, input.grade_code, input.name})) {
    return Conflict("CLASS_EXISTS", "本年级已有名为“" + input.name + "”的班级", "name");
  }
  auto row = tx->QueryOne(
      "INSERT INTO school_class (school_code, grade_code, name, head_teacher, capacity, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {school.code, input.grade_code, input.name, input.head_teacher,
       static_cast<int64_t>(input.capacity), ctx.now.micros});
  int64_t id = row->Int(0);
  AppendAudit(*tx, ctx,
              {"class.create", school.code + "/" + std::to_string(id), "ok",
               Summary({{"grade_code", input.grade_code},
                        {"name", input.name},
                        {"head_teacher", input.head_teacher},
                        {"capacity", std::to_string(input.capacity)}})});
  auto info = LoadClass(*tx, id);
  tx->Commit();
  return *info;
}

// R-ORG-3, R-POL-2
Result<ClassInfo> UpdateClass(store::Database& db, const Context& ctx, int64_t class_id,
                              ClassPatch patch) {
  auto tx = db.BeginWrite();
  auto current = LoadClass(*tx, class_id);
  if (!current) return NotFound("班级不存在");
  XUEJI_ASSIGN_OR_RETURN(const auto* stage, StageOfSchool(*tx, current->school_code));
  domain::ClassInput in{current->grade_code, patch.name.value_or(current->name),
                        patch.head_teacher.value_or(current->head_teacher),
                        patch.capacity.value_or(current->capacity)};
  if (patch.capacity && *patch.capacity == 0) {
    return Invalid("CLASS_CAPACITY", "capacity",
                   "班额上限应在1到" + std::to_string(domain::kMaxClassCap) + "之间");
  }
  // R-POL-2: a capacity set now is held to the cap in force; one kept from
  // before a province lowered its cap stays until it is changed.
  XUEJI_ASSIGN_OR_RETURN(auto policy, EffectivePolicy(*tx, current->school_code));
  bool new_capacity = patch.capacity && *patch.capacity != current->capacity;
  XUEJI_RETURN_IF_ERROR(domain::ValidateClass(*stage, in, policy.class_caps, new_capacity));
  if (in.name != current->name &&
      tx->QueryOne("SELECT 1 FROM school_class WHERE school_code = $1 AND grade_code = $2 AND "
                   "name = $3",
                   {current->school_code, current->grade_code, in.name})) {
    return Conflict("CLASS_EXISTS", "本年级已有名为“" + in.name + "”的班级", "name");
  }
  tx->Exec("UPDATE school_class SET name = $1, head_teacher = $2, capacity = $3 WHERE id = $4",
           {in.name, in.head_teacher, static_cast<int64_t>(in.capacity), class_id});
  AppendAudit(*tx, ctx,
              {"class.update", current->school_code + "/" + std::to_string(class_id), "ok",
               Summary({{"name", in.name},
                        {"head_teacher", in.head_teacher},
                        {"capacity", std::to_string(in.capacity)},
                        {"old_name", current->name},
                        {"old_head_teacher", current->head_teacher},
                        {"old_capacity", std::to_string(current->capacity)}})});
  auto info = LoadClass(*tx, class_id);
  tx->Commit();
  return *info;
}

Status DeleteClass(store::Database& db, const Context& ctx, int64_t class_id) {
  auto tx = db.BeginWrite();
  auto current = LoadClass(*tx, class_id);
  if (!current) return NotFound("班级不存在");
  tx->Exec("DELETE FROM school_class WHERE id = $1", {class_id});
  AppendAudit(*tx, ctx,
              {"class.delete", current->school_code + "/" + std::to_string(class_id), "ok",
               Summary({{"grade_code", current->grade_code}, {"name", current->name}})});
  tx->Commit();
  return Ok();
}

}  // namespace xueji::service
