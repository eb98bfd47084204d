#include "service/transfer_report.h"

#include <optional>
#include <string>

#include "domain/role.h"

namespace xueji::service {
namespace {

// R-YR-5: a semester starts on 09-01 (to 01-31) or on 02-01 (to 08-31).
std::optional<std::pair<domain::Date, domain::Date>> Semester(const std::string& start_month) {
  auto first = domain::ParseDate(start_month + "-01");
  if (start_month.size() != 7 || !first || (first->month != 9 && first->month != 2)) {
    return std::nullopt;
  }
  domain::Date last =
      first->month == 9 ? domain::Date{first->year + 1, 1, 31} : domain::Date{first->year, 8, 31};
  return std::make_pair(*first, last);
}

// The records moved into (`incoming`) or out of `school` in the semester,
// by date; the rolled-back moves are left out.
std::vector<ReportedTransfer> Moves(store::Tx& tx, const std::string& school, bool incoming,
                                    const TransferSemesterReport& r) {
  std::string here = incoming ? "t.to_school" : "t.from_school";
  std::string there = incoming ? "t.from_school" : "t.to_school";
  std::vector<ReportedTransfer> out;
  for (const auto& row : tx.Query(
           "SELECT t.id, st.name, st.student_number, o.name, t.moved_on, t.offline FROM transfer "
           "t JOIN student st ON st.id = t.student_id JOIN org o ON o.code = " +
               there + " WHERE " + here +
               " = $1 AND t.state = 'moved' AND t.moved_on >= $2 AND t.moved_on <= $3 "
               "ORDER BY t.moved_on, t.id",
           {school, domain::FormatDate(r.first_day), domain::FormatDate(r.last_day)})) {
    out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                   *domain::ParseDate(row.Text(4)), row.Int(5) != 0});
  }
  return out;
}

}  // namespace

// R-TR-13
Result<TransferSemesterReport> ReportTransfersOfSemester(store::Database& db, const Context& ctx,
                                                         const std::string& county_code,
                                                         const std::string& start_month) {
  if (!ctx.actor) return Unauthenticated();
  if (domain::IsAdmin(ctx.actor->role)) return Forbidden("管理员不能查看学生记录");
  auto semester = Semester(start_month);
  if (!semester) {
    return Invalid("TRANSFER_SEMESTER", "semester", "学期应为YYYY-09（秋季）或YYYY-02（春季）");
  }
  auto tx = db.BeginRead();
  auto county = tx->QueryOne("SELECT name, level FROM org WHERE code = $1", {county_code});
  if (!county || county->Text(1) != "county") {
    return Invalid("TRANSFER_REPORT_COUNTY", "code", "转学学期报告按县（区）统计");
  }
  TransferSemesterReport r{county_code, county->Text(0), semester->first, semester->second, {}};
  for (const auto& s : tx->Query(
           "SELECT s.code, o.name, s.authority_code FROM school s JOIN org o ON o.code = s.code "
           "WHERE s.county_code = $1 AND s.authority_code <> $1 ORDER BY s.code",
           {county_code})) {
    SchoolTransferReport school{s.Text(0), s.Text(1), s.Text(2), {}, {}};
    school.transfers_in = Moves(*tx, school.school_code, true, r);
    school.transfers_out = Moves(*tx, school.school_code, false, r);
    r.schools.push_back(std::move(school));
  }
  return r;
}

}  // namespace xueji::service
