// Transfers (SPEC §7): the steps by where the schools stand, and each
// start check as a table of cases.

#include "domain/transfer.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

TransferSide Side(std::string school, std::string county, std::string authority,
                  OrgLevel level = OrgLevel::kCounty) {
  std::string province = county.substr(0, 2) + "0000";
  std::string path = "000000/" + province + "/" + county;
  std::string authority_path = authority == county ? path : "000000/" + province + "/" + authority;
  return {school, path + "/" + school, county, authority, authority_path, level};
}

TEST(Transfer, R_TR_4_classifies_by_where_the_schools_stand) {
  struct Case {
    TransferSide from, to;
    TransferKind kind;
  } cases[] = {
      {Side("5201020001", "520102", "520102"), Side("5201020002", "520102", "520102"),
       TransferKind::kInCounty},
      {Side("5201020001", "520102", "520102"), Side("5201030001", "520103", "520103"),
       TransferKind::kInProvince},
      {Side("5201020001", "520102", "520102"), Side("1101010001", "110101", "110101"),
       TransferKind::kCrossProvince},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.to.school_code);
    EXPECT_EQ(ClassifyTransfer(c.from, c.to), c.kind);
  }
}

TEST(Transfer, R_TR_2_four_steps_in_any_order_owned_by_the_four_parties) {
  auto spec = TransferWorkflow(Side("5201020001", "520102", "520102"),
                               Side("1101010001", "110101", "110101"), 10);
  EXPECT_EQ(spec.order, StepOrder::kAnyOrder);
  ASSERT_EQ(spec.steps.size(), 4u);
  struct Want {
    const char* name;
    const char* org;
    Role role;
  } want[] = {{"转入学校审核", "1101010001", Role::kSchoolApprover},
              {"转入地学籍主管部门审核", "110101", Role::kCountyRegistrar},
              {"转出学校审核", "5201020001", Role::kSchoolApprover},
              {"转出地学籍主管部门审核", "520102", Role::kCountyRegistrar}};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(want[i].name);
    EXPECT_EQ(spec.steps[i].name, want[i].name);
    EXPECT_EQ(spec.steps[i].owner.org_code, want[i].org);
    EXPECT_EQ(spec.steps[i].owner.role, want[i].role);
    EXPECT_EQ(spec.steps[i].deadline_working_days, 10);
  }
}

TEST(Transfer, R_TR_4_one_authority_step_when_both_schools_share_it) {
  auto spec = TransferWorkflow(Side("5201020001", "520102", "520102"),
                               Side("5201020002", "520102", "520102"), 8);
  ASSERT_EQ(spec.steps.size(), 3u);
  EXPECT_EQ(spec.steps[1].name, "转入、转出地学籍主管部门审核");
  EXPECT_EQ(spec.steps[1].owner.org_code, "520102");
  EXPECT_EQ(spec.steps[2].deadline_working_days, 8);
  // A city-managed school: its authority is the city, decided by the city registrar.
  auto city = TransferWorkflow(Side("5201020001", "520102", "520102"),
                               Side("5201000001", "520103", "520100", OrgLevel::kCity), 10);
  ASSERT_EQ(city.steps.size(), 4u);
  EXPECT_EQ(city.steps[1].owner.org_code, "520100");
  EXPECT_EQ(city.steps[1].owner.role, Role::kCityRegistrar);
}

TEST(Transfer, R_TR_1_the_side_the_policy_names_initiates) {
  struct Case {
    TransferInitiator policy;
    TransferStarter starter;
    bool ok;
  } cases[] = {
      {TransferInitiator::kReceiving, TransferStarter::kReceivingSchool, true},
      {TransferInitiator::kReceiving, TransferStarter::kSendingSchool, false},
      {TransferInitiator::kSending, TransferStarter::kSendingSchool, true},
      {TransferInitiator::kSending, TransferStarter::kReceivingSchool, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.policy) * 10 + static_cast<int>(c.starter));
    Policy p = NationalDefaults();
    p.transfer_initiator = c.policy;
    auto s = CheckTransferInitiator(p, c.starter);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_INITIATOR");
      EXPECT_NE(s.error().message.find("R-TR-1"), std::string::npos);
    }
  }
}

TEST(Transfer, R_TR_5_status_preconditions_name_the_current_status) {
  struct Case {
    StudentStatus status;
    bool progression;
    const char* named;  // nullptr: allowed
  } cases[] = {
      {StudentStatus::kEnrolled, false, nullptr},  {StudentStatus::kAbroad, false, nullptr},
      {StudentStatus::kWithdrawn, false, nullptr}, {StudentStatus::kExpelled, false, nullptr},
      {StudentStatus::kGraduated, true, nullptr},  {StudentStatus::kGraduated, false, "毕业"},
      {StudentStatus::kSuspended, false, "休学"},  {StudentStatus::kStopped, false, "停学"},
      {StudentStatus::kDeceased, false, "死亡"},   {StudentStatus::kTransferredOut, false, "转出"},
      {StudentStatus::kPending, false, "未注册"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(StudentStatusName(c.status)));
    auto s = CheckTransferStatus(c.status, c.progression);
    EXPECT_EQ(s.ok(), c.named == nullptr);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_STATUS");
      EXPECT_EQ(s.error().kind, ErrorKind::kRuleViolation);
      EXPECT_NE(s.error().message.find(c.named), std::string::npos) << s.error().message;
    }
  }
  EXPECT_NE(CheckTransferStatus(StudentStatus::kSuspended, false).error().message.find("复学"),
            std::string::npos);
}

