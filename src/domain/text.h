#pragma once

// Text normalization for what people type and spreadsheets hold (R-INFO-5,
// R-IO-2): full-width forms, stray spaces, UTF-8 checks.

#include <string>
#include <string_view>

namespace xueji::domain {

// Trims ASCII and full-width spaces at both ends.
std::string TrimSpaces(std::string_view s);
// TrimSpaces without a copy: the part of `s` it keeps.
std::string_view TrimmedSpaces(std::string_view s);
// TrimSpaces of `s`, in place.
void TrimSpacesInPlace(std::string& s);

// Number of Unicode code points in UTF-8 text, or -1 when not valid UTF-8 or
// when it holds control characters other than tab.
int Utf8Length(std::string_view s);

// Full-width ASCII forms (U+FF01–U+FF5E) become their ASCII characters and the
// ideographic space (U+3000) a plain space; everything else is kept. Invalid
// UTF-8 is kept byte for byte (callers validate separately).
std::string FoldFullWidth(std::string_view s);
// FoldFullWidth of `s`, in place (folding never lengthens the text).
void FoldFullWidthInPlace(std::string& s);

// FoldFullWidth, then every space, tab and line break removed: for codes and
// numbers typed with separators ("1101 0119 …").
std::string CompactCode(std::string_view s);
// CompactCode of `s`, in place.
void CompactCodeInPlace(std::string& s);

// Decodes one UTF-8 code point at s[i], advancing i; returns -1 (and advances
// one byte) on an invalid sequence.
int32_t NextCodePoint(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of a code point.
void AppendUtf8(std::string& out, int32_t cp);

}  // namespace xueji::domain
