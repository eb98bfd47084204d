// Changing a student's information on both backends (R-CHG-1, R-CHG-2,
// R-CHG-3, R-ARC-3, R-POL-3, R-NO-4, R-NO-5, R-SEC-4, R-SEC-5).

#include "service/student_changes.h"

#include <gtest/gtest.h>

#include <thread>

#include "domain/id_number.h"
#include "service/audit.h"
#include "service/code_table_service.h"
#include "service/formal_number_batch.h"
#include "service/key_change_requests.h"
#include "service/population_reference.h"
#include "service/proof_files.h"
#include "service/province_fields.h"
#include "service/student_history.h"
#include "service/student_store.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// Registration writes its transitions to the history as well (R-CHG-4);
// these tests look at field changes.
constexpr const char* kFieldRows = " AND field NOT IN ('registration', 'status', 'student_number')";

using Fields = std::map<std::string, std::string>;

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
// Valid 居民身份证 numbers of children born 2019-09-01 in 南明区 (FirstGrader's
// data); an odd last sequence digit is a boy's (R-INFO-1).
const std::string kId = "52010220190901123X";
std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}
const char* kSecondSemester = "2027-03-01T10:00:00+08:00";

class StudentChanges : public StudentFixture {
 protected:
  Context At(Context ctx, const char* instant) {
    ctx.now = *domain::ParseInstant(instant);
    return ctx;
  }
  Context Registrar() { return As("school_registrar"); }
  Context SpringRegistrar() { return At(As("school_registrar"), kSecondSemester); }
  Context SpringApprover() { return At(As("school_approver"), kSecondSemester); }
  Context SpringAuthority() { return At(As("nanming_registrar"), kSecondSemester); }

  int64_t Active(const std::string& id = kId) {
    auto r =
        Register(Registrar(), As("school_approver"), As("nanming_registrar"), "5201020001", id);
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
  // History rows of field changes (registration transitions left out).
  int64_t HistoryRows(int64_t id) {
    return Count(
        std::string("SELECT COUNT(*) FROM student_history WHERE student_id = $1") + kFieldRows,
        {id});
  }
  std::optional<int64_t> IndexHolder(const std::string& id_norm) {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne("SELECT student_id FROM national_id_index WHERE id_number_norm = $1",
                          {id_norm});
    if (!r) return std::nullopt;
    return r->Int(0);
  }
  int64_t Upload(int64_t student, const std::string& kind) {
    auto p = UploadProof(*db_, SpringRegistrar(), student, kind, kind + ".jpg", kJpeg);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.ok() ? p->id : 0;
  }
  // The record's number becomes the formal G + its ID number (R-NO-3).
  void MakeFormal(int64_t id) {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET student_number = $1 WHERE id = $2",
             {"G" + Load(id).record.id_number, id});
    tx->Commit();
  }
  void Population(const std::string& rows) {
    Context cli{std::nullopt, "test", now_};
    auto r = ImportPopulationReference(*db_, cli, "population.csv",
                                       "身份证件号,姓名,性别,出生日期\n" + rows);
    ASSERT_TRUE(r.ok() && r->bad == 0) << (r.ok() ? r->bad_rows[0].message : r.error().message);
  }
  Result<KeyChangeRequestInfo> Request(int64_t student, const Fields& changes,
                                       const std::vector<int64_t>& proofs) {
    return RequestKeyChange(*db_, SpringRegistrar(), student, changes, "监护人申请：户籍信息已变更",
                            proofs);
  }
  Result<KeyChangeRequestInfo> ApproveAtBoth(int64_t request) {
    auto s = DecideKeyChangeAtSchool(*db_, SpringApprover(), request, true, "");
    if (!s.ok()) return s;
    return DecideKeyChangeAtAuthority(*db_, SpringAuthority(), request, true, "");
  }
  // R-SPEC-2025: a 非基础信息 field of 贵州 (520000), saved by its registrar.
  void DefineField(const std::string& name, const std::string& label, const std::string& kind,
                   bool required, const std::string& table = "") {
    auto saved = SaveProvinceField(*db_, As("gz_registrar"), Org("520000"),
                                   {name, label, kind, table, required});
    ASSERT_TRUE(saved.ok()) << saved.error().message;
  }
  // The province stops defining `name` (the store keeps fields, so the
  // tests remove the row to see a record holding a value of a retired one).
  void RetireField(const std::string& name) {
    auto tx = db_->BeginWrite();
    tx->Exec("DELETE FROM province_field WHERE province_code = '520000' AND name = $1", {name});
    tx->Commit();
  }
  Result<EditResult> EditExtra(int64_t id, const Fields& extra, const Fields& fields = {}) {
    StudentPatch patch{fields};
    patch.extra = extra;
    return EditStudent(*db_, SpringRegistrar(), id, patch, "监护人提供");
  }
};

std::string Codes(const Error& e) {
  std::string out;
  for (const auto& d : e.details) out += d.field + ":" + d.code + " ";
  return out;
}

