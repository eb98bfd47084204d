#include "service/registration.h"

#include <map>

#include "domain/org.h"
#include "domain/role.h"
#include "domain/text.h"
#include "io/name_keys.h"
#include "service/audit.h"
#include "service/code_table_service.h"
#include "service/student_numbers.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr const char* kCodeTables[] = {
    "sex",
    "ethnicity",
    "nationality",
    "id_type",
    "hmt_overseas",
    "political",
    "health",
    "hukou_type",
    "enroll_method",
    "attend_mode",
    "student_source",
    "left_behind",
    "inclusive_class",
    "disability",
    "family_relation",
    "yes_no",
};

// The code tables as stored, read in the caller's transaction.
class StoredCodes : public domain::CodeLookup {
 public:
  static Result<StoredCodes> Load(store::Tx& tx) {
    StoredCodes codes;
    for (const char* id : kCodeTables) {
      XUEJI_ASSIGN_OR_RETURN(auto table, LoadCodeTable(tx, id));
      codes.tables_.emplace(id, std::move(table));
    }
    return codes;
  }
  const domain::CodeTable* Table(std::string_view id) const override {
    auto it = tables_.find(std::string(id));
    return it == tables_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, domain::CodeTable> tables_;
};

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

// The active record holding this normalized ID number, with its school path.
std::optional<std::pair<int64_t, std::string>> ActiveHolder(store::Tx& tx,
                                                            const std::string& id_norm) {
  auto r = tx.QueryOne(
      "SELECT n.student_id, o.path FROM national_id_index n JOIN student st ON st.id = "
      "n.student_id JOIN org o ON o.code = st.school_code WHERE n.id_number_norm = $1",
      {id_norm});
  if (!r) return std::nullopt;
  return std::make_pair(r->Int(0), r->Text(1));
}

// R-REG-3, R-REG-5, R-REG-8: marks the record a duplicate of `other` and
// names the arbiter, the lowest authority over both schools.
int64_t OpenDuplicateProblem(store::Tx& tx, const Context& ctx, int64_t student_id,
                             const std::string& school_path, int64_t other_id,
                             const std::string& other_path) {
  std::string arbiter = domain::LowestCommonAncestor(school_path, other_path);
  tx.Exec("UPDATE student SET registration = 'problem', updated_at = $1 WHERE id = $2",
          {ctx.now.micros, student_id});
  auto row = tx.QueryOne(
      "INSERT INTO problem_record (kind, student_id, other_student_id, arbiter_org, state, "
      "detail, created_at) VALUES ('duplicate_id', $1, $2, $3, 'open', $4, $5) RETURNING id",
      {student_id, other_id, arbiter, std::string("身份证件号与已在籍学生重复"), ctx.now.micros});
  return row->Int(0);
}

Status CheckDivisionExists(store::Tx& tx, const std::string& code, const std::string& field,
                           const std::string& label) {
  if (tx.QueryOne("SELECT 1 FROM org WHERE code = $1 AND level <> 'school'", {code})) return Ok();
  return Invalid("DIVISION_UNKNOWN", field, label + "的行政区划代码不存在：" + code);
}

// "$1, $2, …, $n" for an INSERT of n values.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 1; i <= n; ++i) out += (i > 1 ? ", $" : "$") + std::to_string(i);
  return out;
}

void InsertStudent(store::Tx& tx, const Context& ctx, const OrgRef& school,
                   const domain::ValidatedStudent& v, int64_t& id) {
  const auto& fields = domain::StudentFields();
  std::string columns =
      "registration, status, school_code, class_id, id_number_norm, "
      "name_simplified, name_pinyin, submitted_by, submitted_at, updated_at";
  std::vector<store::Value> values = {std::string("pending_school"),
                                      std::string("pending"),
                                      school.code,
                                      v.record.class_id,
                                      v.id ? store::Value(v.id->normalized) : store::Null(),
                                      io::SimplifiedName(v.record.name),
                                      io::PinyinKey(v.record.name),
                                      ctx.actor->user_id,
                                      ctx.now.micros,
                                      ctx.now.micros};
  for (const auto& f : fields) {
    columns += std::string(", ") + f.name;
    values.push_back(v.record.*f.member);
  }
  auto row = tx.QueryOne("INSERT INTO student (" + columns + ") VALUES (" +
                             Placeholders(values.size()) + ") RETURNING id",
                         values);
  id = row->Int(0);
  int seq = 0;
  for (const auto& g : v.record.guardians) {
    std::string gcolumns = "student_id, seq, id_number_norm";
    std::vector<store::Value> gvalues = {
        id, static_cast<int64_t>(seq++),
        g.id_type == domain::kCitizenIdType ? store::Value(g.id_number) : store::Null()};
    for (const auto& f : domain::GuardianFields()) {
      gcolumns += std::string(", ") + f.name;
      gvalues.push_back(g.*f.member);
    }
    tx.Exec("INSERT INTO guardian (" + gcolumns + ") VALUES (" + Placeholders(gvalues.size()) + ")",
            gvalues);
  }
}

