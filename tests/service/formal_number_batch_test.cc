// The spring batch of formal 学籍号 on both backends (R-NO-3, R-YR-4, R-NO-4,
// R-NO-6, R-NO-7, R-REG-8 kind a).

#include "service/formal_number_batch.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/id_number.h"
#include "service/audit.h"
#include "service/population_reference.h"
#include "service/student_numbers.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// A valid 居民身份证 number of a boy born 2019-09-01 in 南明区; `seq` ends odd.
std::string BoyId(const std::string& seq) {
  std::string first17 = "52010220190901" + seq;
  return first17 + domain::IdCheckCharacter(first17);
}

// Verifies through `inner` and fails like a lost connection on call `fail_at`.
class FailingVerifier : public IdentityVerifier {
 public:
  FailingVerifier(std::unique_ptr<IdentityVerifier> inner, int fail_at)
      : inner_(std::move(inner)), fail_at_(fail_at) {}
  Result<VerificationOutcome> Verify(store::Tx& tx, const Context& ctx, int64_t student_id,
                                     const PersonToVerify& person) override {
    if (++calls_ == fail_at_) {
      throw store::StoreError(store::StoreError::Kind::kConnection, "connection lost");
    }
    return inner_->Verify(tx, ctx, student_id, person);
  }

 private:
  std::unique_ptr<IdentityVerifier> inner_;
  int fail_at_;
  int calls_ = 0;
};

class FormalNumberBatch : public StudentFixture {
 protected:
  Context System() { return Context{std::nullopt, "test", now_}; }
  // Registers a first-grader of 南明区第一小学 through 核准 (an L number).
  int64_t Enroll(const std::string& id) {
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", id);
    EXPECT_TRUE(r.ok() && r->registration == "active");
    return r.ok() ? r->student_id : 0;
  }
  // The population reference holds these rows (身份证件号,姓名,性别,出生日期).
  void Population(const std::vector<std::string>& rows) {
    std::string text = "身份证件号,姓名,性别,出生日期\n";
    for (const auto& r : rows) text += r + "\n";
    auto report = ImportPopulationReference(*db_, System(), "population.csv", text);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->bad, 0);
  }
  Result<BatchReport> Run(const std::string& path = "/000000/", BatchOptions options = {}) {
    return RunFormalNumberBatch(*db_, System(), path, options);
  }
  std::string NumberOf(int64_t student_id) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT student_number FROM student WHERE id = $1", {student_id})->Text(0);
  }
  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, params)->Int(0);
  }
};

TEST_P(FormalNumberBatch, R_NO_3_matched_student_gets_G_and_keeps_the_L_in_the_record) {
  int64_t student = Enroll(BoyId("123"));
  std::string l_number = NumberOf(student);
  ASSERT_EQ(l_number.substr(0, 1), "L");
  Population({BoyId("123") + ",王小明,1,2019-09-01"});
  auto report = Run();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->batch.state, "done");
  EXPECT_FALSE(report->resumed);
  EXPECT_EQ(report->batch.considered, 1);
  EXPECT_EQ(report->batch.issued, 1);
  EXPECT_EQ(NumberOf(student), "G" + BoyId("123"));
  auto tx = db_->BeginRead();
  auto former = tx->QueryOne(
      "SELECT number, batch_id FROM student_former_number WHERE student_id = $1", {student});
  ASSERT_TRUE(former.has_value());
  EXPECT_EQ(former->Text(0), l_number);
  EXPECT_EQ(former->Int(1), report->batch.id);
  auto history = tx->QueryOne(
      "SELECT old_value, new_value FROM student_history WHERE student_id = $1 AND field = "
      "'student_number' AND old_value <> ''",
      {student});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->Text(0), l_number);
  EXPECT_EQ(history->Text(1), "G" + BoyId("123"));
  auto check =
      tx->QueryOne("SELECT verdict, batch_id FROM identity_check WHERE student_id = $1", {student});
  EXPECT_EQ(check->Text(0), "matched");
  EXPECT_EQ(check->Int(1), report->batch.id);
  EXPECT_EQ(tx->QueryOne("SELECT kind, state FROM student_number_registry WHERE number = $1",
                         {"G" + BoyId("123")})
                ->Text(0),
            "G");
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(FormalNumberBatch, R_REG_8_mismatch_or_unknown_opens_one_invalid_id_problem_not_two) {
  int64_t mismatched = Enroll(BoyId("123"));
  int64_t unknown = Enroll(BoyId("131"));
  std::string kept = NumberOf(mismatched);
  Population({BoyId("123") + ",王晓明,1,2019-09-01"});
  for (int run = 1; run <= 2; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    auto report = Run();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->batch.considered, 2);
    EXPECT_EQ(report->batch.mismatched, 1);
    EXPECT_EQ(report->batch.unknown, 1);
    EXPECT_EQ(report->batch.issued, 0);
    EXPECT_EQ(report->batch.problems_opened, run == 1 ? 2 : 0);
  }
  EXPECT_EQ(NumberOf(mismatched), kept);
  auto tx = db_->BeginRead();
  for (int64_t student : {mismatched, unknown}) {
    SCOPED_TRACE(student);
    auto rows = tx->Query(
        "SELECT kind, arbiter_org, state, detail FROM problem_record WHERE student_id = $1",
        {student});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Text(0), "invalid_id");
    EXPECT_EQ(rows[0].Text(1), "520102");  // the school's record authority
    EXPECT_EQ(rows[0].Text(2), "open");
    EXPECT_FALSE(rows[0].Text(3).empty());
  }
  EXPECT_EQ(tx->QueryOne("SELECT registration FROM student WHERE id = $1", {mismatched})->Text(0),
            "active");
}