TEST_P(StudentChanges, R_SEC_3_a_masked_number_sent_back_keeps_the_stored_number) {
  int64_t id = Active();
  StoredStudent before = Load(id);
  std::vector<domain::GuardianInput> guardians = before.record.guardians;
  guardians[0].id_type = "A";
  guardians[0].id_number = "E12345678";
  ASSERT_TRUE(EditStudent(*db_, SpringRegistrar(), id, {{}, std::nullopt, guardians}, "护照").ok());
  // The client got "E1*****78" back and returns it with another change.
  guardians[0].id_number = domain::MaskIdNumber("E12345678");
  guardians[0].phone = "13908519999";
  auto edit = EditStudent(
      *db_, SpringRegistrar(), id,
      {{{"id_number", domain::MaskIdNumber(before.record.id_number)}}, std::nullopt, guardians},
      "改电话");
  ASSERT_TRUE(edit.ok()) << edit.error().field << " " << edit.error().message;
  ASSERT_EQ(edit->changes.size(), 1u);
  EXPECT_EQ(edit->changes[0].field, "guardians[0].phone");
  StoredStudent after = Load(id);
  EXPECT_EQ(after.record.guardians[0].id_number, "E12345678");
  EXPECT_EQ(after.record.id_number, before.record.id_number);
}

TEST_P(StudentChanges, R_CHG_1_ordinary_fields_keep_old_new_who_when_why) {
  int64_t id = Active();
  auto edit = EditStudent(*db_, SpringRegistrar(), id,
                          {{{"phone", "139 0851 1111"}, {"address", "贵阳市南明区新华路1号"}}},
                          "监护人告知新电话");
  ASSERT_TRUE(edit.ok()) << edit.error().message;
  ASSERT_EQ(edit->changes.size(), 2u);
  EXPECT_EQ(edit->changes[0],
            (domain::FieldChange{"address", "贵阳市南明区花果园", "贵阳市南明区新华路1号"}));
  EXPECT_EQ(edit->changes[1], (domain::FieldChange{"phone", "13808510000", "13908511111"}));
  EXPECT_EQ(Load(id).record.phone, "13908511111");
  auto tx = db_->BeginRead();
  auto rows = tx->Query(
      std::string("SELECT field, old_value, new_value, actor, at, reason, request_id FROM "
                  "student_history WHERE student_id = $1") +
          kFieldRows + " ORDER BY id",
      {id});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].Text(0), "phone");
  EXPECT_EQ(rows[1].Text(1), "13808510000");
  EXPECT_EQ(rows[1].Text(2), "13908511111");
  EXPECT_EQ(rows[1].Text(3), "school_registrar");
  EXPECT_EQ(rows[1].Int(4), SpringRegistrar().now.micros);
  EXPECT_EQ(rows[1].Text(5), "监护人告知新电话");
  EXPECT_TRUE(rows[1].IsNull(6));
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'student.edit'")->Int(0),
            1);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(StudentChanges, R_CHG_1_a_reason_is_required_and_an_unchanged_save_writes_nothing) {
  int64_t id = Active();
  EXPECT_EQ(EditStudent(*db_, Registrar(), id, {{{"phone", "13908511111"}}}, " ").error().code,
            "REASON_REQUIRED");
  auto audit = VerifyAudit(*db_).entries;
  auto same = EditStudent(*db_, Registrar(), id, {{{"phone", "138 0851 0000"}}}, "核对");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->changes.empty());
  EXPECT_EQ(HistoryRows(id), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit);
}

TEST_P(StudentChanges, R_CHG_1_only_the_registrar_of_the_records_school_edits) {
  int64_t id = Active();
  const Fields phone = {{"phone", "13908511111"}};
  struct Case {
    const char* name;
    Context actor;
    ErrorKind kind;
  };
  const std::vector<Case> cases = {
      {"the school approver", As("school_approver"), ErrorKind::kForbidden},
      {"the county registrar", As("nanming_registrar"), ErrorKind::kForbidden},
      {"the system administrator", As("sysadmin"), ErrorKind::kForbidden},
      {"another county's registrar", As("yunyan_registrar"), ErrorKind::kNotFound},
      {"another school's registrar", NewAccount("yy_school", "school_registrar", "5201030001"),
       ErrorKind::kNotFound},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = EditStudent(*db_, c.actor, id, {phone}, "改电话");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, c.kind);
  }
  EXPECT_EQ(EditStudent(*db_, Registrar(), 999999, {phone}, "改电话").error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(HistoryRows(id), 0);
}

