// Transfers in the store (SPEC §7): starting with the start checks, the
// four parties deciding in any order, 调档 with the sending school's backup
// and the paper archive's shipping, rollback, offline entry, jurisdiction,
// and the last two approvals at once — on both backends.

#include "service/transfers.h"

#include <gtest/gtest.h>

#include <thread>

#include "domain/id_number.h"
#include "service/proof_files.h"
#include "service/status_changes.h"
#include "service/student_history.h"
#include "service/student_store.h"
#include "service/transfer_report.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// 南明区第一小学 (520102) → 云岩区实验小学 (520103): a cross-county transfer.
const std::string kFrom = "5201020001";
const std::string kTo = "5201030001";

std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}

class Transfers : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    to_registrar_ = NewAccount("yy_registrar", "school_registrar", kTo);
    to_approver_ = NewAccount("yy_approver", "school_approver", kTo);
    student_ = Active(kFrom, Id("123"));
  }

  static Context At(Context ctx, const char* instant) {
    ctx.now = *domain::ParseInstant(instant);
    return ctx;
  }

  int64_t Active(const std::string& school, const std::string& id) {
    bool nanming = school == kFrom;
    auto r = Register(nanming ? As("school_registrar") : to_registrar_,
                      nanming ? As("school_approver") : to_approver_,
                      As(nanming ? "nanming_registrar" : "yunyan_registrar"), school, id);
    EXPECT_TRUE(r.ok() && r->registration == "active") << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->student_id : 0;
  }

  StoredStudent Load(int64_t id) {
    auto tx = db_->BeginRead();
    return *LoadStoredStudent(*tx, id);
  }

  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, params)->Int(0);
  }

  TransferStartInput Input(int64_t student = 0) {
    StoredStudent s = Load(student ? student : student_);
    return {s.student_number,           s.record.name, "",          FirstGradeClass(kTo),
            "随父母工作调动迁居云岩区", false,         std::nullopt};
  }

  Result<TransferInfo> Start(const Context& who) { return StartTransfer(*db_, who, Input()); }

  // The four parties, by step: 转入学校, 转入地, 转出学校, 转出地.
  std::vector<Context> Parties() {
    return {to_approver_, As("yunyan_registrar"), As("school_approver"), As("nanming_registrar")};
  }

  int64_t Approved() {
    auto t = Start(to_registrar_);
    EXPECT_TRUE(t.ok()) << t.error().message;
    auto parties = Parties();
    for (size_t step : {3, 0, 2, 1}) {
      auto d = DecideTransfer(*db_, parties[step], t->id, step, true, "");
      EXPECT_TRUE(d.ok()) << d.error().message;
    }
    return t->id;
  }

  int64_t Moved() {
    int64_t id = Approved();
    auto m = MoveTransferredRecord(*db_, to_registrar_, id);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return id;
  }

  int64_t TransferCount() { return Count("SELECT COUNT(*) FROM transfer"); }

  Context to_registrar_, to_approver_;
  int64_t student_ = 0;
};

TEST_P(Transfers, R_TR_2_four_parties_approve_in_any_order) {
  auto t = Start(to_registrar_);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->kind, "in_province");
  EXPECT_EQ(t->state, "open");
  ASSERT_EQ(t->steps.size(), 4u);
  EXPECT_EQ(t->steps[1].owner_org, "520103");
  EXPECT_EQ(t->steps[3].owner_org, "520102");
  // R-TR-2: each party has 10 working days: 2026-09-10 (Thu) + 10 → 2026-09-23 (Sunday 09-20 is a
  // 调休 workday).
  EXPECT_EQ(domain::FormatDate(*t->steps[0].due), "2026-09-23");
  auto parties = Parties();
  for (size_t step : {2, 1, 3}) {
    SCOPED_TRACE(step);
    auto d = DecideTransfer(*db_, parties[step], t->id, step, true, "");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->state, "open");
  }
  auto last = DecideTransfer(*db_, parties[0], t->id, 0, true, "");
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(last->state, "approved");
  EXPECT_EQ(last->steps[0].decided_by, "yy_approver");
}

