#include "service/class_capacity.h"

#include <algorithm>

#include "domain/policy.h"
#include "domain/school.h"
#include "service/policy_service.h"

namespace xueji::service {

Result<ClassFacts> LoadClassFacts(store::Tx& tx, const std::string& school, int64_t class_id) {
  auto c = tx.QueryOne("SELECT school_code, grade_code, capacity FROM school_class WHERE id = $1",
                       {class_id});
  if (!c || c->Text(0) != school) return NotFound("班级不存在");
  const domain::GradeInfo* grade = domain::FindGrade(c->Text(1));
  XUEJI_ASSIGN_OR_RETURN(domain::Policy policy, EffectivePolicy(tx, school));
  ClassFacts out;
  out.grade_code = c->Text(1);
  int policy_cap = grade ? policy.ClassCap(grade->stage) : domain::kMaxClassCap;
  out.cap = std::min(static_cast<int>(c->Int(2)), policy_cap);
  out.size = static_cast<int>(
      tx.QueryOne("SELECT (SELECT COUNT(*) FROM student WHERE class_id = $1 AND status IN "
                  "('pending', 'enrolled', 'suspended', 'dropped_out', 'abroad', 'stopped')) + "
                  "(SELECT COUNT(*) FROM study_placement WHERE attending_class_id = $1 AND "
                  "state = 'active')",
                  {class_id})
          ->Int(0));
  return out;
}

}  // namespace xueji::service
