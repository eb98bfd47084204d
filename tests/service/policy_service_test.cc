// The policy in force at an organization (R-POL-1): the layers on its path
// applied from the ministry down, on both backends.

#include "service/policy_service.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "domain/policy_entries.h"
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
  // Saves the layer given as entries (domain/policy_entries.h) as `user`.
  Result<domain::PolicyLayer> Save(const std::string& user, const std::string& org,
                                   const std::vector<domain::PolicyEntry>& entries) {
    auto layer = domain::LayerFromEntries(entries);
    EXPECT_TRUE(layer.ok());
    return SavePolicyLayer(*db_, As(user), org, *layer);
  }
  std::vector<domain::PolicyEntry> Stored(const std::string& org) {
    auto tx = db_->BeginRead();
    return domain::LayerEntries(LoadPolicyLayer(*tx, org).value());
  }
  int64_t AuditCount() {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'policy.update'")->Int(0);
  }
  static bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
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

TEST_P(PolicyService, R_POL_1_each_registrar_saves_only_the_layer_of_their_own_unit) {
  struct Case {
    const char* user;
    const char* org;
    const char* code;  // "" = saved
  };
  const Case cases[] = {
      {"school_registrar", "5201020001", "FORBIDDEN"},  // no permission
      {"sysadmin", "000000", "FORBIDDEN"},              // 三员分立: not policy
      {"gz_registrar", "520102", "FORBIDDEN"},          // below: the county's own registrar
      {"nanming_registrar", "520103", "NOT_FOUND"},     // outside the subtree
      {"nanming_registrar", "520000", "NOT_FOUND"},     // above is outside too
      {"moe_registrar", "000000", ""},
      {"gz_registrar", "520000", ""},
      {"gy_registrar", "520100", ""},
      {"nanming_registrar", "520102", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.user) + " on " + c.org);
    auto saved = Save(c.user, c.org, {{"transfer_step_working_days", "9"}});
    if (*c.code == '\0') {
      ASSERT_TRUE(saved.ok()) << saved.error().message;
      EXPECT_EQ(Stored(c.org),
                (std::vector<domain::PolicyEntry>{{"transfer_step_working_days", "9"}}));
    } else {
      ASSERT_FALSE(saved.ok());
      EXPECT_EQ(saved.error().code, c.code);
    }
  }
  EXPECT_TRUE(Stored("520103").empty());
  EXPECT_TRUE(Stored("5201020001").empty());
  EXPECT_EQ(AuditCount(), 4);
}

TEST_P(PolicyService, R_POL_1_a_layer_wider_than_the_level_above_is_refused_and_changes_nothing) {
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"class_caps.primary", "42"}}).ok());
  auto wider = Save("nanming_registrar", "520102",
                    {{"class_caps.primary", "44"}, {"archive_shipping_months", "2"}});
  ASSERT_FALSE(wider.ok());
  EXPECT_EQ(wider.error().code, "POLICY_WIDENS");
  ASSERT_EQ(wider.error().details.size(), 2u);
  EXPECT_EQ(wider.error().details[0].field, "class_caps.primary");
  EXPECT_TRUE(Has(wider.error().details[0].message, "42")) << wider.error().details[0].message;
  EXPECT_TRUE(Has(wider.error().details[0].message, "44"));
  EXPECT_EQ(wider.error().details[1].field, "archive_shipping_months");
  EXPECT_TRUE(Stored("520102").empty());
  EXPECT_EQ(AuditCount(), 1);
}

TEST_P(PolicyService, R_POL_1_clearing_a_value_inherits_again_and_the_audit_names_old_and_new) {
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"class_caps.primary", "42"}}).ok());
  ASSERT_TRUE(Save("nanming_registrar", "520102",
                   {{"class_caps.primary", "40"}, {"registration_months", "1"}})
                  .ok());
  EXPECT_EQ(At("5201020001")->ClassCap(domain::Stage::kPrimary), 40);
  auto cleared = Save("nanming_registrar", "520102", {{"registration_months", "1"}});
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_EQ(At("5201020001")->ClassCap(domain::Stage::kPrimary), 42);
  EXPECT_EQ(Stored("520102"), (std::vector<domain::PolicyEntry>{{"registration_months", "1"}}));
  auto tx = db_->BeginRead();
  auto last =
      tx->QueryOne("SELECT subject, summary, actor FROM audit_log ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(last->Text(0), "520102");
  EXPECT_EQ(last->Text(1), "{\"class_caps.primary\":\"40 → 继承\"}");
  EXPECT_EQ(last->Text(2), "nanming_registrar");
  // Saving the same layer again changes nothing and writes no entry.
  ASSERT_TRUE(Save("nanming_registrar", "520102", {{"registration_months", "1"}}).ok());
  EXPECT_EQ(AuditCount(), 3);
}