TEST_P(Transfers, R_TR_2_a_party_not_owning_the_step_cannot_decide_it) {
  auto t = Start(to_registrar_);
  ASSERT_TRUE(t.ok());
  auto d = DecideTransfer(*db_, As("school_approver"), t->id, 0, true, "");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::kForbidden);
}

TEST_P(Transfers, R_TR_2_refusal_needs_a_reason_and_ends_the_transfer) {
  auto t = Start(to_registrar_);
  ASSERT_TRUE(t.ok());
  auto bare = DecideTransfer(*db_, As("nanming_registrar"), t->id, 3, false, "  ");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(GetTransfer(*db_, to_registrar_, t->id)->state, "open");
  auto refused = DecideTransfer(*db_, As("nanming_registrar"), t->id, 3, false, "学生仍在本校就读");
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->state, "refused");
  EXPECT_EQ(refused->steps[3].reason, "学生仍在本校就读");
  EXPECT_EQ(refused->steps[0].state, "closed");
  auto late = DecideTransfer(*db_, to_approver_, t->id, 0, true, "");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ErrorKind::kConflict);
  // The refused transfer is no longer open: a new one may start (R-TR-5).
  EXPECT_TRUE(Start(to_registrar_).ok());
}

TEST_P(Transfers, R_TR_4_one_authority_step_inside_one_county) {
  domain::SchoolInput second{"5201020003", "贵阳市南明区第三小学", "primary", "regular", "520102",
                             "520102"};
  Context cli{std::nullopt, "test", now_};
  ASSERT_TRUE(CreateSchool(*db_, cli, Org("520102"), second).ok());
  ASSERT_TRUE(CreateClass(*db_, cli, Org("5201020003"), {"11", "1班", "", 0}).ok());
  Context registrar = NewAccount("nm3_registrar", "school_registrar", "5201020003");
  TransferStartInput in = Input();
  in.to_class_id = FirstGradeClass("5201020003");
  auto t = StartTransfer(*db_, registrar, in);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->kind, "in_county");
  ASSERT_EQ(t->steps.size(), 3u);
  EXPECT_EQ(t->steps[1].name, "转入、转出地学籍主管部门审核");
}

TEST_P(Transfers, R_TR_1_student_found_by_number_or_id_number_and_name_only) {
  struct Case {
    std::string key, name;
    bool found;
  } cases[] = {
      {Load(student_).student_number, "王小明", true},
      {Id("123"), "王小明", true},
      {Load(student_).student_number, "王小红", false},
      {"G" + std::string(18, '9'), "王小明", false},
      {Id("125"), "王小明", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key + " " + c.name);
    TransferStartInput in = Input();
    in.student_key = c.key;
    in.name = c.name;
    auto t = StartTransfer(*db_, to_registrar_, in);
    EXPECT_EQ(t.ok(), c.found) << (t.ok() ? "" : t.error().message);
    if (t.ok()) {
      ASSERT_TRUE(CancelTransfer(*db_, to_registrar_, t->id).ok());
    } else {
      EXPECT_EQ(t.error().kind, ErrorKind::kNotFound);
      EXPECT_EQ(t.error().message, "未找到该学生，请核对学籍号（或身份证件号）与姓名");
    }
  }
}

TEST_P(Transfers, R_TR_1_the_sending_side_does_not_start_by_default) {
  TransferStartInput in = Input();
  in.to_school = kTo;
  auto t = StartTransfer(*db_, As("school_registrar"), in);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "TRANSFER_INITIATOR");
  EXPECT_EQ(TransferCount(), 0);
}

TEST_P(Transfers, R_TR_5_one_open_transfer_per_student) {
  auto first = Start(to_registrar_);
  ASSERT_TRUE(first.ok());
  auto second = Start(to_registrar_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "TRANSFER_OPEN");
  EXPECT_NE(second.error().message.find(std::to_string(first->id)), std::string::npos);
  EXPECT_EQ(TransferCount(), 1);
}

