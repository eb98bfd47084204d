#include "service/formal_number_batch.h"

#include <algorithm>

#include "domain/id_number.h"
#include "domain/org.h"
#include "domain/role.h"
#include "domain/student_record.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/student_numbers.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

// A record the batch works on, locked for the chunk's transaction.
struct Candidate {
  int64_t id = 0;
  std::string number, id_number, name, sex, birth_date, authority_code;
};

// The counts of one chunk, added to the batch when the chunk commits.
struct Progress {
  int64_t considered = 0, issued = 0, mismatched = 0, unknown = 0, skipped = 0, problems_opened = 0;
};

struct BatchStart {
  int64_t id = 0;
  int64_t cursor = 0;
  bool resumed = false;
};

constexpr const char* kBatchColumns =
    "id, scope_org, scope_path, state, actor, started_at, COALESCE(finished_at, 0), considered, "
    "issued, mismatched, unknown, skipped, problems_opened";

NumberBatch BatchFromRow(const store::Row& r) {
  return NumberBatch{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6),
                     r.Int(7), r.Int(8),  r.Int(9),  r.Int(10), r.Int(11), r.Int(12)};
}

// R-ORG-4: a batch is visible to the actors of the organizations it covers
// and of those above it.
bool Visible(const Context& ctx, const std::string& scope_path) {
  if (!ctx.actor) return true;
  return domain::IsWithin(ctx.actor->org_path, scope_path) ||
         domain::IsWithin(scope_path, ctx.actor->org_path);
}

std::string BatchReason(int64_t batch_id) {
  return "正式学籍号批量发放（批次" + std::to_string(batch_id) + "）";
}

// Continues the batch a crash left running on this scope, or starts one. On
// PostgreSQL two runs starting at once both insert; the partial unique index
// lets one win and the other continue the winner's batch.
BatchStart StartOrResume(store::Database& db, const Context& ctx, const std::string& scope_org,
                         const std::string& scope_path) {
  for (int attempt = 0;; ++attempt) {
    try {
      auto tx = db.BeginWrite();
      auto running = tx->QueryOne(
          "SELECT id, last_student_id FROM number_batch WHERE state = 'running' AND "
          "scope_path = $1" +
              std::string(tx->ForUpdate()),
          {scope_path});
      BatchStart start{running ? running->Int(0) : 0, running ? running->Int(1) : 0,
                       running.has_value()};
      if (!running) {
        start.id = tx->QueryOne(
                         "INSERT INTO number_batch (scope_org, scope_path, state, actor, "
                         "started_at) VALUES ($1, $2, 'running', $3, $4) RETURNING id",
                         {scope_org, scope_path, ctx.ActorName(), ctx.now.micros})
                       ->Int(0);
      }
      AppendAudit(
          *tx, ctx,
          {start.resumed ? "number_batch.resume" : "number_batch.start", std::to_string(start.id),
           "ok", Summary({{"scope", scope_org}, {"cursor", std::to_string(start.cursor)}})});
      tx->Commit();
      return start;
    } catch (const store::StoreError& e) {
      if (!e.is_unique_violation() || attempt > 0) throw;
    }
  }
}

// The next `limit` records after `cursor` in the scope that still carry an L
// or J number, have a 居民身份证 number and hold it in the national index
// (R-REG-3), locked on PostgreSQL; a record another transaction changed
// meanwhile is re-checked by the lock and left out if it no longer qualifies.
std::vector<Candidate> LoadChunk(store::Tx& tx, const std::string& scope_path, int64_t cursor,
                                 int limit) {
  auto rows = tx.Query(
      "SELECT st.id, st.student_number, st.id_number_norm, st.name, st.sex, st.birth_date, "
      "sc.authority_code FROM student st "
      "JOIN national_id_index n ON n.student_id = st.id AND n.id_number_norm = st.id_number_norm "
      "JOIN school sc ON sc.code = st.school_code JOIN org o ON o.code = st.school_code "
      "WHERE st.registration = 'active' AND st.id_type = $1 "
      "AND SUBSTR(st.student_number, 1, 1) IN ('L', 'J') "
      "AND o.path >= $2 AND o.path < $3 AND st.id > $4 ORDER BY st.id LIMIT $5" +
          std::string(tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE OF st" : ""),
      {std::string(domain::kCitizenIdType), scope_path, SubtreeUpperBound(scope_path), cursor,
       static_cast<int64_t>(limit)});
  std::vector<Candidate> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
  }
  return out;
}

