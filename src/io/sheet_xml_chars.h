#pragma once

// The character classes of XML 1.0 (Fifth Edition) that the worksheet XML
// tokenizer checks: which UTF-8 sequences encode a Char (§2.2), which code
// points may start or continue a Name (§2.3), and white space (§2.3 S).

#include <cstdint>
#include <string_view>

namespace xueji::io::xml_chars {

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
inline bool IsXmlChar(uint32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  return c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The length of the UTF-8 sequence at `p` (p < end) when it is well formed
// (shortest form, no surrogates) and encodes a Char, storing the code point
// in `code`; 0 when p..end is a proper prefix of such a sequence (more bytes
// are needed to decide); -1 otherwise.
inline int DecodeChar(const char* p, const char* end, uint32_t* code) {
  const auto b0 = static_cast<uint8_t>(p[0]);
  if (b0 < 0x80) {
    *code = b0;
    return IsXmlChar(b0) ? 1 : -1;
  }
  int len = 0;
  uint32_t c = 0;
  uint8_t lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b0 < 0xC2) {
    return -1;  // a continuation byte, or an overlong two-byte form
  } else if (b0 < 0xE0) {
    len = 2, c = b0 & 0x1Fu;
  } else if (b0 < 0xF0) {
    len = 3, c = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 < 0xF5) {
    len = 4, c = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // over U+10FFFF
  } else {
    return -1;
  }
  for (int i = 1; i < len; ++i) {
    if (p + i >= end) return 0;
    const auto b = static_cast<uint8_t>(p[i]);
    if (b < lo || b > hi) return -1;
    lo = 0x80, hi = 0xBF;
    c = (c << 6) | (b & 0x3Fu);
  }
  if (c == 0xFFFE || c == 0xFFFF) return -1;
  *code = c;
  return len;
}

// Writes `code` (a Char) as UTF-8 to `out` (4 bytes); returns the length.
int EncodeChar(uint32_t code, char* out);

bool IsNameStartChar(uint32_t code);
bool IsNameChar(uint32_t code);

// The outcome of scanning at the end of what has arrived so far.
enum class Scan { kOk, kMore, kBad };

// A Name at `p`: kOk with its end in `name_end` (which is < end: the byte
// after a name decides where it ends), kMore when it may continue past
// `end`, kBad when `p` starts no Name or holds a byte that is no Char.
Scan ScanName(const char* p, const char* end, const char** name_end);

// Whether [p, end) starts with `literal`: kMore when it is a proper prefix.
Scan MatchLiteral(const char* p, const char* end, std::string_view literal);

// "x:row" → "row".
inline std::string_view LocalPart(std::string_view qname) {
  size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

}  // namespace xueji::io::xml_chars
