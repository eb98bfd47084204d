#pragma once

// Identity verification against the population database (R-NO-7, R-NO-3,
// R-CHG-2, R-REG-8 kind a).
//
// The national system asks the Ministry of Public Security's population
// database whether an ID number belongs to a person of this name, sex and
// birth date. Here that question is an interface; the shipped implementation
// answers from a population reference file that the ministry imports
// (service/population_reference.h). Every answer is recorded with the
// student it was asked for, in the caller's transaction.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

// What is checked: the record's identity data as they stand (or as a key-data
// change would make them).
struct PersonToVerify {
  std::string id_number;   // normalized 18-character 居民身份证 number
  std::string name;        // as in the record
  std::string sex;         // code of the sex table: "1" 男, "2" 女
  std::string birth_date;  // YYYY-MM-DD
};

struct VerificationOutcome {
  enum class Verdict {
    kMatched,     // the number exists and name, sex and birth date agree
    kMismatched,  // the number exists but some of the data differ
    kUnknown,     // the number is not in the reference at all
  };
  Verdict verdict = Verdict::kUnknown;
  std::vector<std::string> mismatched_fields;  // "name", "sex", "birth_date"
  std::string message;                         // Chinese, for the problem record and the UI
};

class IdentityVerifier {
 public:
  virtual ~IdentityVerifier() = default;
  // Answers for one person and records the answer for `student_id` in `tx`.
  // Infrastructure failures throw; a person not found is kUnknown, not an
  // error.
  virtual Result<VerificationOutcome> Verify(store::Tx& tx, const Context& ctx, int64_t student_id,
                                             const PersonToVerify& person) = 0;
};

// The verifier backed by the imported population reference (R-NO-7).
IdentityVerifier& PopulationReferenceVerifier();

// The same verifier for formal-number batch `batch_id` (R-NO-3): each answer
// it records names the batch that asked.
std::unique_ptr<IdentityVerifier> PopulationReferenceVerifierForBatch(int64_t batch_id);

}  // namespace xueji::service
