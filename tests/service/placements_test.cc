// R-TR-12 (第十七条) in the store: a transfer that keeps the record at the
// sending school (学籍保留在原学校) — allowed between a special-education
// school and a regular school and into a 专门学校 with the original school's
// and guardians' agreement, refused between regular schools — records a
// placement at 调档 instead of moving the record; the attending school lists
// it, the record school sees it, and it ends by hand or when a later
// transfer moves the record. On both backends.

#include "service/placements.h"

#include <gtest/gtest.h>

#include "domain/id_number.h"
#include "service/class_capacity.h"
#include "service/proof_files.h"
#include "service/student_history.h"
#include "service/student_store.h"
#include "service/transfers.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

const std::string kRegular = "5201020001";       // 南明区第一小学 (demo, regular)
const std::string kSpecial = "5201030091";       // 云岩区特殊教育学校 (created here)
const std::string kSpecialized = "5201030092";   // 云岩区专门学校 (created here)
const std::string kOtherRegular = "5201030001";  // 云岩区实验小学 (demo, regular)
const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);

std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}

class Placements : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    AddSchool(kSpecial, "贵阳市云岩区特殊教育学校", "special");
    AddSchool(kSpecialized, "贵阳市云岩区专门学校", "specialized");
    sp_registrar_ = NewAccount("sp_registrar", "school_registrar", kSpecial);
    sp_approver_ = NewAccount("sp_approver", "school_approver", kSpecial);
    zm_registrar_ = NewAccount("zm_registrar", "school_registrar", kSpecialized);
    zm_approver_ = NewAccount("zm_approver", "school_approver", kSpecialized);
    yy_registrar_ = NewAccount("yy_registrar", "school_registrar", kOtherRegular);
    yy_approver_ = NewAccount("yy_approver", "school_approver", kOtherRegular);
    special_student_ = Active(sp_registrar_, sp_approver_, kSpecial, Id("301"), "周随班", "4");
    regular_student_ =
        Active(As("school_registrar"), As("school_approver"), kRegular, Id("303"), "郑普通", "0");
  }

  void AddSchool(const std::string& code, const std::string& name, const std::string& type) {
    Context cli{std::nullopt, "test", now_};
    domain::SchoolInput s{code, name, "primary", type, "520103", "520103"};
    ASSERT_TRUE(CreateSchool(*db_, cli, Org("520103"), s).ok());
    ASSERT_TRUE(CreateClass(*db_, cli, Org(code), {"11", "1班", "", 0}).ok());
  }

  // An active record named `name` at `school` whose 残疾人类型 is `disability`.
  int64_t Active(const Context& registrar, const Context& approver, const std::string& school,
                 const std::string& id, const std::string& name, const std::string& disability) {
    domain::StudentInput s = FirstGrader(school, id);
    s.name = name;
    s.disability = disability;
    auto sub = SubmitRegistration(*db_, registrar, Org(school), s);
    EXPECT_TRUE(sub.ok()) << sub.error().message;
    if (!sub.ok()) return 0;
    EXPECT_TRUE(DecideAtSchool(*db_, approver, sub->student_id, true, "").ok());
    std::string authority = school == kRegular ? "nanming_registrar" : "yunyan_registrar";
    auto r = DecideAtAuthority(*db_, As(authority), sub->student_id, true, "");
    EXPECT_TRUE(r.ok() && r->registration == "active")
        << (r.ok() ? r->registration : r.error().message);
    return sub->student_id;
  }

  StoredStudent Load(int64_t id) {
    auto tx = db_->BeginRead();
    return *LoadStoredStudent(*tx, id);
  }

  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, params)->Int(0);
  }

  TransferStartInput Input(int64_t student, const std::string& to_school, bool record_stays) {
    StoredStudent s = Load(student);
    TransferStartInput in{s.student_number, s.record.name, "",          FirstGradeClass(to_school),
                          "随班就读安置",   false,         std::nullopt};
    in.record_stays = record_stays;
    return in;
  }

  // Every open step decided by its owner: `parties` maps an organization to
  // its deciding account.
  void ApproveAll(int64_t id, const std::map<std::string, Context>& parties) {
    auto t = GetTransfer(*db_, parties.begin()->second, id);
    ASSERT_TRUE(t.ok()) << t.error().message;
    for (const auto& step : t->steps) {
      SCOPED_TRACE(step.name);
      auto d = DecideTransfer(*db_, parties.at(step.owner_org), id, step.seq, true, "");
      ASSERT_TRUE(d.ok()) << d.error().message;
    }
  }

  // special → regular (南明区第一小学), the record staying: started, approved
  // and 调档 by 南明区第一小学's registrar.
  TransferInfo Placed() {
    auto t = StartTransfer(*db_, As("school_registrar"), Input(special_student_, kRegular, true));
    EXPECT_TRUE(t.ok()) << t.error().message;
    if (!t.ok()) return {};
    ApproveAll(t->id, {{kRegular, As("school_approver")},
                       {"520102", As("nanming_registrar")},
                       {kSpecial, sp_approver_},
                       {"520103", As("yunyan_registrar")}});
    auto m = MoveTransferredRecord(*db_, As("school_registrar"), t->id);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? *m : TransferInfo{};
  }

  Context sp_registrar_, sp_approver_, zm_registrar_, zm_approver_, yy_registrar_, yy_approver_;
  int64_t special_student_ = 0, regular_student_ = 0;
};