// Matched but no G number: the student keeps the number, the report says why.
void Skip(store::Tx& tx, const Context& ctx, int64_t batch_id, const Candidate& s, const Error& why,
          Progress& p) {
  tx.Exec(
      "INSERT INTO number_batch_skip (batch_id, student_id, student_number, code, message) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (batch_id, student_id) DO NOTHING",
      {batch_id, s.id, s.number, why.code, why.message});
  AppendAudit(tx, ctx,
              {"student.formal_number", std::to_string(s.id), why.code,
               Summary({{"batch", std::to_string(batch_id)}, {"student_number", s.number}})});
  ++p.skipped;
}

// R-NO-3, R-NO-4, R-NO-6: G + the ID number, unless it was ever issued; the
// old L or J number stays in the record.
void Issue(store::Tx& tx, const Context& ctx, int64_t batch_id, const Candidate& s, Progress& p) {
  auto id = domain::ParseIdNumber(s.id_number, domain::CstDate(ctx.now));
  if (!id.ok()) return Skip(tx, ctx, batch_id, s, id.error(), p);
  auto number = IssueFormalNumber(tx, ctx, *id);
  if (!number.ok()) return Skip(tx, ctx, batch_id, s, number.error(), p);
  tx.Exec("UPDATE student SET student_number = $1, updated_at = $2 WHERE id = $3",
          {*number, ctx.now.micros, s.id});
  tx.Exec(
      "INSERT INTO student_former_number (student_id, number, replaced_at, batch_id) "
      "VALUES ($1, $2, $3, $4)",
      {s.id, s.number, ctx.now.micros, batch_id});
  tx.Exec(
      "INSERT INTO student_history (student_id, field, old_value, new_value, actor, at, reason) "
      "VALUES ($1, 'student_number', $2, $3, $4, $5, $6)",
      {s.id, s.number, *number, ctx.ActorName(), ctx.now.micros, BatchReason(batch_id)});
  // R-REG-8 (a): the data now agree with the population database, which
  // resolves an open 问题学籍 about them.
  tx.Exec(
      "UPDATE problem_record SET state = 'resolved', action = 'verified', resolution = $1, "
      "resolved_at = $2 WHERE student_id = $3 AND kind = 'invalid_id' AND state = 'open'",
      {std::string("身份核验已通过（") + BatchReason(batch_id) + "）", ctx.now.micros, s.id});
  AppendAudit(tx, ctx,
              {"student.formal_number", std::to_string(s.id), "ok",
               Summary({{"batch", std::to_string(batch_id)},
                        {"old_number", s.number},
                        {"new_number", *number}})});
  ++p.issued;
}

// R-REG-8 (a): a 问题学籍 for the school's record authority, unless one is
// open already or the authority accepted 佐证 (proof that the data are
// right) for an earlier one; the student keeps the number.
void FlagInvalidId(store::Tx& tx, const Context& ctx, int64_t batch_id, const Candidate& s,
                   const VerificationOutcome& outcome, Progress& p) {
  bool unknown = outcome.verdict == VerificationOutcome::Verdict::kUnknown;
  ++(unknown ? p.unknown : p.mismatched);
  std::string problem = "already_open";
  if (!tx.QueryOne("SELECT 1 FROM problem_record WHERE student_id = $1 AND kind = 'invalid_id' "
                   "AND (state = 'open' OR action = 'evidence')",
                   {s.id})) {
    problem = std::to_string(
        tx.QueryOne("INSERT INTO problem_record (kind, student_id, arbiter_org, state, detail, "
                    "created_at) VALUES ('invalid_id', $1, $2, 'open', $3, $4) RETURNING id",
                    {s.id, s.authority_code, outcome.message, ctx.now.micros})
            ->Int(0));
    ++p.problems_opened;
  }
  std::string fields;
  for (const auto& f : outcome.mismatched_fields) fields += (fields.empty() ? "" : ",") + f;
  AppendAudit(tx, ctx,
              {"student.identity_problem", std::to_string(s.id), "ok",
               Summary({{"batch", std::to_string(batch_id)},
                        {"verdict", unknown ? "unknown" : "mismatched"},
                        {"fields", fields},
                        {"problem", problem}})});
}

