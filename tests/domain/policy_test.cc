// Province policy (R-POL-1..7): national values, a province's layer, and
// cities and counties that inherit and may only narrow.

#include "domain/policy.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

Policy Province(const PolicyLayer& layer) {
  auto p = ApplyLayer(NationalDefaults(), layer, OrgLevel::kProvince);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return *p;
}

TEST(Policy, R_POL_2_national_values_are_the_ministrys_norms) {
  Policy p = NationalDefaults();
  EXPECT_EQ(p.ClassCap(Stage::kPrimary), 45);
  EXPECT_EQ(p.ClassCap(Stage::kJunior), 50);
  EXPECT_EQ(p.ClassCap(Stage::kSenior), 50);
  EXPECT_EQ(p.status_changes, StatusChangeTypes());
  EXPECT_EQ(p.transfer_initiator, TransferInitiator::kReceiving);
  EXPECT_EQ(p.enrollment_cutoff_month, 8);
  EXPECT_EQ(p.enrollment_cutoff_day, 31);
  EXPECT_EQ(p.transfer_step_working_days, 10);
  EXPECT_EQ(p.registration_months, 1);
  EXPECT_EQ(p.archive_shipping_months, 1);
}

TEST(Policy, R_POL_1_lower_levels_inherit_and_may_only_narrow) {
  PolicyLayer province;
  province.class_caps[Stage::kPrimary] = 40;
  province.transfer_step_working_days = 8;
  Policy gz = Province(province);
  auto city = ApplyLayer(gz, PolicyLayer{}, OrgLevel::kCity);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->ClassCap(Stage::kPrimary), 40);
  EXPECT_EQ(city->ClassCap(Stage::kJunior), 50);
  struct Case {
    const char* what;
    PolicyLayer layer;
    const char* code;   // "" = accepted
    const char* field;  // of the error
    const char* words;  // in the message
  } cases[] = {
      {"a smaller class", {{{Stage::kPrimary, 38}}}, "", "", ""},
      {"a larger class",
       {{{Stage::kPrimary, 42}}},
       "POLICY_WIDENS",
       "class_caps.primary",
       "上级规定的40人（本级设为42人）"},
      {"a larger junior class",
       {{{Stage::kJunior, 51}}},
       "POLICY_WIDENS",
       "class_caps.junior",
       "50人"},
      {"a class of nobody", {{{Stage::kSenior, 0}}}, "POLICY_VALUE", "class_caps.senior", "1至100"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto county = ApplyLayer(*city, c.layer, OrgLevel::kCounty);
    if (*c.code == '\0') {
      ASSERT_TRUE(county.ok()) << county.error().message;
      EXPECT_EQ(county->ClassCap(Stage::kPrimary), 38);
      continue;
    }
    ASSERT_FALSE(county.ok());
    EXPECT_EQ(county.error().code, c.code);
    EXPECT_EQ(county.error().field, c.field);
    EXPECT_NE(county.error().message.find(c.words), std::string::npos) << county.error().message;
  }
}

TEST(Policy, R_POL_4_status_change_types_are_enabled_from_above) {
  PolicyLayer province;
  province.status_changes = std::set<std::string>{"suspend", "resume", "abroad", "death"};
  Policy gz = Province(province);
  PolicyLayer narrower;
  narrower.status_changes = std::set<std::string>{"suspend", "resume"};
  EXPECT_TRUE(ApplyLayer(gz, narrower, OrgLevel::kCounty).ok());
  PolicyLayer wider;
  wider.status_changes = std::set<std::string>{"suspend", "expel"};
  auto refused = ApplyLayer(gz, wider, OrgLevel::kCounty);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "POLICY_WIDENS");
  EXPECT_NE(refused.error().message.find("开除"), std::string::npos);
  PolicyLayer unknown;
  unknown.status_changes = std::set<std::string>{"vacation"};
  auto bad = ApplyLayer(NationalDefaults(), unknown, OrgLevel::kProvince);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "POLICY_VALUE");
}

TEST(Policy, R_POL_4_the_province_names_the_initiating_side) {
  PolicyLayer sending;
  sending.transfer_initiator = TransferInitiator::kSending;
  Policy gz = Province(sending);
  EXPECT_EQ(gz.transfer_initiator, TransferInitiator::kSending);
  for (OrgLevel level : {OrgLevel::kCity, OrgLevel::kCounty}) {
    auto refused = ApplyLayer(gz, sending, level);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "POLICY_PROVINCE_ONLY");
    EXPECT_EQ(refused.error().field, "transfer_initiator");
  }
}

TEST(Policy, R_POL_5_the_enrollment_cut_off_is_a_real_day_set_by_the_province) {
  struct Case {
    int month, day;
    OrgLevel level;
    const char* code;  // "" = accepted
  } cases[] = {
      {9, 1, OrgLevel::kProvince, ""},
      {2, 29, OrgLevel::kProvince, ""},
      {2, 30, OrgLevel::kProvince, "POLICY_VALUE"},
      {13, 1, OrgLevel::kProvince, "POLICY_VALUE"},
      {9, 1, OrgLevel::kCounty, "POLICY_PROVINCE_ONLY"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.month) + "-" + std::to_string(c.day));
    PolicyLayer layer;
    layer.enrollment_cutoff_month = c.month;
    layer.enrollment_cutoff_day = c.day;
    auto p = ApplyLayer(NationalDefaults(), layer, c.level);
    if (*c.code == '\0') {
      ASSERT_TRUE(p.ok()) << p.error().message;
      EXPECT_EQ(p->enrollment_cutoff_month, c.month);
      EXPECT_EQ(p->enrollment_cutoff_day, c.day);
    } else {
      ASSERT_FALSE(p.ok());
      EXPECT_EQ(p.error().code, c.code);
    }
  }
}

