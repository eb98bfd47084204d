#pragma once

// Scoring a pair of student records as suspected duplicates (疑似重复学籍,
// R-REG-4, R-INFO-5). A pair is listed for review when its score reaches
// kDuplicateListThreshold; a listing never blocks registration.
//
// The score is the sum of the points of the reasons that apply, clamped to
// 0–100. Each reason has a stable code and a fixed number of points (the table
// DuplicateReasons()), so that a stored list of codes explains a stored score.
//
//   Name      SAME_NAME_BIRTH_SEX +70 when the simplified names, birth dates
//             and sexes all agree; otherwise SAME_NAME +40 (simplified forms
//             equal, so 張小明 = 张小明), HOMOPHONE_NAME +25 (same toneless pinyin
//             only: 王晓明 / 王小明) or DIFFERENT_NAME −15; SAME_BIRTH_DATE +25;
//             SAME_SEX +5 or DIFFERENT_SEX −15.
//   ID        Both records carry a 居民身份证 number. The check character of a
//             valid GB 11643 number catches every single typo, so only the
//             bodies (first 17 digits) are compared: one digit substituted
//             (ID_ONE_SUBSTITUTION +30) or two adjacent digits swapped
//             (ID_ADJACENT_TRANSPOSITION +30) when the names agree (same or
//             homophone); with different names the same closeness is what
//             twins and children born the same day in the same county have
//             (consecutive sequence numbers), so it counts ID_NEAR_OTHER_NAME
//             +10 only. Bodies further apart: DIFFERENT_ID −40, because two
//             valid numbers are the strongest sign of two people (namesakes
//             born the same day are common nationally). Equal numbers: SAME_ID
//             +70 (R-REG-3 already makes those problem records).
//   Guardian  A family member's 居民身份证 number in both records: siblings
//             share it, so alone it is weak (SHARED_GUARDIAN +20); with the
//             same birth date it is twins or the same child
//             (SHARED_GUARDIAN_SAME_BIRTH +35).
//
// Twins are the classic false positive: same birth date, same guardians,
// neighbouring ID numbers. Same-sex twins score 50–60 and are listed for the
// reviewer to dismiss; the same child entered twice with the same family,
// with the birth date or the name's characters mistyped, scores 65 or more.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace xueji::domain {

// The parts of a record the score compares. Name keys come from
// io/name_keys.h (SimplifiedName, PinyinKey); the store keeps them beside the
// record.
struct DuplicateSummary {
  std::string name_simplified;            // R-INFO-5: traditional forms simplified
  std::string name_pinyin;                // toneless pinyin key, "wang xiao ming"
  std::string birth_date;                 // YYYY-MM-DD
  std::string sex;                        // code of the sex table: "1" 男, "2" 女
  std::string id_type;                    // code of the id_type table; "1" = 居民身份证
  std::string id_number_norm;             // normalized 居民身份证 number, "" otherwise
  std::vector<std::string> guardian_ids;  // family members' normalized 居民身份证 numbers
};

struct DuplicateReason {
  std::string_view code;  // stable, e.g. "SAME_NAME_BIRTH_SEX"
  int points;             // contribution to the score (negative for evidence against)
  std::string_view text;  // Chinese, for the reviewer
};

struct DuplicateScore {
  int score = 0;                         // 0–100
  std::vector<DuplicateReason> reasons;  // in the order of DuplicateReasons()
};

// R-REG-4: pairs scoring at least this are listed. 50 lists every pair of
// one sex whose names agree (same or homophone) and that share the birth date
// or a guardian — unless both carry valid ID numbers that are not one typo
// apart — and same-sex twins (50–60). It leaves out siblings (≤ 10),
// namesakes with two different valid ID numbers (30), strangers with
// neighbouring ID numbers (≤ 25) and namesakes born on different days with
// nothing else in common (45).
inline constexpr int kDuplicateListThreshold = 50;

// Every reason, in a fixed order.
const std::vector<DuplicateReason>& DuplicateReasons();

// The reason with this code, or nullptr.
const DuplicateReason* FindDuplicateReason(std::string_view code);

// R-REG-4, R-INFO-5: the score of a pair; symmetric in its arguments.
DuplicateScore ScoreDuplicate(const DuplicateSummary& a, const DuplicateSummary& b);

// How the bodies (first 17 characters) of two 居民身份证 numbers differ.
enum class IdBodyRelation { kEqual, kOneSubstitution, kAdjacentTransposition, kOther };
IdBodyRelation CompareIdBodies(std::string_view a, std::string_view b);

// R-REG-4: the valid 居民身份证 numbers whose bodies are one digit substitution
// or one adjacent transposition away from `id_number` (18 characters,
// normalized), each with its check character recomputed. Bodies that no valid
// number can have (no mainland province code, no real birth date) are left
// out: at most 17 × 9 + 16 = 169 numbers.
std::vector<std::string> IdTypoNeighbours(std::string_view id_number);

// R-REG-4: IdTypoNeighbours one by one, in the same order, without a string
// each (an import looks up 169 a record); each view is valid during its call.
void ForEachIdTypoNeighbour(std::string_view id_number,
                            const std::function<void(std::string_view)>& fn);

}  // namespace xueji::domain