TEST_P(Placements, R_TR_12_special_to_regular_keeps_the_record_and_lists_the_placement) {
  StoredStudent before = Load(special_student_);
  TransferInfo t = Placed();
  ASSERT_NE(t.id, 0);
  EXPECT_TRUE(t.record_stays);
  EXPECT_EQ(t.record_stay_basis, "special_education");
  EXPECT_EQ(t.state, "placed");
  // The record stays where it was: school, class, grade, status.
  StoredStudent after = Load(special_student_);
  EXPECT_EQ(after.school_code, kSpecial);
  EXPECT_EQ(after.record.class_id, before.record.class_id);
  EXPECT_EQ(after.status, "enrolled");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer_archive_shipping"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer_archive_backup"), 0);
  // The attending school lists it, ID number masked.
  auto list = ListSchoolPlacements(*db_, As("school_registrar"), kRegular);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  const PlacementInfo& p = list->front();
  EXPECT_EQ(p.student_id, special_student_);
  EXPECT_EQ(p.record_school, kSpecial);
  EXPECT_EQ(p.record_school_name, "贵阳市云岩区特殊教育学校");
  EXPECT_EQ(p.attending_class_id, FirstGradeClass(kRegular));
  EXPECT_EQ(p.record_grade, "11");
  EXPECT_EQ(p.id_number_masked, domain::MaskIdNumber(Id("301")));
  EXPECT_EQ(p.id_number_masked.find(Id("301")), std::string::npos);
  EXPECT_EQ(domain::FormatDate(p.since), "2026-09-10");
  // The record school sees where the student attends.
  auto seen = GetStudentPlacement(*db_, sp_registrar_, special_student_);
  ASSERT_TRUE(seen.ok()) << seen.error().message;
  ASSERT_TRUE(seen->has_value());
  EXPECT_EQ((*seen)->attending_school_name, "贵阳市南明区第一小学");
  // History and audit in the same transaction.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE student_id = $1 AND field = "
                  "'attending_school'",
                  {special_student_}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'placement.start'"), 1);
  // Outside both schools' subtrees the record's placement does not exist.
  EXPECT_EQ(GetStudentPlacement(*db_, As("nanming_registrar"), special_student_).error().kind,
            ErrorKind::kNotFound);
}

// R-TR-12, R-POL-2: a placed student sits in the attending class and takes
// a seat there (its record's class keeps its seat too); the seat is free
// again when the placement ends.
TEST_P(Placements, R_TR_12_a_placed_student_counts_in_the_attending_class_size) {
  int64_t attending = FirstGradeClass(kRegular);
  auto size = [&] {
    auto tx = db_->BeginRead();
    auto facts = LoadClassFacts(*tx, kRegular, attending);
    EXPECT_TRUE(facts.ok());
    return facts.ok() ? facts->size : -1;
  };
  int before = size();
  TransferInfo t = Placed();
  ASSERT_NE(t.id, 0);
  EXPECT_EQ(size(), before + 1);
  auto list = ListSchoolPlacements(*db_, As("school_registrar"), kRegular);
  ASSERT_TRUE(list.ok() && list->size() == 1u);
  auto ended = EndPlacement(*db_, As("school_registrar"), list->front().id,
                            *domain::ParseDate("2026-09-10"), "学生回原学校就读");
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(size(), before);
}

TEST_P(Placements, R_TR_12_regular_to_special_keeps_the_record_of_a_disabled_student) {
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET disability = '2' WHERE id = $1", {regular_student_});
    tx->Commit();
  }
  auto t = StartTransfer(*db_, sp_registrar_, Input(regular_student_, kSpecial, true));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->record_stay_basis, "special_education");
}

