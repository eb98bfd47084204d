#include "service/exports.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "domain/school.h"
#include "domain/student_record.h"
#include "domain/student_status.h"
#include "io/export_writer.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

// Every registration state: with the grade and the class, they let a page
// query seek the index student(school_code, registration, grade_code, class_id).
constexpr const char* kRegistrations[] = {"pending_school", "pending_authority", "active",
                                          "returned", "problem"};

// The students of one (grade, class) pair of the school.
struct ClassGroup {
  std::string student_grade;
  int64_t class_id = 0;
  std::string class_grade, class_name;
  int64_t count = 0;
};

struct ExportScope {
  OrgRef school;
  std::string class_label;  // "一年级1班", "" for the whole school
};

std::string GradeName(const std::string& code) {
  const auto* g = domain::FindGrade(code);
  return g ? std::string(g->chinese) : code;
}

// R-ORG-4: the school in the actor's subtree, and the class in the school.
Result<ExportScope> ResolveScope(store::Tx& tx, const Actor& actor, const ExportRequest& r) {
  XUEJI_ASSIGN_OR_RETURN(auto org, ResolveInScope(tx, actor, r.school_code));
  if (org.level != domain::OrgLevel::kSchool) return NotFound("学校不存在");
  ExportScope scope{std::move(org), ""};
  if (r.class_id == 0) return scope;
  auto c =
      tx.QueryOne("SELECT grade_code, name FROM school_class WHERE id = $1 AND school_code = $2",
                  {r.class_id, r.school_code});
  if (!c) return NotFound("班级不存在");
  scope.class_label = GradeName(c->Text(0)) + c->Text(1);
  return scope;
}

// The (grade, class) pairs of `school` (of class `class_id` alone unless 0)
// holding students, ordered by the class's grade and name.
std::vector<ClassGroup> LoadGroups(store::Tx& tx, const std::string& school, int64_t class_id) {
  std::map<int64_t, std::pair<std::string, std::string>> classes;
  for (const auto& row : tx.Query("SELECT id, grade_code, name FROM school_class WHERE "
                                  "school_code = $1",
                                  {school})) {
    classes[row.Int(0)] = {row.Text(1), row.Text(2)};
  }
  std::string sql = "SELECT grade_code, class_id, COUNT(*) FROM student WHERE school_code = $1" +
                    std::string(class_id ? " AND class_id = $2" : "") +
                    " GROUP BY grade_code, class_id";
  std::vector<store::Value> params{school};
  if (class_id) params.emplace_back(class_id);
  std::vector<ClassGroup> groups;
  for (const auto& row : tx.Query(sql, params)) {
    const auto& c = classes[row.Int(1)];
    groups.push_back({row.Text(0), row.Int(1), c.first, c.second, row.Int(2)});
  }
  std::sort(groups.begin(), groups.end(), [](const ClassGroup& a, const ClassGroup& b) {
    return std::tie(a.class_grade, a.class_name, a.class_id, a.student_grade) <
           std::tie(b.class_grade, b.class_name, b.class_id, b.student_grade);
  });
  return groups;
}

std::string SelectColumns(ExportKind kind) {
  std::string cols =
      "COALESCE(st.student_number, ''), st.name, st.sex, st.birth_date, st.id_number, "
      "c.grade_code, c.name, st.status, st.registration";
  if (kind == ExportKind::kBasicInfo) {
    cols.clear();
    for (const auto& f : domain::StudentFields()) {
      cols += (cols.empty() ? "st." : ", st.") + std::string(f.name);
    }
  }
  return cols;
}