TEST_P(StudentChanges, R_CHG_2_key_fields_of_an_active_record_need_a_request) {
  int64_t id = Active();
  auto r = EditStudent(
      *db_, SpringRegistrar(), id,
      {{{"name", "王晓明"}, {"birth_date", "2019-09-01"}, {"phone", "13908511111"}}}, "改名");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRuleViolation);
  EXPECT_EQ(Codes(r.error()), "name:KEY_FIELD_NEEDS_REQUEST ");  // birth_date is unchanged
  auto both = EditStudent(*db_, SpringRegistrar(), id,
                          {{{"sex", "2"}, {"id_number", Id("122")}, {"address", "贵阳市"}}}, "改");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(Codes(both.error()), "sex:KEY_FIELD_NEEDS_REQUEST id_number:KEY_FIELD_NEEDS_REQUEST ");
  EXPECT_EQ(Load(id).record.phone, "13808510000");
  EXPECT_EQ(HistoryRows(id), 0);
}

TEST_P(StudentChanges, R_POL_3_the_provinces_widened_key_set_applies) {
  int64_t id = Active();
  ASSERT_TRUE(EditStudent(*db_, SpringRegistrar(), id, {{{"ethnicity", "09"}}}, "更正民族").ok());
  {
    auto tx = db_->BeginWrite();
    tx->Exec(
        "INSERT INTO province_key_field (province_code, field) VALUES ('520000', 'ethnicity')");
    tx->Commit();
  }
  auto r = EditStudent(*db_, SpringRegistrar(), id, {{{"ethnicity", "01"}}}, "更正民族");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "KEY_FIELD_NEEDS_REQUEST");
  EXPECT_EQ(r.error().field, "ethnicity");
  // ... and goes through a request with its proof (R-ARC-3: 民族 → 身份证).
  auto req = Request(id, {{"ethnicity", "01"}}, {Upload(id, "id_card")});
  ASSERT_TRUE(req.ok()) << req.error().message;
}

TEST_P(StudentChanges, R_CHG_3_entry_errors_are_ordinary_corrections_in_the_first_semester) {
  int64_t id = Active();  // activated 2026-09-10 CST
  struct Case {
    const char* name;
    const char* now;
    const char* new_name;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"the day of activation", "2026-09-10T12:00:00+08:00", "王晓明", true},
      {"last minute of the first semester", "2027-01-31T23:59:00+08:00", "王小明", true},
      {"first minute of the second semester", "2027-02-01T00:00:00+08:00", "王晓明", false},
      {"the next school year", "2027-09-10T09:00:00+08:00", "王晓明", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = EditStudent(*db_, At(Registrar(), c.now), id, {{{"name", c.new_name}}}, "录入错误");
    EXPECT_EQ(r.ok(), c.allowed);
    if (r.ok()) {
      EXPECT_EQ(Load(id).record.name, c.new_name);
    } else {
      EXPECT_EQ(r.error().code, "KEY_FIELD_NEEDS_REQUEST");
    }
  }
  EXPECT_EQ(HistoryRows(id), 2);
}

TEST_P(StudentChanges, R_CHG_2_a_G_records_name_is_never_an_ordinary_correction) {
  int64_t id = Active();
  MakeFormal(id);
  // Still the first semester, but 姓名 of a G record needs the national re-check.
  auto r = EditStudent(*db_, Registrar(), id, {{{"name", "王晓明"}, {"phone", "13908511111"}}},
                       "录入错误");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Codes(r.error()), "name:KEY_FIELD_NEEDS_REQUEST ");
  EXPECT_EQ(Load(id).record.name, "王小明");
  EXPECT_TRUE(EditStudent(*db_, Registrar(), id, {{{"phone", "13908511111"}}}, "更正").ok());
}

TEST_P(StudentChanges, R_CHG_3_graduates_change_only_by_request_for_a_users_entry_error) {
  int64_t id = Active();
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE student SET status = 'graduated' WHERE id = $1", {id});
    tx->Commit();
  }
  EXPECT_EQ(EditStudent(*db_, Registrar(), id, {{{"phone", "13908511111"}}}, "改").error().code,
            "GRADUATE_RECORD_CLOSED");
  int64_t hukou = Upload(id, "hukou_page");
  EXPECT_EQ(Request(id, {{"address", "贵阳市南明区新华路1号"}}, {hukou}).error().code,
            "GRADUATE_RECORD_CLOSED");
  auto req = RequestKeyChange(*db_, SpringRegistrar(), id, {{"address", "贵阳市南明区新华路1号"}},
                              "学籍管理员录入现住址时输错门牌号", {hukou}, /*entry_error=*/true);
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_TRUE(req->entry_error);
  ASSERT_TRUE(ApproveAtBoth(req->id).ok());
  EXPECT_EQ(Load(id).record.address, "贵阳市南明区新华路1号");
}

