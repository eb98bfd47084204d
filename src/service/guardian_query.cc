#include "service/guardian_query.h"

#include <algorithm>

#include "domain/business_calendar.h"
#include "domain/guardian_query.h"
#include "domain/id_number.h"
#include "domain/school.h"
#include "domain/student_status.h"
#include "io/name_keys.h"
#include "service/audit.h"
#include "service/business_calendar_service.h"
#include "service/crypto.h"
#include "service/summary.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

using domain::Instant;
using domain::RateLimit;

constexpr const char* kAction = "guardian.query";

std::string LowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// R-SEC-3: the number as the audit log shows it.
std::string MaskedNumber(const domain::GuardianNumber& n) {
  if (n.kind == domain::GuardianNumberKind::kIdNumber) return domain::MaskIdNumber(n.text);
  return n.text.substr(0, 1) + domain::MaskIdNumber(n.text.substr(1));
}

std::vector<Instant> Instants(store::Tx& tx, const std::string& sql,
                              const std::vector<store::Value>& params) {
  std::vector<Instant> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Instant{r.Int(0)});
  return out;
}

// R-SVC-3: the latest instant any limit allows the next query from, or
// nullopt when every limit allows it now.
std::optional<Instant> Limited(store::Tx& tx, const Context& ctx, const std::string& number_key) {
  auto check = [&](const char* where, const std::string& key, RateLimit limit) {
    std::string sql = std::string("SELECT at FROM guardian_query_attempt WHERE ") + where +
                      " AND at > $2 ORDER BY at DESC LIMIT $3";
    auto since = domain::AddMinutes(ctx.now, -limit.window_minutes);
    return domain::RateLimitedUntil(
        Instants(tx, sql, {key, since.micros, static_cast<int64_t>(limit.max)}), limit, ctx.now);
  };
  std::optional<Instant> until;
  for (auto t :
       {check("client = $1", ctx.client, domain::kGuardianQueriesPerClient),
        check("client = $1 AND ok = 0", ctx.client, domain::kGuardianFailuresPerClient),
        check("number_key = $1 AND ok = 0", number_key, domain::kGuardianFailuresPerNumber)}) {
    if (t && (!until || *t > *until)) until = t;
  }
  return until;
}

struct Match {
  int64_t id = 0;
  std::string name, school_code, school_name, grade_code, class_name, status;
};

// The registered record holding `number`, if its name key is `name_key`.
std::optional<Match> FindRecord(store::Tx& tx, const domain::GuardianNumber& number,
                                const std::string& name_key) {
  std::string sql =
      "SELECT st.id, st.name, st.name_simplified, st.school_code, o.name, st.grade_code, "
      "COALESCE(c.name, ''), st.status FROM student st JOIN org o ON o.code = st.school_code "
      "LEFT JOIN school_class c ON c.id = st.class_id ";
  sql += number.kind == domain::GuardianNumberKind::kStudentNumber
             ? "WHERE st.student_number = $1"
             : "JOIN national_id_index n ON n.student_id = st.id WHERE n.id_number_norm = $1";
  auto r = tx.QueryOne(sql + " AND st.registration = 'active'", {number.text});
  if (!r || LowerAscii(r->Text(2)) != name_key) return std::nullopt;
  return Match{r->Int(0), r->Text(1), r->Text(3), r->Text(4), r->Text(5), r->Text(6), r->Text(7)};
}

std::map<std::string, std::string> OrgNames(store::Tx& tx, const domain::WorkflowRequest& w) {
  std::map<std::string, std::string> names;
  for (const auto& s : w.steps) {
    const std::string& code = s.spec.owner.org_code;
    if (names.count(code)) continue;
    auto r = tx.QueryOne("SELECT name FROM org WHERE code = $1", {code});
    names[code] = r ? r->Text(0) : code;
  }
  return names;
}

// R-CAL-1: a calendar covering today and every due date of `w`.
domain::BusinessCalendar CalendarFor(store::Tx& tx, const domain::WorkflowRequest& w,
                                     domain::Date today) {
  int first = today.year, last = today.year;
  for (const auto& s : w.steps) {
    if (!s.due) continue;
    first = std::min(first, s.due->year);
    last = std::max(last, s.due->year);
  }
  return LoadBusinessCalendar(tx, first, last);
}

GuardianStep StepView(const domain::Step& s, const std::string& org_name,
                      const domain::BusinessCalendar& calendar, domain::Date today) {
  GuardianStep g;
  g.name = s.spec.name;
  g.holder_org = org_name;
  g.holder_role = domain::GuardianHolderRole(s.spec.owner.role);
  g.state = domain::StepStateName(s.state);
  g.state_name = domain::StepStateChinese(s.state);
  g.opened_on = s.opened_on;
  g.due = s.due;
  if (s.state == domain::StepState::kOpen && s.due) {
    auto left = calendar.WorkingDaysBetween(today, *s.due);
    if (left.ok()) g.working_days_left = *left;
  }
  if (s.decided_at) g.decided_on = domain::CstDate(*s.decided_at);
  if (s.state == domain::StepState::kRefused) g.reason = s.reason;
  return g;
}

