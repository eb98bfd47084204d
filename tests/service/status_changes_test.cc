// Status changes in the store (R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6, R-ST-7): requests
// through the school approver and the record authority, the record changed at the last approval
// with its history, the refusals that change nothing, 控辍保学 cases, and two approvers of one step
// at once — on both backends.

#include "service/status_changes.h"

#include <gtest/gtest.h>

#include <thread>

#include "domain/id_number.h"
#include "service/proof_files.h"
#include "service/status_change_dropouts.h"
#include "service/student_store.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}
domain::Date D(const char* text) { return *domain::ParseDate(text); }

class StatusChanges : public StudentFixture {
 protected:
  int64_t Active(const std::string& sequence = "123") {
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", Id(sequence));
    EXPECT_TRUE(r.ok() && r->registration == "active") << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->student_id : 0;
  }
  // A record moved to 贵阳市第一中学 (authority: the city 520100), in 高一.
  int64_t Senior() {
    int64_t id = Active("457");
    NewAccount("yz_registrar", "school_registrar", "5201000001");
    NewAccount("yz_approver", "school_approver", "5201000001");
    auto tx = db_->BeginWrite();
    int64_t cls = tx->QueryOne(
                        "SELECT id FROM school_class WHERE school_code = '5201000001' AND "
                        "grade_code = '31'")
                      ->Int(0);
    tx->Exec(
        "UPDATE student SET school_code = '5201000001', grade_code = '31', class_id = $1 "
        "WHERE id = $2",
        {cls, id});
    tx->Commit();
    return id;
  }
  int64_t Upload(int64_t student, const std::string& kind,
                 const std::string& registrar = "school_registrar") {
    auto p = UploadProof(*db_, As(registrar), student, kind, kind + ".jpg", kJpeg);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.ok() ? p->id : 0;
  }
  static domain::StatusChangeInput Input(const char* type, const char* effective = "2026-09-07",
                                         const char* until = "") {
    domain::StatusChangeInput in;
    in.type = type;
    in.reason = "监护人书面申请";
    in.effective_date = D(effective);
    if (*until) in.until_date = D(until);
    return in;
  }
  Result<StatusChangeInfo> Start(int64_t student, const domain::StatusChangeInput& in,
                                 const std::vector<int64_t>& proofs,
                                 const std::string& registrar = "school_registrar") {
    return StartStatusChange(*db_, As(registrar), student, in, proofs);
  }
  // Started, then approved by the school and the authority.
  StatusChangeInfo Approved(int64_t student, const domain::StatusChangeInput& in,
                            const std::vector<int64_t>& proofs,
                            const std::string& registrar = "school_registrar",
                            const std::string& approver = "school_approver",
                            const std::string& authority = "nanming_registrar") {
    auto started = Start(student, in, proofs, registrar);
    EXPECT_TRUE(started.ok()) << started.error().message;
    if (!started.ok()) return {};
    auto school = DecideStatusChange(*db_, As(approver), started->id, true, "");
    EXPECT_TRUE(school.ok()) << school.error().message;
    auto done = DecideStatusChange(*db_, As(authority), started->id, true, "");
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done.ok() ? *done : StatusChangeInfo{};
  }
  StoredStudent Load(int64_t id) {
    auto tx = db_->BeginRead();
    return *LoadStoredStudent(*tx, id);
  }
  int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql, params)->Int(0);
  }
  int64_t Writes() {
    return Count("SELECT COUNT(*) FROM status_change") +
           Count("SELECT COUNT(*) FROM workflow_request") +
           Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'status_change.%'");
  }
};

TEST_P(StatusChanges, R_ST_2_a_suspension_approved_by_school_and_authority_changes_the_status) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  auto started = Start(student, Input("suspend", "2026-09-07", "2027-07-15"), {proof});
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->state, "open");
  EXPECT_EQ(started->type_label, "休学");
  ASSERT_EQ(started->steps.size(), 2u);
  EXPECT_EQ(started->steps[0].owner_org, "5201020001");
  EXPECT_EQ(started->steps[0].due, D("2026-09-23"));  // 09-20 (a Sunday) is a 调休 workday
  EXPECT_EQ(started->steps[1].owner_org, "520102");
  EXPECT_EQ(started->steps[1].state, "waiting");
  EXPECT_EQ(started->proof_ids, std::vector<int64_t>{proof});

  auto school = DecideStatusChange(*db_, As("school_approver"), started->id, true, "");
  ASSERT_TRUE(school.ok()) << school.error().message;
  EXPECT_EQ(school->steps[1].state, "open");
  EXPECT_EQ(Load(student).status, "enrolled");  // not before the authority's approval

  auto done = DecideStatusChange(*db_, As("nanming_registrar"), started->id, true, "");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->state, "approved");
  EXPECT_TRUE(done->applied_at.has_value());
  EXPECT_EQ(Load(student).status, "suspended");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE student_id = $1 AND field = "
                  "'status' AND old_value = 'enrolled' AND new_value = 'suspended' AND "
                  "reason = $2",
                  {student, "学籍异动（休学，申请编号" + std::to_string(started->id) +
                                "）：监护人书面申请"}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'status_change.%'"), 3);
}

