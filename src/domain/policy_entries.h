#pragma once

// A policy layer (domain/policy.h) as named text entries — how the store
// keeps each organization's layer, one row per value set, and how audit
// entries name what changed (R-POL-1). Only values a layer sets appear:
//   class_caps.primary|junior|senior   "40"
//   status_changes                     "suspend,resume" ("" enables none)
//   transfer_initiator                 "receiving" | "sending"
//   enrollment_cutoff                  "08-31"
//   enrollment_grace_months            "1"
//   transfer_chain_levels              "city,province" ("" adds none)
//   transfer_chain_ordered             "true" | "false"
//   transfer_seasons                   "09-01..10-31;03-01..04-30" ("" = any day)
//   transfer_step_working_days, review_step_working_days, registration_months,
//   archive_shipping_months
//   national_freezes.YYYY              "YYYY-07-15..YYYY-08-14"
//   extra_freezes                      "2026-03-01..2026-03-10;…"

#include <string>
#include <string_view>
#include <vector>

#include "domain/policy.h"
#include "domain/result.h"

namespace xueji::domain {

struct PolicyEntry {
  std::string name;
  std::string value;
  bool operator==(const PolicyEntry&) const = default;
};

// The entries of `layer`, in a stable order.
std::vector<PolicyEntry> LayerEntries(const PolicyLayer& layer);

// The layer the entries describe. An unknown name or a malformed value is
// POLICY_VALUE naming the entry (a stored layer is never guessed at).
Result<PolicyLayer> LayerFromEntries(const std::vector<PolicyEntry>& entries);

// "2026-07-15..2026-08-14" ↔ DayRange.
std::string FormatDayRange(const DayRange& range);
std::optional<DayRange> ParseDayRange(std::string_view text);

std::string_view TransferInitiatorName(TransferInitiator side);  // "receiving" | "sending"
std::optional<TransferInitiator> ParseTransferInitiator(std::string_view name);

}  // namespace xueji::domain
