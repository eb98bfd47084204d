// 问题学籍 on both backends: kinds b and c found at submission and at 核准,
// listed per school and authority with counts, resolved by arbitration
// (R-REG-3, R-REG-5, R-REG-8, R-NO-6).

#include "service/problem_records.h"

#include <gtest/gtest.h>

#include "service/audit.h"
#include "service/registration.h"
#include "service/student_numbers.h"
#include "service/student_queries.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

class ProblemRecords : public StudentFixture {
 protected:
  // An active record at 5201020001 and a duplicate submitted at 5201030001.
  void SetUpDuplicate() {
    auto first = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                          "5201020001", kId);
    ASSERT_TRUE(first.ok());
    active_ = first->student_id;
    active_number_ = first->student_number;
    yunyan_ = NewAccount("yy_registrar", "school_registrar", "5201030001");
    auto dup = SubmitRegistration(*db_, yunyan_, Org("5201030001"), FirstGrader("5201030001", kId));
    ASSERT_TRUE(dup.ok());
    ASSERT_EQ(dup->registration, "problem");
    duplicate_ = dup->student_id;
    problem_ = *dup->problem_id;
  }
  std::string Registration(int64_t id) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT registration FROM student WHERE id = $1", {id})->Text(0);
  }

  static constexpr const char* kId = "52010220190901123X";
  Context yunyan_;
  int64_t active_ = 0, duplicate_ = 0, problem_ = 0;
  std::string active_number_;
};

TEST_P(ProblemRecords, R_REG_6_registering_a_student_active_elsewhere_points_to_the_transfer) {
  auto first = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                        "5201020001", kId);
  ASSERT_TRUE(first.ok());
  Context other = NewAccount("yy_registrar", "school_registrar", "5201030001");
  auto dup = SubmitRegistration(*db_, other, Org("5201030001"), FirstGrader("5201030001", kId));
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->registration, "problem");
  bool told = false;
  for (const auto& w : dup->warnings) {
    told = told || (w.code == "HOLDS_ACTIVE_RECORD" && w.message.find("转学") != std::string::npos);
  }
  EXPECT_TRUE(told) << "the registrar is told to use the transfer procedure";
}

TEST_P(ProblemRecords,
       R_REG_7_the_school_holds_the_student_as_pending_while_the_record_is_settled) {
  SetUpDuplicate();
  StudentFilter f;
  f.org_path = "/000000/520000/520100/520103/5201030001/";
  auto page = ListStudents(*db_, yunyan_, f);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, duplicate_);
  EXPECT_EQ(page->items[0].registration, "problem");
  EXPECT_EQ(page->items[0].status, "pending");  // on the school's roster, not yet 在籍
}

TEST_P(ProblemRecords, R_REG_8_listed_for_both_schools_and_the_authority_with_counts) {
  SetUpDuplicate();
  struct Case {
    const char* org_path;
    int64_t expected;
  };
  const Case cases[] = {
      {"/000000/520000/520100/520102/5201020001/", 1},  // the holder's school
      {"/000000/520000/520100/520103/5201030001/", 1},  // the new record's school
      {"/000000/520000/520100/", 1},                    // the arbiter
      {"/000000/520000/520100/520103/5201030002/", 0},  // an unrelated school
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.org_path);
    auto list = ListProblemRecords(*db_, As("moe_registrar"), c.org_path, "open", "", 0, 50);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(static_cast<int64_t>(list->items.size()), c.expected);
    EXPECT_EQ(list->open_counts["duplicate_id"], c.expected);
  }
  auto one = GetProblemRecord(*db_, problem_);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->arbiter_org, "520100");
  EXPECT_EQ(one->student.id_number_masked, "520102********123X");  // R-SEC-3
  ASSERT_TRUE(one->other.has_value());
  EXPECT_EQ(one->other->student_id, active_);
}

