#pragma once

// 居民身份证号码 (citizen ID numbers) under GB 11643-1999 (R-INFO-1).
//
// An 18-character number: a six-digit address code (the county where it was
// first issued), an eight-digit birth date, a three-digit sequence whose last
// digit is odd for men and even for women, and a check character.

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

enum class Sex { kMale, kFemale };

struct IdNumber {
  std::string normalized;  // 18 characters, upper-case X
  std::string division;    // first six digits
  Date birth;
  Sex sex;
};

// The GB 11643 check character of 17 digits: weights 7 9 10 5 8 4 2 1 6 3 7 9
// 10 5 8 4 2, sum mod 11 indexed into "10X98765432". Precondition: 17 ASCII
// digits.
char IdCheckCharacter(std::string_view first17);

// Full-width digits and X, lower-case x and spaces anywhere are normalized
// away (R-INFO-1, R-IO-2); the result is what gets stored and compared.
std::string NormalizeIdNumber(std::string_view input);

// R-SEC-3: an ID number for lists: the address code and the last four
// characters stay, the birth date and the rest become '*'
// ("110101********123X"). Numbers of other documents keep their first two
// and last two characters; up to four characters become all '*'.
std::string MaskIdNumber(std::string_view number);

// R-INFO-1: parses a 居民身份证 number typed by a person. Refuses, each with its
// own code and a Chinese explanation: empty (ID_REQUIRED); a 15-digit
// first-generation number (ID_OLD_15); wrong length or characters
// (ID_FORMAT); a first two digits that are no province (ID_PROVINCE); a
// 港澳台居民居住证 number (ID_HMT_RESIDENCE_PERMIT: another document type); a
// birth date that is no real date (ID_BIRTH_DATE) or after `today`
// (ID_BIRTH_FUTURE); a wrong check character (ID_CHECKSUM, naming the right
// one). The address code is not checked against the current division list:
// numbers issued under since-abolished codes stay valid for life, so an
// unknown code is at most a warning, decided by the caller who has the list.
Result<IdNumber> ParseIdNumber(std::string_view input, Date today,
                               std::string_view field = "id_number");

// R-INFO-1: the number agrees with the record's 出生日期 and 性别
// (ID_BIRTH_MISMATCH, ID_SEX_MISMATCH); either may be absent.
Status CheckIdAgainstRecord(const IdNumber& id, std::optional<Date> birth, std::optional<Sex> sex,
                            std::string_view field = "id_number");

// True when the first two digits are a province-level code of the mainland
// (GB/T 2260: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65).
bool IsMainlandProvinceCode(std::string_view two_digits);

}  // namespace xueji::domain
