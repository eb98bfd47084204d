// Policy layers as stored entries (R-POL-1): every value a layer sets comes
// back unchanged; a malformed entry is refused, never guessed at.

#include "domain/policy_entries.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

TEST(PolicyEntries, R_POL_1_a_layer_round_trips_through_its_entries) {
  PolicyLayer layer;
  layer.class_caps[Stage::kPrimary] = 40;
  layer.class_caps[Stage::kSenior] = 48;
  layer.status_changes = std::set<std::string>{"resume", "suspend"};
  layer.transfer_initiator = TransferInitiator::kSending;
  layer.enrollment_cutoff_month = 9;
  layer.enrollment_cutoff_day = 1;
  layer.transfer_step_working_days = 8;
  layer.registration_months = 1;
  layer.archive_shipping_months = 1;
  layer.national_freezes[2027] = {D("2027-07-10"), D("2027-08-10")};
  layer.extra_freezes = {{D("2026-03-01"), D("2026-03-10")}, {D("2026-09-01"), D("2026-09-05")}};
  auto entries = LayerEntries(layer);
  EXPECT_EQ(entries.front(), (PolicyEntry{"class_caps.primary", "40"}));
  auto back = LayerFromEntries(entries);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(LayerEntries(*back), entries);
  EXPECT_EQ(back->extra_freezes, layer.extra_freezes);
  EXPECT_EQ(back->status_changes, layer.status_changes);
}

TEST(PolicyEntries, R_POL_4_an_empty_type_list_enables_none) {
  PolicyLayer layer;
  layer.status_changes = std::set<std::string>{};
  auto back = LayerFromEntries(LayerEntries(layer));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->status_changes.has_value());
  EXPECT_TRUE(back->status_changes->empty());
  EXPECT_TRUE(LayerEntries(PolicyLayer{}).empty());
}

TEST(PolicyEntries, R_POL_1_malformed_entries_are_refused) {
  const std::vector<PolicyEntry> cases = {
      {"class_caps.kindergarten", "30"},
      {"class_caps.primary", "四十"},
      {"class_caps.primary", ""},
      {"transfer_initiator", "both"},
      {"enrollment_cutoff", "0831"},
      {"enrollment_cutoff", "08-x"},
      {"registration_months", "1.5"},
      {"national_freezes.20x6", "2026-07-15..2026-08-14"},
      {"national_freezes.2026", "2026-07-15"},
      {"extra_freezes", "2026-02-30..2026-03-01"},
      {"extra_freezes", "2026-03-01..2026-03-02;"},
      {"unknown", "1"},
  };
  for (const auto& e : cases) {
    SCOPED_TRACE(e.name + " = " + e.value);
    auto layer = LayerFromEntries({e});
    ASSERT_FALSE(layer.ok());
    EXPECT_EQ(layer.error().code, "POLICY_VALUE");
    EXPECT_EQ(layer.error().field, e.name);
  }
}

}  // namespace
}  // namespace xueji::domain