TEST_P(ProblemRecords, R_REG_5_only_the_arbiter_resolves_and_a_note_is_required) {
  SetUpDuplicate();
  auto by_county = ResolveProblemRecord(*db_, As("nanming_registrar"), problem_,
                                        ProblemAction::kKeepOther, "学生在南明区就读", 0);
  EXPECT_EQ(by_county.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(
      ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kKeepOther, "  ", 0)
          .error()
          .code,
      "REASON_REQUIRED");
  // 佐证 cannot explain two records with one ID number.
  EXPECT_EQ(ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kEvidence,
                                 "双胞胎", 0)
                .error()
                .code,
            "ACTION_KIND");
  EXPECT_EQ(Registration(duplicate_), "problem");
}

TEST_P(ProblemRecords, R_REG_5_keep_other_cancels_the_new_record) {
  SetUpDuplicate();
  auto done = ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kKeepOther,
                                   "学生实际在南明区就读（人籍一致）", 0);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->state, "resolved");
  EXPECT_EQ(done->action, "keep_other");
  EXPECT_EQ(done->resolved_by, "gy_registrar");
  EXPECT_EQ(done->kept_student_id, active_);
  EXPECT_EQ(Registration(duplicate_), "cancelled");
  EXPECT_EQ(Registration(active_), "active");
  EXPECT_EQ(ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kKeepThis,
                                 "再次处理", 0)
                .error()
                .code,
            "PROBLEM_RESOLVED");
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(ProblemRecords, R_REG_5_keep_this_cancels_the_holder_and_its_L_number_for_good) {
  SetUpDuplicate();
  auto done = ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kKeepThis,
                                   "学生已在云岩区就读", 0);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(Registration(active_), "cancelled");
  EXPECT_EQ(Registration(duplicate_), "pending_school");  // resumes where it stopped
  {
    auto tx = db_->BeginRead();
    EXPECT_EQ(tx->QueryOne("SELECT state FROM student_number_registry WHERE number = $1",
                           {active_number_})
                  ->Text(0),
              "deleted");  // R-NO-6
    EXPECT_FALSE(tx->QueryOne("SELECT 1 FROM national_id_index WHERE id_number_norm = $1",
                              {std::string(kId)}));
    EXPECT_TRUE(tx->QueryOne(
        "SELECT 1 FROM student_history WHERE student_id = $1 AND new_value = 'cancelled'",
        {active_}));
  }
  // The kept record now completes its registration: the index is free.
  Context approver = NewAccount("yy_approver", "school_approver", "5201030001");
  ASSERT_TRUE(DecideAtSchool(*db_, approver, duplicate_, true, "").ok());
  auto active = DecideAtAuthority(*db_, As("yunyan_registrar"), duplicate_, true, "");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->registration, "active");
  EXPECT_NE(active->student_number, active_number_);
}

TEST_P(ProblemRecords, R_REG_8_kind_c_same_name_sex_birth_without_an_id_number) {
  domain::StudentInput s = FirstGrader("5201020001", "");
  s.id_type = "Z";
  auto first = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), first->student_id, true, "").ok());
  ASSERT_TRUE(DecideAtAuthority(*db_, As("nanming_registrar"), first->student_id, true, "").ok());
  s.name = "王小明 ";  // normalized: the same name
  auto second = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->registration, "problem");
  auto p = GetProblemRecord(*db_, *second->problem_id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, "duplicate_no_id");
  EXPECT_EQ(p->arbiter_org, "520102");  // one school: its record authority arbitrates
}

TEST_P(ProblemRecords, R_NO_6_a_G_numbered_record_is_not_cancelled_by_arbitration) {
  SetUpDuplicate();
  {
    auto tx = db_->BeginWrite();
    auto id = domain::ParseIdNumber(kId, domain::Date{2026, 9, 10});
    auto g = IssueFormalNumber(*tx, As("moe_registrar"), *id);
    ASSERT_TRUE(g.ok());
    tx->Exec("UPDATE student SET student_number = $1 WHERE id = $2", {*g, active_});
    tx->Commit();
  }
  auto r = ResolveProblemRecord(*db_, As("gy_registrar"), problem_, ProblemAction::kKeepThis,
                                "学生已在云岩区就读", 0);
  EXPECT_EQ(r.error().code, "G_NUMBER_NEEDS_DELETION_REQUEST");
  EXPECT_EQ(Registration(active_), "active");
  EXPECT_EQ(Registration(duplicate_), "problem");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProblemRecords, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