void HandleStudent(store::Tx& tx, const Context& ctx, IdentityVerifier& verifier, int64_t batch_id,
                   const Candidate& s, Progress& p) {
  ++p.considered;
  auto outcome = verifier.Verify(tx, ctx, s.id, {s.id_number, s.name, s.sex, s.birth_date});
  if (!outcome.ok()) return Skip(tx, ctx, batch_id, s, outcome.error(), p);
  if (outcome->verdict == VerificationOutcome::Verdict::kMatched) {
    Issue(tx, ctx, batch_id, s, p);
  } else {
    FlagInvalidId(tx, ctx, batch_id, s, *outcome, p);
  }
}

void SaveProgress(store::Tx& tx, int64_t batch_id, int64_t cursor, const Progress& p) {
  tx.Exec(
      "UPDATE number_batch SET last_student_id = $1, considered = considered + $2, "
      "issued = issued + $3, mismatched = mismatched + $4, unknown = unknown + $5, "
      "skipped = skipped + $6, problems_opened = problems_opened + $7 WHERE id = $8",
      {cursor, p.considered, p.issued, p.mismatched, p.unknown, p.skipped, p.problems_opened,
       batch_id});
}

// One chunk in one transaction; false when nothing was left to do.
bool RunChunk(store::Database& db, const Context& ctx, IdentityVerifier& verifier,
              const std::string& scope_path, int64_t batch_id, int64_t& cursor, int chunk_size) {
  auto tx = db.BeginWrite();
  std::vector<Candidate> students = LoadChunk(*tx, scope_path, cursor, chunk_size);
  if (students.empty()) return false;
  Progress progress;
  for (const auto& s : students) HandleStudent(*tx, ctx, verifier, batch_id, s, progress);
  SaveProgress(*tx, batch_id, students.back().id, progress);
  tx->Commit();
  cursor = students.back().id;
  return true;
}

// The batch's skipped students whose school lies under `path` (R-ORG-4: a
// county reading a national batch sees its own students only).
std::vector<BatchSkip> LoadSkips(store::Tx& tx, int64_t batch_id, const std::string& path = "/") {
  std::vector<BatchSkip> skips;
  for (const auto& r : tx.Query(
           "SELECT k.student_id, k.student_number, k.code, k.message FROM number_batch_skip k "
           "JOIN student st ON st.id = k.student_id JOIN org o ON o.code = st.school_code WHERE "
           "k.batch_id = $1 AND o.path >= $2 AND o.path < $3 ORDER BY k.student_id",
           {batch_id, path, SubtreeUpperBound(path)})) {
    skips.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  }
  return skips;
}

std::string ReportJson(const NumberBatch& b, const std::vector<BatchSkip>& skips) {
  std::string out = "{\"batch\":" + std::to_string(b.id) + ",\"scope\":\"" +
                    JsonEscape(b.scope_org) + "\",\"considered\":" + std::to_string(b.considered) +
                    ",\"issued\":" + std::to_string(b.issued) +
                    ",\"mismatched\":" + std::to_string(b.mismatched) +
                    ",\"unknown\":" + std::to_string(b.unknown) +
                    ",\"skipped\":" + std::to_string(b.skipped) +
                    ",\"problems_opened\":" + std::to_string(b.problems_opened) + ",\"skips\":[";
  for (size_t i = 0; i < skips.size(); ++i) {
    const auto& s = skips[i];
    out += std::string(i > 0 ? "," : "") + "{\"student_id\":" + std::to_string(s.student_id) +
           ",\"student_number\":\"" + JsonEscape(s.student_number) + "\",\"code\":\"" +
           JsonEscape(s.code) + "\",\"message\":\"" + JsonEscape(s.message) + "\"}";
  }
  return out + "]}";
}

