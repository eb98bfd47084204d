#include "domain/duplicate_score.h"

#include <functional>

#include <algorithm>

#include "domain/id_number.h"
#include "domain/student_record.h"
#include "domain/time.h"

namespace xueji::domain {
namespace {

constexpr size_t kBodyLength = 17;

bool IsCitizenId(const DuplicateSummary& s) {
  return s.id_type == kCitizenIdType && s.id_number_norm.size() == kBodyLength + 1;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool SharesGuardian(const DuplicateSummary& a, const DuplicateSummary& b) {
  for (const auto& id : a.guardian_ids) {
    if (id.empty()) continue;
    if (std::find(b.guardian_ids.begin(), b.guardian_ids.end(), id) != b.guardian_ids.end()) {
      return true;
    }
  }
  return false;
}

// A body only a valid number can have: a mainland province code and a real
// birth date from 1800 on (ParseIdNumber refuses anything else).
bool PlausibleBody(std::string_view body) {
  if (!IsMainlandProvinceCode(body.substr(0, 2))) return false;
  int year = 0, month = 0, day = 0;
  for (size_t i = 6; i < 10; ++i) year = year * 10 + (body[i] - '0');
  for (size_t i = 10; i < 12; ++i) month = month * 10 + (body[i] - '0');
  for (size_t i = 12; i < 14; ++i) day = day * 10 + (body[i] - '0');
  return year >= 1800 && IsValidDate(year, month, day);
}

class Scorer {
 public:
  void Add(std::string_view code) { codes_.push_back(code); }
  DuplicateScore Finish() const {
    DuplicateScore out;
    for (const auto& r : DuplicateReasons()) {
      if (std::find(codes_.begin(), codes_.end(), r.code) == codes_.end()) continue;
      out.reasons.push_back(r);
      out.score += r.points;
    }
    out.score = std::clamp(out.score, 0, 100);
    return out;
  }

 private:
  std::vector<std::string_view> codes_;
};

}  // namespace

const std::vector<DuplicateReason>& DuplicateReasons() {
  static const std::vector<DuplicateReason> kReasons = {
      {"SAME_NAME_BIRTH_SEX", 70, "姓名、出生日期、性别相同（繁简体视为相同）"},
      {"SAME_NAME", 40, "姓名相同（繁简体视为相同）"},
      {"HOMOPHONE_NAME", 25, "姓名读音相同（如王晓明与王小明）"},
      {"DIFFERENT_NAME", -15, "姓名不同且读音不同"},
      {"SAME_BIRTH_DATE", 25, "出生日期相同"},
      {"SAME_SEX", 5, "性别相同"},
      {"DIFFERENT_SEX", -15, "性别不同"},
      {"SAME_ID", 70, "身份证件号相同"},
      {"ID_ONE_SUBSTITUTION", 30, "身份证件号前17位仅一位数字不同，疑似录入错误"},
      {"ID_ADJACENT_TRANSPOSITION", 30, "身份证件号前17位有相邻两位数字颠倒，疑似录入错误"},
      {"ID_NEAR_OTHER_NAME", 10, "身份证件号仅差一处但姓名不同（双胞胎或同日同地出生者常见）"},
      {"DIFFERENT_ID", -40, "两条记录的身份证件号均有效且并非一处录入错误"},
      {"SHARED_GUARDIAN", 20, "有相同的家庭成员身份证件号（兄弟姐妹也会如此）"},
      {"SHARED_GUARDIAN_SAME_BIRTH", 35,
       "有相同的家庭成员身份证件号且出生日期相同（同一人，或双胞胎）"},
  };
  return kReasons;
}

const DuplicateReason* FindDuplicateReason(std::string_view code) {
  for (const auto& r : DuplicateReasons())
    if (r.code == code) return &r;
  return nullptr;
}

// R-REG-4, R-INFO-5
DuplicateScore ScoreDuplicate(const DuplicateSummary& a, const DuplicateSummary& b) {
  Scorer s;
  bool same_name = !a.name_simplified.empty() && a.name_simplified == b.name_simplified;
  bool homophone = !same_name && !a.name_pinyin.empty() && a.name_pinyin == b.name_pinyin;
  bool same_birth = !a.birth_date.empty() && a.birth_date == b.birth_date;
  bool same_sex = !a.sex.empty() && a.sex == b.sex;
  bool different_sex = !a.sex.empty() && !b.sex.empty() && a.sex != b.sex;
  if (same_name && same_birth && same_sex) {
    s.Add("SAME_NAME_BIRTH_SEX");
  } else {
    s.Add(same_name ? "SAME_NAME" : homophone ? "HOMOPHONE_NAME" : "DIFFERENT_NAME");
    if (same_birth) s.Add("SAME_BIRTH_DATE");
    if (same_sex) s.Add("SAME_SEX");
    if (different_sex) s.Add("DIFFERENT_SEX");
  }
  if (IsCitizenId(a) && IsCitizenId(b)) {
    switch (CompareIdBodies(a.id_number_norm, b.id_number_norm)) {
      case IdBodyRelation::kEqual:
        s.Add("SAME_ID");
        break;
      case IdBodyRelation::kOneSubstitution:
        s.Add(same_name || homophone ? "ID_ONE_SUBSTITUTION" : "ID_NEAR_OTHER_NAME");
        break;
      case IdBodyRelation::kAdjacentTransposition:
        s.Add(same_name || homophone ? "ID_ADJACENT_TRANSPOSITION" : "ID_NEAR_OTHER_NAME");
        break;
      case IdBodyRelation::kOther:
        s.Add("DIFFERENT_ID");
        break;
    }
  }
  if (SharesGuardian(a, b)) s.Add(same_birth ? "SHARED_GUARDIAN_SAME_BIRTH" : "SHARED_GUARDIAN");
  return s.Finish();
}

IdBodyRelation CompareIdBodies(std::string_view a, std::string_view b) {
  if (a.size() < kBodyLength || b.size() < kBodyLength) return IdBodyRelation::kOther;
  std::vector<size_t> diff;
  for (size_t i = 0; i < kBodyLength && diff.size() < 3; ++i) {
    if (a[i] != b[i]) diff.push_back(i);
  }
  if (diff.empty()) return IdBodyRelation::kEqual;
  if (diff.size() == 1) return IdBodyRelation::kOneSubstitution;
  if (diff.size() == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] &&
      a[diff[1]] == b[diff[0]]) {
    return IdBodyRelation::kAdjacentTransposition;
  }
  return IdBodyRelation::kOther;
}

// R-REG-4
void ForEachIdTypoNeighbour(std::string_view id_number,
                            const std::function<void(std::string_view)>& fn) {
  if (id_number.size() < kBodyLength || !AllDigits(id_number.substr(0, kBodyLength))) return;
  char variant[kBodyLength + 1];
  id_number.copy(variant, kBodyLength);
  const std::string_view body(variant, kBodyLength);
  // Only the province code (0–1) and the birth date (6–13) decide whether a
  // body is plausible; a change elsewhere keeps the number's own answer.
  const bool plausible = PlausibleBody(body);
  auto decides = [](size_t i) { return i < 2 || (i >= 6 && i < 14); };
  auto emit = [&](bool changed_decisive) {
    if (!(changed_decisive ? PlausibleBody(body) : plausible)) return;
    variant[kBodyLength] = IdCheckCharacter(body);
    fn(std::string_view(variant, kBodyLength + 1));
  };
  for (size_t i = 0; i < kBodyLength; ++i) {
    if (!decides(i) && !plausible) continue;
    const char original = variant[i];
    for (char d = '0'; d <= '9'; ++d) {
      if (d == original) continue;
      variant[i] = d;
      emit(decides(i));
    }
    variant[i] = original;
  }
  for (size_t i = 0; i + 1 < kBodyLength; ++i) {
    if (variant[i] == variant[i + 1]) continue;
    std::swap(variant[i], variant[i + 1]);
    emit(decides(i) || decides(i + 1));
    std::swap(variant[i], variant[i + 1]);
  }
}

// R-REG-4
std::vector<std::string> IdTypoNeighbours(std::string_view id_number) {
  std::vector<std::string> out;
  ForEachIdTypoNeighbour(id_number, [&](std::string_view n) { out.emplace_back(n); });
  return out;
}

}  // namespace xueji::domain