TEST_P(StatusChanges, R_ST_2_an_extension_and_the_resumption_into_a_chosen_grade_and_class) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  Approved(student, Input("suspend", "2026-09-07", "2027-07-15"), {proof});
  // An extension is a new 休学 while suspended, again at most one year.
  auto too_long = Start(student, Input("suspend", "2027-07-16", "2028-07-17"), {proof});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "SUSPEND_TOO_LONG");
  EXPECT_NE(too_long.error().message.find("2028-07-16"), std::string::npos);
  Approved(student, Input("suspend", "2027-07-16", "2028-07-16"), {proof});
  EXPECT_EQ(Load(student).status, "suspended");

  int64_t second_grade =
      Count("SELECT id FROM school_class WHERE school_code = '5201020001' AND grade_code = '12'");
  auto resume = Input("resume", "2026-09-09");
  resume.grade_code = "12";
  resume.class_id = second_grade;
  auto done = Approved(student, resume, {proof});
  EXPECT_EQ(done.class_name, "1班");
  StoredStudent s = Load(student);
  EXPECT_EQ(s.status, "enrolled");
  EXPECT_EQ(s.record.grade_code, "12");
  EXPECT_EQ(s.record.class_id, second_grade);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE reason LIKE $1 AND field IN "
                  "('status', 'grade_code', 'class_id')",
                  {"%申请编号" + std::to_string(done.id) + "）%"}),
            3);
}

TEST_P(StatusChanges, R_ST_2_resumption_needs_a_class_of_the_chosen_grade_at_the_school) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  Approved(student, Input("suspend", "2026-09-07", "2027-07-15"), {proof});
  int64_t first_grade = FirstGradeClass("5201020001");
  int64_t other_school = FirstGradeClass("5201030001");
  struct Case {
    const char* grade;
    int64_t class_id;
    const char* code;
  };
  for (const Case& c :
       {Case{"12", first_grade, "CLASS_GRADE"}, Case{"11", other_school, "CLASS_NOT_IN_SCHOOL"},
        Case{"", 0, "GRADE_REQUIRED"}}) {
    SCOPED_TRACE(c.code);
    auto in = Input("resume");
    in.grade_code = c.grade;
    in.class_id = c.class_id;
    auto r = Start(student, in, {proof});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
  }
}

TEST_P(StatusChanges, R_ST_2_resumption_into_another_class_needs_a_seat_its_own_class_kept_one) {
  int64_t student = Active();
  int64_t other = Active("125");
  int64_t proof = Upload(student, "guardian_application");
  Approved(student, Input("suspend", "2026-09-07", "2027-07-15"), {proof});
  int64_t own = FirstGradeClass("5201020001");
  int64_t second_grade =
      Count("SELECT id FROM school_class WHERE school_code = '5201020001' AND grade_code = '12'");
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET grade_code = '12', class_id = $1 WHERE id = $2",
             {second_grade, other});
    tx->Exec("UPDATE school_class SET capacity = 1 WHERE id = $1", {second_grade});
    tx->Exec("UPDATE school_class SET capacity = 1 WHERE id = $1", {own});
    tx->Commit();
  }
  auto full = Input("resume", "2026-09-09");
  full.grade_code = "12";
  full.class_id = second_grade;
  auto refused = Start(student, full, {proof});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "CLASS_FULL");
  EXPECT_EQ(refused.error().field, "class_id");
  EXPECT_NE(refused.error().message.find("班额上限 1 人，现有 1 人"), std::string::npos)
      << refused.error().message;
  // Its own class is at its cap too, but the seat was kept for the student.
  auto back = Input("resume", "2026-09-09");
  back.grade_code = "11";
  back.class_id = own;
  Approved(student, back, {proof});
  EXPECT_EQ(Load(student).status, "enrolled");
}