TEST_P(Placements, R_TR_12_refusals_change_nothing) {
  struct Case {
    const char* name;
    Context starter;
    int64_t student;
    std::string to_school;
    const char* code;
  } cases[] = {
      {"普通学校之间", yy_registrar_, regular_student_, kOtherRegular,
       "TRANSFER_RECORD_STAYS_NOT_ALLOWED"},
      {"普通→特教，无残疾", sp_registrar_, regular_student_, kSpecial,
       "TRANSFER_RECORD_STAYS_DISABILITY"},
      {"专门学校，无商定书", zm_registrar_, regular_student_, kSpecialized,
       "TRANSFER_RECORD_STAYS_AGREEMENT"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = StartTransfer(*db_, c.starter, Input(c.student, c.to_school, true));
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, c.code);
    EXPECT_EQ(t.error().kind, ErrorKind::kRuleViolation);
    EXPECT_NE(t.error().message.find("R-TR-12"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM workflow_request WHERE type = 'transfer'"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer_record_stay"), 0);
  }
  // Without record_stays the same regular → regular transfer starts.
  EXPECT_TRUE(
      StartTransfer(*db_, yy_registrar_, Input(regular_student_, kOtherRegular, false)).ok());
}

TEST_P(Placements, R_TR_12_specialized_school_needs_the_agreement_of_school_and_guardians) {
  auto wrong = UploadProof(*db_, As("school_registrar"), regular_student_, "transfer_statement",
                           "说明.jpg", kJpeg);
  ASSERT_TRUE(wrong.ok()) << wrong.error().message;
  TransferStartInput in = Input(regular_student_, kSpecialized, true);
  in.agreement_proof_id = wrong->id;
  auto refused = StartTransfer(*db_, zm_registrar_, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "PROOF_KIND");
  auto agreement = UploadProof(*db_, As("school_registrar"), regular_student_,
                               "record_location_agreement", "商定书.jpg", kJpeg);
  ASSERT_TRUE(agreement.ok()) << agreement.error().message;
  in.agreement_proof_id = agreement->id;
  auto t = StartTransfer(*db_, zm_registrar_, in);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->record_stays);
  EXPECT_EQ(t->record_stay_basis, "specialized_school");
  EXPECT_EQ(t->agreement_proof_id, agreement->id);
  ApproveAll(t->id, {{kSpecialized, zm_approver_},
                     {"520103", As("yunyan_registrar")},
                     {kRegular, As("school_approver")},
                     {"520102", As("nanming_registrar")}});
  auto m = MoveTransferredRecord(*db_, zm_registrar_, t->id);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->state, "placed");
  EXPECT_EQ(Load(regular_student_).school_code, kRegular);
  EXPECT_EQ(ListSchoolPlacements(*db_, zm_registrar_, kSpecialized)->size(), 1u);
}

TEST_P(Placements, R_TR_12_an_agreement_without_record_stays_is_refused) {
  auto agreement = UploadProof(*db_, As("school_registrar"), regular_student_,
                               "record_location_agreement", "商定书.jpg", kJpeg);
  ASSERT_TRUE(agreement.ok());
  TransferStartInput in = Input(regular_student_, kSpecialized, false);
  in.agreement_proof_id = agreement->id;
  auto t = StartTransfer(*db_, zm_registrar_, in);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "AGREEMENT_WITHOUT_RECORD_STAYS");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfer"), 0);
}