// R-TR-5, R-ST-1: one request at a time — an open 休学 request blocks a
// transfer, and an agreed transfer awaiting 调档 blocks a status change.
TEST_P(Transfers, R_TR_5_an_open_status_change_and_a_transfer_exclude_each_other) {
  const std::string jpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
  auto proof =
      UploadProof(*db_, As("school_registrar"), student_, "guardian_application", "申请.jpg", jpeg);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  domain::StatusChangeInput suspend;
  suspend.type = "suspend";
  suspend.reason = "因病休学";
  suspend.effective_date = *domain::ParseDate("2026-09-10");  // the fixture's today
  suspend.until_date = *domain::ParseDate("2026-12-31");
  auto change = StartStatusChange(*db_, As("school_registrar"), student_, suspend, {proof->id});
  ASSERT_TRUE(change.ok()) << change.error().message;
  auto blocked = Start(to_registrar_);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "REQUEST_OPEN");
  EXPECT_NE(blocked.error().message.find(std::to_string(change->id)), std::string::npos);
  EXPECT_EQ(TransferCount(), 0);

  ASSERT_TRUE(CancelStatusChange(*db_, As("school_registrar"), change->id).ok());
  Approved();
  auto later = StartStatusChange(*db_, As("school_registrar"), student_, suspend, {proof->id});
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, "REQUEST_OPEN");
  EXPECT_NE(later.error().message.find("转学申请"), std::string::npos);
}

TEST_P(Transfers, R_TR_5_a_suspended_student_must_first_resume) {
  struct Case {
    const char* status;
    const char* named;  // nullptr: allowed
  } cases[] = {{"suspended", "休学"},
               {"stopped", "停学"},
               {"deceased", "死亡"},
               {"abroad", nullptr},
               {"withdrawn", nullptr}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.status);
    {
      auto tx = db_->BeginWrite();
      tx->Exec("UPDATE student SET status = $1 WHERE id = $2", {c.status, student_});
      tx->Commit();
    }
    auto t = Start(to_registrar_);
    EXPECT_EQ(t.ok(), c.named == nullptr);
    if (t.ok()) {
      ASSERT_TRUE(CancelTransfer(*db_, to_registrar_, t->id).ok());
    } else {
      EXPECT_EQ(t.error().code, "TRANSFER_STATUS");
      EXPECT_NE(t.error().message.find(c.named), std::string::npos);
    }
  }
}

TEST_P(Transfers, R_TR_6_no_start_in_the_freeze_window_started_ones_go_on) {
  struct Case {
    const char* at;
    bool ok;
  } cases[] = {{"2026-07-14T23:59:00+08:00", true},
               {"2026-07-15T00:00:00+08:00", false},
               {"2026-08-14T23:59:00+08:00", false},
               {"2026-08-15T00:00:00+08:00", true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at);
    auto t = Start(At(to_registrar_, c.at));
    EXPECT_EQ(t.ok(), c.ok);
    if (t.ok()) {
      ASSERT_TRUE(CancelTransfer(*db_, to_registrar_, t->id).ok());
    } else {
      EXPECT_EQ(t.error().code, "TRANSFER_FREEZE");
      EXPECT_NE(t.error().message.find("07-15至08-14"), std::string::npos);
    }
  }
  // Started before the window, decided inside it.
  auto before = Start(At(to_registrar_, "2026-07-14T10:00:00+08:00"));
  ASSERT_TRUE(before.ok());
  auto d =
      DecideTransfer(*db_, At(to_approver_, "2026-07-20T10:00:00+08:00"), before->id, 0, true, "");
  EXPECT_TRUE(d.ok()) << d.error().message;
}

