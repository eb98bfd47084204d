#include "service/registration.h"

#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/student_dates.h"
#include "domain/text.h"
#include "service/audit.h"
#include "service/enrollment_policy.h"
#include "service/policy_service.h"
#include "service/province_fields.h"
#include "service/stored_codes.h"
#include "service/student_history.h"
#include "service/student_insert.h"
#include "service/student_numbers.h"
#include "service/summary.h"
#include "service/suspected_duplicates.h"
#include "service/workflow_requests.h"

namespace xueji::service {
namespace {

constexpr const char* kFlow = "registration";
constexpr size_t kSchoolStep = 0;
constexpr size_t kAuthorityStep = 1;

struct StudentRow {
  int64_t id;
  std::string registration, school_code, id_number_norm, birth_date, id_type, school_path,
      authority_code, county_code;
  int64_t submitted_by;
};

std::optional<StudentRow> LoadStudent(store::Tx& tx, int64_t id) {
  auto r = tx.QueryOne(
      "SELECT st.id, st.registration, st.school_code, COALESCE(st.id_number_norm, ''), "
      "st.birth_date, st.id_type, o.path, sc.authority_code, sc.county_code, st.submitted_by "
      "FROM student st JOIN org o ON o.code = st.school_code JOIN school sc ON sc.code = "
      "st.school_code WHERE st.id = $1" +
          std::string(tx.ForUpdate()),
      {id});
  if (!r) return std::nullopt;
  return StudentRow{r->Int(0),  r->Text(1), r->Text(2), r->Text(3), r->Text(4),
                    r->Text(5), r->Text(6), r->Text(7), r->Text(8), r->Int(9)};
}

// R-CHG-4: the registration states a record passes through are history too,
// so that the record can be rebuilt as it stood on any day.
void RecordTransition(store::Tx& tx, const Context& ctx, int64_t student_id,
                      std::vector<domain::FieldChange> changes, const std::string& reason) {
  AppendHistory(tx, ctx, student_id, changes, reason);
}

// An active record that a new one would duplicate, with its school path.
struct Holder {
  int64_t student_id;
  std::string school_path;
};

// The active record holding this normalized ID number.
std::optional<Holder> ActiveHolder(store::Tx& tx, const std::string& id_norm) {
  auto r = tx.QueryOne(
      "SELECT n.student_id, o.path FROM national_id_index n JOIN student st ON st.id = "
      "n.student_id JOIN org o ON o.code = st.school_code WHERE n.id_number_norm = $1",
      {id_norm});
  if (!r) return std::nullopt;
  return Holder{r->Int(0), r->Text(1)};
}

// R-REG-8 kind c: an active record without a valid 居民身份证 number with the
// same simplified name, sex and birth date.
std::optional<Holder> ActiveNoIdTwin(store::Tx& tx, int64_t student_id) {
  auto r = tx.QueryOne(
      "SELECT other.id, o.path FROM student me JOIN student other ON other.name_simplified = "
      "me.name_simplified AND other.birth_date = me.birth_date AND other.sex = me.sex JOIN org o "
      "ON o.code = other.school_code WHERE me.id = $1 AND other.id <> me.id AND "
      "other.registration = 'active' AND other.id_number_norm IS NULL ORDER BY other.id LIMIT 1",
      {student_id});
  if (!r) return std::nullopt;
  return Holder{r->Int(0), r->Text(1)};
}

// R-REG-3, R-REG-5, R-REG-8: marks the record a problem record, a duplicate
// of `other`, naming the arbiter — the lowest authority over both schools —
// and the state the record resumes once the problem is resolved.
int64_t OpenDuplicateProblem(store::Tx& tx, const Context& ctx, int64_t student_id,
                             const std::string& school_path, const Holder& other,
                             const std::string& kind, const std::string& resume) {
  std::string arbiter = domain::LowestCommonAncestor(school_path, other.school_path);
  // Two records of one school: the school's record authority arbitrates.
  if (auto school = tx.QueryOne("SELECT authority_code FROM school WHERE code = $1", {arbiter})) {
    arbiter = school->Text(0);
  }
  tx.Exec("UPDATE student SET registration = 'problem', updated_at = $1 WHERE id = $2",
          {ctx.now.micros, student_id});
  RecordTransition(tx, ctx, student_id, {{"registration", resume, "problem"}}, "问题学籍");
  std::string detail = kind == "duplicate_id"
                           ? "身份证件号与已在籍学生重复"
                           : "无有效身份证件号，且姓名、性别、出生日期与已在籍学生相同";
  auto row = tx.QueryOne(
      "INSERT INTO problem_record (kind, student_id, other_student_id, arbiter_org, state, "
      "detail, created_at, resume_registration) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) "
      "RETURNING id",
      {kind, student_id, other.student_id, arbiter, detail, ctx.now.micros, resume});
  return row->Int(0);
}

// R-REG-3, R-REG-8: the check at submission (and resubmission): an exact
// duplicate of an active record's ID number (kind b), or, without a
// 居民身份证, of its name, sex and birth date (kind c). Opens the problem
// record and tells the registrar why (R-REG-6: 籍随人走 — a student with an
// active record elsewhere comes through the transfer procedure, not a new
// record).
std::optional<int64_t> CheckDuplicatesAtSubmission(store::Tx& tx, const Context& ctx,
                                                   int64_t student_id, const std::string& id_norm,
                                                   const std::string& school_path,
                                                   std::vector<domain::Warning>& warnings) {
  if (!id_norm.empty()) {
    auto holder = ActiveHolder(tx, id_norm);
    if (!holder) return std::nullopt;
    warnings.push_back(
        {"HOLDS_ACTIVE_RECORD", "id_number",
         "该身份证件号已有在籍学籍。籍随人走：已在其他学校就读的学生应办理转学手续转入，"
         "不应重新建籍；本记录已列为问题学籍，由上级主管部门仲裁"});
    return OpenDuplicateProblem(tx, ctx, student_id, school_path, *holder, "duplicate_id",
                                "pending_school");
  }
  auto twin = ActiveNoIdTwin(tx, student_id);
  if (!twin) return std::nullopt;
  warnings.push_back(
      {"SAME_PERSON_SUSPECTED", "name",
       "已有姓名、性别、出生日期相同且无有效身份证件号的在籍学生；本记录已列为问题学籍，"
       "如为不同学生（如双胞胎）请上传佐证材料"});
  return OpenDuplicateProblem(tx, ctx, student_id, school_path, *twin, "duplicate_no_id",
                              "pending_school");
}

Status CheckDivisionExists(store::Tx& tx, const std::string& code, const std::string& field,
                           const std::string& label) {
  if (tx.QueryOne("SELECT 1 FROM org WHERE code = $1 AND level <> 'school'", {code})) return Ok();
  return Invalid("DIVISION_UNKNOWN", field, label + "的行政区划代码不存在：" + code);
}

// R-REG-2: a decision needs an actor, and refusing needs a reason.
Status CheckDecision(const Context& ctx, bool approve, const std::string& reason) {
  if (!ctx.actor) return Unauthenticated();
  auto checked = domain::CheckReason(reason, !approve);
  if (!checked.ok()) return checked.error();
  return Ok();
}

// R-REG-3, R-NO-2, R-NO-4: the approving half of 核准. The second
// de-duplication is decided by national_id_index's primary key (kind b) or,
// without a 居民身份证, by the name/sex/birth-date look-up (kind c); a clash
// makes the record a problem record that resumes at pending_authority.
Result<RegistrationResult> Activate(store::Tx& tx, const Context& ctx, const StudentRow& st) {
  RegistrationResult result{st.id, "problem", "", std::nullopt, {}};
  std::optional<Holder> clash;
  std::string kind = "duplicate_id";
  if (!st.id_number_norm.empty()) {
    if (tx.Exec("INSERT INTO national_id_index (id_number_norm, student_id) VALUES ($1, $2) "
                "ON CONFLICT (id_number_norm) DO NOTHING",
                {st.id_number_norm, st.id}) == 0) {
      clash = ActiveHolder(tx, st.id_number_norm);
    }
  } else if ((clash = ActiveNoIdTwin(tx, st.id))) {
    kind = "duplicate_no_id";
  }
  if (clash) {
    result.problem_id =
        OpenDuplicateProblem(tx, ctx, st.id, st.school_path, *clash, kind, "pending_authority");
    AppendAudit(tx, ctx,
                {"student.authority_duplicate", std::to_string(st.id), "ok",
                 Summary({{"other_student", std::to_string(clash->student_id)}, {"kind", kind}})});
    tx.Commit();
    return result;
  }
  domain::Date birth = *domain::ParseDate(st.birth_date);
  Result<std::string> number = st.id_type == domain::kCitizenIdType
                                   ? IssueTemporaryNumber(tx, ctx, st.county_code, birth)
                                   : IssueNoIdNumber(tx, ctx, st.county_code, birth);
  if (!number.ok()) return number.error();
  XUEJI_RETURN_IF_ERROR(DecideOpenRequestOf(tx, ctx, kFlow, st.id, kAuthorityStep, true, ""));
  tx.Exec(
      "UPDATE student SET registration = 'active', status = 'enrolled', student_number = $1, "
      "authority_decided_by = $2, activated_at = $3, updated_at = $3 WHERE id = $4",
      {*number, ctx.actor->user_id, ctx.now.micros, st.id});
  RecordTransition(tx, ctx, st.id,
                   {{"registration", "pending_authority", "active"},
                    {"status", "pending", "enrolled"},
                    {"student_number", "", *number}},
                   "核准");
  AppendAudit(tx, ctx,
              {"student.authority_approve", std::to_string(st.id), "ok",
               Summary({{"student_number", *number}})});
  tx.Commit();
  result.registration = "active";
  result.student_number = *number;
  return result;
}

// R-INFO-1..5 and R-SPEC-2025: the national fields and the province's
// 非基础信息 of the school's province, every error of both in one answer.
Result<domain::ValidatedStudent> ValidateSubmission(store::Tx& tx, const domain::CodeLookup& codes,
                                                    const OrgRef& school,
                                                    domain::StudentInput input,
                                                    domain::Date today) {
  auto fields = LoadProvinceFields(tx, ProvinceOfPath(school.path));
  Status extra = domain::ValidateExtraValues(fields, input.extra, codes);
  return WithExtraErrors(domain::ValidateNewStudent(std::move(input), codes, today), extra);
}

}  // namespace

// R-REG-1, R-REG-3, R-POL-5
Result<RegistrationResult> SubmitRegistration(store::Database& db, const Context& ctx,
                                              const OrgRef& school, domain::StudentInput input) {
  if (!ctx.actor) return Unauthenticated();
  NameKeys keys = KeysOf(input.name);
  auto tx = db.BeginWrite();
  StoredCodes codes(*tx);
  XUEJI_ASSIGN_OR_RETURN(
      auto v, ValidateSubmission(*tx, codes, school, std::move(input), domain::CstDate(ctx.now)));
  if (v.record.name != keys.name) keys = KeysOf(v.record.name);  // validation normalized it
  XUEJI_RETURN_IF_ERROR(CheckEnrollmentPolicy(*tx, school.code, v, domain::CstDate(ctx.now)));
  auto cls = tx->QueryOne("SELECT grade_code FROM school_class WHERE id = $1 AND school_code = $2",
                          {v.record.class_id, school.code});
  if (!cls) return Invalid("CLASS_NOT_IN_SCHOOL", "class_id", "班级不属于本校");
  if (cls->Text(0) != v.record.grade_code) {
    return Invalid("CLASS_GRADE", "class_id", "所选班级不属于所选年级");
  }
  XUEJI_RETURN_IF_ERROR(CheckDivisionExists(*tx, v.record.birthplace, "birthplace", "出生地"));
  XUEJI_RETURN_IF_ERROR(
      CheckDivisionExists(*tx, v.record.hukou_division, "hukou_division", "户口所在地"));
  for (size_t i = 0; i < v.record.guardians.size(); ++i) {
    XUEJI_RETURN_IF_ERROR(CheckDivisionExists(*tx, v.record.guardians[i].hukou_division,
                                              "guardians[" + std::to_string(i) + "].hukou_division",
                                              "家庭成员的户口所在地"));
  }
  RegistrationResult result;
  result.student_id = InsertNewStudent(*tx, ctx, school, v, keys);
  result.registration = "pending_school";
  result.warnings = v.warnings;
  result.problem_id = CheckDuplicatesAtSubmission(*tx, ctx, result.student_id,
                                                  v.id ? v.id->normalized : std::string(),
                                                  school.path, result.warnings);
  if (result.problem_id) result.registration = "problem";
  // R-REG-4: near matches are listed for review; they never block.
  XUEJI_RETURN_IF_ERROR(RecordSuspectedDuplicates(*tx, ctx, result.student_id));
  // A problem record's request waits until the record resumes (R-REG-5).
  XUEJI_RETURN_IF_ERROR(
      StartSchoolAndAuthorityRequest(*tx, ctx, kFlow, school.code, result.student_id, "{}"));
  AppendAudit(*tx, ctx,
              {"student.submit", std::to_string(result.student_id), "ok",
               Summary({{"school", school.code},
                        {"name", v.record.name},
                        {"registration", result.registration}})});
  tx->Commit();
  return result;
}

// R-REG-2
Result<RegistrationResult> DecideAtSchool(store::Database& db, const Context& ctx,
                                          int64_t student_id, bool approve,
                                          const std::string& reason) {
  XUEJI_RETURN_IF_ERROR(CheckDecision(ctx, approve, reason));
  auto tx = db.BeginWrite();
  auto st = LoadStudent(*tx, student_id);
  if (!st || st->school_code != ctx.actor->org_code) return NotFound("学生记录不存在");
  if (st->registration != "pending_school") {
    return Conflict("REGISTRATION_STATE", "该记录不在待学校审核状态");
  }
  if (!domain::MayDecide(ctx.actor->user_id, st->submitted_by)) {
    return Forbidden("不能审核自己提交的记录");
  }
  XUEJI_RETURN_IF_ERROR(
      DecideOpenRequestOf(*tx, ctx, kFlow, student_id, kSchoolStep, approve, reason));
  std::string next = approve ? "pending_authority" : "returned";
  tx->Exec(
      "UPDATE student SET registration = $1, school_decided_by = $2, return_reason = $3, "
      "updated_at = $4 WHERE id = $5",
      {next, ctx.actor->user_id, approve ? std::string() : reason, ctx.now.micros, student_id});
  RecordTransition(*tx, ctx, student_id, {{"registration", "pending_school", next}}, reason);
  AppendAudit(*tx, ctx,
              {approve ? "student.school_approve" : "student.school_return",
               std::to_string(student_id), "ok", Summary({{"reason", reason}})});
  tx->Commit();
  return RegistrationResult{student_id, next, "", std::nullopt, {}};
}

// R-REG-2, R-REG-3, R-NO-2, R-NO-4
Result<RegistrationResult> DecideAtAuthority(store::Database& db, const Context& ctx,
                                             int64_t student_id, bool approve,
                                             const std::string& reason) {
  XUEJI_RETURN_IF_ERROR(CheckDecision(ctx, approve, reason));
  auto tx = db.BeginWrite();
  auto st = LoadStudent(*tx, student_id);
  if (!st || !domain::IsWithin(ctx.actor->org_path, st->school_path)) {
    return NotFound("学生记录不存在");
  }
  if (st->authority_code != ctx.actor->org_code) {
    return Forbidden("只有该校的学籍主管部门可以核准");
  }
  if (st->registration != "pending_authority") {
    return Conflict("REGISTRATION_STATE", "该记录不在待核准状态");
  }
  RegistrationResult result{student_id, "returned", "", std::nullopt, {}};
  if (!approve) {
    XUEJI_RETURN_IF_ERROR(
        DecideOpenRequestOf(*tx, ctx, kFlow, student_id, kAuthorityStep, false, reason));
    tx->Exec(
        "UPDATE student SET registration = 'returned', authority_decided_by = $1, "
        "return_reason = $2, updated_at = $3 WHERE id = $4",
        {ctx.actor->user_id, reason, ctx.now.micros, student_id});
    RecordTransition(*tx, ctx, student_id, {{"registration", "pending_authority", "returned"}},
                     reason);
    AppendAudit(*tx, ctx,
                {"student.authority_return", std::to_string(student_id), "ok",
                 Summary({{"reason", reason}})});
    tx->Commit();
    return result;
  }
  return Activate(*tx, ctx, *st);
}

// R-REG-1, R-REG-2, R-SPEC-2025: a returned record, corrected, goes back to
// the school approver; the submission's de-duplication runs again. Its
// province values are checked again against the province's current
// definitions (RecheckStoredExtras): what the province changed since the
// record was returned is corrected first, by an edit. The enrollment policy
// in force now (R-POL-5, 第七条) is checked again, as for a new record.
Result<RegistrationResult> ResubmitRegistration(store::Database& db, const Context& ctx,
                                                int64_t student_id) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  auto st = LoadStudent(*tx, student_id);
  if (!st || st->school_code != ctx.actor->org_code) return NotFound("学生记录不存在");
  if (st->registration != "returned") {
    return Conflict("REGISTRATION_STATE", "只有被退回的记录可以重新提交");
  }
  XUEJI_RETURN_IF_ERROR(
      RecheckStoredExtras(*tx, st->school_path, LoadExtraValues(*tx, st->id), StoredCodes(*tx)));
  XUEJI_ASSIGN_OR_RETURN(auto warnings,
                         RecheckEnrollmentPolicy(*tx, student_id, domain::CstDate(ctx.now)));
  tx->Exec(
      "UPDATE student SET registration = 'pending_school', submitted_by = $1, "
      "return_reason = '', updated_at = $2 WHERE id = $3",
      {ctx.actor->user_id, ctx.now.micros, student_id});
  RecordTransition(*tx, ctx, student_id, {{"registration", "returned", "pending_school"}},
                   "重新提交");
  RegistrationResult result{student_id, "pending_school", "", std::nullopt, std::move(warnings)};
  result.problem_id = CheckDuplicatesAtSubmission(*tx, ctx, student_id, st->id_number_norm,
                                                  st->school_path, result.warnings);
  if (result.problem_id) result.registration = "problem";
  XUEJI_RETURN_IF_ERROR(RecordSuspectedDuplicates(*tx, ctx, student_id));
  XUEJI_RETURN_IF_ERROR(
      StartSchoolAndAuthorityRequest(*tx, ctx, kFlow, st->school_code, student_id, "{}"));
  AppendAudit(*tx, ctx,
              {"student.resubmit", std::to_string(student_id), "ok",
               Summary({{"registration", result.registration}})});
  tx->Commit();
  return result;
}

}  // namespace xueji::service
