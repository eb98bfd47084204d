#include "service/identity_verification.h"

#include <optional>

#include "domain/id_number.h"
#include "domain/person_name.h"
#include "domain/text.h"
#include "io/name_keys.h"

namespace xueji::service {
namespace {

std::string VerdictName(VerificationOutcome::Verdict verdict) {
  switch (verdict) {
    case VerificationOutcome::Verdict::kMatched:
      return "matched";
    case VerificationOutcome::Verdict::kMismatched:
      return "mismatched";
    case VerificationOutcome::Verdict::kUnknown:
      break;
  }
  return "unknown";
}

// R-INFO-5: names compare in their normalized simplified form, so that 張小明
// in a record and 张小明 in the population file agree.
std::string NameKey(const std::string& name) {
  auto normalized = domain::NormalizePersonName(name);
  return io::SimplifiedName(normalized.ok() ? *normalized : domain::TrimSpaces(name));
}

std::string FieldLabel(const std::string& field) {
  if (field == "name") return "姓名";
  if (field == "sex") return "性别";
  return "出生日期";
}

// R-NO-7, R-REG-8 (a): the verdict on the record's data against the reference
// row. The message names the fields that differ but never the reference's
// values: the population data of a number are not shown to whoever typed it.
VerificationOutcome Compare(const PersonToVerify& person, const std::optional<store::Row>& ref) {
  VerificationOutcome out;
  if (!ref) {
    out.verdict = VerificationOutcome::Verdict::kUnknown;
    out.message = "身份证件号在人口信息库中不存在，请核对身份证件号";
    return out;
  }
  if (NameKey(person.name) != NameKey(ref->Text(0))) out.mismatched_fields.push_back("name");
  if (person.sex != ref->Text(1)) out.mismatched_fields.push_back("sex");
  if (person.birth_date != ref->Text(2)) out.mismatched_fields.push_back("birth_date");
  if (out.mismatched_fields.empty()) {
    out.verdict = VerificationOutcome::Verdict::kMatched;
    out.message = "与人口信息库比对一致";
    return out;
  }
  out.verdict = VerificationOutcome::Verdict::kMismatched;
  out.message = "身份证件号与人口信息库登记的";
  for (size_t i = 0; i < out.mismatched_fields.size(); ++i) {
    out.message += (i > 0 ? "、" : "") + FieldLabel(out.mismatched_fields[i]);
  }
  out.message += "不一致，请核对";
  return out;
}

std::string JoinFields(const std::vector<std::string>& fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ",") + f;
  return out;
}

// R-NO-7: answers from population_reference and records every answer in
// identity_check, tagged with the batch that asked, if any.
class PopulationVerifier : public IdentityVerifier {
 public:
  explicit PopulationVerifier(std::optional<int64_t> batch_id) : batch_id_(batch_id) {}

  Result<VerificationOutcome> Verify(store::Tx& tx, const Context& ctx, int64_t student_id,
                                     const PersonToVerify& person) override {
    std::string id_number = domain::NormalizeIdNumber(person.id_number);
    auto ref = tx.QueryOne(
        "SELECT name, sex, birth_date FROM population_reference WHERE id_number_norm = $1",
        {id_number});
    VerificationOutcome outcome = Compare(person, ref);
    tx.Exec(
        "INSERT INTO identity_check (student_id, at, id_number_norm, verdict, mismatched_fields, "
        "actor, batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {student_id, ctx.now.micros, id_number, VerdictName(outcome.verdict),
         JoinFields(outcome.mismatched_fields), ctx.ActorName(),
         batch_id_ ? store::Value(*batch_id_) : store::Null()});
    return outcome;
  }

 private:
  std::optional<int64_t> batch_id_;
};

}  // namespace

IdentityVerifier& PopulationReferenceVerifier() {
  static PopulationVerifier verifier(std::nullopt);
  return verifier;
}

std::unique_ptr<IdentityVerifier> PopulationReferenceVerifierForBatch(int64_t batch_id) {
  return std::make_unique<PopulationVerifier>(batch_id);
}

}  // namespace xueji::service
