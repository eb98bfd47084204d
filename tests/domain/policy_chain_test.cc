// Province policy of transfers and first-grade intake (R-POL-4, R-POL-5):
// the chain, its order and seasons as values each level may set or narrow,
// and the steps TransferWorkflow builds from them.

#include <gtest/gtest.h>

#include "domain/policy.h"
#include "domain/policy_entries.h"
#include "domain/transfer.h"

namespace xueji::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

PolicyLayer Layer(const std::vector<PolicyEntry>& entries) {
  auto layer = LayerFromEntries(entries);
  EXPECT_TRUE(layer.ok());
  return layer.ok() ? *layer : PolicyLayer{};
}

TEST(PolicyChain, R_POL_4_entries_round_trip) {
  std::vector<PolicyEntry> entries = {{"enrollment_grace_months", "1"},
                                      {"transfer_chain_levels", "province,city"},
                                      {"transfer_chain_ordered", "true"},
                                      {"transfer_seasons", "03-01..04-30;09-01..10-31"},
                                      {"review_step_working_days", "7"}};
  PolicyLayer layer = Layer(entries);
  EXPECT_EQ(layer.transfer_chain_levels,
            (std::set<OrgLevel>{OrgLevel::kCity, OrgLevel::kProvince}));
  ASSERT_TRUE(layer.transfer_seasons);
  EXPECT_EQ(layer.transfer_seasons->size(), 2u);
  auto back = LayerFromEntries(LayerEntries(layer));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(LayerEntries(*back), LayerEntries(layer));
  for (const char* bad : {"transfer_chain_ordered=yes", "transfer_seasons=03-01-04-30",
                          "transfer_chain_levels=town"}) {
    SCOPED_TRACE(bad);
    std::string text = bad;
    size_t eq = text.find('=');
    auto parsed = LayerFromEntries({{text.substr(0, eq), text.substr(eq + 1)}});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, "POLICY_VALUE");
  }
}

TEST(PolicyChain, R_POL_4_who_may_set_the_chain_the_order_and_the_seasons) {
  Policy province = *ApplyLayer(
      NationalDefaults(),
      Layer({{"transfer_seasons", "03-01..04-30;09-01..10-31"}, {"review_step_working_days", "8"}}),
      OrgLevel::kProvince);
  struct Case {
    std::vector<PolicyEntry> entries;
    OrgLevel level;
    const char* code;  // "" = accepted
    const char* field;
  } cases[] = {
      {{{"transfer_chain_levels", "city,province"}}, OrgLevel::kProvince, "", ""},
      {{{"transfer_chain_levels", "province"}},
       OrgLevel::kCounty,
       "POLICY_PROVINCE_ONLY",
       "transfer_chain_levels"},
      {{{"transfer_chain_ordered", "true"}},
       OrgLevel::kCity,
       "POLICY_PROVINCE_ONLY",
       "transfer_chain_ordered"},
      {{{"transfer_chain_levels", "county"}},
       OrgLevel::kProvince,
       "POLICY_VALUE",
       "transfer_chain_levels"},
      {{{"transfer_seasons", "09-01..09-30"}}, OrgLevel::kCounty, "", ""},
      {{{"transfer_seasons", "08-20..09-30"}},
       OrgLevel::kCounty,
       "POLICY_WIDENS",
       "transfer_seasons[0]"},
      {{{"transfer_seasons", ""}}, OrgLevel::kCity, "POLICY_WIDENS", "transfer_seasons"},
      {{{"transfer_seasons", "10-31..09-01"}},
       OrgLevel::kCounty,
       "POLICY_VALUE",
       "transfer_seasons[0]"},
      {{{"review_step_working_days", "5"}}, OrgLevel::kCounty, "", ""},
      {{{"review_step_working_days", "9"}},
       OrgLevel::kCounty,
       "POLICY_WIDENS",
       "review_step_working_days"},
      {{{"enrollment_grace_months", "1"}},
       OrgLevel::kCounty,
       "POLICY_PROVINCE_ONLY",
       "enrollment_grace_months"},
      {{{"enrollment_grace_months", "2"}},
       OrgLevel::kProvince,
       "POLICY_VALUE",
       "enrollment_grace_months"},
      {{{"enrollment_cutoff", "12-31"}, {"enrollment_grace_months", "1"}},
       OrgLevel::kProvince,
       "POLICY_VALUE",
       "enrollment_grace_months"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.entries.front().name + "=" + c.entries.front().value);
    auto applied = ApplyLayer(province, Layer(c.entries), c.level);
    if (*c.code == '\0') {
      EXPECT_TRUE(applied.ok()) << applied.error().message;
      continue;
    }
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, c.code);
    EXPECT_EQ(applied.error().field, c.field);
  }
}

TEST(PolicyChain, R_POL_4_seasons_refuse_a_start_naming_them) {
  Policy p = NationalDefaults();
  EXPECT_TRUE(CheckTransferSeason(p, D("2026-06-01"), false).ok());  // no seasons: any day
  p.transfer_seasons = {{3, 1, 4, 30}, {9, 1, 10, 31}};
  struct Case {
    const char* day;
    bool progression;
    bool open;
  } cases[] = {{"2026-03-01", false, true},  {"2026-04-30", false, true},
               {"2026-05-01", false, false}, {"2026-02-28", false, false},
               {"2026-10-31", false, true},  {"2026-11-01", false, false},
               {"2026-11-01", true, true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.day);
    Status s = CheckTransferSeason(p, D(c.day), c.progression);
    EXPECT_EQ(s.ok(), c.open);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_SEASON");
      EXPECT_NE(s.error().message.find("03-01至04-30、09-01至10-31"), std::string::npos);
      EXPECT_NE(s.error().message.find(c.day), std::string::npos);
    }
  }
}

