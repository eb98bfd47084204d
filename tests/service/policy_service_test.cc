// The policy in force at an organization (R-POL-1): the layers on its path
// applied from the ministry down, on both backends.

#include "service/policy_service.h"

#include <gtest/gtest.h>

#include "student_fixture.h"

namespace xueji::service {
namespace {

class PolicyService : public StudentFixture {
 protected:
  void Set(const std::string& org, const std::string& name, const std::string& value) {
    auto tx = db_->BeginWrite();
    tx->Exec(
        "INSERT INTO policy_setting (org_code, name, value, updated_by, updated_at) "
        "VALUES ($1, $2, $3, $4, 0)",
        {org, name, value, As("sysadmin").actor->user_id});
    tx->Commit();
  }
  Result<domain::Policy> At(const std::string& org) {
    auto tx = db_->BeginRead();
    return EffectivePolicy(*tx, org);
  }
};

TEST_P(PolicyService, R_POL_1_a_school_follows_its_county_city_and_province) {
  auto national = At("5201020001");
  ASSERT_TRUE(national.ok()) << national.error().message;
  EXPECT_EQ(national->ClassCap(domain::Stage::kPrimary), 45);

  Set("520000", "class_caps.primary", "42");
  Set("520000", "transfer_initiator", "sending");
  Set("520100", "transfer_step_working_days", "8");
  Set("520102", "class_caps.primary", "40");
  Set("520102", "status_changes", "resume,suspend");

  auto school = At("5201020001");
  ASSERT_TRUE(school.ok()) << school.error().message;
  EXPECT_EQ(school->ClassCap(domain::Stage::kPrimary), 40);
  EXPECT_EQ(school->transfer_initiator, domain::TransferInitiator::kSending);
  EXPECT_EQ(school->transfer_step_working_days, 8);
  EXPECT_EQ(school->status_changes, (std::set<std::string>{"resume", "suspend"}));

  // A sibling county inherits the province and the city, not 520102's values.
  auto yunyan = At("520103");
  ASSERT_TRUE(yunyan.ok());
  EXPECT_EQ(yunyan->ClassCap(domain::Stage::kPrimary), 42);
  EXPECT_EQ(yunyan->status_changes, domain::StatusChangeTypes());
  // Another province sees only the national values.
  auto beijing = At("1101010001");
  ASSERT_TRUE(beijing.ok());
  EXPECT_EQ(beijing->ClassCap(domain::Stage::kPrimary), 45);
  EXPECT_EQ(beijing->transfer_initiator, domain::TransferInitiator::kReceiving);
}

TEST_P(PolicyService, R_POL_1_a_stored_layer_wider_than_above_names_its_organization) {
  Set("520000", "class_caps.primary", "42");
  Set("520102", "class_caps.primary", "44");
  auto school = At("5201020001");
  ASSERT_FALSE(school.ok());
  EXPECT_EQ(school.error().code, "POLICY_WIDENS");
  EXPECT_NE(school.error().message.find("520102"), std::string::npos);
  EXPECT_FALSE(At("no-such-org").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyService, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
