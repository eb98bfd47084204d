#include "domain/audit_entry.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(AuditEntry, R_SEC_2_every_field_changes_the_canonical_form) {
  AuditEntry base{1,           Instant{42}, "alice", "520102", "school.create", "5201020001", "ok",
                  "127.0.0.1", "{}",        "",      ""};
  std::string canonical = AuditCanonical(base);
  std::vector<void (*)(AuditEntry&)> edits = {
      [](AuditEntry& e) { e.seq = 2; },
      [](AuditEntry& e) { e.at = Instant{43}; },
      [](AuditEntry& e) { e.actor = "bob"; },
      [](AuditEntry& e) { e.org_code = "520103"; },
      [](AuditEntry& e) { e.action = "school.update"; },
      [](AuditEntry& e) { e.subject = "5201020002"; },
      [](AuditEntry& e) { e.outcome = "AUTH_FAILED"; },
      [](AuditEntry& e) { e.client = "10.0.0.1"; },
      [](AuditEntry& e) { e.summary = "{\"a\":1}"; },
      [](AuditEntry& e) { e.prev_hash = "00"; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    SCOPED_TRACE(i);
    AuditEntry e = base;
    edits[i](e);
    EXPECT_NE(AuditCanonical(e), canonical);
  }
}

TEST(AuditEntry, R_SEC_2_field_boundaries_cannot_be_shifted) {
  AuditEntry a{1, Instant{1}, "ab", "c", "", "", "", "", "", "", ""};
  AuditEntry b{1, Instant{1}, "a", "bc", "", "", "", "", "", "", ""};
  EXPECT_NE(AuditCanonical(a), AuditCanonical(b));
}

}  // namespace
}  // namespace xueji::domain