TEST_P(Placements, R_TR_12_the_student_returns_to_the_record_school) {
  TransferInfo t = Placed();
  ASSERT_NE(t.id, 0);
  int64_t id = ListSchoolPlacements(*db_, As("school_registrar"), kRegular)->front().id;
  struct Case {
    const char* name;
    Context who;
    const char* date;
    const char* reason;
    ErrorKind kind;
    const char* code;
  } refused[] = {
      {"不在两校管辖内", NewAccount("bj_registrar", "school_registrar", "1101010001"), "2026-09-10",
       "回原校", ErrorKind::kNotFound, "NOT_FOUND"},
      {"审核员", As("school_approver"), "2026-09-10", "回原校", ErrorKind::kForbidden, "FORBIDDEN"},
      {"早于安置开始", sp_registrar_, "2026-09-09", "回原校", ErrorKind::kInvalid,
       "PLACEMENT_END_DATE"},
      {"晚于今天", sp_registrar_, "2026-09-11", "回原校", ErrorKind::kInvalid,
       "PLACEMENT_END_DATE"},
      {"无原因", sp_registrar_, "2026-09-10", " ", ErrorKind::kInvalid, ""},
  };
  for (const auto& c : refused) {
    SCOPED_TRACE(c.name);
    auto r = EndPlacement(*db_, c.who, id, *domain::ParseDate(c.date), c.reason);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, c.kind);
    if (*c.code) {
      EXPECT_EQ(r.error().code, c.code);
    }
    EXPECT_EQ(ListSchoolPlacements(*db_, As("school_registrar"), kRegular)->size(), 1u);
  }
  auto ended =
      EndPlacement(*db_, sp_registrar_, id, *domain::ParseDate("2026-09-10"), "回原校就读");
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(ended->state, "ended");
  EXPECT_EQ(ended->ended_by, "sp_registrar");
  EXPECT_NE(ended->end_reason.find("回原校就读"), std::string::npos);
  EXPECT_TRUE(ListSchoolPlacements(*db_, As("school_registrar"), kRegular)->empty());
  EXPECT_FALSE(GetStudentPlacement(*db_, sp_registrar_, special_student_)->has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'placement.end'"), 1);
  auto again = EndPlacement(*db_, sp_registrar_, id, *domain::ParseDate("2026-09-10"), "再次");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "PLACEMENT_ENDED");
}

TEST_P(Placements, R_TR_12_a_transfer_that_moves_the_record_ends_the_placement) {
  TransferInfo placed = Placed();
  ASSERT_NE(placed.id, 0);
  // The placed transfer is done: it is no open transfer and cannot be rolled back.
  auto rollback = RollbackTransfer(*db_, As("yunyan_registrar"), placed.id, "误转");
  ASSERT_FALSE(rollback.ok());
  EXPECT_EQ(rollback.error().code, "TRANSFER_STATE");
  // The record then moves to 云岩区实验小学 by an ordinary transfer.
  auto t = StartTransfer(*db_, yy_registrar_, Input(special_student_, kOtherRegular, false));
  ASSERT_TRUE(t.ok()) << t.error().message;
  ApproveAll(t->id, {{kOtherRegular, yy_approver_},
                     {"520103", As("yunyan_registrar")},
                     {kSpecial, sp_approver_}});
  auto m = MoveTransferredRecord(*db_, yy_registrar_, t->id);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(Load(special_student_).school_code, kOtherRegular);
  EXPECT_TRUE(ListSchoolPlacements(*db_, As("school_registrar"), kRegular)->empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM study_placement WHERE state = 'ended' AND end_reason "
                  "LIKE '%调档%'"),
            1);
}

// R-TR-9, R-TR-12: rolling back the transfer whose move ended a placement
// puts the record back and the student back in the attending class.
TEST_P(Placements, R_TR_9_rolling_back_the_move_restores_the_placement) {
  TransferInfo placed = Placed();
  ASSERT_NE(placed.id, 0);
  auto t = StartTransfer(*db_, yy_registrar_, Input(special_student_, kOtherRegular, false));
  ASSERT_TRUE(t.ok()) << t.error().message;
  ApproveAll(t->id, {{kOtherRegular, yy_approver_},
                     {"520103", As("yunyan_registrar")},
                     {kSpecial, sp_approver_}});
  ASSERT_TRUE(MoveTransferredRecord(*db_, yy_registrar_, t->id).ok());
  ASSERT_TRUE(ListSchoolPlacements(*db_, As("school_registrar"), kRegular)->empty());
  auto rolled = RollbackTransfer(*db_, As("yunyan_registrar"), t->id, "误将另一同名学生调档");
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(Load(special_student_).school_code, kSpecial);
  auto list = ListSchoolPlacements(*db_, As("school_registrar"), kRegular);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().student_id, special_student_);
  EXPECT_EQ(list->front().transfer_id, placed.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM study_placement WHERE state = 'active'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'placement.restore'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE student_id = $1 AND reason LIKE "
                  "'%恢复就读安置%'",
                  {special_student_}),
            1);
}

TEST_P(Placements, R_TR_12_an_offline_entry_cannot_keep_the_record) {
  TransferStartInput in = Input(special_student_, kRegular, true);
  in.to_school = kRegular;
  auto t =
      RecordOfflineTransfer(*db_, As("nanming_registrar"), in, *domain::ParseDate("2026-09-01"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "RECORD_STAYS_OFFLINE");
}

INSTANTIATE_TEST_SUITE_P(Backends, Placements, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