TEST_P(StudentChanges, R_CHG_1_a_returned_record_takes_every_field_a_pending_one_none) {
  const std::string new_id = Id("111");
  auto sub =
      SubmitRegistration(*db_, Registrar(), Org("5201020001"), FirstGrader("5201020001", kId));
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(EditStudent(*db_, Registrar(), sub->student_id, {{{"phone", "13908511111"}}}, "改")
                .error()
                .code,
            "RECORD_PENDING");
  ASSERT_TRUE(
      DecideAtSchool(*db_, As("school_approver"), sub->student_id, false, "身份证件号有误").ok());
  auto r = EditStudent(*db_, Registrar(), sub->student_id,
                       {{{"name", "張曉明"}, {"id_number", new_id}}}, "按退回意见更正");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto tx = db_->BeginRead();
  auto row =
      tx->QueryOne("SELECT id_number_norm, name_simplified, name_pinyin FROM student WHERE id = $1",
                   {sub->student_id});
  EXPECT_EQ(row->Text(0), new_id);
  EXPECT_EQ(row->Text(1), "张晓明");
  EXPECT_EQ(row->Text(2), "zhang xiao ming");
  EXPECT_FALSE(IndexHolder(new_id).has_value());  // not active: not in the national index
}

TEST_P(StudentChanges, R_SEC_5_every_wrong_field_at_once_and_nothing_written) {
  int64_t id = Active();
  auto audit = VerifyAudit(*db_).entries;
  auto before = Load(id);
  auto r = EditStudent(
      *db_, Registrar(), id,
      {{{"sex", "2"}, {"phone", "12345"}, {"birthplace", "520199"}, {"shoe_size", "40"}}}, "更正");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Codes(r.error()), "shoe_size:FIELD_UNKNOWN ");
  r = EditStudent(*db_, Registrar(), id, {{{"sex", "2"}, {"phone", "12345"}, {"email", "x@"}}},
                  "更正");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Codes(r.error()), "id_number:ID_SEX_MISMATCH phone:PHONE_FORMAT email:EMAIL_FORMAT ");
  r = EditStudent(*db_, Registrar(), id, {{{"birthplace", "520199"}}}, "更正");
  EXPECT_EQ(r.error().code, "DIVISION_UNKNOWN");
  r = EditStudent(*db_, Registrar(), id, {{}, FirstGradeClass("5201030001"), std::nullopt}, "调班");
  EXPECT_EQ(r.error().code, "CLASS_NOT_IN_SCHOOL");
  auto after = Load(id);
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_TRUE(DiffRecords(before.record, after.record).empty());
  EXPECT_EQ(HistoryRows(id), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit);
}

TEST_P(StudentChanges, R_CHG_1_family_members_are_added_changed_and_removed_with_history) {
  int64_t id = Active();
  auto guardians = Load(id).record.guardians;
  domain::GuardianInput mother = guardians[0];
  mother.name = "李芳";
  mother.relation = "52";
  mother.phone = "13908512222";
  mother.is_guardian = "1";
  guardians[0].phone = "13908513333";
  guardians.push_back(mother);
  auto added = EditStudent(*db_, Registrar(), id, {{}, std::nullopt, guardians}, "补充母亲信息");
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->changes.front(),
            (domain::FieldChange{"guardians[0].phone", "13908510000", "13908513333"}));
  EXPECT_EQ(added->changes[1].field, "guardians[1].name");
  EXPECT_EQ(added->changes[1].old_value, "");
  auto stored = Load(id).record.guardians;
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].name, "李芳");
  EXPECT_EQ(stored[0].phone, "13908513333");

  guardians.erase(guardians.begin());
  auto removed = EditStudent(*db_, Registrar(), id, {{}, std::nullopt, guardians}, "父亲信息有误");
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  stored = Load(id).record.guardians;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].name, "李芳");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM guardian WHERE student_id = $1", {id}), 1);
  EXPECT_EQ(EditStudent(*db_, Registrar(), id,
                        {{}, std::nullopt, std::vector<domain::GuardianInput>{}}, "x")
                .error()
                .code,
            "GUARDIAN_REQUIRED");
}

TEST_P(StudentChanges, R_REG_3_an_id_number_change_keeps_the_national_index_consistent) {
  int64_t a = Active(kId);
  int64_t b = Active(Id("111"));
  const std::string free_id = Id("135");
  // First semester: an entry error in the ID number is an ordinary correction.
  auto taken = EditStudent(*db_, Registrar(), b, {{{"id_number", kId}}}, "录入错误");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "ID_NUMBER_TAKEN");
  EXPECT_EQ(taken.error().message.find("王小明"), std::string::npos);  // names nothing of the other
  EXPECT_EQ(IndexHolder(kId), a);
  EXPECT_EQ(IndexHolder(Id("111")), b);

  ASSERT_TRUE(EditStudent(*db_, Registrar(), b, {{{"id_number", free_id}}}, "录入错误").ok());
  EXPECT_EQ(IndexHolder(free_id), b);
  EXPECT_FALSE(IndexHolder(Id("111")).has_value());
  EXPECT_EQ(Load(b).id_number_norm, free_id);
  // Another document type leaves the index.
  ASSERT_TRUE(
      EditStudent(*db_, Registrar(), b, {{{"id_type", "Z"}, {"id_number", ""}}}, "录入错误").ok());
  EXPECT_FALSE(IndexHolder(free_id).has_value());
  EXPECT_EQ(Load(b).id_number_norm, "");
}