TEST(Transfer, R_TR_5_one_open_transfer_per_student) {
  EXPECT_TRUE(CheckNoOpenTransfer(std::nullopt).ok());
  auto s = CheckNoOpenTransfer(42);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "TRANSFER_OPEN");
  EXPECT_NE(s.error().message.find("42"), std::string::npos);
}

TEST(Transfer, R_TR_6_no_start_inside_the_freeze_window_named_by_its_dates) {
  struct Case {
    const char* day;
    bool ok;
  } cases[] = {{"2026-07-14", true},  {"2026-07-15", false}, {"2026-08-01", false},
               {"2026-08-14", false}, {"2026-08-15", true},  {"2025-07-15", false},
               {"2025-08-15", true}};
  Policy p = NationalDefaults();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.day);
    auto s = CheckTransferFreeze(p, D(c.day));
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_FREEZE");
      EXPECT_NE(s.error().message.find("07-15至08-14"), std::string::npos) << s.error().message;
    }
  }
}

TEST(Transfer, R_POL_6_a_window_a_level_added_is_named_too) {
  Policy p = NationalDefaults();
  p.extra_freezes.push_back({D("2026-01-10"), D("2026-02-20")});
  struct Case {
    const char* day;
    bool ok;
  } cases[] = {
      {"2026-01-09", true}, {"2026-01-10", false}, {"2026-02-20", false}, {"2026-02-21", true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.day);
    auto s = CheckTransferFreeze(p, D(c.day));
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_NE(s.error().message.find("01-10至02-20"), std::string::npos);
    }
  }
}

TEST(Transfer, R_TR_8_cross_province_progression_only_inside_its_windows) {
  struct Case {
    const char* day;
    TransferKind kind;
    bool progression;
    bool ok;
  } cases[] = {
      {"2026-08-14", TransferKind::kCrossProvince, true, false},
      {"2026-08-15", TransferKind::kCrossProvince, true, true},
      {"2026-12-14", TransferKind::kCrossProvince, true, true},
      {"2026-12-15", TransferKind::kCrossProvince, true, false},
      {"2026-02-28", TransferKind::kCrossProvince, true, false},
      {"2026-03-01", TransferKind::kCrossProvince, true, true},
      {"2026-05-31", TransferKind::kCrossProvince, true, true},
      {"2026-06-01", TransferKind::kCrossProvince, true, false},
      {"2026-06-01", TransferKind::kInProvince, true, true},
      {"2026-06-01", TransferKind::kCrossProvince, false, true},
  };
  Policy p = NationalDefaults();
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.day) + " " + std::string(TransferKindName(c.kind)));
    auto s = CheckProgressionWindow(p, D(c.day), c.kind, c.progression);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_PROGRESSION_WINDOW");
      EXPECT_NE(s.error().message.find("08-15至12-14、03-01至05-31"), std::string::npos);
    }
  }
}

TEST(Transfer, R_TR_7_a_class_at_its_cap_is_refused_naming_cap_and_size) {
  struct Case {
    int cap, size;
    bool ok;
  } cases[] = {{45, 43, true}, {45, 44, true}, {45, 45, false}, {50, 52, false}};
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.cap) + "/" + std::to_string(c.size));
    auto s = CheckClassCap(c.cap, c.size);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "CLASS_FULL");
      EXPECT_NE(s.error().message.find("上限 " + std::to_string(c.cap)), std::string::npos);
      EXPECT_NE(s.error().message.find("现有 " + std::to_string(c.size)), std::string::npos);
    }
  }
}

TEST(Transfer, R_TR_5_R_TR_6_R_TR_7_start_checks_in_order) {
  Policy p = NationalDefaults();
  TransferStartFacts f;
  f.today = D("2026-07-20");
  f.class_cap = 45;
  f.class_size = 45;
  f.status = StudentStatus::kSuspended;
  EXPECT_EQ(CheckTransferStart(p, f).error().code, "TRANSFER_STATUS");
  f.status = StudentStatus::kEnrolled;
  EXPECT_EQ(CheckTransferStart(p, f).error().code, "TRANSFER_FREEZE");
  f.today = D("2026-09-01");
  EXPECT_EQ(CheckTransferStart(p, f).error().code, "CLASS_FULL");
  f.class_size = 44;
  EXPECT_TRUE(CheckTransferStart(p, f).ok());
}

TEST(Transfer, R_TR_9_rollback_within_six_months_of_the_move) {
  struct Case {
    const char *moved, *today;
    bool ok;
  } cases[] = {{"2026-03-10", "2026-09-10", true},
               {"2026-03-10", "2026-09-11", false},
               {"2025-08-31", "2026-02-28", true},
               {"2025-08-31", "2026-03-01", false}};
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.moved) + " " + c.today);
    auto s = CheckRollbackWindow(D(c.moved), D(c.today));
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "TRANSFER_ROLLBACK_EXPIRED");
    }
  }
}

TEST(Transfer, R_TR_3_shipping_due_a_month_after_the_move) {
  EXPECT_EQ(AddMonths(D("2026-09-10"), 1), D("2026-10-10"));
  EXPECT_EQ(AddMonths(D("2026-01-31"), 1), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2025-12-15"), 1), D("2026-01-15"));
  EXPECT_EQ(AddMonths(D("2026-01-15"), -2), D("2025-11-15"));
}

TEST(Transfer, R_TR_10_offline_completion_date_is_real_and_past) {
  struct Case {
    const char* date;
    bool ok;
  } cases[] = {
      {"2026-09-10", true}, {"2026-09-11", false}, {"2025-09-10", true}, {"2025-09-09", false}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.date);
    EXPECT_EQ(CheckOfflineDate(D(c.date), D("2026-09-10")).ok(), c.ok);
  }
}

}  // namespace
}  // namespace xueji::domain