TEST_P(StatusChanges, R_ST_1_refusals_change_nothing) {
  int64_t student = Active();
  int64_t other = Active("135");
  int64_t application = Upload(student, "guardian_application");
  int64_t others_proof = Upload(other, "guardian_application");
  {
    // The province enables only 休学 and 复学 (R-POL-4).
    auto tx = db_->BeginWrite();
    tx->Exec(
        "INSERT INTO policy_setting (org_code, name, value, updated_by, updated_at) VALUES "
        "('520000', 'status_changes', 'suspend,resume', $1, 0)",
        {As("gz_registrar").actor->user_id});
    tx->Commit();
  }
  struct Case {
    const char* name;
    domain::StatusChangeInput in;
    std::vector<int64_t> proofs;
    const char* code;
    ErrorKind kind;
  };
  const std::vector<Case> cases = {
      {"disabled type",
       Input("abroad"),
       {application},
       "STATUS_CHANGE_DISABLED",
       ErrorKind::kRuleViolation},
      {"unknown type", Input("graduate"), {application}, "STATUS_CHANGE_TYPE", ErrorKind::kInvalid},
      {"missing proof",
       Input("suspend", "2026-09-07", "2027-01-01"),
       {},
       "PROOF_MISSING",
       ErrorKind::kRuleViolation},
      {"another student's proof",
       Input("suspend", "2026-09-07", "2027-01-01"),
       {others_proof},
       "PROOF_NOT_FOUND",
       ErrorKind::kInvalid},
      {"wrong status",
       Input("resume"),
       {application},
       "STATUS_CHANGE_FROM",
       ErrorKind::kRuleViolation},
  };
  int64_t before = Writes();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Start(student, c.in, c.proofs);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    EXPECT_EQ(r.error().kind, c.kind);
  }
  auto wrong = Start(student, Input("resume"), {application});
  EXPECT_NE(wrong.error().message.find("「在籍在读」"), std::string::npos);
  auto by_approver = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {application},
                           "school_approver");
  EXPECT_EQ(by_approver.error().kind, ErrorKind::kForbidden);
  auto outside = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {application},
                       "yunyan_registrar");
  EXPECT_EQ(outside.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(Load(student).status, "enrolled");
}

TEST_P(StatusChanges, R_ST_1_one_open_status_change_or_transfer_per_student) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  auto first = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "REQUEST_OPEN");
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  // Only the initiator withdraws; then a new request may start.
  EXPECT_EQ(CancelStatusChange(*db_, As("school_approver"), first->id).error().kind,
            ErrorKind::kForbidden);
  auto cancelled = CancelStatusChange(*db_, As("school_registrar"), first->id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->state, "cancelled");
  {
    // An open transfer of the student blocks a status change too.
    auto tx = db_->BeginWrite();
    tx->Exec(
        "INSERT INTO workflow_request (type, subject_student_id, step_order, initiator, "
        "initiator_org, state, created_at) VALUES ('transfer', $1, 'any_order', $2, "
        "'5201030001', 'open', 0)",
        {student, As("school_registrar").actor->user_id});
    tx->Commit();
  }
  auto blocked = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.error().message.find("转学申请"), std::string::npos);
}

TEST_P(StatusChanges, R_ST_7_a_refusal_needs_a_reason_and_ends_the_request) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  auto started = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
  ASSERT_TRUE(started.ok());
  auto no_reason = DecideStatusChange(*db_, As("school_approver"), started->id, false, "");
  EXPECT_EQ(no_reason.error().code, "REASON_REQUIRED");
  // Not the authority's turn yet; the initiator never decides.
  EXPECT_EQ(DecideStatusChange(*db_, As("nanming_registrar"), started->id, true, "").error().code,
            "STEP_NOT_OPEN");
  auto refused =
      DecideStatusChange(*db_, As("school_approver"), started->id, false, "申请材料不全");
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->state, "refused");
  EXPECT_EQ(refused->steps[0].reason, "申请材料不全");
  EXPECT_EQ(refused->steps[1].state, "closed");
  EXPECT_EQ(Load(student).status, "enrolled");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE field = 'status' AND "
                  "student_id = $1 AND new_value = 'suspended'",
                  {student}),
            0);
}

TEST_P(StatusChanges, R_ST_3_abroad_and_back_the_same_record_continues) {
  int64_t student = Active();
  std::string number = Load(student).student_number;
  int64_t travel = Upload(student, "travel_document");
  int64_t application = Upload(student, "guardian_application");
  Approved(student, Input("abroad"), {travel});
  EXPECT_EQ(Load(student).status, "abroad");
  auto back = Approved(student, Input("back_from_abroad", "2026-09-09"), {application});
  EXPECT_EQ(back.state, "approved");
  StoredStudent s = Load(student);
  EXPECT_EQ(s.status, "enrolled");
  EXPECT_EQ(s.student_number, number);
  EXPECT_EQ(s.record.grade_code, "11");
}

