#include "io/sheet_xml_chars.h"

#include <array>

namespace xueji::io::xml_chars {

int EncodeChar(uint32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

bool IsNameStartChar(uint32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' || c == '_';
  }
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

bool IsNameChar(uint32_t c) {
  if (IsNameStartChar(c)) return true;
  if (c < 0x80) return c == '-' || c == '.' || (c >= '0' && c <= '9');
  return c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

namespace {

constexpr std::array<bool, 128> AsciiNameChars(bool start) {
  std::array<bool, 128> table{};
  for (uint32_t c = 0; c < 128; ++c) table[c] = start ? IsNameStartChar(c) : IsNameChar(c);
  return table;
}

const std::array<bool, 128> kAsciiNameStart = AsciiNameChars(true);
const std::array<bool, 128> kAsciiName = AsciiNameChars(false);

// One character of a Name at `q` (q < end): its length, 0 when it does not
// belong to the name, -1 when incomplete, -2 when no Char.
int NameCharAt(const char* q, const char* end, bool start) {
  const auto b = static_cast<uint8_t>(*q);
  if (b < 0x80) return (start ? kAsciiNameStart : kAsciiName)[b] ? 1 : 0;
  uint32_t code = 0;
  int n = DecodeChar(q, end, &code);
  if (n <= 0) return n == 0 ? -1 : -2;
  return (start ? IsNameStartChar(code) : IsNameChar(code)) ? n : 0;
}

}  // namespace

Scan ScanName(const char* p, const char* end, const char** name_end) {
  if (p == end) return Scan::kMore;
  const auto b0 = static_cast<uint8_t>(*p);
  int n = b0 < 0x80 ? (kAsciiNameStart[b0] ? 1 : 0) : NameCharAt(p, end, true);
  if (n <= 0) return n == -1 ? Scan::kMore : Scan::kBad;
  const char* q = p + n;
  for (;;) {
    while (q < end && static_cast<uint8_t>(*q) < 0x80 && kAsciiName[static_cast<uint8_t>(*q)]) ++q;
    if (q == end) return Scan::kMore;
    if (static_cast<uint8_t>(*q) < 0x80) break;  // the usual end: '=', '>', '/', space
    n = NameCharAt(q, end, false);
    if (n == -1) return Scan::kMore;
    if (n == -2) return Scan::kBad;
    if (n == 0) break;
    q += n;
  }
  *name_end = q;
  return Scan::kOk;
}

Scan MatchLiteral(const char* p, const char* end, std::string_view literal) {
  for (char c : literal) {
    if (p == end) return Scan::kMore;
    if (*p++ != c) return Scan::kBad;
  }
  return Scan::kOk;
}

}  // namespace xueji::io::xml_chars