TEST(Policy, R_POL_1_deadlines_only_shorten_going_down) {
  struct Case {
    const char* what;
    PolicyLayer layer;
    const char* code;
    const char* field;
  } cases[] = {
      {"a shorter transfer step", {.transfer_step_working_days = 5}, "", ""},
      {"a longer transfer step",
       {.transfer_step_working_days = 12},
       "POLICY_WIDENS",
       "transfer_step_working_days"},
      {"no time at all",
       {.transfer_step_working_days = 0},
       "POLICY_VALUE",
       "transfer_step_working_days"},
      {"two months to ship",
       {.archive_shipping_months = 2},
       "POLICY_WIDENS",
       "archive_shipping_months"},
      {"two months to register",
       {.registration_months = 2},
       "POLICY_WIDENS",
       "registration_months"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = ApplyLayer(NationalDefaults(), c.layer, OrgLevel::kCity);
    if (*c.code == '\0') {
      ASSERT_TRUE(p.ok()) << p.error().message;
      EXPECT_EQ(p->transfer_step_working_days, 5);
    } else {
      ASSERT_FALSE(p.ok());
      EXPECT_EQ(p.error().code, c.code);
      EXPECT_EQ(p.error().field, c.field);
    }
  }
}

TEST(Policy, R_POL_7_the_ministry_sets_each_years_national_freeze) {
  PolicyLayer ministry;
  ministry.national_freezes[2027] = {D("2027-07-21"), D("2027-08-14")};
  auto national = ApplyLayer(NationalDefaults(), ministry, OrgLevel::kMinistry);
  ASSERT_TRUE(national.ok()) << national.error().message;
  struct Case {
    const char* day;
    std::optional<DayRange> freeze;
  } cases[] = {
      {"2026-07-14", std::nullopt},
      {"2026-07-15", DayRange{D("2026-07-15"), D("2026-08-14")}},
      {"2026-08-14", DayRange{D("2026-07-15"), D("2026-08-14")}},
      {"2026-08-15", std::nullopt},
      {"2027-07-18", std::nullopt},
      {"2027-07-21", DayRange{D("2027-07-21"), D("2027-08-14")}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.day);
    EXPECT_EQ(national->FreezeOn(D(c.day)), c.freeze);
  }
  auto by_province = ApplyLayer(*national, ministry, OrgLevel::kProvince);
  ASSERT_FALSE(by_province.ok());
  EXPECT_EQ(by_province.error().code, "POLICY_MINISTRY_ONLY");
  PolicyLayer backwards;
  backwards.national_freezes[2028] = {D("2028-08-14"), D("2028-07-15")};
  auto bad = ApplyLayer(NationalDefaults(), backwards, OrgLevel::kMinistry);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "POLICY_VALUE");
}

TEST(Policy, R_POL_6_lower_levels_add_freezes_of_their_own) {
  PolicyLayer province;
  province.extra_freezes = {{D("2026-06-20"), D("2026-06-30")}};
  Policy gz = Province(province);
  PolicyLayer county;
  county.extra_freezes = {{D("2026-12-20"), D("2027-01-05")}};
  auto nm = ApplyLayer(gz, county, OrgLevel::kCounty);
  ASSERT_TRUE(nm.ok()) << nm.error().message;
  EXPECT_EQ(nm->FreezeOn(D("2026-06-25")), (DayRange{D("2026-06-20"), D("2026-06-30")}));
  EXPECT_EQ(nm->FreezeOn(D("2027-01-02")), (DayRange{D("2026-12-20"), D("2027-01-05")}));
  EXPECT_FALSE(nm->FreezeOn(D("2026-07-01")).has_value());
  EXPECT_FALSE(gz.FreezeOn(D("2027-01-02")).has_value());
  PolicyLayer endless;
  endless.extra_freezes = {{D("2026-01-01"), D("2026-12-31")}};
  auto refused = ApplyLayer(gz, endless, OrgLevel::kCounty);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "POLICY_VALUE");
  EXPECT_EQ(refused.error().field, "extra_freezes[0]");
}

TEST(Policy, R_POL_1_every_problem_of_a_layer_is_reported_at_once) {
  PolicyLayer layer;
  layer.class_caps[Stage::kPrimary] = 60;
  layer.transfer_initiator = TransferInitiator::kSending;
  layer.transfer_step_working_days = 20;
  auto p = ApplyLayer(NationalDefaults(), layer, OrgLevel::kCounty);
  ASSERT_FALSE(p.ok());
  std::set<std::string> fields;
  for (const Error& e : p.error().details) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"class_caps.primary", "transfer_initiator",
                                           "transfer_step_working_days"}));
}

}  // namespace
}  // namespace xueji::domain

namespace xueji::domain {
namespace {

TEST(Policy, R_TR_8_cross_province_progression_windows) {
  const Policy p = NationalDefaults();
  const std::vector<std::pair<const char*, bool>> cases = {
      {"2026-08-14", false}, {"2026-08-15", true}, {"2026-12-14", true}, {"2026-12-15", false},
      {"2026-02-28", false}, {"2026-03-01", true}, {"2026-05-31", true}, {"2026-06-01", false},
      {"2026-07-20", false}, {"2026-10-01", true},
  };
  for (const auto& [day, open] : cases) {
    SCOPED_TRACE(day);
    EXPECT_EQ(p.ProgressionOpenOn(*ParseDate(day)), open);
  }
  EXPECT_EQ(p.progression_windows.front().Format(), "08-15至12-14");
}

}  // namespace
}  // namespace xueji::domain