TEST_P(PolicyService, R_POL_1_narrowing_below_what_a_unit_below_set_is_refused_naming_it) {
  ASSERT_TRUE(Save("nanming_registrar", "520102", {{"class_caps.primary", "44"}}).ok());
  ASSERT_TRUE(Save("gy_registrar", "520100", {{"transfer_step_working_days", "9"}}).ok());
  auto narrow = Save("gz_registrar", "520000",
                     {{"class_caps.primary", "42"}, {"transfer_step_working_days", "8"}});
  ASSERT_FALSE(narrow.ok());
  EXPECT_EQ(narrow.error().code, "POLICY_CONFLICTS_BELOW");
  // Each path is named at its first unit that no longer fits: here the city,
  // on the county's path too.
  std::string all;
  for (const auto& d : narrow.error().details) all += d.field + ": " + d.message + "\n";
  EXPECT_EQ(narrow.error().details.size(), 1u) << all;
  EXPECT_TRUE(Has(all, "transfer_step_working_days: 贵阳市")) << all;
  EXPECT_TRUE(Has(all, "（520100）")) << all;
  EXPECT_TRUE(Has(narrow.error().message, "下级单位")) << narrow.error().message;
  EXPECT_TRUE(Stored("520000").empty());
  // Once the units below narrowed theirs, the province's save passes.
  ASSERT_TRUE(Save("gy_registrar", "520100", {{"transfer_step_working_days", "8"}}).ok());
  auto still = Save("gz_registrar", "520000", {{"class_caps.primary", "42"}});
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.error().details.size(), 1u);
  EXPECT_EQ(still.error().field, "class_caps.primary");
  EXPECT_TRUE(Has(still.error().message, "南明区（520102）")) << still.error().message;
  EXPECT_TRUE(Has(still.error().message, "42") && Has(still.error().message, "44"));
  ASSERT_TRUE(Save("nanming_registrar", "520102", {{"class_caps.primary", "40"}}).ok());
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"class_caps.primary", "42"}}).ok());
  EXPECT_TRUE(At("5201020001").ok());
}

// Two saves at once on one path: the province narrows the primary cap to 40
// while the county sets 44 (within the old 45, above the new 40). Exactly
// one passes, whichever goes first, and the chain stays consistent.
TEST_P(PolicyService, R_POL_1_concurrent_saves_on_one_path_never_both_pass) {
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Result<domain::PolicyLayer> province = domain::PolicyLayer{};
    Result<domain::PolicyLayer> county = domain::PolicyLayer{};
    Context gz = As("gz_registrar");
    Context nanming = As("nanming_registrar");
    auto narrow = *domain::LayerFromEntries({{"class_caps.primary", "40"}});
    auto widen = *domain::LayerFromEntries({{"class_caps.primary", "44"}});
    std::latch start(2);
    std::thread a([&] {
      start.arrive_and_wait();
      province = SavePolicyLayer(*db_, gz, "520000", narrow);
    });
    std::thread b([&] {
      start.arrive_and_wait();
      county = SavePolicyLayer(*db_, nanming, "520102", widen);
    });
    a.join();
    b.join();
    ASSERT_NE(province.ok(), county.ok());
    if (province.ok()) {
      EXPECT_EQ(county.error().code, "POLICY_WIDENS");
    } else {
      EXPECT_EQ(province.error().code, "POLICY_CONFLICTS_BELOW");
    }
    auto school = At("5201020001");
    ASSERT_TRUE(school.ok()) << school.error().message;
    EXPECT_EQ(school->ClassCap(domain::Stage::kPrimary), province.ok() ? 40 : 44);
    ASSERT_TRUE(Save("nanming_registrar", "520102", {}).ok());
    ASSERT_TRUE(Save("gz_registrar", "520000", {}).ok());
  }
}

TEST_P(PolicyService, R_POL_2_a_class_capacity_defaults_to_and_stays_within_the_policy_cap) {
  Context registrar = As("school_registrar");
  OrgRef school = Org("5201020001");
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"class_caps.primary", "42"}}).ok());
  auto first = CreateClass(*db_, registrar, school, {"12", "政策1班", "", 0});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->capacity, 42);
  auto above = CreateClass(*db_, registrar, school, {"12", "政策2班", "", 43});
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().code, "CLASS_CAP_ABOVE_POLICY");
  EXPECT_EQ(above.error().field, "capacity");
  EXPECT_TRUE(Has(above.error().message, "42") && Has(above.error().message, "43"))
      << above.error().message;
  // The county narrows further: new classes follow it; a class keeps the
  // capacity it had until someone changes it.
  ASSERT_TRUE(Save("nanming_registrar", "520102", {{"class_caps.primary", "38"}}).ok());
  auto renamed = UpdateClass(*db_, registrar, first->id, {"政策一班", std::nullopt, std::nullopt});
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(renamed->capacity, 42);
  auto raised = UpdateClass(*db_, registrar, first->id, {std::nullopt, std::nullopt, 40});
  ASSERT_FALSE(raised.ok());
  EXPECT_EQ(raised.error().code, "CLASS_CAP_ABOVE_POLICY");
  EXPECT_TRUE(Has(raised.error().message, "38"));
  EXPECT_TRUE(UpdateClass(*db_, registrar, first->id, {std::nullopt, std::nullopt, 36}).ok());
  auto second = CreateClass(*db_, registrar, school, {"12", "政策3班", "", 0});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->capacity, 38);
  // A junior class elsewhere keeps the national 50.
  EXPECT_EQ(At("520103")->ClassCap(domain::Stage::kJunior), 50);
}

