#pragma once

// Realistic synthetic students for demo data, imports and benchmarks, and
// planted near-duplicates for measuring suspected-duplicate detection
// (R-REG-4, R-INFO-5).
//
// Every record passes domain::ValidateNewStudent: valid GB 11643 ID numbers
// whose address code is one of the caller's counties and whose sex digit
// agrees with 性别, a birth date that fits the grade (R-INFO-3) and the
// first-grade cut-off of 31 August (R-POL-5), plausible names drawn from
// common surnames (weighted by rank) and given-name characters chosen by sex
// (three in four given names have two characters), one or two parents as
// guardians with valid ID numbers, mainland mobile numbers. No ID number is
// issued twice by one generator.
//
// Deterministic: the same seed, counties and date give the same records on
// every platform (the generator draws from std::mt19937_64, whose output the
// standard fixes, and maps it to ranges itself).
//
// The class id is left 0: the caller places the student in one of its classes.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/student_record.h"
#include "domain/time.h"

namespace xueji::io {

struct SyntheticCounty {
  std::string code;  // six-digit county code of the current division list
  std::string name;  // for addresses, e.g. "贵州省贵阳市南明区"
};

// R-REG-4: the ways one child comes to be registered twice. A name variant
// carries no ID number (with the same number it would be an exact duplicate,
// R-REG-3's problem record).
enum class NearDuplicateKind {
  kTraditionalName,  // name written in traditional characters (張曉明), no ID number
  kHomophoneName,    // a given-name character replaced by a homophone (王晓明/王小明), no ID
  kIdSubstitution,   // one digit of the ID body changed, check character recomputed
  kIdTransposition,  // two adjacent digits of the ID body swapped, check recomputed
  kWithoutId,        // the same child re-entered without an ID number (身份证件类型 其他)
};

// Stable English names: traditional_name, homophone_name, id_substitution,
// id_transposition, without_id.
std::string_view NearDuplicateKindName(NearDuplicateKind kind);
const std::vector<NearDuplicateKind>& AllNearDuplicateKinds();

class SyntheticStudents {
 public:
  // `counties` must not be empty; `today` decides the school year and
  // therefore the birth dates that fit each grade.
  SyntheticStudents(uint64_t seed, std::vector<SyntheticCounty> counties, domain::Date today);

  // A new student of `grade_code` (11–16, 21–23, 31–33).
  domain::StudentInput Next(std::string_view grade_code);

  // R-REG-4: the same child as `original`, entered again with the mistake or
  // omission of `kind`; nullopt when `original` offers no such variant (no
  // character with a traditional form or a homophone in the tables, no
  // citizen ID number, no typo that still passes validation and is unused).
  // The ID typos change only digits that keep the number valid and in
  // agreement with 出生日期 and 性别 (address code, sequence number).
  std::optional<domain::StudentInput> NearDuplicate(const domain::StudentInput& original,
                                                    NearDuplicateKind kind);

  // A twin of `original`: same birth date, family and address, another given
  // name (a different pinyin key), the neighbouring ID sequence number. A true
  // non-duplicate that R-REG-4 scoring must still list when `same_sex`.
  domain::StudentInput Twin(const domain::StudentInput& original, bool same_sex);

  // A brother or sister of `original` in `grade_code`: same family and
  // address, own name, birth date and ID number.
  domain::StudentInput Sibling(const domain::StudentInput& original, std::string_view grade_code);

 private:
  uint64_t Uniform(uint64_t n);
  bool Chance(double p);
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Uniform(items.size())];
  }
  std::string Surname();
  std::string GivenName(bool male);
  std::pair<int64_t, int64_t> BirthRange(std::string_view grade_code) const;  // days, inclusive
  domain::Date BirthDateFor(std::string_view grade_code);
  std::string IssueId(const std::string& county, domain::Date birth, bool male);
  std::string IdWithSequence(const std::string& id, int sequence);
  std::string Phone();
  std::string Address(const SyntheticCounty& county);
  domain::GuardianInput Parent(const std::string& surname, bool father, domain::Date child_birth,
                               const SyntheticCounty& county, const std::string& address);
  void FillSchoolFields(domain::StudentInput& s, std::string_view grade_code);
  domain::StudentInput Relative(const domain::StudentInput& original, bool male);
  std::optional<std::string> IdTypo(const domain::StudentInput& original, bool transposition);
  std::optional<std::string> HomophoneName(const std::string& name);

  std::mt19937_64 rng_;
  std::vector<SyntheticCounty> counties_;
  domain::Date today_;
  std::unordered_set<std::string> issued_;
};

// The student with every family member's ID number removed (the form leaves
// it optional): a re-entry by a registrar who did not copy the parents' IDs.
domain::StudentInput WithoutGuardianIds(domain::StudentInput s);

// R-INFO-5: the traditional form of `name` by the generator's own table of
// the characters it uses; characters without a different traditional form
// are kept.
std::string TraditionalForm(std::string_view name);

// R-REG-4: the groups of given-name characters the generator treats as
// homophones (same toneless pinyin), each a UTF-8 string of characters.
const std::vector<std::string>& HomophoneGroups();

}  // namespace xueji::io