// One page: consecutive groups of one student grade, ordered by class and name.
std::vector<store::Row> QueryPage(store::Tx& tx, ExportKind kind, const std::string& school,
                                  const std::vector<ClassGroup>& page) {
  std::vector<store::Value> params{school};
  auto param = [&params](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string regs, ids;
  for (const char* reg : kRegistrations) regs += (regs.empty() ? "" : ", ") + param(reg);
  std::string grade = param(page.front().student_grade);
  for (const auto& g : page) ids += (ids.empty() ? "" : ", ") + param(g.class_id);
  return tx.Query("SELECT " + SelectColumns(kind) +
                      " FROM student st JOIN school_class c ON c.id = st.class_id WHERE "
                      "st.school_code = $1 AND st.registration IN (" +
                      regs + ") AND st.grade_code = " + grade + " AND st.class_id IN (" + ids +
                      ") ORDER BY c.grade_code, c.name, c.id, st.name_pinyin, st.name, st.id",
                  params);
}

std::string SexName(const std::string& code) {
  if (code == "1") return "男";
  if (code == "2") return "女";
  return code;
}

std::string StatusName(const std::string& status) {
  auto s = domain::ParseStudentStatus(status);
  return s ? std::string(domain::StudentStatusChinese(*s)) : status;
}

std::vector<std::string> RowCells(ExportKind kind, const store::Row& row) {
  if (kind == ExportKind::kBasicInfo) {
    domain::StudentInput s;
    size_t i = 0;
    for (const auto& f : domain::StudentFields()) s.*f.member = row.Text(i++);
    return io::BasicInfoExportRow(s);
  }
  io::RosterEntry e{row.Text(0),          row.Text(1),
                    SexName(row.Text(2)), row.Text(3),
                    row.Text(4),          GradeName(row.Text(5)),
                    row.Text(6),          StatusName(row.Text(7))};
  return io::RosterExportRow(e);
}

// Writes the students of `school`'s groups, a page of whole classes at a
// time, each row led by `lead` (the school column, or nothing); returns the
// rows the groups hold.
Result<int64_t> WriteSchool(store::Tx& tx, const WorkbookSpec& spec, const std::string& school,
                            const std::vector<std::string>& lead, io::ExportWriter& writer) {
  auto groups = LoadGroups(tx, school, spec.class_id);
  int64_t expected = 0;
  for (size_t i = 0; i < groups.size();) {
    std::vector<ClassGroup> page{groups[i]};
    int64_t rows = groups[i].count;
    for (++i; i < groups.size() && groups[i].student_grade == page.front().student_grade &&
              rows + groups[i].count <= spec.page_rows;
         ++i) {
      page.push_back(groups[i]);
      rows += groups[i].count;
    }
    expected += rows;
    for (const auto& row : QueryPage(tx, spec.kind, school, page)) {
      auto cells = RowCells(spec.kind, row);
      cells.insert(cells.begin(), lead.begin(), lead.end());
      XUEJI_RETURN_IF_ERROR(writer.AddRow(std::move(cells)));
    }
  }
  return expected;
}

std::string SchoolName(store::Tx& tx, const std::string& code) {
  auto r = tx.QueryOne("SELECT name FROM org WHERE code = $1", {code});
  return r ? r->Text(0) : code;
}

std::string FileName(const ExportRequest& r, const ExportScope& scope) {
  std::string name = scope.school.name + "_";
  if (!scope.class_label.empty()) name += scope.class_label + "_";
  return name + (r.kind == ExportKind::kRoster ? "花名册" : "学籍基础信息表") + ".xlsx";
}

Result<ExportResult> WriteExport(store::Database& db, const Context& ctx, const ExportRequest& r) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto scope, ResolveScope(*tx, *ctx.actor, r));
  WorkbookSpec spec;
  spec.kind = r.kind;
  spec.school_codes = {r.school_code};
  spec.class_id = r.class_id;
  spec.reveal_id_numbers = false;  // R-SEC-1: full numbers only through an export request
  spec.path = r.path;
  spec.tmpdir = r.tmpdir;
  spec.page_rows = r.page_rows;
  XUEJI_ASSIGN_OR_RETURN(auto rows, WriteStudentsWorkbook(*tx, spec));
  return ExportResult{rows, FileName(r, scope)};
}

}  // namespace

// R-SEC-1, R-IO-3
Result<int64_t> WriteStudentsWorkbook(store::Tx& tx, const WorkbookSpec& spec) {
  io::ExportOptions options;
  options.tmpdir = spec.tmpdir;
  options.reveal_id_numbers = spec.reveal_id_numbers;
  auto columns =
      spec.kind == ExportKind::kRoster ? io::RosterExportColumns() : io::BasicInfoExportColumns();
  if (spec.school_column) columns.insert(columns.begin(), io::ExportColumn{"学校", false, 24});
  XUEJI_ASSIGN_OR_RETURN(auto writer, io::ExportWriter::Begin(spec.path, columns, options));
  int64_t expected = 0;
  for (const auto& school : spec.school_codes) {
    std::vector<std::string> lead;
    if (spec.school_column) lead.push_back(SchoolName(tx, school));
    XUEJI_ASSIGN_OR_RETURN(auto rows, WriteSchool(tx, spec, school, lead, *writer));
    expected += rows;
  }
  // A registration state missing from kRegistrations would drop rows silently.
  if (writer->rows() != expected) {
    return Error{ErrorKind::kInternal, "EXPORT_INCOMPLETE", "", "导出行数与记录数不一致"};
  }
  return writer->Finish();
}

std::vector<std::string> SchoolsUnder(store::Tx& tx, const OrgRef& org) {
  std::vector<std::string> out;
  for (const auto& row : tx.Query("SELECT code FROM org WHERE level = 'school' AND path >= $1 AND "
                                  "path < $2 ORDER BY code",
                                  {org.path, SubtreeUpperBound(org.path)})) {
    out.push_back(row.Text(0));
  }
  return out;
}

std::string_view ExportKindName(ExportKind kind) {
  return kind == ExportKind::kRoster ? "roster" : "basic_info";
}

// R-IO-3, R-SEC-1, R-SEC-2
Result<ExportResult> ExportStudents(store::Database& db, const Context& ctx,
                                    const ExportRequest& request) {
  if (!ctx.actor) return Unauthenticated();
  auto result = WriteExport(db, ctx, request);
  if (!result.ok()) {
    std::error_code ec;
    std::filesystem::remove(request.path, ec);
    return result.error();
  }
  auto tx = db.BeginWrite();
  std::string subject = request.school_code;
  if (request.class_id) subject += "/class/" + std::to_string(request.class_id);
  AppendAudit(*tx, ctx,
              {"student.export", subject, "ok",
               Summary({{"kind", ExportKindName(request.kind)},
                        {"rows", std::to_string(result->rows)},
                        {"id_numbers", "masked"}})});
  tx->Commit();
  return result;
}

}  // namespace xueji::service
