#include "service/student_changes.h"

#include <utility>

#include "domain/id_number.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/province_fields.h"
#include "service/stored_codes.h"
#include "service/student_history.h"
#include "service/student_record_writer.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

using domain::FieldChange;
using domain::Role;

// R-CHG-1, R-CHG-3
Status CheckDirectEdit(domain::DirectEdit route) {
  switch (route) {
    case domain::DirectEdit::kPendingDecision:
      return Conflict("RECORD_PENDING", "该记录正在审核或仲裁中，办结前不能修改");
    case domain::DirectEdit::kGraduated:
      return Error{ErrorKind::kRuleViolation, "GRADUATE_RECORD_CLOSED", "",
                   "毕业生信息不再变更；系统用户的录入错误请经关键信息变更申请更正并写明原因"};
    case domain::DirectEdit::kAllFields:
    case domain::DirectEdit::kOrdinaryFields:
      break;
  }
  return Ok();
}

// R-CHG-2, R-CHG-3: key fields of an active record need a request, except
// a new student's entry errors in the first semester — never 姓名 or
// 身份证件号 of a G-numbered record.
Status CheckKeyFields(const StoredStudent& s, domain::DirectEdit route,
                      const std::vector<std::string>& keys,
                      const std::vector<FieldChange>& changes) {
  std::vector<Error> errors;
  for (const FieldChange& c : changes) {
    bool needs_request =
        (route == domain::DirectEdit::kOrdinaryFields && domain::Contains(keys, c.field)) ||
        (s.registration == "active" && domain::NeedsNationalRecheck(s.student_number, c.field));
    if (needs_request) {
      errors.push_back(
          Error{ErrorKind::kRuleViolation, "KEY_FIELD_NEEDS_REQUEST", c.field,
                FieldLabel(c.field) +
                    "是关键数据，须提交关键信息变更申请，经学校审核和学籍主管部门核准后生效"});
    }
  }
  if (errors.empty()) return Ok();
  return WithDetails(std::move(errors));
}

// R-SEC-3: clients receive ID numbers masked; a masked number sent back
// unchanged means "keep the stored number", never the mask itself.
void KeepMaskedNumbers(const domain::StudentInput& stored, domain::StudentInput& edited) {
  auto keep = [](const std::string& before, std::string& after) {
    if (!before.empty() && after == domain::MaskIdNumber(before)) after = before;
  };
  keep(stored.id_number, edited.id_number);
  for (size_t i = 0; i < edited.guardians.size() && i < stored.guardians.size(); ++i) {
    keep(stored.guardians[i].id_number, edited.guardians[i].id_number);
  }
}

// R-CHG-1, R-SPEC-2025: the merged record's national fields (ValidateMerged)
// and its province values, every error of both in one answer; the validated
// record carries the normalized province values.
Result<domain::ValidatedStudent> ValidateEdit(store::Tx& tx, const Context& ctx,
                                              const StoredStudent& s, domain::StudentInput edited) {
  std::map<std::string, std::string> extra = std::exchange(edited.extra, {});
  Status extra_checked =
      ValidateEditedExtras(tx, s.school_path, extra, s.record.extra, StoredCodes(tx));
  XUEJI_ASSIGN_OR_RETURN(
      auto v, WithExtraErrors(ValidateMerged(tx, ctx, s, std::move(edited)), extra_checked));
  v.record.extra = std::move(extra);
  return v;
}

}  // namespace

// R-CHG-1, R-CHG-2, R-CHG-3, R-SPEC-2025
Result<EditResult> EditStudent(store::Database& db, const Context& ctx, int64_t student_id,
                               const StudentPatch& patch, const std::string& reason) {
  XUEJI_ASSIGN_OR_RETURN(std::string why, domain::CheckReason(reason, true));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id, true));
  if (!HoldsAtSchool(ctx, Role::kSchoolRegistrar, student)) {
    return Forbidden("只有本校学籍管理员可以修改学生信息");
  }
  domain::DirectEdit route = domain::DirectEditOf(PhaseOf(student), ctx.now);
  XUEJI_RETURN_IF_ERROR(CheckDirectEdit(route));
  XUEJI_ASSIGN_OR_RETURN(auto edited, Merge(student.record, patch.fields));
  if (patch.class_id) edited.class_id = *patch.class_id;
  if (patch.guardians) edited.guardians = *patch.guardians;
  for (const auto& [name, value] : patch.extra) edited.extra[name] = value;
  KeepMaskedNumbers(student.record, edited);
  XUEJI_ASSIGN_OR_RETURN(auto v, ValidateEdit(*tx, ctx, student, std::move(edited)));
  XUEJI_ASSIGN_OR_RETURN(auto keys, KeyFieldsOf(*tx, student));
  std::vector<FieldChange> diff = DiffRecords(student.record, v.record);
  XUEJI_RETURN_IF_ERROR(CheckKeyFields(student, route, keys, diff));
  EditResult result{student.id, {}, v.warnings};
  if (diff.empty()) return result;  // nothing to write or audit
  XUEJI_ASSIGN_OR_RETURN(result.changes, WriteRecord(*tx, ctx, student, v, why, std::nullopt));
  AppendAudit(*tx, ctx,
              {"student.edit", std::to_string(student.id), "ok",
               Summary({{"fields", ChangedFields(result.changes)}, {"reason", why}})});
  tx->Commit();
  return result;
}

}  // namespace xueji::service
