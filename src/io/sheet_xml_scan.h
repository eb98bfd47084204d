#pragma once

// Byte tables and the run scanner shared by the parts of XmlTokenizer.

#include <array>
#include <cstdint>
#include <string_view>

#include "io/sheet_xml_chars.h"

namespace xueji::io::xml_chars {

using ByteTable = std::array<bool, 256>;

// ASCII Chars (tab, LF and, when `cr`, CR included) except `stops`.
constexpr ByteTable PlainBytes(std::string_view stops, bool cr) {
  ByteTable table{};
  for (int b = 0x20; b < 0x80; ++b) table[b] = true;
  table['\t'] = table['\n'] = true;
  table['\r'] = cr;
  for (char c : stops) table[static_cast<uint8_t>(c)] = false;
  return table;
}

enum class Run { kStop, kEnd, kMore, kBad };

// Advances `q` over bytes of `plain` and well-formed non-ASCII Chars: kStop
// at any other ASCII byte, kEnd at `end`, kMore at an incomplete UTF-8
// sequence there, kBad at a byte that is no Char.
inline Run ScanRun(const char*& q, const char* end, const ByteTable& plain) {
  for (;;) {
    while (q < end && plain[static_cast<uint8_t>(*q)]) ++q;
    if (q == end) return Run::kEnd;
    if (static_cast<uint8_t>(*q) < 0x80) return Run::kStop;
    uint32_t code = 0;
    int n = DecodeChar(q, end, &code);
    if (n <= 0) return n == 0 ? Run::kMore : Run::kBad;
    q += n;
  }
}

}  // namespace xueji::io::xml_chars