// Marks the batch done with its report, in one transaction with its audit entry.
BatchReport Finish(store::Database& db, const Context& ctx, int64_t batch_id) {
  auto tx = db.BeginWrite();
  BatchReport report;
  report.batch = BatchFromRow(*tx->QueryOne(std::string("SELECT ") + kBatchColumns +
                                                " FROM number_batch WHERE id = $1" +
                                                std::string(tx->ForUpdate()),
                                            {batch_id}));
  report.skips = LoadSkips(*tx, batch_id);
  report.batch.state = "done";
  report.batch.finished_at = ctx.now.micros;
  tx->Exec("UPDATE number_batch SET state = 'done', finished_at = $1, report = $2 WHERE id = $3",
           {ctx.now.micros, ReportJson(report.batch, report.skips), batch_id});
  const NumberBatch& b = report.batch;
  AppendAudit(*tx, ctx,
              {"number_batch.finish", std::to_string(batch_id), "ok",
               Summary({{"considered", std::to_string(b.considered)},
                        {"issued", std::to_string(b.issued)},
                        {"mismatched", std::to_string(b.mismatched)},
                        {"unknown", std::to_string(b.unknown)},
                        {"skipped", std::to_string(b.skipped)},
                        {"problems_opened", std::to_string(b.problems_opened)}})});
  tx->Commit();
  return report;
}

// R-ORG-4: the organization at `path`, if the actor may run a batch there.
Result<std::string> ScopeOrg(store::Database& db, const Context& ctx, const std::string& path) {
  if (ctx.actor && ctx.actor->role != domain::Role::kMinistryRegistrar) {
    return Forbidden("只有教育部学籍管理员可以发放正式学籍号");
  }
  auto tx = db.BeginRead();
  auto org = tx->QueryOne("SELECT code FROM org WHERE path = $1", {path});
  if (!org || (ctx.actor && !domain::IsWithin(ctx.actor->org_path, path))) {
    return NotFound("发放范围的组织机构不存在");
  }
  return org->Text(0);
}

Context At(const Context& ctx, const Clock* clock) {
  Context at = ctx;
  if (clock) at.now = clock->Now();
  return at;
}

}  // namespace

// R-NO-3, R-YR-4, R-NO-4, R-REG-8
Result<BatchReport> RunFormalNumberBatch(store::Database& db, const Context& ctx,
                                         const std::string& scope_org_path,
                                         const BatchOptions& options) {
  XUEJI_ASSIGN_OR_RETURN(std::string scope_org, ScopeOrg(db, ctx, scope_org_path));
  BatchStart start = StartOrResume(db, ctx, scope_org, scope_org_path);
  std::unique_ptr<IdentityVerifier> verifier =
      options.verifier ? options.verifier(start.id) : PopulationReferenceVerifierForBatch(start.id);
  int64_t cursor = start.cursor;
  while (RunChunk(db, At(ctx, options.clock), *verifier, scope_org_path, start.id, cursor,
                  std::max(1, options.chunk_size))) {
  }
  BatchReport report = Finish(db, At(ctx, options.clock), start.id);
  report.resumed = start.resumed;
  return report;
}

Result<std::vector<NumberBatch>> ListNumberBatches(store::Database& db, const Context& ctx,
                                                   int limit) {
  auto tx = db.BeginRead();
  std::vector<NumberBatch> out;
  for (const auto& r :
       tx->Query(std::string("SELECT ") + kBatchColumns + " FROM number_batch ORDER BY id DESC")) {
    if (static_cast<int>(out.size()) >= limit) break;
    NumberBatch b = BatchFromRow(r);
    if (Visible(ctx, b.scope_path)) out.push_back(std::move(b));
  }
  return out;
}

Result<BatchReport> LoadNumberBatch(store::Database& db, const Context& ctx, int64_t batch_id) {
  auto tx = db.BeginRead();
  auto row = tx->QueryOne(
      std::string("SELECT ") + kBatchColumns + " FROM number_batch WHERE id = $1", {batch_id});
  if (!row || !Visible(ctx, row->Text(2))) return NotFound("批次不存在");
  BatchReport report{BatchFromRow(*row), false,
                     LoadSkips(*tx, batch_id, ctx.actor ? ctx.actor->org_path : "/")};
  return report;
}

}  // namespace xueji::service