// R-REG-2: a decision needs an actor, and refusing needs a reason (seed 004:
// "不同意" with a detailed reason), at most 500 characters.
Status CheckDecision(const Context& ctx, bool approve, const std::string& reason) {
  if (!ctx.actor) return Unauthenticated();
  std::string trimmed = domain::TrimSpaces(reason);
  if (!approve && trimmed.empty()) {
    return Invalid("REASON_REQUIRED", "reason", "不同意时请写明理由");
  }
  int length = domain::Utf8Length(trimmed);
  if (length < 0 || length > 500) {
    return Invalid("REASON_TEXT", "reason", "理由应为不超过500个字符的文本");
  }
  return Ok();
}

}  // namespace

// R-REG-1, R-REG-3
Result<RegistrationResult> SubmitRegistration(store::Database& db, const Context& ctx,
                                              const OrgRef& school, domain::StudentInput input) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto codes, StoredCodes::Load(*tx));
  XUEJI_ASSIGN_OR_RETURN(
      auto v, domain::ValidateNewStudent(std::move(input), codes, domain::CstDate(ctx.now)));
  auto cls = tx->QueryOne("SELECT grade_code FROM school_class WHERE id = $1 AND school_code = $2",
                          {v.record.class_id, school.code});
  if (!cls) return Invalid("CLASS_NOT_IN_SCHOOL", "class_id", "班级不属于本校");
  if (cls->Text(0) != v.record.grade_code) {
    return Invalid("CLASS_GRADE", "class_id", "所选班级不属于所选年级");
  }
  XUEJI_RETURN_IF_ERROR(CheckDivisionExists(*tx, v.record.birthplace, "birthplace", "出生地"));
  XUEJI_RETURN_IF_ERROR(
      CheckDivisionExists(*tx, v.record.hukou_division, "hukou_division", "户口所在地"));
  RegistrationResult result;
  InsertStudent(*tx, ctx, school, v, result.student_id);
  result.registration = "pending_school";
  result.warnings = v.warnings;
  if (v.id) {
    if (auto holder = ActiveHolder(*tx, v.id->normalized)) {
      result.problem_id = OpenDuplicateProblem(*tx, ctx, result.student_id, school.path,
                                               holder->first, holder->second);
      result.registration = "problem";
    }
  }
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
  std::string next = approve ? "pending_authority" : "returned";
  tx->Exec(
      "UPDATE student SET registration = $1, school_decided_by = $2, return_reason = $3, "
      "updated_at = $4 WHERE id = $5",
      {next, ctx.actor->user_id, approve ? std::string() : reason, ctx.now.micros, student_id});
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
    tx->Exec(
        "UPDATE student SET registration = 'returned', authority_decided_by = $1, "
        "return_reason = $2, updated_at = $3 WHERE id = $4",
        {ctx.actor->user_id, reason, ctx.now.micros, student_id});
    AppendAudit(*tx, ctx,
                {"student.authority_return", std::to_string(student_id), "ok",
                 Summary({{"reason", reason}})});
    tx->Commit();
    return result;
  }
  // R-REG-3: the second de-duplication, decided by the index's primary key.
  if (!st->id_number_norm.empty() &&
      tx->Exec("INSERT INTO national_id_index (id_number_norm, student_id) VALUES ($1, $2) "
               "ON CONFLICT (id_number_norm) DO NOTHING",
               {st->id_number_norm, student_id}) == 0) {
    auto holder = ActiveHolder(*tx, st->id_number_norm);
    result.problem_id =
        OpenDuplicateProblem(*tx, ctx, student_id, st->school_path, holder->first, holder->second);
    result.registration = "problem";
    AppendAudit(*tx, ctx,
                {"student.authority_duplicate", std::to_string(student_id), "ok",
                 Summary({{"other_student", std::to_string(holder->first)}})});
    tx->Commit();
    return result;
  }
  domain::Date birth = *domain::ParseDate(st->birth_date);
  Result<std::string> number = st->id_type == domain::kCitizenIdType
                                   ? IssueTemporaryNumber(*tx, ctx, st->county_code, birth)
                                   : IssueNoIdNumber(*tx, ctx, st->county_code, birth);
  if (!number.ok()) return number.error();
  tx->Exec(
      "UPDATE student SET registration = 'active', status = 'enrolled', student_number = $1, "
      "authority_decided_by = $2, activated_at = $3, updated_at = $3 WHERE id = $4",
      {*number, ctx.actor->user_id, ctx.now.micros, student_id});
  AppendAudit(*tx, ctx,
              {"student.authority_approve", std::to_string(student_id), "ok",
               Summary({{"student_number", *number}})});
  tx->Commit();
  result.registration = "active";
  result.student_number = *number;
  return result;
}

}  // namespace xueji::service