TEST_P(StudentChanges, R_CHG_2_request_school_then_authority_then_applied_with_history) {
  int64_t id = Active();
  auto req = Request(id, {{"name", "王晓明"}}, {Upload(id, "id_card"), Upload(id, "hukou_page")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_EQ(req->state, "pending_school");
  EXPECT_EQ(req->changes, (std::vector<domain::FieldChange>{{"name", "王小明", "王晓明"}}));
  EXPECT_EQ(req->proof_ids.size(), 2u);
  EXPECT_EQ(Load(id).record.name, "王小明");  // nothing changes before 核准

  auto school = DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, true, "材料齐全");
  ASSERT_TRUE(school.ok()) << school.error().message;
  EXPECT_EQ(school->state, "pending_authority");
  EXPECT_EQ(Load(id).record.name, "王小明");
  auto done = DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, true, "");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->state, "approved");
  EXPECT_EQ(done->school_decided_by, "school_approver");
  EXPECT_EQ(done->authority_decided_by, "nanming_registrar");
  EXPECT_TRUE(done->decided_at.has_value());
  EXPECT_EQ(Load(id).record.name, "王晓明");
  auto tx = db_->BeginRead();
  auto h =
      tx->QueryOne(std::string("SELECT field, old_value, new_value, actor, reason, request_id FROM "
                               "student_history WHERE student_id = $1") +
                       kFieldRows,
                   {id});
  EXPECT_EQ(h->Text(0), "name");
  EXPECT_EQ(h->Text(1), "王小明");
  EXPECT_EQ(h->Text(2), "王晓明");
  EXPECT_EQ(h->Text(3), "nanming_registrar");
  EXPECT_EQ(h->Text(4), "监护人申请：户籍信息已变更");
  EXPECT_EQ(h->Int(5), req->id);
  EXPECT_EQ(tx->QueryOne("SELECT name_simplified FROM student WHERE id = $1", {id})->Text(0),
            "王晓明");
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(StudentChanges, R_ARC_3_missing_proofs_are_named_per_field) {
  int64_t id = Active();
  int64_t hukou = Upload(id, "hukou_page");
  auto r = Request(id, {{"name", "王晓明"}, {"id_number", Id("111")}}, {hukou});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Codes(r.error()), "name:PROOF_MISSING id_number:PROOF_MISSING ");
  EXPECT_EQ(r.error().details[1].message,
            "身份证件号变更缺少证明材料：需要居民身份证（正反面），以及公民身份号码更正告知函或派出"
            "所证明");
  int64_t other = Active(Id("111"));
  auto foreign = Request(id, {{"sex", "2"}, {"id_number", Id("122")}}, {Upload(other, "id_card")});
  ASSERT_FALSE(foreign.ok());
  // 性别 2 with an even sequence digit is consistent; the proof is another student's.
  EXPECT_EQ(foreign.error().code, "PROOF_NOT_FOUND");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM key_change_request"), 0);
}

TEST_P(StudentChanges, R_CHG_2_a_request_carries_only_key_fields_and_real_changes) {
  int64_t id = Active();
  int64_t hukou = Upload(id, "hukou_page");
  auto ordinary = Request(id, {{"phone", "13908511111"}, {"birth_date", "2019-09-01"}}, {hukou});
  EXPECT_EQ(Codes(ordinary.error()), "phone:NOT_KEY_FIELD ");
  EXPECT_EQ(Request(id, {{"birth_date", "2019-09-01"}}, {hukou}).error().code, "NO_CHANGES");
  EXPECT_EQ(Request(id, {{"birth_date", "2019-09-02"}}, {hukou}).error().code, "ID_BIRTH_MISMATCH");
  EXPECT_EQ(
      RequestKeyChange(*db_, SpringRegistrar(), id, {{"name", "王晓明"}}, "", {hukou}).error().code,
      "REASON_REQUIRED");
}

TEST_P(StudentChanges, R_CHG_2_one_open_request_per_student_and_the_requester_cancels) {
  int64_t id = Active();
  int64_t card = Upload(id, "id_card");
  auto first =
      Request(id, {{"ethnicity", "09"}, {"name", "王晓明"}}, {card, Upload(id, "hukou_page")});
  // 民族 is not a key field by default.
  EXPECT_EQ(first.error().code, "NOT_KEY_FIELD");
  first = Request(id, {{"name", "王晓明"}}, {card, Upload(id, "police_certificate")});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(Request(id, {{"name", "王晓"}}, {card, Upload(id, "hukou_page")}).error().code,
            "KEY_CHANGE_OPEN");
  EXPECT_EQ(CancelKeyChange(*db_, SpringApprover(), first->id).error().kind, ErrorKind::kForbidden);
  auto cancelled = CancelKeyChange(*db_, SpringRegistrar(), first->id);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, "cancelled");
  EXPECT_EQ(CancelKeyChange(*db_, SpringRegistrar(), first->id).error().code, "KEY_CHANGE_STATE");
  EXPECT_EQ(DecideKeyChangeAtSchool(*db_, SpringApprover(), first->id, true, "").error().code,
            "KEY_CHANGE_STATE");
  EXPECT_TRUE(Request(id, {{"name", "王晓"}}, {card, Upload(id, "hukou_page")}).ok());
}