TEST_P(Transfers, R_TR_7_class_cap_at_initiation_names_cap_and_size) {
  Active(kTo, Id("151"));
  int64_t cls = FirstGradeClass(kTo);
  struct Case {
    int capacity;
    bool ok;
  } cases[] = {{1, false}, {2, true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.capacity);
    {
      auto tx = db_->BeginWrite();
      tx->Exec("UPDATE school_class SET capacity = $1 WHERE id = $2", {int64_t{c.capacity}, cls});
      tx->Commit();
    }
    auto t = Start(to_registrar_);
    EXPECT_EQ(t.ok(), c.ok);
    if (!t.ok()) {
      EXPECT_EQ(t.error().code, "CLASS_FULL");
      EXPECT_NE(t.error().message.find("上限 1 人，现有 1 人"), std::string::npos)
          << t.error().message;
    }
  }
}

TEST_P(Transfers, R_TR_3_move_after_all_agree_with_backup_and_shipping) {
  auto open = Start(to_registrar_);
  ASSERT_TRUE(open.ok());
  auto early = MoveTransferredRecord(*db_, to_registrar_, open->id);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "TRANSFER_NOT_APPROVED");
  ASSERT_TRUE(CancelTransfer(*db_, to_registrar_, open->id).ok());

  int64_t id = Approved();
  auto by_sender = MoveTransferredRecord(*db_, As("school_registrar"), id);
  ASSERT_FALSE(by_sender.ok());
  EXPECT_EQ(by_sender.error().kind, ErrorKind::kForbidden);
  auto moved = MoveTransferredRecord(*db_, to_registrar_, id);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->state, "moved");
  EXPECT_EQ(domain::FormatDate(*moved->moved_on), "2026-09-10");
  ASSERT_TRUE(moved->shipping);
  EXPECT_EQ(domain::FormatDate(moved->shipping->due), "2026-10-10");
  StoredStudent s = Load(student_);
  EXPECT_EQ(s.school_code, kTo);
  EXPECT_EQ(s.record.class_id, FirstGradeClass(kTo));
  EXPECT_EQ(s.status, "enrolled");
  // The record is the receiving school's now; the sender keeps a backup.
  {
    auto tx = db_->BeginRead();
    EXPECT_TRUE(LoadVisibleStudent(*tx, to_registrar_, student_).ok());
    EXPECT_EQ(LoadVisibleStudent(*tx, As("school_registrar"), student_).error().kind,
              ErrorKind::kNotFound);
  }
  auto backup = GetArchiveBackup(*db_, As("school_registrar"), id);
  ASSERT_TRUE(backup.ok()) << backup.error().message;
  EXPECT_EQ(backup->school_code, kFrom);
  EXPECT_NE(backup->record_json.find("\"name\":\"王小明\""), std::string::npos);
  EXPECT_NE(backup->history_json.find("registration"), std::string::npos);
  EXPECT_EQ(GetArchiveBackup(*db_, to_registrar_, id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE student_id = $1 AND field = "
                  "'class_id' AND reason LIKE '转学调档%'",
                  {student_}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.move'"), 1);
  // Once only.
  EXPECT_FALSE(MoveTransferredRecord(*db_, to_registrar_, id).ok());
}

TEST_P(Transfers, R_TR_3_unshipped_archives_past_due_are_listed_for_the_authority) {
  int64_t id = Moved();
  Context authority = As("nanming_registrar");
  EXPECT_TRUE(ListUnshippedArchives(*db_, authority)->empty());
  Context later = At(authority, "2026-10-11T09:00:00+08:00");
  auto due = ListUnshippedArchives(*db_, later);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, id);
  EXPECT_TRUE(ListUnshippedArchives(*db_, At(As("yunyan_registrar"), "2026-10-11T09:00:00+08:00"))
                  ->empty());
  auto bad = RecordArchiveShipping(*db_, As("school_registrar"), id, "", "",
                                   *domain::ParseDate("2026-09-10"));
  EXPECT_EQ(bad.error().field, "method");
  auto wrong = RecordArchiveShipping(*db_, to_registrar_, id, "邮寄", "SF1",
                                     *domain::ParseDate("2026-09-10"));
  EXPECT_EQ(wrong.error().kind, ErrorKind::kForbidden);
  auto shipped = RecordArchiveShipping(*db_, As("school_registrar"), id, "邮寄", "SF123456",
                                       *domain::ParseDate("2026-09-10"));
  ASSERT_TRUE(shipped.ok()) << shipped.error().message;
  EXPECT_EQ(shipped->shipping->tracking_no, "SF123456");
  EXPECT_TRUE(ListUnshippedArchives(*db_, later)->empty());
  auto again = RecordArchiveShipping(*db_, As("school_registrar"), id, "邮寄", "",
                                     *domain::ParseDate("2026-09-10"));
  EXPECT_EQ(again.error().code, "ARCHIVE_SHIPPED");
}

