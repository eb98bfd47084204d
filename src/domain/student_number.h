#pragma once

// 学籍号 (student numbers), 19 characters, upper case (R-NO-7a):
//   G + the 18-character 身份证件号                      formal (R-NO-3)
//   L + county code + birth date + 4 random digits     temporary (R-NO-2): the
//       18 characters are chosen never to be a valid ID number
//   J + county code + birth date + 3-digit sequence + GB 11643 check character,
//       for students without a citizen ID number (R-NO-4)

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/id_number.h"
#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

enum class StudentNumberKind { kFormal, kTemporary, kNoIdNumber };  // G, L, J

struct StudentNumber {
  StudentNumberKind kind;
  std::string text;  // 19 characters
};

// R-NO-3, R-NO-7a: "G" + the normalized ID number.
std::string FormalNumber(const IdNumber& id);

// R-NO-2, R-NO-7a: an L number for a student born on `birth` at a school of
// county `division`. `random` supplies the four digits (from a CSPRNG, chosen
// by the caller); when they would make the 18 characters a valid ID number,
// the last digit is moved on by one so that the check character fails.
// Uniqueness is the caller's business (retry with new random digits).
// Precondition: `division` is six digits.
std::string TemporaryNumber(std::string_view division, Date birth, uint32_t random);

// R-NO-4, R-NO-7a: a J number; `sequence` is 0..999 (the caller allocates the
// next free one for the county and birth date).
std::string NoIdNumber(std::string_view division, Date birth, int sequence);

// R-NO-7a: reads a student number typed by a person: spaces and full-width
// forms removed, lower case raised; refuses a wrong length, prefix, date or
// check character, each with its own code (STUDENT_NUMBER_FORMAT,
// STUDENT_NUMBER_PREFIX, STUDENT_NUMBER_DATE, STUDENT_NUMBER_CHECK).
Result<StudentNumber> ParseStudentNumber(std::string_view input,
                                         std::string_view field = "student_number");

}  // namespace xueji::domain
