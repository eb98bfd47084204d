#include "service/status_change_dropouts.h"

#include <algorithm>

#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/school.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/student_history.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr const char* kResolutions[] = {"archive_transferred", "compulsory_ended", "other"};
constexpr const char* kReportTitle = "关于义务教育阶段学生辍学情况的报告";

std::string OrgName(store::Tx& tx, const std::string& code) {
  auto r = tx.QueryOne("SELECT name FROM org WHERE code = $1", {code});
  return r ? r->Text(0) : code;
}

// R-ST-5: the county of household registration an archive goes to — a
// 随迁子女's whose household lies outside the school's county; "" otherwise.
std::string ArchiveCounty(const StoredStudent& s) {
  if (s.record.migrant_child != "1" || s.record.hukou_division.size() < 6) return "";
  std::string county = s.record.hukou_division.substr(0, 6);
  return county == s.county_code ? "" : county;
}

// 第二十二条: the report the school sends to each of the three recipients.
std::string ReportBody(store::Tx& tx, const StoredStudent& s, const std::string& recipient,
                       domain::Date dropped_on, const std::string& reason,
                       const std::string& archive_county) {
  const domain::GradeInfo* grade = domain::FindGrade(s.record.grade_code);
  std::string body =
      recipient + "：\n    我校" + (grade ? std::string(grade->chinese) : s.record.grade_code) +
      "学生" + s.record.name + "（学籍号" + s.student_number + "）自" +
      domain::FormatDate(dropped_on) + "起辍学。辍学原因：" + reason +
      "。\n    根据《中小学生学籍管理办法》第二十二条，现书面报告。我校在义务教育年限"
      "内为其保留学籍，并通过电子学籍系统跟踪管理，积极做好劝返复学工作。";
  if (!archive_county.empty()) {
    body += "\n    该生为外来务工人员随迁子女，户籍所在地为" + OrgName(tx, archive_county) +
            "，学期末将由学籍主管部门把其学籍档案转交户籍所在地县（区）教育行政部门。";
  }
  return body + "\n" + s.school_name;
}

DropoutCase CaseFromRow(const store::Row& r) {
  DropoutCase c;
  c.id = r.Int(0);
  c.student_id = r.Int(1);
  c.status_change_id = r.Int(2);
  c.student_number = r.Text(3);
  c.student_name = r.Text(4);
  c.grade_code = r.Text(5);
  c.school_code = r.Text(6);
  c.school_name = r.Text(7);
  c.authority_code = r.Text(8);
  c.dropped_on = *domain::ParseDate(r.Text(9));
  c.reported_on = *domain::ParseDate(r.Text(10));
  for (size_t i = 11; i < 17; i += 2) c.reports.push_back({r.Text(i), kReportTitle, r.Text(i + 1)});
  c.migrant_child = r.Int(17) != 0;
  c.archive_county = r.Text(18);
  c.archive_county_name = r.Text(19);
  c.state = r.Text(20);
  c.resolution = r.Text(21);
  c.resolution_reason = r.Text(22);
  if (auto d = r.OptText(23)) c.resolved_on = domain::ParseDate(*d);
  c.resolved_by = r.Text(24);
  if (!r.IsNull(25)) c.resolved_request = r.Int(25);
  return c;
}

constexpr const char* kSelectCase =
    "SELECT d.id, d.student_id, d.status_change_id, COALESCE(st.student_number, ''), st.name, "
    "st.grade_code, d.school_code, o.name, d.authority_code, d.dropped_on, d.reported_on, "
    "d.township_recipient, d.township_report, d.county_recipient, d.county_report, "
    "d.authority_recipient, d.authority_report, d.migrant_child, d.archive_county, "
    "COALESCE(ao.name, ''), d.state, d.resolution, d.resolution_reason, d.resolved_on, "
    "COALESCE(u.username, ''), d.resolved_request FROM dropout_case d "
    "JOIN student st ON st.id = d.student_id JOIN org o ON o.code = d.school_code "
    "LEFT JOIN org ao ON ao.code = d.archive_county "
    "LEFT JOIN app_user u ON u.id = d.resolved_by ";

std::optional<DropoutCase> LoadCase(store::Tx& tx, int64_t id) {
  auto r = tx.QueryOne(std::string(kSelectCase) + "WHERE d.id = $1", {id});
  if (!r) return std::nullopt;
  return CaseFromRow(*r);
}

// A case, for an actor who may read its record (R-ORG-4).
Result<DropoutCase> FindCase(store::Tx& tx, const Context& ctx, int64_t id) {
  auto c = LoadCase(tx, id);
  if (!c) return NotFound("辍学记录不存在");
  auto student = LoadVisibleStudent(tx, ctx, c->student_id);
  if (!student.ok()) {
    if (student.error().kind == ErrorKind::kNotFound) return NotFound("辍学记录不存在");
    return student.error();
  }
  return *c;
}

}  // namespace

