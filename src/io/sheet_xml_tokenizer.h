#pragma once

// A strict XML 1.0 tokenizer for the worksheet parts of an .xlsx (R-IO-1),
// specialised for speed over expat's generality: the caller feeds chunks
// (split anywhere, even inside a UTF-8 sequence, a tag or a reference) and
// pulls events: start tags (local name, prefix dropped; attributes with
// their values decoded and normalised), end tags and character data (line
// ends normalised, references and CDATA sections resolved; one text node may
// come in several pieces). Comments, processing instructions and the XML
// declaration are checked and skipped.
//
// Well-formedness is checked as XML 1.0 (Fifth Edition) requires: nesting,
// one root element, names, quoting, unique attributes, the five predefined
// entities and character references to Chars only, UTF-8 encoding and the
// Char range. A document type declaration is refused (as XmlStream does), so
// no entity of any kind can expand. Every refusal is MalformedXml().
//
// Memory stays bounded: text, comments, processing instructions and CDATA
// sections stream through; only one tag (or XML declaration, or reference)
// is ever held, and one longer than kMaxMarkupBytes is refused. Elements
// nested deeper than kMaxXmlDepth are refused too: the names of the open
// elements are held, and a few hundred kilobytes of "<a>" compressed would
// otherwise hold gigabytes (a worksheet nests some eight deep).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace xueji::io {

// FILE_CORRUPT for any malformed XML part.
Error MalformedXml();

struct XmlAttribute {
  std::string_view name;   // as written, "r:id"
  std::string_view local;  // "id"
  std::string_view value;  // references resolved, tab/CR/LF as spaces
};

class XmlTagAttributes {
 public:
  // The value of the first attribute whose local name is `local`, or nullptr.
  const std::string_view* Find(std::string_view local) const {
    for (const XmlAttribute& a : items_) {
      if (a.local == local) return &a.value;
    }
    return nullptr;
  }
  const std::vector<XmlAttribute>& All() const { return items_; }

 private:
  friend class XmlTokenizer;
  std::vector<XmlAttribute> items_;
};

// The deepest nesting of elements an .xlsx part may have (XmlTokenizer and
// XmlStream alike).
inline constexpr size_t kMaxXmlDepth = 256;

class XmlTokenizer {
 public:
  enum class Event { kNeedInput, kStart, kEnd, kText, kDone, kError };
  static constexpr size_t kMaxMarkupBytes = 64 * 1024;

  XmlTokenizer() = default;
  XmlTokenizer(const XmlTokenizer&) = delete;
  XmlTokenizer& operator=(const XmlTokenizer&) = delete;

  // The next chunk of the document; call once Next() has returned
  // kNeedInput (or before the first Next()). The chunk must stay alive until
  // Next() asks for more.
  void Feed(std::string_view chunk) { input_ = chunk; }
  // No more chunks: Next() ends with kDone, or kError when incomplete.
  void Finish() { final_ = true; }

  // The next event. Name(), Attributes() and Text() describe it until the
  // next call. kError is final.
  Event Next();

  std::string_view Name() const { return name_; }                // kStart, kEnd: local name
  const XmlTagAttributes& Attributes() const { return attrs_; }  // kStart
  std::string_view Text() const { return text_; }                // kText, never empty

 private:
  enum class Step { kEvent, kSkip, kMore, kBad };
  enum class Place { kProlog, kContent, kEpilog };
  enum class Mode { kMarkup, kComment, kPi, kCdata };

  Event Fail();
  Event Finished();
  Event EmitEnd();
  bool KeepIncomplete(bool from_carry);
  bool TopUpCarry();
  Step Parse(const char* p, const char* end, const char** next);
  Step Markup(const char* p, const char* end, const char** next);
  Step MarkupDeclaration(const char* p, const char* end, const char** next);
  Step StartTag(const char* p, const char* end, const char** next);
  Step Attributes(const char* p, const char* end, const char** next, bool* empty);
  Step AttributeValue(const char* p, const char* end, const char** next, size_t attr);
  Step EndTag(const char* p, const char* end, const char** next);
  Step ProcessingInstruction(const char* p, const char* end, const char** next);
  Step XmlDeclaration(const char* p, const char* end, const char** next);
  // `plain`: xml_chars::ByteTable (io/sheet_xml_scan.h).
  std::optional<Step> PlainText(const char* p, const char* end, const std::array<bool, 256>& plain,
                                const char** next);
  Step ContentText(const char* p, const char* end, const char** next);
  Step Reference(const char* p, const char* end, const char** next);
  Step PrologSpace(const char* p, const char* end, const char** next);
  Step InComment(const char* p, const char* end, const char** next);
  Step InPi(const char* p, const char* end, const char** next);
  Step InCdata(const char* p, const char* end, const char** next);

  std::string_view input_;
  bool final_ = false;
  std::string carry_;  // an incomplete token, and the bytes after it
  size_t carry_pos_ = 0;
  size_t carry_goal_ = 0;  // the size of carry_ worth another try
  uint64_t consumed_ = 0;  // bytes of the document consumed
  bool bom_ = false;
  bool failed_ = false;
  Place place_ = Place::kProlog;
  Mode mode_ = Mode::kMarkup;

  std::string open_names_;  // qualified names of the open elements, concatenated
  std::vector<size_t> open_starts_;
  bool pop_pending_ = false;    // the last event ended the innermost element
  bool empty_element_ = false;  // the last event started an element "<a/>"

  Event event_ = Event::kNeedInput;
  std::string_view name_, text_;
  XmlTagAttributes attrs_;
  std::string decoded_;              // attribute values that needed decoding
  std::vector<int64_t> decoded_at_;  // per attribute: offset in decoded_, or -1
  char ref_[4] = {};                 // a resolved reference
};

}  // namespace xueji::io
