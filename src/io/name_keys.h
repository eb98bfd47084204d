#pragma once

// Keys under which different spellings of one Chinese name compare equal
// (R-INFO-5, R-REG-4): the simplified form (OpenCC's t2s, so 張三 and 张三
// meet) and a toneless pinyin key (ICU's Han-Latin, so 张三 and 章三 are
// neighbours). Used by suspected-duplicate scoring, never for display.
//
// Thread-safe. The OpenCC dictionaries are loaded once, on first use, from
// the system's OpenCC data; a missing installation throws std::runtime_error.

#include <string>
#include <string_view>

namespace xueji::io {

// R-INFO-5: traditional characters (including Taiwan and Hong Kong variants)
// to simplified; anything else is kept.
std::string SimplifiedName(std::string_view name);

// R-REG-4: lower-case ASCII pinyin without tones, one syllable per character
// separated by spaces ("张三" → "zhang san"); ü is written u. Letters of
// foreign names are lower-cased; the "·" separator is dropped.
std::string PinyinKey(std::string_view name);

}  // namespace xueji::io
