// XmlTokenizer: tags, markup declarations, processing instructions and the
// XML declaration (XML 1.0 §2.4–§2.8, §3.1).

#include <algorithm>

#include "io/sheet_xml_scan.h"
#include "io/sheet_xml_tokenizer.h"

namespace xueji::io {

using xml_chars::IsSpace;
using xml_chars::MatchLiteral;
using xml_chars::Run;
using xml_chars::Scan;
using xml_chars::ScanRun;

namespace {

constexpr xml_chars::ByteTable kPlainValue = xml_chars::PlainBytes("<&\"'\t\n", false);

const char* SkipSpace(const char* q, const char* end) {
  while (q < end && IsSpace(*q)) ++q;
  return q;
}

bool IsDeclValueChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

// One pseudo-attribute of the XML declaration at d[*i] (after white space).
bool DeclAttribute(std::string_view d, size_t* i, std::string_view* name, std::string_view* value) {
  size_t start = *i;
  while (*i < d.size() && ((d[*i] >= 'a' && d[*i] <= 'z') || (d[*i] >= 'A' && d[*i] <= 'Z'))) ++*i;
  *name = d.substr(start, *i - start);
  while (*i < d.size() && IsSpace(d[*i])) ++*i;
  if (*i == d.size() || d[*i] != '=') return false;
  ++*i;
  while (*i < d.size() && IsSpace(d[*i])) ++*i;
  if (*i == d.size() || (d[*i] != '"' && d[*i] != '\'')) return false;
  size_t close = d.find(d[*i], *i + 1);
  if (close == std::string_view::npos) return false;
  *value = d.substr(*i + 1, close - *i - 1);
  *i = close + 1;
  return std::all_of(value->begin(), value->end(), IsDeclValueChar);
}

// version, then encoding and standalone if present, in that order (§2.8,
// §4.3.3, §2.9); the encoding named is not used: parts are UTF-8.
bool ValidDeclaration(std::string_view d) {
  int stage = 0;  // 1 after version, 2 after encoding, 3 after standalone
  size_t i = 0;
  for (;;) {
    size_t space = i;
    while (i < d.size() && IsSpace(d[i])) ++i;
    if (i == d.size()) return stage > 0;
    if (i == space) return false;
    std::string_view name, value;
    if (!DeclAttribute(d, &i, &name, &value)) return false;
    if (name == "version" && stage == 0 && !value.empty()) {
      stage = 1;
    } else if (name == "encoding" && stage == 1 && !value.empty() &&
               ((value[0] | 0x20) >= 'a' && (value[0] | 0x20) <= 'z')) {
      stage = 2;
    } else if (name == "standalone" && (stage == 1 || stage == 2) &&
               (value == "yes" || value == "no")) {
      stage = 3;
    } else {
      return false;
    }
  }
}

bool HasDuplicate(const std::vector<XmlAttribute>& items) {
  if (items.size() <= 16) {
    for (size_t i = 0; i < items.size(); ++i) {
      for (size_t j = i + 1; j < items.size(); ++j) {
        if (items[i].name == items[j].name) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> names;
  names.reserve(items.size());
  for (const XmlAttribute& a : items) names.push_back(a.name);
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

}  // namespace

XmlTokenizer::Step XmlTokenizer::Markup(const char* p, const char* end, const char** next) {
  if (p + 1 == end) return Step::kMore;
  switch (p[1]) {
    case '/':
      return place_ == Place::kContent ? EndTag(p, end, next) : Step::kBad;
    case '!':
      return MarkupDeclaration(p, end, next);
    case '?':
      return ProcessingInstruction(p, end, next);
    default:
      return place_ == Place::kEpilog ? Step::kBad : StartTag(p, end, next);
  }
}

// A comment anywhere; a CDATA section in content; nothing else ("<!DOCTYPE"
// is refused: no entity may be declared).
XmlTokenizer::Step XmlTokenizer::MarkupDeclaration(const char* p, const char* end,
                                                   const char** next) {
  Scan comment = MatchLiteral(p, end, "<!--");
  if (comment == Scan::kOk) {
    mode_ = Mode::kComment;
    *next = p + 4;
    return Step::kSkip;
  }
  if (comment == Scan::kMore) return Step::kMore;
  if (place_ != Place::kContent) return Step::kBad;
  Scan cdata = MatchLiteral(p, end, "<![CDATA[");
  if (cdata != Scan::kOk) return cdata == Scan::kMore ? Step::kMore : Step::kBad;
  mode_ = Mode::kCdata;
  *next = p + 9;
  return Step::kSkip;
}

XmlTokenizer::Step XmlTokenizer::StartTag(const char* p, const char* end, const char** next) {
  const char* name_end = nullptr;
  Scan name = xml_chars::ScanName(p + 1, end, &name_end);
  if (name != Scan::kOk) return name == Scan::kMore ? Step::kMore : Step::kBad;
  bool empty = false;
  const char* after = nullptr;
  Step attrs = Attributes(name_end, end, &after, &empty);
  if (attrs != Step::kEvent) return attrs;
  if (static_cast<size_t>(after - p) > kMaxMarkupBytes) return Step::kBad;
  if (open_starts_.size() >= kMaxXmlDepth) return Step::kBad;
  std::string_view qname(p + 1, static_cast<size_t>(name_end - p - 1));
  open_starts_.push_back(open_names_.size());
  open_names_.append(qname);
  name_ = xml_chars::LocalPart(qname);
  empty_element_ = empty;
  place_ = Place::kContent;
  *next = after;
  event_ = Event::kStart;
  return Step::kEvent;
}

// (S Name S? '=' S? AttValue)* S? ('>' | '/>'), unique names (§3.1).
XmlTokenizer::Step XmlTokenizer::Attributes(const char* p, const char* end, const char** next,
                                            bool* empty) {
  attrs_.items_.clear();
  decoded_.clear();
  decoded_at_.clear();
  const char* q = p;
  for (;;) {
    const char* space = q;
    q = SkipSpace(q, end);
    if (q == end || (*q == '/' && q + 1 == end)) return Step::kMore;
    if (*q == '>' || *q == '/') {
      if (*q == '/' && q[1] != '>') return Step::kBad;
      *empty = *q == '/';
      *next = q + (*empty ? 2 : 1);
      break;
    }
    if (q == space) return Step::kBad;
    const char* name_end = nullptr;
    Scan name = xml_chars::ScanName(q, end, &name_end);
    if (name != Scan::kOk) return name == Scan::kMore ? Step::kMore : Step::kBad;
    std::string_view qname(q, static_cast<size_t>(name_end - q));
    q = SkipSpace(name_end, end);
    if (q == end) return Step::kMore;
    if (*q != '=') return Step::kBad;
    q = SkipSpace(q + 1, end);
    if (q == end) return Step::kMore;
    if (*q != '"' && *q != '\'') return Step::kBad;
    attrs_.items_.push_back({qname, xml_chars::LocalPart(qname), {}});
    Step value = AttributeValue(q, end, &q, attrs_.items_.size() - 1);
    if (value != Step::kEvent) return value;
  }
  for (size_t i = 0; i < decoded_at_.size(); ++i) {
    if (decoded_at_[i] < 0) continue;
    std::string_view& v = attrs_.items_[i].value;
    v = std::string_view(decoded_).substr(static_cast<size_t>(decoded_at_[i]), v.size());
  }
  return HasDuplicate(attrs_.items_) ? Step::kBad : Step::kEvent;
}

// A quoted value at `p`: references resolved, each tab, LF, CR LF or CR a
// space (§3.3.3). Values that needed that are built in decoded_ (their
// offset in decoded_at_), the others are views of the input.
XmlTokenizer::Step XmlTokenizer::AttributeValue(const char* p, const char* end, const char** next,
                                                size_t attr) {
  const char quote = *p;
  const char* q = p + 1;
  const char* copied = q;  // decoded_ holds the value up to here
  const size_t offset = decoded_.size();
  bool decoding = false;
  for (;;) {
    Run run = ScanRun(q, end, kPlainValue);
    if (run == Run::kBad) return Step::kBad;
    if (run != Run::kStop) return Step::kMore;
    const char c = *q;
    if (c == quote) break;
    if (c == '"' || c == '\'') {
      ++q;
      continue;
    }
    if (c != '&' && c != '\t' && c != '\n' && c != '\r') return Step::kBad;  // '<', controls
    decoding = true;
    decoded_.append(copied, q);
    if (c == '&') {
      Step ref = Reference(q, end, &q);
      if (ref != Step::kEvent) return ref;
      decoded_.append(text_);
    } else {
      if (c == '\r' && q + 1 == end) return Step::kMore;
      q += c == '\r' && q[1] == '\n' ? 2 : 1;
      decoded_.push_back(' ');
    }
    copied = q;
  }
  std::string_view& value = attrs_.items_[attr].value;
  if (decoding) {
    decoded_.append(copied, q);
    decoded_at_.resize(attr + 1, -1);
    decoded_at_[attr] = static_cast<int64_t>(offset);
    value = std::string_view(p, decoded_.size() - offset);  // the length, until rebased
  } else {
    value = std::string_view(p + 1, static_cast<size_t>(q - p - 1));
  }
  *next = q + 1;
  return Step::kEvent;
}

// '</' Name S? '>', closing the innermost open element.
XmlTokenizer::Step XmlTokenizer::EndTag(const char* p, const char* end, const char** next) {
  const char* name_end = nullptr;
  Scan name = xml_chars::ScanName(p + 2, end, &name_end);
  if (name != Scan::kOk) return name == Scan::kMore ? Step::kMore : Step::kBad;
  const char* q = SkipSpace(name_end, end);
  if (q == end) return Step::kMore;
  if (*q != '>' || static_cast<size_t>(q - p) > kMaxMarkupBytes) return Step::kBad;
  std::string_view qname(p + 2, static_cast<size_t>(name_end - p - 2));
  if (qname != std::string_view(open_names_).substr(open_starts_.back())) return Step::kBad;
  *next = q + 1;
  EmitEnd();
  return Step::kEvent;
}

// '<?' PITarget (S | '?>'); the target "xml" only as the XML declaration at
// the very start, other cases of "xml" never (§2.6).
XmlTokenizer::Step XmlTokenizer::ProcessingInstruction(const char* p, const char* end,
                                                       const char** next) {
  const char* name_end = nullptr;
  Scan name = xml_chars::ScanName(p + 2, end, &name_end);
  if (name != Scan::kOk) return name == Scan::kMore ? Step::kMore : Step::kBad;
  std::string_view target(p + 2, static_cast<size_t>(name_end - p - 2));
  if (target == "xml") {
    if (consumed_ != (bom_ ? 3u : 0u)) return Step::kBad;
    return XmlDeclaration(name_end, end, next);
  }
  if (target.size() == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' &&
      (target[2] | 0x20) == 'l') {
    return Step::kBad;
  }
  if (*name_end == '?') {
    Scan close = MatchLiteral(name_end, end, "?>");
    if (close != Scan::kOk) return close == Scan::kMore ? Step::kMore : Step::kBad;
    *next = name_end + 2;
    return Step::kSkip;
  }
  if (!IsSpace(*name_end)) return Step::kBad;
  mode_ = Mode::kPi;
  *next = name_end + 1;
  return Step::kSkip;
}

// After "<?xml": the pseudo-attributes, up to "?>".
XmlTokenizer::Step XmlTokenizer::XmlDeclaration(const char* p, const char* end, const char** next) {
  std::string_view rest(p, static_cast<size_t>(end - p));
  size_t close = rest.find("?>");
  if (close == std::string_view::npos) {
    return rest.size() > kMaxMarkupBytes ? Step::kBad : Step::kMore;
  }
  if (!ValidDeclaration(rest.substr(0, close))) return Step::kBad;
  *next = p + close + 2;
  return Step::kSkip;
}

}  // namespace xueji::io