TransferSide Side(std::string school, std::string county, std::string province) {
  std::string path = "/000000/" + province + "/" + county.substr(0, 4) + "00/" + county + "/";
  return {school, path + school + "/", county, county, path, OrgLevel::kCounty};
}

std::vector<ChainApprover> Above(const std::string& county, const std::string& province) {
  std::string city = county.substr(0, 4) + "00";
  return {{city, "/000000/" + province + "/" + city + "/", OrgLevel::kCity},
          {province, "/000000/" + province + "/", OrgLevel::kProvince}};
}

TEST(PolicyChain, R_POL_4_the_chain_is_built_from_the_policy) {
  TransferSide gz = Side("5201020001", "520102", "520000");
  TransferSide bj = Side("1101010001", "110101", "110000");
  TransferSide yy = Side("5201030001", "520103", "520000");
  TransferSide nm = Side("5201020002", "520102", "520000");
  struct Case {
    const char* name;
    TransferSide from, to;
    std::set<OrgLevel> levels;
    bool ordered;
    std::vector<std::string> steps;  // "name@org"
  } cases[] = {
      {"national default",
       gz,
       bj,
       {},
       false,
       {"转入学校审核@1101010001", "转入地学籍主管部门审核@110101", "转出学校审核@5201020001",
        "转出地学籍主管部门审核@520102"}},
      {"cross-province, province on each side",
       gz,
       bj,
       {OrgLevel::kProvince},
       true,
       {"转入学校审核@1101010001", "转入地学籍主管部门审核@110101",
        "转入地省级教育行政部门审核@110000", "转出学校审核@5201020001",
        "转出地学籍主管部门审核@520102", "转出地省级教育行政部门审核@520000"}},
      {"in-province, shared city and province once",
       gz,
       yy,
       {OrgLevel::kCity, OrgLevel::kProvince},
       true,
       {"转入学校审核@5201030001", "转入地学籍主管部门审核@520103",
        "转入、转出地市级教育行政部门审核@520100", "转入、转出地省级教育行政部门审核@520000",
        "转出学校审核@5201020001", "转出地学籍主管部门审核@520102"}},
      {"in-county: no extra level",
       gz,
       nm,
       {OrgLevel::kCity, OrgLevel::kProvince},
       true,
       {"转入学校审核@5201020002", "转入、转出地学籍主管部门审核@520102",
        "转出学校审核@5201020001"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Policy p = NationalDefaults();
    p.transfer_chain_levels = c.levels;
    p.transfer_chain_ordered = c.ordered;
    p.transfer_step_working_days = 7;
    WorkflowSpec spec = TransferWorkflow(
        c.from, c.to, p, Above(c.from.county_code, c.from.county_code.substr(0, 2) + "0000"),
        Above(c.to.county_code, c.to.county_code.substr(0, 2) + "0000"));
    EXPECT_EQ(spec.order, c.ordered ? StepOrder::kInOrder : StepOrder::kAnyOrder);
    std::vector<std::string> got;
    for (const StepSpec& s : spec.steps) {
      got.push_back(s.name + "@" + s.owner.org_code);
      EXPECT_EQ(s.deadline_working_days, 7);
    }
    EXPECT_EQ(got, c.steps);
  }
  // A city-run school's authority is its city: the city is not asked twice.
  TransferSide city_run = {"5201000001",
                           "/000000/520000/520100/5201000001/",
                           "520103",
                           "520100",
                           "/000000/520000/520100/",
                           OrgLevel::kCity};
  Policy p = NationalDefaults();
  p.transfer_chain_levels = {OrgLevel::kCity};
  WorkflowSpec spec =
      TransferWorkflow(city_run, bj, p, Above("520100", "520000"), Above("110101", "110000"));
  ASSERT_EQ(spec.steps.size(), 5u);
  EXPECT_EQ(spec.steps[3].owner.org_code, "5201000001");
  EXPECT_EQ(spec.steps[4].owner.org_code, "520100");
  EXPECT_EQ(spec.steps[4].owner.role, Role::kCityRegistrar);
}

TEST(PolicyChain, R_POL_5_the_cut_off_with_its_grace_month) {
  Policy p = NationalDefaults();
  EXPECT_EQ(p.FirstGradeCutoff(2026), D("2020-08-31"));
  p.enrollment_grace_months = 1;
  EXPECT_EQ(p.FirstGradeCutoff(2026), D("2020-09-30"));
  p.enrollment_cutoff_month = 1;
  p.enrollment_cutoff_day = 31;
  EXPECT_EQ(p.FirstGradeCutoff(2026), D("2020-02-29"));
  EXPECT_EQ(p.FirstGradeCutoff(2027), D("2021-02-28"));
}

}  // namespace
}  // namespace xueji::domain