TEST_P(StatusChanges, R_ST_4_death_is_due_10_working_days_after_the_date_of_death) {
  int64_t student = Active();
  int64_t certificate = Upload(student, "death_certificate");
  auto started = Start(student, Input("death", "2026-09-01"), {certificate});
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->steps[0].opened_on, D("2026-09-10"));
  EXPECT_EQ(started->steps[0].due, D("2026-09-15"));
  auto future = Input("death", "2026-09-11");
  ASSERT_TRUE(CancelStatusChange(*db_, As("school_registrar"), started->id).ok());
  EXPECT_EQ(Start(student, future, {certificate}).error().code, "DEATH_DATE_FUTURE");
  Approved(student, Input("death", "2026-09-01"), {certificate});
  EXPECT_EQ(Load(student).status, "deceased");
}

TEST_P(StatusChanges, R_ST_6_refuses_withdrawal_and_expulsion_in_primary_school) {
  int64_t student = Active();
  int64_t application = Upload(student, "guardian_application");
  int64_t decision = Upload(student, "disciplinary_decision");
  struct Case {
    const char* type;
    int64_t proof;
  };
  for (const Case& c : {Case{"withdraw", application}, Case{"expel", decision}}) {
    SCOPED_TRACE(c.type);
    auto r = Start(student, Input(c.type), {c.proof});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "COMPULSORY_NO_WITHDRAWAL");
    EXPECT_EQ(r.error().kind, ErrorKind::kRuleViolation);
    EXPECT_NE(r.error().message.find("一年级（小学）"), std::string::npos);
    EXPECT_NE(r.error().message.find("R-ST-6"), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM status_change"), 0);
}

TEST_P(StatusChanges, R_ST_6_withdrawal_in_senior_school_approved_by_the_city_authority) {
  int64_t student = Senior();
  int64_t application = Upload(student, "guardian_application", "yz_registrar");
  auto done = Approved(student, Input("withdraw"), {application}, "yz_registrar", "yz_approver",
                       "gy_registrar");
  EXPECT_EQ(done.steps[1].owner_org, "520100");
  EXPECT_EQ(done.steps[1].owner_role, "city_registrar");
  EXPECT_EQ(Load(student).status, "withdrawn");
}

TEST_P(StatusChanges, R_ST_5_a_dropout_opens_a_case_with_three_reports_until_resolved) {
  int64_t student = Active();
  {
    // A 随迁子女 whose household is registered in 云岩区.
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET migrant_child = '1', hukou_division = '520103' WHERE id = $1",
             {student});
    tx->Commit();
  }
  int64_t report = Upload(student, "dropout_report");
  auto done = Approved(student, Input("drop_out", "2026-09-01"), {report});
  EXPECT_EQ(Load(student).status, "dropped_out");
  auto cases = ListDropoutCases(*db_, As("nanming_registrar"), Org("520102").path, "open", 100);
  ASSERT_TRUE(cases.ok()) << cases.error().message;
  ASSERT_EQ(cases->size(), 1u);
  const DropoutCase& c = cases->front();
  EXPECT_EQ(c.status_change_id, done.id);
  EXPECT_EQ(c.dropped_on, D("2026-09-01"));
  EXPECT_EQ(c.reported_on, D("2026-09-10"));
  ASSERT_EQ(c.reports.size(), 3u);
  EXPECT_NE(c.reports[0].recipient.find("乡镇人民政府"), std::string::npos);
  EXPECT_NE(c.reports[1].recipient.find("南明区"), std::string::npos);
  EXPECT_NE(c.reports[2].body.find("第二十二条"), std::string::npos);
  EXPECT_NE(c.reports[2].body.find("王小明"), std::string::npos);
  EXPECT_TRUE(c.migrant_child);
  EXPECT_EQ(c.archive_county, "520103");
  EXPECT_EQ(c.archive_county_name, "云岩区");
  // Outside the county: not there; the school sees its own.
  EXPECT_EQ(
      ListDropoutCases(*db_, As("yunyan_registrar"), Org("520102").path, "", 100).error().kind,
      ErrorKind::kNotFound);
  EXPECT_EQ(GetDropoutCase(*db_, As("yunyan_registrar"), c.id).error().kind, ErrorKind::kNotFound);
  // A 复学 is the return to school and resolves the case.
  int64_t application = Upload(student, "guardian_application");
  auto resume = Input("resume", "2026-09-09");
  resume.grade_code = "11";
  resume.class_id = FirstGradeClass("5201020001");
  auto back = Approved(student, resume, {application});
  auto resolved = GetDropoutCase(*db_, As("school_registrar"), c.id);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->state, "resolved");
  EXPECT_EQ(resolved->resolution, "returned");
  EXPECT_EQ(resolved->resolved_request, back.id);
  EXPECT_EQ(Load(student).status, "enrolled");
}

