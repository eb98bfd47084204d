#include "domain/student_number.h"

#include <cstdio>

#include "domain/text.h"

namespace xueji::domain {
namespace {

std::string BirthDigits(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

// R-NO-3, R-NO-7a
std::string FormalNumber(const IdNumber& id) { return "G" + id.normalized; }

// R-NO-2, R-NO-7a
std::string TemporaryNumber(std::string_view division, Date birth, uint32_t random) {
  char tail[8];
  std::snprintf(tail, sizeof tail, "%04u", random % 10000);
  std::string body = std::string(division) + BirthDigits(birth) + tail;
  if (body[17] == IdCheckCharacter(body))
    body[17] = static_cast<char>('0' + (body[17] - '0' + 1) % 10);
  return "L" + body;
}

// R-NO-4, R-NO-7a
std::string NoIdNumber(std::string_view division, Date birth, int sequence) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03d", sequence % 1000);
  std::string body = std::string(division) + BirthDigits(birth) + seq;
  return "J" + body + IdCheckCharacter(body);
}

// R-NO-7a
Result<StudentNumber> ParseStudentNumber(std::string_view input, std::string_view field) {
  std::string f(field);
  std::string s = CompactCode(input);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (s.size() != 19) {
    return Invalid("STUDENT_NUMBER_FORMAT", f, "学籍号应为19位：一位字母G、L或J加18位号码");
  }
  char prefix = s[0];
  if (prefix != 'G' && prefix != 'L' && prefix != 'J') {
    return Invalid("STUDENT_NUMBER_PREFIX", f, "学籍号应以G（正式）、L（临时）或J开头");
  }
  std::string body = s.substr(1);
  bool last_ok = Digits(body.substr(17)) || (prefix != 'L' && body[17] == 'X');
  if (!Digits(body.substr(0, 17)) || !last_ok) {
    return Invalid("STUDENT_NUMBER_FORMAT", f, "学籍号字母后应为18位数字（G、J学籍号末位可为X）");
  }
  int y = std::stoi(body.substr(6, 4)), m = std::stoi(body.substr(10, 2)),
      d = std::stoi(body.substr(12, 2));
  if (!IsValidDate(y, m, d)) {
    return Invalid("STUDENT_NUMBER_DATE", f, "学籍号第8至15位的出生日期不是有效日期");
  }
  bool check_matches = body[17] == IdCheckCharacter(body);
  if (prefix == 'L' && check_matches) {
    return Invalid("STUDENT_NUMBER_CHECK", f, "这不是有效的临时学籍号（L号不会与身份证号重合）");
  }
  if (prefix != 'L' && !check_matches) {
    return Invalid("STUDENT_NUMBER_CHECK", f, "学籍号校验位错误，请核对号码是否抄错");
  }
  StudentNumberKind kind = prefix == 'G'   ? StudentNumberKind::kFormal
                           : prefix == 'L' ? StudentNumberKind::kTemporary
                                           : StudentNumberKind::kNoIdNumber;
  return StudentNumber{kind, s};
}

}  // namespace xueji::domain
