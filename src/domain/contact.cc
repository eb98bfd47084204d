#include "domain/contact.h"

#include "domain/text.h"

namespace xueji::domain {
namespace {

bool AllDigitsIn(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

// R-INFO-4
Result<std::string> NormalizePhone(std::string_view input, std::string_view field) {
  std::string s = CompactCode(input);
  // "转" (extension) becomes "-".
  for (size_t pos; (pos = s.find("转")) != std::string::npos;) s.replace(pos, 3, "-");
  if (s.rfind("+86", 0) == 0) s.erase(0, 3);
  if (s.size() == 13 && s.rfind("86", 0) == 0 && s[2] == '1') s.erase(0, 2);
  if (s.size() == 11 && AllDigitsIn(s) && s[0] == '1' && s[1] >= '3') return s;
  // Landline: 0AA(A)-NNNNNNN(N)[-EXT], the first "-" optional.
  std::string digits_only;
  std::string area, number, ext;
  size_t first_dash = s.find('-');
  if (!s.empty() && s[0] == '0') {
    if (first_dash != std::string::npos) {
      area = s.substr(0, first_dash);
      std::string rest = s.substr(first_dash + 1);
      size_t second = rest.find('-');
      number = rest.substr(0, second);
      if (second != std::string::npos) ext = rest.substr(second + 1);
    } else if (AllDigitsIn(s) && s.size() >= 10 && s.size() <= 12) {
      // Without a dash: 3-digit area codes are 010 and 02X; others take 4.
      size_t area_len = (s[1] == '1' || s[1] == '2') ? 3 : 4;
      area = s.substr(0, area_len);
      number = s.substr(area_len);
    }
  }
  bool ok = AllDigitsIn(area) && area.size() >= 3 && area.size() <= 4 && AllDigitsIn(number) &&
            number.size() >= 7 && number.size() <= 8 && number[0] != '0' &&
            (ext.empty() || (AllDigitsIn(ext) && ext.size() <= 6));
  if (!ok) {
    return Invalid("PHONE_FORMAT", std::string(field),
                   "联系电话应为11位手机号，或带区号的固定电话（如0851-85100001）");
  }
  return area + "-" + number + (ext.empty() ? "" : "-" + ext);
}

// R-INFO-4
Result<std::string> NormalizePostalCode(std::string_view input, std::string_view field) {
  std::string s = CompactCode(input);
  if (s.size() != 6 || !AllDigitsIn(s)) {
    return Invalid("POSTAL_CODE_FORMAT", std::string(field), "邮政编码应为6位数字");
  }
  return s;
}

// R-INFO-4
Result<std::string> NormalizeEmail(std::string_view input, std::string_view field) {
  std::string s = TrimSpaces(FoldFullWidth(input));
  size_t at = s.find('@');
  bool ok = s.size() <= 100 && at != std::string::npos && at > 0 &&
            s.find('@', at + 1) == std::string::npos;
  std::string domain = ok ? s.substr(at + 1) : "";
  ok = ok && domain.find('.') != std::string::npos && domain.front() != '.' && domain.back() != '.';
  for (char c : s) {
    ok = ok && static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F;
  }
  if (!ok)
    return Invalid("EMAIL_FORMAT", std::string(field), "电子信箱格式不正确，如 name@example.com");
  return s;
}

}  // namespace xueji::domain
