#include "domain/id_number.h"

#include <array>

#include "domain/text.h"

namespace xueji::domain {
namespace {

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int Int(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

char IdCheckCharacter(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckCharacters[sum % 11];
}

std::string NormalizeIdNumber(std::string_view input) {
  std::string out = CompactCode(input);
  for (char& c : out)
    if (c == 'x') c = 'X';
  return out;
}

bool IsMainlandProvinceCode(std::string_view p) {
  if (p.size() != 2 || !Digits(p)) return false;
  int n = Int(p);
  return (n >= 11 && n <= 15) || (n >= 21 && n <= 23) || (n >= 31 && n <= 37) ||
         (n >= 41 && n <= 46) || (n >= 50 && n <= 54) || (n >= 61 && n <= 65);
}

// R-INFO-1
Result<IdNumber> ParseIdNumber(std::string_view input, Date today, std::string_view field) {
  std::string id = NormalizeIdNumber(input);
  if (id.empty()) return Invalid("ID_REQUIRED", std::string(field), "请填写身份证件号");
  if (id.size() == 15 && Digits(id)) {
    return Invalid(
        "ID_OLD_15", std::string(field),
        "这是15位的第一代身份证号码，已于2013年1月1日停止使用，请填写18位的第二代身份证号码");
  }
  if (id.size() != 18 || !Digits(id.substr(0, 17)) || !(Digits(id.substr(17)) || id[17] == 'X')) {
    return Invalid("ID_FORMAT", std::string(field),
                   "身份证号应为18位：前17位是数字，最后一位是数字或X（当前为" +
                       std::to_string(Utf8Length(id) < 0 ? id.size() : Utf8Length(id)) + "位）");
  }
  std::string_view province = std::string_view(id).substr(0, 2);
  if (province == "81" || province == "82" || province == "83") {
    return Invalid("ID_HMT_RESIDENCE_PERMIT", std::string(field),
                   "以81、82、83开头的是港澳台居民居住证号码，请将身份证件类型选为对应的证件");
  }
  if (!IsMainlandProvinceCode(province)) {
    return Invalid("ID_PROVINCE", std::string(field),
                   "身份证号前两位" + std::string(province) + "不是有效的省级行政区划代码");
  }
  int y = Int(id.substr(6, 4)), m = Int(id.substr(10, 2)), d = Int(id.substr(12, 2));
  if (y < 1800 || !IsValidDate(y, m, d)) {
    return Invalid("ID_BIRTH_DATE", std::string(field),
                   "身份证号第7至14位的出生日期" + id.substr(6, 8) + "不是有效日期");
  }
  Date birth{y, m, d};
  if (birth > today) {
    return Invalid("ID_BIRTH_FUTURE", std::string(field),
                   "身份证号中的出生日期" + FormatDate(birth) + "晚于今天");
  }
  char expected = IdCheckCharacter(id);
  if (id[17] != expected) {
    return Invalid("ID_CHECKSUM", std::string(field),
                   std::string("身份证件号校验位错误，应为 ") + expected + "，请核对号码是否抄错");
  }
  Sex sex = (id[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return IdNumber{id, id.substr(0, 6), birth, sex};
}

// R-INFO-1
Status CheckIdAgainstRecord(const IdNumber& id, std::optional<Date> birth, std::optional<Sex> sex,
                            std::string_view field) {
  if (birth && *birth != id.birth) {
    return Invalid("ID_BIRTH_MISMATCH", std::string(field),
                   "身份证号中的出生日期" + FormatDate(id.birth) + "与填写的出生日期" +
                       FormatDate(*birth) + "不一致");
  }
  if (sex && *sex != id.sex) {
    return Invalid("ID_SEX_MISMATCH", std::string(field),
                   std::string("身份证号第17位表示性别为") + (id.sex == Sex::kMale ? "男" : "女") +
                       "，与填写的性别不一致");
  }
  return Ok();
}

// R-SEC-3
std::string MaskIdNumber(std::string_view number) {
  if (number.empty()) return "";
  if (number.size() <= 4) return std::string(number.size(), '*');
  size_t head = number.size() == 18 ? 6 : 2;
  size_t tail = number.size() == 18 ? 4 : 2;
  return std::string(number.substr(0, head)) + std::string(number.size() - head - tail, '*') +
         std::string(number.substr(number.size() - tail));
}

}  // namespace xueji::domain
