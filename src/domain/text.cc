#include "domain/text.h"

#include <cstdint>

namespace xueji::domain {

std::string_view TrimmedSpaces(std::string_view s) {
  static constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
      s.remove_suffix(1);
      changed = true;
    }
    if (s.substr(0, 3) == kFullWidthSpace) {
      s.remove_prefix(3);
      changed = true;
    }
    if (s.size() >= 3 && s.substr(s.size() - 3) == kFullWidthSpace) {
      s.remove_suffix(3);
      changed = true;
    }
  }
  return s;
}

std::string TrimSpaces(std::string_view s) { return std::string(TrimmedSpaces(s)); }

void TrimSpacesInPlace(std::string& s) {
  std::string_view kept = TrimmedSpaces(s);
  auto begin = static_cast<size_t>(kept.data() - s.data());
  s.erase(begin + kept.size());
  s.erase(0, begin);
}

int Utf8Length(std::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return -1;
    if (c < 0x20 && c != '\t') return -1;  // control characters are not text
    i += len;
    ++count;
  }
  return count;
}

int32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return -1;
  }
  int32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 0x2) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, int32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// FoldFullWidth of `s` written over its own start (each code point's output
// is no longer than its input); `compact` drops spaces, tabs and line breaks
// as CompactCode does.
void Fold(std::string& s, bool compact) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      char c = s[i++];
      if (!compact || !IsBlank(c)) s[w++] = c;
      continue;
    }
    size_t start = i;
    int32_t cp = NextCodePoint(s, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      s[w++] = static_cast<char>(cp - 0xFF01 + 0x21);
    } else if (cp == 0x3000) {
      if (!compact) s[w++] = ' ';
    } else {
      for (size_t k = start; k < i; ++k) s[w++] = s[k];
    }
  }
  s.resize(w);
}

}  // namespace

std::string FoldFullWidth(std::string_view s) {
  std::string out(s);
  Fold(out, false);
  return out;
}

void FoldFullWidthInPlace(std::string& s) { Fold(s, false); }

std::string CompactCode(std::string_view s) {
  std::string out(s);
  Fold(out, true);
  return out;
}

void CompactCodeInPlace(std::string& s) { Fold(s, true); }

}  // namespace xueji::domain