TEST_P(FormalNumberBatch, R_REG_8_a_later_match_resolves_the_problem_and_evidence_is_not_reopened) {
  int64_t corrected = Enroll(BoyId("123"));
  int64_t proven = Enroll(BoyId("131"));
  Population({BoyId("123") + ",王晓明,1,2019-09-01", BoyId("131") + ",王晓明,1,2019-09-01"});
  ASSERT_TRUE(Run().ok());
  // The ministry's corrected file now agrees with the first record; the
  // authority accepted proof (佐证) for the second.
  Population({BoyId("123") + ",王小明,1,2019-09-01"});
  {
    auto tx = db_->BeginWrite();
    tx->Exec(
        "UPDATE problem_record SET state = 'resolved', action = 'evidence' WHERE student_id "
        "= $1",
        {proven});
    tx->Commit();
  }
  auto report = Run();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->batch.issued, 1);
  EXPECT_EQ(report->batch.problems_opened, 0);
  auto tx = db_->BeginRead();
  auto p =
      tx->QueryOne("SELECT state, action FROM problem_record WHERE student_id = $1", {corrected});
  EXPECT_EQ(p->Text(0), "resolved");
  EXPECT_EQ(p->Text(1), "verified");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM problem_record WHERE student_id = $1", {proven}), 1);
}

TEST_P(FormalNumberBatch, R_NO_3_running_again_issues_nothing_twice) {
  int64_t student = Enroll(BoyId("123"));
  Population({BoyId("123") + ",王小明,1,2019-09-01"});
  auto first = Run();
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->batch.issued, 1);
  auto second = Run();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->batch.id, first->batch.id);
  EXPECT_EQ(second->batch.considered, 0);
  EXPECT_EQ(second->batch.issued, 0);
  EXPECT_EQ(NumberOf(student), "G" + BoyId("123"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_former_number"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_number_registry WHERE kind = 'G'"), 1);
  auto batches = ListNumberBatches(*db_, System());
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].id, second->batch.id);
  EXPECT_EQ((*batches)[1].issued, 1);
}

TEST_P(FormalNumberBatch, R_NO_4_J_student_who_later_got_a_citizen_id_changes_to_G) {
  domain::StudentInput s = FirstGrader("5201020001", "");
  s.id_type = "Z";
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), s);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  auto done = DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "");
  ASSERT_TRUE(done.ok());
  std::string j_number = done->student_number;
  ASSERT_EQ(j_number.substr(0, 1), "J");
  // The record's key data changed (R-CHG-2): it now carries a 居民身份证
  // number and holds it in the national index.
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET id_type = '1', id_number = $1, id_number_norm = $1 WHERE id = $2",
             {BoyId("123"), sub->student_id});
    tx->Exec("INSERT INTO national_id_index (id_number_norm, student_id) VALUES ($1, $2)",
             {BoyId("123"), sub->student_id});
    tx->Commit();
  }
  Population({BoyId("123") + ",王小明,男,2019-09-01"});
  auto report = Run();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->batch.issued, 1);
  EXPECT_EQ(NumberOf(sub->student_id), "G" + BoyId("123"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_former_number WHERE student_id = $1 AND "
                  "number = $2",
                  {sub->student_id, j_number}),
            1);
}

TEST_P(FormalNumberBatch, R_NO_6_a_deleted_G_number_is_never_issued_again) {
  {
    auto tx = db_->BeginWrite();
    auto id = domain::ParseIdNumber(BoyId("123"), domain::CstDate(now_));
    ASSERT_TRUE(IssueFormalNumber(*tx, System(), *id).ok());
    ASSERT_TRUE(MarkNumberDeleted(*tx, System(), "G" + BoyId("123")).ok());
    tx->Commit();
  }
  int64_t student = Enroll(BoyId("123"));
  std::string l_number = NumberOf(student);
  Population({BoyId("123") + ",王小明,1,2019-09-01"});
  auto report = Run();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->batch.issued, 0);
  EXPECT_EQ(report->batch.skipped, 1);
  ASSERT_EQ(report->skips.size(), 1u);
  EXPECT_EQ(report->skips[0].student_id, student);
  EXPECT_EQ(report->skips[0].student_number, l_number);
  EXPECT_EQ(report->skips[0].code, "FORMAL_NUMBER_TAKEN");
  EXPECT_EQ(NumberOf(student), l_number);
  auto loaded = LoadNumberBatch(*db_, System(), report->batch.id);
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->skips.size(), 1u);
  EXPECT_EQ(loaded->skips[0].code, "FORMAL_NUMBER_TAKEN");
}

