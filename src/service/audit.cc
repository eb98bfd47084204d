#include "service/audit.h"

#include "service/crypto.h"
#include "service/jurisdiction.h"

namespace xueji::service {

// R-SEC-2
void AppendAudit(store::Tx& tx, const Context& ctx, const AuditEvent& event) {
  auto head = tx.QueryOne(std::string("SELECT seq, hash FROM audit_head WHERE id = 1") +
                          std::string(tx.ForUpdate()));
  if (!head) throw store::StoreError(store::StoreError::Kind::kGeneric, "audit_head missing");
  domain::AuditEntry e;
  e.seq = head->Int(0) + 1;
  e.prev_hash = head->Text(1);
  e.at = ctx.now;
  e.actor = ctx.actor || event.claimed_actor.empty() ? ctx.ActorName() : event.claimed_actor;
  e.org_code = ctx.actor ? ctx.ActorOrg() : event.claimed_org;
  e.action = event.action;
  e.subject = event.subject;
  e.outcome = event.outcome;
  e.client = ctx.client;
  e.summary = event.summary;
  e.hash = Blake2bHex(domain::AuditCanonical(e));
  tx.Exec(
      "INSERT INTO audit_log (seq, at, actor, org_code, action, subject, outcome, client, "
      "summary, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {e.seq, e.at.micros, e.actor, e.org_code, e.action, e.subject, e.outcome, e.client, e.summary,
       e.prev_hash, e.hash});
  tx.Exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {e.seq, e.hash});
}

namespace {

domain::AuditEntry EntryFromRow(const store::Row& r) {
  domain::AuditEntry e;
  e.seq = r.Int(0);
  e.at = domain::Instant{r.Int(1)};
  e.actor = r.Text(2);
  e.org_code = r.Text(3);
  e.action = r.Text(4);
  e.subject = r.Text(5);
  e.outcome = r.Text(6);
  e.client = r.Text(7);
  e.summary = r.Text(8);
  e.prev_hash = r.Text(9);
  e.hash = r.Text(10);
  return e;
}

constexpr const char* kColumns =
    "seq, at, actor, org_code, action, subject, outcome, client, summary, prev_hash, hash";

}  // namespace

// R-SEC-2
AuditVerification VerifyAudit(store::Database& db) {
  AuditVerification v;
  auto tx = db.BeginRead();
  int64_t expected_seq = 1;
  std::string prev_hash;
  constexpr int64_t kBatch = 5000;
  for (;;) {
    auto rows = tx->Query(
        std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
        {expected_seq, kBatch});
    for (const auto& row : rows) {
      domain::AuditEntry e = EntryFromRow(row);
      auto fail = [&](int64_t seq, std::string problem) {
        v.ok = false;
        v.first_bad_seq = seq;
        v.problem = std::move(problem);
      };
      if (e.seq != expected_seq) {
        fail(expected_seq, "entry " + std::to_string(expected_seq) + " is missing");
        return v;
      }
      if (e.prev_hash != prev_hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) + " does not link to the previous entry");
        return v;
      }
      if (Blake2bHex(domain::AuditCanonical(e)) != e.hash) {
        fail(e.seq, "entry " + std::to_string(e.seq) + " was altered (hash mismatch)");
        return v;
      }
      prev_hash = e.hash;
      ++expected_seq;
      ++v.entries;
    }
    if (static_cast<int64_t>(rows.size()) < kBatch) break;
  }
  auto head = tx->QueryOne("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head || head->Int(0) != v.entries || head->Text(1) != prev_hash) {
    v.ok = false;
    v.first_bad_seq = v.entries + 1;
    v.problem = "the chain ends at entry " + std::to_string(v.entries) +
                " but the head records entry " + (head ? head->Text(0) : std::string("?")) +
                ": entries were removed from the end";
  }
  return v;
}

// R-SEC-2, R-ORG-4
Result<AuditPage> ListAudit(store::Database& db, const Context& ctx, int64_t before, int limit) {
  if (!ctx.actor) return Unauthenticated();
  if (limit < 1 || limit > 500) return Invalid("LIMIT_RANGE", "limit", "每页条数应在1到500之间");
  if (before <= 0) before = INT64_MAX;
  auto tx = db.BeginRead();
  const std::string& path = ctx.actor->org_path;
  std::string upper = SubtreeUpperBound(path);
  auto rows = tx->Query(
      std::string("SELECT a.") +
          "seq, a.at, a.actor, a.org_code, a.action, a.subject, "
          "a.outcome, a.client, a.summary, a.prev_hash, a.hash FROM audit_log a "
          "LEFT JOIN org o ON o.code = a.org_code "
          "WHERE a.seq < $1 AND ((o.path >= $2 AND o.path < $3) OR ($4 = 1 AND a.org_code = '')) "
          "ORDER BY a.seq DESC LIMIT $5",
      {before, path, upper, int64_t{ctx.actor->org_level == domain::OrgLevel::kMinistry ? 1 : 0},
       static_cast<int64_t>(limit + 1)});
  AuditPage page;
  for (const auto& r : rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_before = page.items.back().seq;
      break;
    }
    page.items.push_back(EntryFromRow(r));
  }
  return page;
}

}  // namespace xueji::service
