#pragma once

// Audit entries and their canonical byte form (R-SEC-2).
//
// The audit log is a hash chain: entry n stores hash(canonical(n)), and
// canonical(n) includes the hash of entry n-1. Changing or removing any entry
// breaks every hash after it. The hash function itself lives outside domain/
// (service/audit uses BLAKE2b from libsodium); domain/ fixes what is hashed.

#include <cstdint>
#include <string>

#include "domain/time.h"

namespace xueji::domain {

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3 … with no gaps
  Instant at;
  std::string actor;      // username, or "-" for the system / anonymous
  std::string org_code;   // the actor's organization, or "" when unknown
  std::string action;     // stable code, e.g. "auth.login", "school.create"
  std::string subject;    // what was acted on, e.g. the school code
  std::string outcome;    // "ok" or the error code of a refused attempt
  std::string client;     // client address
  std::string summary;    // short human-readable detail (JSON text)
  std::string prev_hash;  // hex of the previous entry's hash ("" for seq 1)
  std::string hash;       // hex of the hash of this entry's canonical form
};

// Length-prefixed concatenation of every field but `hash`, so that no two
// different entries share a canonical form.
std::string AuditCanonical(const AuditEntry& entry);

}  // namespace xueji::domain