TEST_P(FormalNumberBatch, R_NO_3_a_crash_loses_only_the_current_chunk_and_the_next_run_continues) {
  std::vector<int64_t> students;
  std::vector<std::string> rows;
  for (const char* seq : {"123", "131", "141"}) {
    students.push_back(Enroll(BoyId(seq)));
    rows.push_back(BoyId(seq) + ",王小明,1,2019-09-01");
  }
  Population(rows);
  BatchOptions crashing;
  crashing.chunk_size = 2;
  crashing.verifier = [](int64_t batch_id) -> std::unique_ptr<IdentityVerifier> {
    return std::make_unique<FailingVerifier>(PopulationReferenceVerifierForBatch(batch_id), 3);
  };
  EXPECT_THROW((void)Run("/000000/", crashing), store::StoreError);
  EXPECT_EQ(NumberOf(students[0]).substr(0, 1), "G");
  EXPECT_EQ(NumberOf(students[1]).substr(0, 1), "G");
  EXPECT_EQ(NumberOf(students[2]).substr(0, 1), "L");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM number_batch WHERE state = 'running' AND considered = 2"),
            1);
  BatchOptions normal;
  normal.chunk_size = 2;
  auto report = Run("/000000/", normal);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->resumed);
  EXPECT_EQ(report->batch.considered, 3);
  EXPECT_EQ(report->batch.issued, 3);
  EXPECT_EQ(NumberOf(students[2]), "G" + BoyId("141"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM number_batch"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM identity_check"), 3);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(FormalNumberBatch, R_NO_3_only_the_scope_and_only_active_index_holders_are_considered) {
  int64_t guizhou = Enroll(BoyId("123"));
  Context bj_registrar = NewAccount("bj_registrar", "school_registrar", "1101010001");
  Context bj_approver = NewAccount("bj_approver", "school_approver", "1101010001");
  Context bj_county = NewAccount("dongcheng_registrar", "county_registrar", "110101");
  auto beijing = Register(bj_registrar, bj_approver, bj_county, "1101010001", BoyId("131"));
  ASSERT_TRUE(beijing.ok() && beijing->registration == "active");
  // A duplicate of the Guizhou student: a problem record, never active (R-REG-3).
  auto duplicate = SubmitRegistration(*db_, bj_registrar, Org("1101010001"),
                                      FirstGrader("1101010001", BoyId("123")));
  ASSERT_TRUE(duplicate.ok() && duplicate->registration == "problem");
  Population({BoyId("123") + ",王小明,1,2019-09-01", BoyId("131") + ",王小明,1,2019-09-01"});
  auto report = Run(Org("520000").path);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->batch.scope_org, "520000");
  EXPECT_EQ(report->batch.considered, 1);
  EXPECT_EQ(NumberOf(guizhou), "G" + BoyId("123"));
  EXPECT_EQ(NumberOf(beijing->student_id).substr(0, 1), "L");
  EXPECT_EQ(NumberOf(duplicate->student_id), "");
}

TEST_P(FormalNumberBatch,
       R_NO_3_only_the_ministry_registrar_runs_a_batch_and_only_on_a_real_scope) {
  struct Case {
    std::string name;
    std::optional<Context> actor;
    std::string path;
    ErrorKind kind;
  };
  const std::vector<Case> cases = {
      {"province registrar", As("gz_registrar"), Org("520000").path, ErrorKind::kForbidden},
      {"no such organization", std::nullopt, "/000000/999999/", ErrorKind::kNotFound},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto report = RunFormalNumberBatch(*db_, c.actor ? *c.actor : System(), c.path);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().kind, c.kind);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM number_batch"), 0);
  auto ministry = RunFormalNumberBatch(*db_, As("moe_registrar"), Org("520000").path);
  ASSERT_TRUE(ministry.ok());
  EXPECT_EQ(ministry->batch.actor, "moe_registrar");
  auto seen = ListNumberBatches(*db_, As("nanming_registrar"));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 1u);  // the province's batch covers the county
  Context beijing = NewAccount("dongcheng_registrar", "county_registrar", "110101");
  EXPECT_TRUE(ListNumberBatches(*db_, beijing)->empty());
  EXPECT_EQ(LoadNumberBatch(*db_, beijing, ministry->batch.id).error().kind, ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, FormalNumberBatch, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
