#pragma once

// The tamper-evident audit log (R-SEC-2).
//
// Append() runs inside the caller's write transaction, so an action and its
// audit entry commit or vanish together. Appends lock the single audit_head
// row, which serializes them on PostgreSQL as SQLite's single writer does.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit_entry.h"
#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct AuditEvent {
  std::string action;   // "school.create", "auth.login" …
  std::string subject;  // the object acted on
  std::string outcome = "ok";
  std::string summary;  // JSON text with the details
  // For anonymous attempts (a login): the account named, and its organization,
  // so that the audit administrator of that subtree sees the attempt.
  std::string claimed_actor;
  std::string claimed_org;
};

// R-SEC-2: appends one entry for `ctx` to the chain, in `tx`.
void AppendAudit(store::Tx& tx, const Context& ctx, const AuditEvent& event);

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;
  int64_t first_bad_seq = 0;  // when !ok
  std::string problem;        // when !ok, English, for the operator
};

// R-SEC-2: recomputes the whole chain from seq 1 and compares it with the
// stored hashes, the sequence numbers and the head row.
AuditVerification VerifyAudit(store::Database& db);

struct AuditPage {
  std::vector<domain::AuditEntry> items;  // newest first
  std::optional<int64_t> next_before;     // pass as `before` for the next page
};

// Entries whose actor belongs to `actor`'s subtree (R-ORG-4), newest first,
// with seq < before (0 = from the newest). The caller checks the permission.
Result<AuditPage> ListAudit(store::Database& db, const Context& ctx, int64_t before, int limit);

}  // namespace xueji::service
