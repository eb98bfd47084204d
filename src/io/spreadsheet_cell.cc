#include "io/spreadsheet_cell.h"

#include <cmath>
#include <cstdio>

#include "domain/id_number.h"
#include "domain/text.h"

namespace xueji::io {

using domain::Date;

namespace {

constexpr double kMaxExactDigits = 1e15;  // Excel keeps 15 significant digits

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// "1.10101199003E+17", "1.1E17": how Excel writes a long number in General
// format, and how such a cell reaches a CSV file.
bool LooksScientific(std::string_view s) {
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0) return false;
  std::string_view mantissa = s.substr(0, e), exponent = s.substr(e + 1);
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
  size_t dot = mantissa.find('.');
  if (dot != std::string_view::npos) {
    std::string_view frac = mantissa.substr(dot + 1);
    mantissa = mantissa.substr(0, dot);
    if (!frac.empty() && !AllDigits(frac)) return false;
  }
  return AllDigits(mantissa) && AllDigits(exponent);
}

Error IdAsNumber(std::string_view shown) {
  return Invalid("ID_AS_NUMBER", "",
                 "身份证件号被Excel当作数字保存（显示为“" + std::string(shown) +
                     "”），超过15位的部分已经丢失，无法还原。请选中该列，设置单元格格式为“文本”，"
                     "重新输入完整的号码（或在号码前加英文单引号'），保存后再上传");
}

// A number cell as text: the file's own digits when it wrote an integer,
// otherwise up to 15 significant digits without an exponent where possible.
std::string FormatNumber(const SheetCell& cell) {
  if (AllDigits(cell.text)) return cell.text;
  double v = cell.number;
  char buf[64];
  if (std::nearbyint(v) == v && std::fabs(v) < kMaxExactDigits) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", v);
  }
  return buf;
}

// U+FF10–U+FF19 → '0'–'9' in place (over the text's own start); everything
// else kept.
void FoldFullWidthDigits(std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      s[w++] = s[i++];
      continue;
    }
    size_t start = i;
    int32_t cp = domain::NextCodePoint(s, i);
    if (cp >= 0xFF10 && cp <= 0xFF19) {
      s[w++] = static_cast<char>('0' + (cp - 0xFF10));
    } else {
      for (size_t k = start; k < i; ++k) s[w++] = s[k];
    }
  }
  s.resize(w);
}

// The value of a run of ASCII digits.
int DigitsValue(std::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

// Leading digits of s as a number, advancing s; -1 when none.
int TakeNumber(std::string_view& s, size_t max_digits) {
  int value = 0;
  size_t n = 0;
  while (n < s.size() && n < max_digits && IsDigit(s[n])) value = value * 10 + (s[n++] - '0');
  if (n == 0) return -1;
  s.remove_prefix(n);
  return value;
}

bool TakeSeparator(std::string_view& s, std::string_view sep) {
  if (s.substr(0, sep.size()) != sep) return false;
  s.remove_prefix(sep.size());
  return true;
}

// "20110101", "2011-1-1", "2011/01/01", "2011.1.1", "2011年1月1日" → Date.
std::optional<Date> ParseTextDate(std::string_view s) {
  if (s.size() == 8 && AllDigits(s)) {
    Date d{DigitsValue(s.substr(0, 4)), DigitsValue(s.substr(4, 2)), DigitsValue(s.substr(6, 2))};
    if (domain::IsValidDate(d.year, d.month, d.day)) return d;
    return std::nullopt;
  }
  int y = TakeNumber(s, 4);
  for (std::string_view sep : {"-", "/", ".", "年"}) {
    std::string_view rest = s;
    if (!TakeSeparator(rest, sep)) continue;
    int m = TakeNumber(rest, 2);
    std::string_view sep2 = sep == "年" ? "月" : sep;
    if (m < 0 || !TakeSeparator(rest, sep2)) return std::nullopt;
    int d = TakeNumber(rest, 2);
    if (sep == "年") TakeSeparator(rest, "日");
    if (d < 0 || !rest.empty() || !domain::IsValidDate(y, m, d)) return std::nullopt;
    return Date{y, m, d};
  }
  return std::nullopt;
}

Error BadSerial(const SheetCell& cell) {
  return Invalid("DATE_SERIAL", "",
                 "日期“" + cell.text + "”不是有效的Excel日期，请填写为YYYY-MM-DD格式的文本");
}

Status NormalizeIdNumber(const SheetCell& cell, std::string& out) {
  if (cell.kind == CellKind::kNumber) {
    bool exact = std::nearbyint(cell.number) == cell.number &&
                 std::fabs(cell.number) < kMaxExactDigits && AllDigits(FormatNumber(cell));
    if (!exact) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%.11E", cell.number);
      return IdAsNumber(shown);
    }
    out = FormatNumber(cell);
    return Ok();
  }
  out.assign(cell.text);
  domain::CompactCodeInPlace(out);
  if (LooksScientific(out)) return IdAsNumber(out);
  // A number cell saved to CSV with format "0": 15 digits kept, the rest 0.
  if (out.size() == 18 && AllDigits(out) && out.compare(15, 3, "000") == 0 &&
      domain::IdCheckCharacter(std::string_view(out).substr(0, 17)) != '0') {
    return IdAsNumber(out);
  }
  return Ok();
}