TEST_P(StudentChanges, R_CHG_2_concurrent_requests_open_only_one) {
  int64_t id = Active();
  std::vector<int64_t> proofs = {Upload(id, "id_card"), Upload(id, "hukou_page")};
  Result<KeyChangeRequestInfo> a = Error{}, b = Error{};
  std::thread ta([&] { a = Request(id, {{"name", "王晓明"}}, proofs); });
  std::thread tb([&] { b = Request(id, {{"name", "王小鸣"}}, proofs); });
  ta.join();
  tb.join();
  EXPECT_EQ(a.ok() + b.ok(), 1);
  EXPECT_EQ((a.ok() ? b : a).error().code, "KEY_CHANGE_OPEN");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM key_change_request WHERE student_id = $1", {id}), 1);
}

TEST_P(StudentChanges, R_CHG_2_each_step_belongs_to_its_decider_and_refusing_needs_a_reason) {
  int64_t id = Active();
  auto req = Request(id, {{"name", "王晓明"}}, {Upload(id, "id_card"), Upload(id, "hukou_page")});
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(DecideKeyChangeAtSchool(*db_, SpringRegistrar(), req->id, true, "").error().kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, true, "").error().code,
            "KEY_CHANGE_STATE");
  EXPECT_EQ(DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, false, "").error().code,
            "REASON_REQUIRED");
  EXPECT_EQ(DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, false, std::string(501, 'x'))
                .error()
                .code,
            "REASON_TEXT");
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, true, "").ok());
  // The city is above the county but is not the school's record authority;
  // another county does not even see the request.
  EXPECT_EQ(
      DecideKeyChangeAtAuthority(*db_, At(As("gy_registrar"), kSecondSemester), req->id, true, "")
          .error()
          .kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(DecideKeyChangeAtAuthority(*db_, At(As("yunyan_registrar"), kSecondSemester), req->id,
                                       true, "")
                .error()
                .kind,
            ErrorKind::kNotFound);
  auto rejected =
      DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, false, "户口本页不清晰");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, "rejected");
  EXPECT_EQ(rejected->authority_reason, "户口本页不清晰");
  EXPECT_EQ(Load(id).record.name, "王小明");
  EXPECT_EQ(HistoryRows(id), 0);
}