TEST_P(StatusChanges, R_ST_5_the_authority_resolves_a_case_with_a_reason) {
  int64_t student = Active();
  int64_t report = Upload(student, "dropout_report");
  Approved(student, Input("drop_out", "2026-09-01"), {report});
  int64_t id = ListDropoutCases(*db_, As("school_registrar"), Org("5201020001").path, "open", 10)
                   ->front()
                   .id;
  EXPECT_EQ(
      ResolveDropoutCase(*db_, As("nanming_registrar"), id, "returned", "已返校").error().code,
      "RESOLUTION");
  EXPECT_EQ(ResolveDropoutCase(*db_, As("nanming_registrar"), id, "other", "").error().code,
            "REASON_REQUIRED");
  EXPECT_EQ(ResolveDropoutCase(*db_, As("school_registrar"), id, "other", "已核实").error().kind,
            ErrorKind::kForbidden);
  auto r =
      ResolveDropoutCase(*db_, As("nanming_registrar"), id, "compulsory_ended", "义务教育年限已满");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, "resolved");
  EXPECT_EQ(r->resolved_by, "nanming_registrar");
  EXPECT_EQ(ResolveDropoutCase(*db_, As("nanming_registrar"), id, "other", "再次").error().code,
            "DROPOUT_RESOLVED");
  EXPECT_EQ(Load(student).status, "dropped_out");  // the record is kept
}

TEST_P(StatusChanges, R_ST_1_lists_by_state_and_type_within_jurisdiction) {
  int64_t student = Active();
  int64_t proof = Upload(student, "guardian_application");
  auto started = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
  ASSERT_TRUE(started.ok());
  auto list = [&](const std::string& who, const std::string& org, const std::string& state,
                  const std::string& type) {
    return ListStatusChanges(*db_, As(who), {Org(org).path, state, type, 0, 100});
  };
  EXPECT_EQ(list("nanming_registrar", "520102", "open", "suspend")->size(), 1u);
  EXPECT_EQ(list("nanming_registrar", "520102", "approved", "")->size(), 0u);
  EXPECT_EQ(list("nanming_registrar", "520102", "", "death")->size(), 0u);
  EXPECT_EQ(list("school_approver", "5201020001", "", "")->size(), 1u);
  EXPECT_EQ(list("yunyan_registrar", "520102", "", "").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(list("nanming_registrar", "520102", "pending", "").error().code, "STATE");
  EXPECT_EQ(GetStatusChange(*db_, As("yunyan_registrar"), started->id).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(GetStatusChange(*db_, As("gy_registrar"), started->id)->type, "suspend");
}

TEST_P(StatusChanges, R_ST_1_two_approvers_deciding_one_step_at_once_record_one_decision) {
  NewAccount("second_approver", "school_approver", "5201020001");
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    int64_t student = Active(std::to_string(200 + round * 2 + 1));
    int64_t proof = Upload(student, "guardian_application");
    auto started = Start(student, Input("suspend", "2026-09-07", "2027-01-01"), {proof});
    ASSERT_TRUE(started.ok()) << started.error().message;
    Result<StatusChangeInfo> a = NotFound(), b = NotFound();
    std::thread ta(
        [&] { a = DecideStatusChange(*db_, As("school_approver"), started->id, true, ""); });
    std::thread tb([&] {
      b = DecideStatusChange(*db_, As("second_approver"), started->id, false, "材料不全");
    });
    ta.join();
    tb.join();
    ASSERT_NE(a.ok(), b.ok()) << (a.ok() ? "" : a.error().message)
                              << (b.ok() ? "" : b.error().message);
    const auto& lost = a.ok() ? b : a;
    EXPECT_EQ(lost.error().kind, ErrorKind::kConflict) << lost.error().message;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('status_change.approve', "
                    "'status_change.refuse') AND subject = $1",
                    {std::to_string(started->id)}),
              1);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusChanges, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
