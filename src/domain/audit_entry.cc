#include "domain/audit_entry.h"

namespace xueji::domain {
namespace {

void Append(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

// R-SEC-2
std::string AuditCanonical(const AuditEntry& e) {
  std::string out = "xueji-audit-v1;";
  Append(out, std::to_string(e.seq));
  Append(out, std::to_string(e.at.micros));
  Append(out, e.actor);
  Append(out, e.org_code);
  Append(out, e.action);
  Append(out, e.subject);
  Append(out, e.outcome);
  Append(out, e.client);
  Append(out, e.summary);
  Append(out, e.prev_hash);
  return out;
}

}  // namespace xueji::domain
