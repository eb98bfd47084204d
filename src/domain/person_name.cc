#include "domain/person_name.h"

#include "domain/text.h"

namespace xueji::domain {
namespace {

constexpr int32_t kMiddleDot = 0x00B7;

bool IsHan(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF);
}

bool IsLatinLetter(int32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool IsNameSeparator(int32_t cp) {
  return cp == 0x30FB || cp == 0x2022 || cp == 0x2027 || cp == 0xFF0E || cp == 0x2219 ||
         cp == kMiddleDot;
}

}  // namespace

// R-INFO-5
Result<std::string> NormalizePersonName(std::string_view input, std::string_view field) {
  // Separators first: the full-width dot (U+FF0E) must not fold to ".".
  std::string dotted;
  dotted.reserve(input.size());
  for (size_t i = 0; i < input.size();) {
    size_t start = i;
    int32_t cp = NextCodePoint(input, i);
    if (cp < 0) return Invalid("TEXT_ENCODING", std::string(field), "姓名含有无效字符");
    if (IsNameSeparator(cp)) {
      AppendUtf8(dotted, kMiddleDot);
    } else {
      dotted.append(input.substr(start, i - start));
    }
  }
  std::string& folded = dotted;
  FoldFullWidthInPlace(folded);
  TrimSpacesInPlace(folded);
  std::string out;
  out.reserve(folded.size());
  bool han = false, latin = false, space = false;
  int length = 0;
  for (size_t i = 0; i < folded.size();) {
    int32_t cp = NextCodePoint(folded, i);
    if (cp == ' ' || cp == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out.push_back(' ');
      ++length;
    }
    space = false;
    if (IsHan(cp)) {
      han = true;
    } else if (IsLatinLetter(cp)) {
      latin = true;
    } else if (cp != kMiddleDot && cp != '-' && cp != '\'' && cp != '.') {
      std::string shown;
      AppendUtf8(shown, cp);
      return Invalid(
          "NAME_CHARS", std::string(field),
          "姓名中不能有“" + shown + "”：只能使用汉字和“·”，外文姓名使用字母、空格、“-”“'”“.”");
    }
    AppendUtf8(out, cp);
    ++length;
  }
  if (length == 0) return Invalid("REQUIRED", std::string(field), "请填写姓名");
  if (han && latin) {
    return Invalid("NAME_CHARS", std::string(field),
                   "姓名不能混用汉字和字母：中文姓名只用汉字，外文姓名按证件填写字母");
  }
  if (han && out.find(' ') != std::string::npos) {
    return Invalid("NAME_CHARS", std::string(field),
                   "中文姓名中不能有空格，少数民族姓名的分隔请使用“·”");
  }
  if (length > 50) return Invalid("TOO_LONG", std::string(field), "姓名不能超过50个字符");
  return out;
}

}  // namespace xueji::domain