TEST_P(StudentChanges, R_CHG_2_a_G_records_name_change_needs_identity_verification) {
  int64_t id = Active();
  MakeFormal(id);
  Population(kId + ",王小明,1,2019-09-01\n");
  auto req =
      Request(id, {{"name", "王晓明"}}, {Upload(id, "id_card"), Upload(id, "police_certificate")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, true, "").ok());
  auto before = Load(id);
  auto refused = DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, true, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "IDENTITY_NOT_VERIFIED");
  EXPECT_NE(refused.error().message.find("姓名"), std::string::npos) << refused.error().message;
  // R-SEC-5: the refused approval changed neither the record nor the request.
  auto after = Load(id);
  EXPECT_TRUE(DiffRecords(before.record, after.record).empty());
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_EQ(HistoryRows(id), 0);
  EXPECT_EQ(GetKeyChange(*db_, SpringAuthority(), req->id)->state, "pending_authority");
  // R-NO-7: the answer is kept.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM identity_check WHERE student_id = $1 AND verdict = "
                  "'mismatched'",
                  {id}),
            1);
  // Once the population database has the new name, the change takes effect.
  Population(kId + ",王晓明,1,2019-09-01\n");
  auto done = DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, true, "");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(Load(id).record.name, "王晓明");
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(StudentChanges, R_NO_5_a_G_records_id_number_change_keeps_its_G_number) {
  int64_t id = Active();
  MakeFormal(id);
  const std::string corrected = Id("135");
  Population(corrected + ",王小明,1,2019-09-01\n");
  auto req = Request(id, {{"id_number", corrected}},
                     {Upload(id, "id_card"), Upload(id, "id_correction_notice")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  auto done = ApproveAtBoth(req->id);
  ASSERT_TRUE(done.ok()) << done.error().message;
  auto s = Load(id);
  EXPECT_EQ(s.record.id_number, corrected);
  EXPECT_EQ(s.id_number_norm, corrected);
  EXPECT_EQ(s.student_number, "G" + kId);  // R-NO-5: differs from G + the ID number, by design
  EXPECT_EQ(IndexHolder(corrected), id);
  EXPECT_FALSE(IndexHolder(kId).has_value());
}

TEST_P(StudentChanges, R_REG_3_a_G_records_new_id_number_is_deduplicated_at_approval) {
  int64_t id = Active();
  MakeFormal(id);
  const std::string other_id = Id("135");
  Population(other_id + ",王小明,1,2019-09-01\n");
  auto req = Request(id, {{"id_number", other_id}},
                     {Upload(id, "id_card"), Upload(id, "id_correction_notice")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, SpringApprover(), req->id, true, "").ok());
  int64_t other = Active(other_id);  // meanwhile another record takes the number
  auto refused = DecideKeyChangeAtAuthority(*db_, SpringAuthority(), req->id, true, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "ID_NUMBER_TAKEN");
  EXPECT_EQ(Load(id).record.id_number, kId);
  EXPECT_EQ(IndexHolder(kId), id);
  EXPECT_EQ(IndexHolder(other_id), other);
  EXPECT_EQ(HistoryRows(id), 0);
}

TEST_P(StudentChanges, R_NO_4_a_J_student_with_a_new_citizen_id_enters_the_index_and_gets_G) {
  domain::StudentInput s = FirstGrader("5201020001", "");
  s.id_type = "Z";
  auto sub = SubmitRegistration(*db_, Registrar(), Org("5201020001"), s);
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  auto active = DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "");
  ASSERT_EQ(active->student_number[0], 'J');
  int64_t id = sub->student_id;
  auto req =
      Request(id, {{"id_type", "1"}, {"id_number", kId}},
              {Upload(id, "id_card"), Upload(id, "hukou_page"), Upload(id, "police_certificate")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  ASSERT_TRUE(ApproveAtBoth(req->id).ok());
  EXPECT_EQ(IndexHolder(kId), id);
  EXPECT_EQ(Load(id).student_number, active->student_number);  // until the spring batch
  Population(kId + ",王小明,1,2019-09-01\n");
  auto batch =
      RunFormalNumberBatch(*db_, At(As("moe_registrar"), kSecondSemester), Org("520000").path);
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  EXPECT_EQ(Load(id).student_number, "G" + kId);
}

TEST_P(StudentChanges, R_SEC_5_a_request_overtaken_by_an_edit_is_refused_at_approval) {
  int64_t id = Active();
  // In the first semester both paths are open: a request, then a direct fix.
  auto req = RequestKeyChange(*db_, Registrar(), id, {{"name", "王晓明"}}, "监护人申请",
                              {Upload(id, "id_card"), Upload(id, "hukou_page")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  ASSERT_TRUE(EditStudent(*db_, Registrar(), id, {{{"name", "王小鸣"}}}, "录入错误").ok());
  ASSERT_TRUE(DecideKeyChangeAtSchool(*db_, As("school_approver"), req->id, true, "").ok());
  auto stale = DecideKeyChangeAtAuthority(*db_, As("nanming_registrar"), req->id, true, "");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "KEY_CHANGE_STALE");
  EXPECT_EQ(Load(id).record.name, "王小鸣");
  EXPECT_EQ(HistoryRows(id), 1);
}

TEST_P(StudentChanges, R_CHG_2_approval_queues_list_requests_in_the_subtree) {
  int64_t id = Active();
  auto req = Request(id, {{"name", "王晓明"}}, {Upload(id, "id_card"), Upload(id, "hukou_page")});
  ASSERT_TRUE(req.ok());
  auto approver = SpringApprover();
  auto queue =
      ListKeyChangeRequests(*db_, approver, approver.actor->org_path, "pending_school", 50);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].id, req->id);
  EXPECT_EQ((*queue)[0].student_name, "王小明");
  EXPECT_EQ((*queue)[0].school_code, "5201020001");
  EXPECT_TRUE(
      ListKeyChangeRequests(*db_, approver, approver.actor->org_path, "approved", 50)->empty());
  auto yunyan = As("yunyan_registrar");
  EXPECT_TRUE(ListKeyChangeRequests(*db_, yunyan, yunyan.actor->org_path, "", 50)->empty());
  EXPECT_EQ(ListKeyChangeRequests(*db_, yunyan, approver.actor->org_path, "", 50).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(
      ListKeyChangeRequests(*db_, approver, approver.actor->org_path, "open", 50).error().code,
      "STATE");
}

TEST_P(StudentChanges, R_SPEC_2025_R_CHG_1_edits_province_values_with_history) {
  int64_t id = Active();
  DefineField("boarding", "是否寄宿", "yes_no", false);
  DefineField("bus_route", "乘车路线", "text", false);
  auto audit = VerifyAudit(*db_).entries;
  auto set = EditExtra(id, {{"boarding", "1"}, {"bus_route", " 2路 "}}, {{"phone", "13908511111"}});
  ASSERT_TRUE(set.ok()) << set.error().field << " " << set.error().message;
  EXPECT_EQ(set->changes, (std::vector<domain::FieldChange>{{"phone", "13808510000", "13908511111"},
                                                            {"extra.boarding", "", "1"},
                                                            {"extra.bus_route", "", "2路"}}));
  EXPECT_EQ(Load(id).record.extra, (Fields{{"boarding", "1"}, {"bus_route", "2路"}}));
  // "" removes a value; names not sent keep theirs.
  auto cleared = EditExtra(id, {{"bus_route", ""}});
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_EQ(cleared->changes, (std::vector<domain::FieldChange>{{"extra.bus_route", "2路", ""}}));
  EXPECT_EQ(Load(id).record.extra, (Fields{{"boarding", "1"}}));
  EXPECT_TRUE(EditExtra(id, {{"boarding", "1"}})->changes.empty());
  auto tx = db_->BeginRead();
  auto rows = tx->Query(
      "SELECT field, old_value, new_value, reason FROM student_history WHERE student_id = $1 AND "
      "field LIKE 'extra.%' ORDER BY id",
      {id});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].Text(0), "extra.bus_route");
  EXPECT_EQ(rows[2].Text(1), "2路");
  EXPECT_EQ(rows[2].Text(2), "");
  EXPECT_EQ(rows[2].Text(3), "监护人提供");
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'student.edit' AND "
                         "summary LIKE '%extra.boarding%'")
                ->Int(0),
            1);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit + 2);
}

