#include "io/sheet_xml_tokenizer.h"

#include <algorithm>

#include "io/file_errors.h"
#include "io/sheet_xml_scan.h"

namespace xueji::io {

using xml_chars::ByteTable;
using xml_chars::MatchLiteral;
using xml_chars::Run;
using xml_chars::Scan;
using xml_chars::ScanRun;

Error MalformedXml() {
  return FileError(kFileCorrupt,
                   "文件内容已损坏（XML格式错误），无法读取。请在Excel中重新另存为.xlsx后再上传");
}

namespace {

constexpr ByteTable kPlainText = xml_chars::PlainBytes("<&]\r", false);
constexpr ByteTable kPlainCdata = xml_chars::PlainBytes("]\r", false);
constexpr ByteTable kPlainComment = xml_chars::PlainBytes("-", true);
constexpr ByteTable kPlainPi = xml_chars::PlainBytes("?", true);

// How much of the next chunk to add to an incomplete token at least.
constexpr size_t kCarryStep = 4096;

}  // namespace

XmlTokenizer::Event XmlTokenizer::Next() {
  if (failed_) return Event::kError;
  if (pop_pending_) {
    open_names_.resize(open_starts_.back());
    open_starts_.pop_back();
    pop_pending_ = false;
  }
  if (empty_element_) {
    empty_element_ = false;
    return EmitEnd();
  }
  for (;;) {
    if (carry_goal_ != 0 && !TopUpCarry()) return Event::kNeedInput;
    const bool from_carry = carry_pos_ < carry_.size();
    const char* begin = from_carry ? carry_.data() + carry_pos_ : input_.data();
    const char* end = from_carry ? carry_.data() + carry_.size() : input_.data() + input_.size();
    if (begin == end) return final_ ? Finished() : Event::kNeedInput;
    const char* next = begin;
    Step step = Parse(begin, end, &next);
    if (step == Step::kBad) return Fail();
    if (step == Step::kMore) {
      if (final_ && (!from_carry || input_.empty())) return Fail();
      if (!KeepIncomplete(from_carry)) return Fail();
      continue;
    }
    const auto n = static_cast<size_t>(next - begin);
    consumed_ += n;
    if (from_carry) {
      carry_goal_ = 0;
      carry_pos_ += n;
    } else {
      input_.remove_prefix(n);
    }
    if (step == Step::kEvent) return event_;
  }
}

// Moves the incomplete token at the end of the current chunk (or of carry_)
// to the front of carry_, to be tried again once it has grown by its own
// size (or kCarryStep): a token split over many small chunks is parsed a
// logarithmic number of times, not once per chunk.
bool XmlTokenizer::KeepIncomplete(bool from_carry) {
  if (from_carry) {
    carry_.erase(0, carry_pos_);
  } else {
    carry_.assign(input_);
    input_ = {};
  }
  carry_pos_ = 0;
  carry_goal_ = carry_.size() + std::max(carry_.size(), kCarryStep);
  return carry_.size() <= kMaxMarkupBytes;
}

// Adds input to an incomplete token in carry_; false while it has not grown
// enough for another try and more input may come.
bool XmlTokenizer::TopUpCarry() {
  const size_t have = carry_.size() - carry_pos_;
  if (have == 0 || have >= carry_goal_) return true;
  const size_t take = std::min(input_.size(), carry_goal_ - have);
  carry_.append(input_.substr(0, take));
  input_.remove_prefix(take);
  return have + take >= carry_goal_ || final_;
}

XmlTokenizer::Event XmlTokenizer::Fail() {
  failed_ = true;
  return event_ = Event::kError;
}

XmlTokenizer::Event XmlTokenizer::Finished() {
  if (place_ != Place::kEpilog || mode_ != Mode::kMarkup) return Fail();
  return event_ = Event::kDone;
}

XmlTokenizer::Event XmlTokenizer::EmitEnd() {
  name_ = xml_chars::LocalPart(std::string_view(open_names_).substr(open_starts_.back()));
  pop_pending_ = true;
  if (open_starts_.size() == 1) place_ = Place::kEpilog;
  return event_ = Event::kEnd;
}

XmlTokenizer::Step XmlTokenizer::Parse(const char* p, const char* end, const char** next) {
  switch (mode_) {
    case Mode::kComment:
      return InComment(p, end, next);
    case Mode::kPi:
      return InPi(p, end, next);
    case Mode::kCdata:
      return InCdata(p, end, next);
    case Mode::kMarkup:
      break;
  }
  if (consumed_ == 0 && static_cast<uint8_t>(*p) == 0xEF) {
    Scan bom = MatchLiteral(p, end, "\xEF\xBB\xBF");
    if (bom == Scan::kMore) return Step::kMore;
    if (bom == Scan::kOk) {
      bom_ = true;
      *next = p + 3;
      return Step::kSkip;
    }
  }
  if (*p == '<') return Markup(p, end, next);
  if (place_ == Place::kContent) return ContentText(p, end, next);
  return PrologSpace(p, end, next);
}

// Only white space may stand outside the root element.
XmlTokenizer::Step XmlTokenizer::PrologSpace(const char* p, const char* end, const char** next) {
  const char* q = p;
  while (q < end && xml_chars::IsSpace(*q)) ++q;
  if (q == p) return Step::kBad;
  *next = q;
  return Step::kSkip;
}

// A text event of the run of `plain` bytes at p, or of the LF that CR LF or a
// lone CR stands for (§2.11); nullopt at any other byte, which is the
// caller's.
std::optional<XmlTokenizer::Step> XmlTokenizer::PlainText(const char* p, const char* end,
                                                          const ByteTable& plain,
                                                          const char** next) {
  const char* q = p;
  Run run = ScanRun(q, end, plain);
  if (run == Run::kBad) return Step::kBad;
  event_ = Event::kText;
  if (q > p) {
    text_ = std::string_view(p, static_cast<size_t>(q - p));
    *next = q;
    return Step::kEvent;
  }
  if (run == Run::kMore) return Step::kMore;
  if (*p != '\r') return std::nullopt;
  if (p + 1 == end) return Step::kMore;
  text_ = "\n";
  *next = p + (p[1] == '\n' ? 2 : 1);
  return Step::kEvent;
}

XmlTokenizer::Step XmlTokenizer::ContentText(const char* p, const char* end, const char** next) {
  if (auto step = PlainText(p, end, kPlainText, next)) return *step;
  if (*p == '&') return Reference(p, end, next);
  if (*p != ']') return Step::kBad;  // a control character
  Scan close = MatchLiteral(p, end, "]]>");
  if (close != Scan::kBad) return close == Scan::kMore ? Step::kMore : Step::kBad;
  text_ = "]";
  *next = p + 1;
  return Step::kEvent;
}

namespace {

int DigitValue(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char PredefinedEntity(std::string_view name) {
  if (name == "lt") return '<';
  if (name == "gt") return '>';
  if (name == "amp") return '&';
  if (name == "quot") return '"';
  if (name == "apos") return '\'';
  return 0;
}

}  // namespace

// "&lt;" … "&apos;", "&#NNN;", "&#xHH;" at `p`: its text in text_.
XmlTokenizer::Step XmlTokenizer::Reference(const char* p, const char* end, const char** next) {
  const char* q = p + 1;
  if (q == end) return Step::kMore;
  if (*q == '#') {
    if (++q == end) return Step::kMore;
    const bool hex = *q == 'x';
    if (hex) ++q;
    const char* digits = q;
    uint32_t code = 0;
    for (;; ++q) {
      if (q == end) return Step::kMore;
      int d = DigitValue(*q, hex);
      if (d < 0) break;
      code = std::min<uint32_t>(code * (hex ? 16 : 10) + static_cast<uint32_t>(d), 0x110000);
    }
    if (q == digits || *q != ';' || !xml_chars::IsXmlChar(code)) return Step::kBad;
    text_ = std::string_view(ref_, static_cast<size_t>(xml_chars::EncodeChar(code, ref_)));
  } else {
    const char* name_end = nullptr;
    Scan name = xml_chars::ScanName(q, end, &name_end);
    if (name != Scan::kOk) return name == Scan::kMore ? Step::kMore : Step::kBad;
    ref_[0] = PredefinedEntity(std::string_view(q, static_cast<size_t>(name_end - q)));
    if (*name_end != ';' || ref_[0] == 0) return Step::kBad;
    text_ = std::string_view(ref_, 1);
    q = name_end;
  }
  *next = q + 1;
  event_ = Event::kText;
  return Step::kEvent;
}

// Inside "<!--": up to and including "-->"; "--" may not occur (§2.5).
XmlTokenizer::Step XmlTokenizer::InComment(const char* p, const char* end, const char** next) {
  const char* q = p;
  for (;;) {
    Run run = ScanRun(q, end, kPlainComment);
    if (run == Run::kBad) return Step::kBad;
    if (run != Run::kStop) break;
    if (*q != '-') return Step::kBad;
    if (q + 1 == end) break;
    if (q[1] != '-') {
      ++q;
      continue;
    }
    if (q + 2 == end) break;
    if (q[2] != '>') return Step::kBad;
    mode_ = Mode::kMarkup;
    *next = q + 3;
    return Step::kSkip;
  }
  if (q == p) return Step::kMore;
  *next = q;
  return Step::kSkip;
}

// Inside a processing instruction, after its target: up to "?>".
XmlTokenizer::Step XmlTokenizer::InPi(const char* p, const char* end, const char** next) {
  const char* q = p;
  for (;;) {
    Run run = ScanRun(q, end, kPlainPi);
    if (run == Run::kBad) return Step::kBad;
    if (run != Run::kStop) break;
    if (*q != '?') return Step::kBad;
    if (q + 1 == end) break;
    if (q[1] != '>') {
      ++q;
      continue;
    }
    mode_ = Mode::kMarkup;
    *next = q + 2;
    return Step::kSkip;
  }
  if (q == p) return Step::kMore;
  *next = q;
  return Step::kSkip;
}

// Inside "<![CDATA[": character data up to "]]>".
XmlTokenizer::Step XmlTokenizer::InCdata(const char* p, const char* end, const char** next) {
  if (auto step = PlainText(p, end, kPlainCdata, next)) return *step;
  if (*p != ']') return Step::kBad;
  Scan close = MatchLiteral(p, end, "]]>");
  if (close == Scan::kMore) return Step::kMore;
  if (close == Scan::kOk) {
    mode_ = Mode::kMarkup;
    *next = p + 3;
    return Step::kSkip;
  }
  text_ = "]";
  *next = p + 1;
  return Step::kEvent;
}

}  // namespace xueji::io