Status NormalizeDate(const SheetCell& cell, bool date1904, bool month_only, std::string& out) {
  if (cell.kind == CellKind::kNumber) {
    std::string digits = FormatNumber(cell);
    if (AllDigits(digits) && digits.size() == (month_only ? 6u : 8u)) {
      if (!month_only) {
        if (auto d = ParseTextDate(digits)) return out = domain::FormatDate(*d), Ok();
      }
      out = std::move(digits);  // typed as 20110101 / 201409
      return Ok();
    }
    auto d = SerialToDate(cell.number, date1904);
    if (!d) return BadSerial(cell);
    if (!month_only) return out = domain::FormatDate(*d), Ok();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", d->year, d->month);
    out = buf;
    return Ok();
  }
  out.assign(cell.text);
  domain::CompactCodeInPlace(out);
  if (!month_only) {
    if (auto d = ParseTextDate(out)) out = domain::FormatDate(*d);
  }
  return Ok();
}

void PadCode(std::string& code, int width) {
  if (width > 0 && AllDigits(code) && code.size() < static_cast<size_t>(width)) {
    code.insert(0, static_cast<size_t>(width) - code.size(), '0');
  }
}

}  // namespace

std::string ColumnLetters(int index) {
  std::string out;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

std::optional<int> ColumnOfReference(std::string_view ref) {
  int col = 0;
  size_t n = 0;
  for (; n < ref.size() && n < 4; ++n) {
    char c = ref[n];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
  }
  if (n == 0 || n > 3 || col > 16384) return std::nullopt;
  return col - 1;
}

std::optional<int64_t> RowOfReference(std::string_view ref) {
  size_t n = 0;
  while (n < ref.size() && !IsDigit(ref[n])) ++n;
  std::string_view digits = ref.substr(n);
  if (!AllDigits(digits) || digits.size() > 9) return std::nullopt;
  int64_t row = std::stoll(std::string(digits));
  if (row < 1) return std::nullopt;
  return row;
}

// R-IO-2
std::optional<Date> SerialToDate(double serial, bool date1904) {
  if (!std::isfinite(serial)) return std::nullopt;
  double whole = std::floor(serial);
  if (whole < (date1904 ? 0 : 1) || whole > 2958465) return std::nullopt;
  auto days = static_cast<int64_t>(whole);
  int64_t epoch;
  if (date1904) {
    epoch = domain::DaysFromCivil(1904, 1, 1);
  } else if (days == 60) {
    return std::nullopt;  // 1900-02-29, which never was
  } else {
    epoch = domain::DaysFromCivil(1899, 12, days < 60 ? 31 : 30);
  }
  int y;
  unsigned m, d;
  domain::CivilFromDays(epoch + days, y, m, d);
  if (y > 9999) return std::nullopt;
  return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

// R-IO-2
Result<std::string> NormalizeCell(const SheetCell& cell, FieldFormat format, bool date1904) {
  std::string out;
  Status st = NormalizeCellTo(cell, format, date1904, out);
  if (!st.ok()) return st.error();
  return out;
}

namespace {

Status NormalizeCellKind(const SheetCell& cell, FieldFormat format, bool date1904,
                         std::string& out) {
  switch (cell.kind) {
    case CellKind::kEmpty:
      out.clear();
      return Ok();
    case CellKind::kError:
      return Invalid("CELL_ERROR", "",
                     "单元格是公式错误“" + cell.text + "”，请改为实际的值（复制后“粘贴为数值”）");
    case CellKind::kBoolean:
      out.assign(cell.text);
      return Ok();
    default:
      break;
  }
  switch (format.kind) {
    case FieldKind::kIdNumber:
      return NormalizeIdNumber(cell, out);
    case FieldKind::kDate:
      return NormalizeDate(cell, date1904, false, out);
    case FieldKind::kYearMonth:
      return NormalizeDate(cell, date1904, true, out);
    case FieldKind::kCode:
      if (cell.kind == CellKind::kNumber) {
        out = FormatNumber(cell);
      } else {
        out.assign(cell.text);
        domain::CompactCodeInPlace(out);
      }
      PadCode(out, format.width);
      return Ok();
    case FieldKind::kText:
      break;
  }
  if (cell.kind == CellKind::kNumber) return out = FormatNumber(cell), Ok();
  out.assign(cell.text);
  FoldFullWidthDigits(out);
  domain::TrimSpacesInPlace(out);
  return Ok();
}

}  // namespace

// R-IO-2
Status NormalizeCellTo(const SheetCell& cell, FieldFormat format, bool date1904, std::string& out) {
  Status st = NormalizeCellKind(cell, format, date1904, out);
  if (!st.ok()) out.clear();
  return st;
}

}  // namespace xueji::io