TEST_P(PolicyService, R_POL_4_status_change_types_narrow_and_the_initiator_is_the_provinces) {
  ASSERT_TRUE(Save("gz_registrar", "520000",
                   {{"status_changes", "resume,suspend"}, {"transfer_initiator", "sending"}})
                  .ok());
  struct Case {
    const char* user;
    const char* org;
    std::vector<domain::PolicyEntry> entries;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"nanming_registrar",
       "520102",
       {{"status_changes", "abroad,suspend"}},
       "POLICY_WIDENS",
       "status_changes"},
      {"nanming_registrar",
       "520102",
       {{"status_changes", "suspend,vacation"}},
       "POLICY_VALUE",
       "status_changes"},
      {"gy_registrar",
       "520100",
       {{"transfer_initiator", "receiving"}},
       "POLICY_PROVINCE_ONLY",
       "transfer_initiator"},
      {"nanming_registrar", "520102", {{"status_changes", "suspend"}}, "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.user) + " " + c.entries[0].value);
    auto r = Save(c.user, c.org, c.entries);
    if (*c.code == '\0') {
      ASSERT_TRUE(r.ok()) << r.error().message;
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, c.code);
      EXPECT_EQ(r.error().field, c.field);
    }
  }
  auto school = At("5201020001");
  EXPECT_EQ(school->status_changes, (std::set<std::string>{"suspend"}));
  EXPECT_EQ(school->transfer_initiator, domain::TransferInitiator::kSending);
}

TEST_P(PolicyService, R_POL_5_the_enrollment_cutoff_is_set_by_the_province_alone) {
  ASSERT_TRUE(Save("gz_registrar", "520000", {{"enrollment_cutoff", "09-30"}}).ok());
  auto school = At("5201020001");
  EXPECT_EQ(school->enrollment_cutoff_month, 9);
  EXPECT_EQ(school->enrollment_cutoff_day, 30);
  auto city = Save("gy_registrar", "520100", {{"enrollment_cutoff", "08-31"}});
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.error().code, "POLICY_PROVINCE_ONLY");
  auto bad = Save("gz_registrar", "520000", {{"enrollment_cutoff", "02-30"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "POLICY_VALUE");
  EXPECT_EQ(At("520103")->enrollment_cutoff_month, 9);
}

TEST_P(PolicyService, R_POL_6_a_county_adds_a_freeze_window_of_its_own) {
  ASSERT_TRUE(
      Save("nanming_registrar", "520102", {{"extra_freezes", "2026-03-01..2026-03-10"}}).ok());
  domain::Date day{2026, 3, 5};
  auto frozen = At("5201020001")->FreezeOn(day);
  ASSERT_TRUE(frozen.has_value());
  EXPECT_EQ(domain::FormatDayRange(*frozen), "2026-03-01..2026-03-10");
  EXPECT_FALSE(At("5201030001")->FreezeOn(day).has_value());
  auto reversed =
      Save("nanming_registrar", "520102", {{"extra_freezes", "2026-03-10..2026-03-01"}});
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "extra_freezes[0]");
  // The view names where the window comes from.
  auto view = DescribePolicy(*db_, Org("5201020001"));
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->extra_freeze_sources.size(), 1u);
  EXPECT_EQ(view->extra_freeze_sources[0].org_code, "520102");
}

TEST_P(PolicyService, R_POL_7_the_ministry_sets_each_years_national_freeze) {
  ASSERT_TRUE(
      Save("moe_registrar", "000000", {{"national_freezes.2026", "2026-07-21..2026-08-14"}}).ok());
  auto school = At("5201020001");
  EXPECT_FALSE(school->FreezeOn({2026, 7, 16}).has_value());
  EXPECT_TRUE(school->FreezeOn({2026, 7, 21}).has_value());
  EXPECT_TRUE(school->FreezeOn({2027, 7, 16}).has_value());  // other years: 07-15..08-14
  auto province =
      Save("gz_registrar", "520000", {{"national_freezes.2026", "2026-07-08..2026-08-14"}});
  ASSERT_FALSE(province.ok());
  EXPECT_EQ(province.error().code, "POLICY_MINISTRY_ONLY");
  auto view = DescribePolicy(*db_, Org("520102"));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->sources.at("national_freezes.2026").org_code, "000000");
  EXPECT_EQ(view->sources.count("class_caps.primary"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyService, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