// R-TR-2: the student's open transfer, else the latest ended recently.
std::optional<GuardianTransfer> Transfer(store::Tx& tx, const Context& ctx, int64_t student_id) {
  Instant since = domain::AddMinutes(ctx.now, -int64_t{domain::kGuardianEndedTransferDays} * 1440);
  auto r = tx.QueryOne(
      "SELECT id FROM workflow_request WHERE type = 'transfer' AND subject_student_id = $1 AND "
      "(state = 'open' OR ended_at >= $2) ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, "
      "COALESCE(ended_at, created_at) DESC, id DESC LIMIT 1",
      {student_id, since.micros});
  if (!r) return std::nullopt;
  auto stored = LoadWorkflowRequest(tx, r->Int(0));
  if (!stored) return std::nullopt;
  const domain::WorkflowRequest& w = stored->request;
  domain::Date today = domain::CstDate(ctx.now);
  GuardianTransfer t;
  t.state = domain::RequestStateName(w.state);
  t.state_name = domain::RequestStateChinese(w.state);
  t.started_on = domain::CstDate(stored->created_at);
  if (w.ended_at) t.ended_on = domain::CstDate(*w.ended_at);
  auto names = OrgNames(tx, w);
  auto calendar = CalendarFor(tx, w, today);
  for (const auto& s : w.steps) {
    t.steps.push_back(StepView(s, names[s.spec.owner.org_code], calendar, today));
  }
  return t;
}

GuardianAnswer Answer(store::Tx& tx, const Context& ctx, const Match& m) {
  GuardianAnswer a;
  a.masked_name = domain::MaskPersonName(m.name);
  a.school_name = m.school_name;
  const auto* grade = domain::FindGrade(m.grade_code);
  a.grade_name = grade ? std::string(grade->chinese) : "";
  a.class_name = m.class_name;
  a.status = m.status;
  auto status = domain::ParseStudentStatus(m.status);
  a.status_name = status ? std::string(domain::StudentStatusChinese(*status)) : "";
  a.transfer = Transfer(tx, ctx, m.id);
  return a;
}

void RecordAttempt(store::Tx& tx, const Context& ctx, const std::string& number_key, bool ok) {
  tx.Exec("INSERT INTO guardian_query_attempt (at, client, number_key, ok) VALUES ($1, $2, $3, $4)",
          {ctx.now.micros, ctx.client, number_key, int64_t{ok ? 1 : 0}});
}

int64_t FailuresInWindow(store::Tx& tx, const Context& ctx) {
  auto since = domain::AddMinutes(ctx.now, -domain::kGuardianFailuresPerClient.window_minutes);
  return tx
      .QueryOne(
          "SELECT COUNT(*) FROM guardian_query_attempt WHERE client = $1 AND ok = 0 AND at > $2",
          {ctx.client, since.micros})
      ->Int(0);
}

}  // namespace

// R-SVC-3, R-SEC-3, R-TR-2
Result<GuardianAnswer> GuardianQuery(store::Database& db, const Context& ctx,
                                     const GuardianQueryInput& input) {
  domain::Date today = domain::CstDate(ctx.now);
  XUEJI_ASSIGN_OR_RETURN(auto number, domain::ParseGuardianNumber(input.number, today));
  XUEJI_ASSIGN_OR_RETURN(auto name, domain::ParseGuardianName(input.name));
  // Keys are computed before the writer is taken (OpenCC is the slow part).
  std::string name_key = LowerAscii(io::SimplifiedName(name));
  std::string number_key = Blake2bHex("guardian-query:" + number.text);
  std::string subject = MaskedNumber(number);

  auto tx = db.BeginWrite();
  tx->QueryOne(std::string("SELECT id FROM guardian_query_gate WHERE id = 1") +
               std::string(tx->ForUpdate()));
  tx->Exec("DELETE FROM guardian_query_attempt WHERE at <= $1",
           {domain::AddMinutes(ctx.now, -domain::kGuardianAttemptHorizonMinutes).micros});
  if (auto until = Limited(*tx, ctx, number_key)) {
    AppendAudit(*tx, ctx, {kAction, subject, "RATE_LIMITED", ""});
    tx->Commit();
    return domain::GuardianRateLimited(*until, ctx.now);
  }
  auto match = FindRecord(*tx, number, name_key);
  RecordAttempt(*tx, ctx, number_key, match.has_value());
  if (!match) {
    std::string summary =
        Summary({{"failures_in_window", std::to_string(FailuresInWindow(*tx, ctx))}});
    AppendAudit(*tx, ctx, {kAction, subject, "GUARDIAN_NO_MATCH", summary});
    tx->Commit();
    return domain::GuardianNoMatch();
  }
  GuardianAnswer answer = Answer(*tx, ctx, *match);
  std::string summary = Summary({{"number", subject}});
  AppendAudit(*tx, ctx,
              {kAction, std::to_string(match->id), "ok", summary, "", match->school_code});
  tx->Commit();
  return answer;
}

}  // namespace xueji::service