// R-ST-5
void OpenDropoutCase(store::Tx& tx, const Context& ctx, const StoredStudent& student,
                     int64_t request_id, domain::Date dropped_on, const std::string& reason) {
  std::string archive = ArchiveCounty(student);
  std::string county = OrgName(tx, student.county_code) + "教育行政部门";
  std::string authority = OrgName(tx, student.authority_code) + "（学籍主管部门）";
  std::string township = "学生居住地乡镇人民政府（" + student.record.address + "）";
  tx.Exec(
      "INSERT INTO dropout_case (student_id, status_change_id, school_code, authority_code, "
      "dropped_on, reported_on, township_recipient, township_report, county_recipient, "
      "county_report, authority_recipient, authority_report, migrant_child, archive_county, "
      "state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
      "'open', $15)",
      {student.id, request_id, student.school_code, student.authority_code,
       domain::FormatDate(dropped_on), domain::FormatDate(domain::CstDate(ctx.now)), township,
       ReportBody(tx, student, township, dropped_on, reason, archive), county,
       ReportBody(tx, student, county, dropped_on, reason, archive), authority,
       ReportBody(tx, student, authority, dropped_on, reason, archive),
       int64_t{student.record.migrant_child == "1"}, archive, ctx.now.micros});
}

// R-ST-5
void ResolveDropoutByReturn(store::Tx& tx, const Context& ctx, int64_t student_id,
                            int64_t request_id) {
  tx.Exec(
      "UPDATE dropout_case SET state = 'resolved', resolution = 'returned', resolution_reason = "
      "'返校复学', resolved_on = $1, resolved_by = $2, resolved_request = $3 WHERE student_id = $4 "
      "AND state = 'open'",
      {domain::FormatDate(domain::CstDate(ctx.now)), ctx.actor->user_id, request_id, student_id});
}

// R-ST-5, R-ORG-4
Result<std::vector<DropoutCase>> ListDropoutCases(store::Database& db, const Context& ctx,
                                                  const std::string& org_path,
                                                  const std::string& state, int limit) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看学生记录");
  if (!domain::IsWithin(ctx.actor->org_path, org_path)) return NotFound("单位不存在");
  if (!state.empty() && state != "open" && state != "resolved") {
    return Invalid("STATE", "state", "state应为open或resolved");
  }
  if (limit < 1 || limit > 500) return Invalid("LIMIT_RANGE", "limit", "limit应在1到500之间");
  auto tx = db.BeginRead();
  std::vector<store::Value> params = {org_path, SubtreeUpperBound(org_path),
                                      static_cast<int64_t>(limit)};
  std::string sql = std::string(kSelectCase) + "WHERE o.path >= $1 AND o.path < $2";
  if (!state.empty()) {
    params.push_back(state);
    sql += " AND d.state = $4";
  }
  std::vector<DropoutCase> out;
  for (const auto& r : tx->Query(sql + " ORDER BY d.id LIMIT $3", params)) {
    out.push_back(CaseFromRow(r));
  }
  return out;
}

Result<DropoutCase> GetDropoutCase(store::Database& db, const Context& ctx, int64_t case_id) {
  auto tx = db.BeginRead();
  return FindCase(*tx, ctx, case_id);
}

// R-ST-5
Result<DropoutCase> ResolveDropoutCase(store::Database& db, const Context& ctx, int64_t case_id,
                                       const std::string& resolution, const std::string& reason) {
  if (std::find(std::begin(kResolutions), std::end(kResolutions), resolution) ==
      std::end(kResolutions)) {
    return Invalid("RESOLUTION", "resolution",
                   "resolution应为archive_transferred、compulsory_ended或other；"
                   "返校复学请由学校提交复学申请");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, true));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto c, FindCase(*tx, ctx, case_id));
  if (ctx.actor->org_code != c.authority_code || !domain::IsAuthorityRegistrar(ctx.actor->role)) {
    return Forbidden("只有该校的学籍主管部门可以办结辍学记录");
  }
  int64_t changed = tx->Exec(
      "UPDATE dropout_case SET state = 'resolved', resolution = $1, resolution_reason = $2, "
      "resolved_on = $3, resolved_by = $4 WHERE id = $5 AND state = 'open'",
      {resolution, why, domain::FormatDate(domain::CstDate(ctx.now)), ctx.actor->user_id, case_id});
  if (changed == 0) return Conflict("DROPOUT_RESOLVED", "该辍学记录已办结");
  AppendAudit(*tx, ctx,
              {"dropout.resolve", std::to_string(case_id), "ok",
               Summary({{"student", std::to_string(c.student_id)},
                        {"resolution", resolution},
                        {"reason", why}})});
  auto out = *LoadCase(*tx, case_id);
  tx->Commit();
  return out;
}

std::optional<std::string> SchoolOfDropoutCase(store::Tx& tx, const std::string& id) {
  if (id.empty() || id.size() > 18 || !domain::AllDigits(id)) return std::nullopt;
  auto r = tx.QueryOne("SELECT school_code FROM dropout_case WHERE id = $1",
                       {static_cast<int64_t>(std::stoll(id))});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