TEST_P(StudentChanges, R_SPEC_2025_R_SEC_5_province_errors_come_with_the_national_ones) {
  int64_t id = Active();
  DefineField("boarding", "是否寄宿", "yes_no", true);  // made required after registration
  DefineField("enrolled_on", "入住日期", "date", false);
  auto before = Load(id);
  auto audit = VerifyAudit(*db_).entries;
  auto r =
      EditExtra(id, {{"shoe_size", "36"}, {"enrolled_on", "2026-02-30"}}, {{"phone", "12345"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Codes(r.error()),
            "phone:PHONE_FORMAT extra.shoe_size:UNKNOWN_FIELD extra.boarding:REQUIRED "
            "extra.enrolled_on:DATE_FORMAT ");
  EXPECT_EQ(r.error().details[2].message, "请填写是否寄宿");
  // A field the province made required is filled before anything else is saved.
  auto phone_only = EditExtra(id, {}, {{"phone", "13908511111"}});
  ASSERT_FALSE(phone_only.ok());
  EXPECT_EQ(Codes(phone_only.error()), "extra.boarding:REQUIRED ");
  auto after = Load(id);
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_TRUE(DiffRecords(before.record, after.record).empty());
  EXPECT_EQ(HistoryRows(id), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_extra WHERE student_id = $1", {id}), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit);
  EXPECT_TRUE(EditExtra(id, {{"boarding", "0"}}, {{"phone", "13908511111"}}).ok());
}

TEST_P(StudentChanges, R_SPEC_2025_what_the_record_held_does_not_fail_an_unrelated_edit) {
  int64_t id = Active();
  DefineField("shoe_size", "鞋码", "text", false);
  DefineField("home_language", "家庭语言", "code", false, "ethnicity");
  ASSERT_TRUE(EditExtra(id, {{"shoe_size", "36"}, {"home_language", "03"}}).ok());
  RetireField("shoe_size");
  Context ministry{std::nullopt, "test", now_};
  ASSERT_TRUE(UpsertCodeValue(*db_, ministry, "ethnicity", "03", "回族", true).ok());

  auto phone = EditExtra(id, {}, {{"phone", "13908511111"}});
  ASSERT_TRUE(phone.ok()) << Codes(phone.error());
  EXPECT_EQ(Load(id).record.extra, (Fields{{"home_language", "03"}, {"shoe_size", "36"}}));
  // Sent back unchanged (as a form does), both stay; changes are checked.
  EXPECT_TRUE(EditExtra(id, {{"shoe_size", "36"}, {"home_language", "03"}})->changes.empty());
  EXPECT_EQ(Codes(EditExtra(id, {{"shoe_size", "37"}, {"home_language", "05"}}).error()),
            "extra.shoe_size:UNKNOWN_FIELD ");
  ASSERT_TRUE(EditExtra(id, {{"home_language", "01"}}).ok());
  EXPECT_EQ(Codes(EditExtra(id, {{"home_language", "03"}}).error()),
            "extra.home_language:CODE_VALUE_HISTORICAL ");
  auto removed = EditExtra(id, {{"shoe_size", ""}});
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed->changes, (std::vector<domain::FieldChange>{{"extra.shoe_size", "36", ""}}));
  EXPECT_EQ(Load(id).record.extra, (Fields{{"home_language", "01"}}));
}

TEST_P(StudentChanges, R_SPEC_2025_R_CHG_2_a_key_data_request_leaves_province_values_alone) {
  int64_t id = Active();
  DefineField("boarding", "是否寄宿", "yes_no", false);
  ASSERT_TRUE(EditExtra(id, {{"boarding", "1"}}).ok());
  auto req = Request(id, {{"name", "王晓明"}}, {Upload(id, "id_card"), Upload(id, "hukou_page")});
  ASSERT_TRUE(req.ok()) << req.error().message;
  auto done = ApproveAtBoth(req->id);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(Load(id).record.name, "王晓明");
  EXPECT_EQ(Load(id).record.extra, (Fields{{"boarding", "1"}}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE request_id = $1", {req->id}), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StudentChanges, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