TEST_P(Transfers, R_TR_9_rollback_within_six_months_names_who_moved) {
  int64_t id = Moved();
  auto outsider = RollbackTransfer(*db_, As("school_registrar"), id, "误转");
  EXPECT_EQ(outsider.error().kind, ErrorKind::kForbidden);
  auto expired =
      RollbackTransfer(*db_, At(As("nanming_registrar"), "2027-03-11T09:00:00+08:00"), id, "误转");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "TRANSFER_ROLLBACK_EXPIRED");
  auto back = RollbackTransfer(*db_, At(As("nanming_registrar"), "2027-03-10T09:00:00+08:00"), id,
                               "学生未到转入学校报到，误操作调档");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->state, "rolled_back");
  EXPECT_EQ(back->rollback_responsible, "yy_registrar");
  StoredStudent s = Load(student_);
  EXPECT_EQ(s.school_code, kFrom);
  EXPECT_EQ(s.record.class_id, FirstGradeClass(kFrom));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.rollback' AND summary "
                  "LIKE '%yy_registrar%'"),
            1);
}

TEST_P(Transfers, R_TR_10_offline_completion_keeps_its_real_date) {
  TransferStartInput in = Input();
  in.to_school = kTo;
  Context authority = As("yunyan_registrar");
  auto future = RecordOfflineTransfer(*db_, authority, in, *domain::ParseDate("2026-09-11"));
  EXPECT_EQ(future.error().code, "TRANSFER_OFFLINE_DATE");
  auto outside =
      RecordOfflineTransfer(*db_, As("school_registrar"), in, *domain::ParseDate("2026-09-01"));
  EXPECT_EQ(outside.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(TransferCount(), 0);
  auto t = RecordOfflineTransfer(*db_, authority, in, *domain::ParseDate("2026-06-30"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->offline);
  EXPECT_EQ(t->state, "moved");
  EXPECT_TRUE(t->steps.empty());
  EXPECT_EQ(domain::FormatDate(*t->moved_on), "2026-06-30");
  EXPECT_EQ(domain::FormatDate(t->shipping->due), "2026-07-30");
  EXPECT_EQ(Load(student_).school_code, kTo);
}

TEST_P(Transfers, R_TR_13_semester_report_of_city_managed_schools_for_their_county) {
  // A city-managed primary school standing in 云岩区 (520103).
  domain::SchoolInput city{"5201030009", "贵阳市实验小学", "primary",
                           "regular",    "520103",         "520100"};
  Context cli{std::nullopt, "test", now_};
  ASSERT_TRUE(CreateSchool(*db_, cli, Org("520100"), city).ok());
  ASSERT_TRUE(CreateClass(*db_, cli, Org("5201030009"), {"11", "1班", "", 0}).ok());
  TransferStartInput in = Input();
  in.to_school = "5201030009";
  in.to_class_id = FirstGradeClass("5201030009");
  auto t = RecordOfflineTransfer(*db_, As("gy_registrar"), in, *domain::ParseDate("2026-09-05"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  struct Case {
    const char* county;
    const char* semester;
    size_t schools, in;
  } cases[] = {{"520103", "2026-09", 2, 1},  // 贵阳市第一中学 (city-managed) and the new school
               {"520103", "2026-02", 2, 0},
               {"520102", "2026-09", 0, 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.county) + " " + c.semester);
    auto r = ReportTransfersOfSemester(*db_, As("gy_registrar"), c.county, c.semester);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->schools.size(), c.schools);
    size_t moved_in = 0;
    for (const auto& s : r->schools) moved_in += s.transfers_in.size();
    EXPECT_EQ(moved_in, c.in);
  }
  auto r = ReportTransfersOfSemester(*db_, As("yunyan_registrar"), "520103", "2026-09");
  EXPECT_EQ(domain::FormatDate(r->last_day), "2027-01-31");
  EXPECT_EQ(r->schools[1].transfers_in[0].other_school_name, "贵阳市南明区第一小学");
  EXPECT_EQ(ReportTransfersOfSemester(*db_, As("gy_registrar"), "520103", "2026-03").error().code,
            "TRANSFER_SEMESTER");
  EXPECT_EQ(ReportTransfersOfSemester(*db_, As("gy_registrar"), "520100", "2026-09").error().code,
            "TRANSFER_REPORT_COUNTY");
}

TEST_P(Transfers, R_ORG_4_strangers_do_not_see_a_transfer) {
  auto t = Start(to_registrar_);
  ASSERT_TRUE(t.ok());
  Context beijing = NewAccount("bj_registrar", "school_registrar", "1101010001");
  Context other_school = NewAccount("nm2_registrar", "school_registrar", "5201020002");
  for (const Context* who : {&beijing, &other_school}) {
    SCOPED_TRACE(who->actor->username);
    EXPECT_EQ(GetTransfer(*db_, *who, t->id).error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(DecideTransfer(*db_, *who, t->id, 0, true, "").error().kind, ErrorKind::kNotFound);
    EXPECT_TRUE(ListTransfers(*db_, *who, {})->empty());
  }
  for (const char* party :
       {"school_registrar", "nanming_registrar", "yunyan_registrar", "gy_registrar"}) {
    SCOPED_TRACE(party);
    EXPECT_TRUE(GetTransfer(*db_, As(party), t->id).ok());
  }
  EXPECT_EQ(ListTransfers(*db_, to_registrar_, {"incoming", "", 100})->size(), 1u);
  EXPECT_TRUE(ListTransfers(*db_, to_registrar_, {"outgoing", "", 100})->empty());
  EXPECT_EQ(ListTransfers(*db_, As("school_registrar"), {"outgoing", "open", 100})->size(), 1u);
}

TEST_P(Transfers, R_TR_11_the_basic_information_sheet_for_the_guardian) {
  auto t = Start(to_registrar_);
  ASSERT_TRUE(t.ok());
  auto sheet = TransferStudentSheet(*db_, to_registrar_, t->id);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  EXPECT_EQ(sheet->rows[0], (std::pair<std::string, std::string>{"姓名", "王小明"}));
  bool masked = false;
  for (const auto& [label, value] : sheet->rows) {
    if (label == "身份证件号") masked = value == domain::MaskIdNumber(Id("123"));
  }
  EXPECT_TRUE(masked);
}

TEST_P(Transfers, R_TR_2_the_last_two_approvals_at_once_approve_the_transfer_once) {
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    auto t = Start(to_registrar_);
    ASSERT_TRUE(t.ok()) << t.error().message;
    auto parties = Parties();
    ASSERT_TRUE(DecideTransfer(*db_, parties[0], t->id, 0, true, "").ok());
    ASSERT_TRUE(DecideTransfer(*db_, parties[1], t->id, 1, true, "").ok());
    Result<TransferInfo> a = NotFound(), b = NotFound();
    std::thread ta([&] { a = DecideTransfer(*db_, parties[2], t->id, 2, true, ""); });
    std::thread tb([&] { b = DecideTransfer(*db_, parties[3], t->id, 3, true, ""); });
    ta.join();
    tb.join();
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_NE(a->state == "approved", b->state == "approved");
    EXPECT_EQ(GetTransfer(*db_, to_registrar_, t->id)->state, "approved");
    // Close it for the next round: the record moves and is rolled back.
    ASSERT_TRUE(MoveTransferredRecord(*db_, to_registrar_, t->id).ok());
    ASSERT_TRUE(RollbackTransfer(*db_, As("nanming_registrar"), t->id, "测试回滚").ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Transfers, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
