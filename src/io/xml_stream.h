#pragma once

// A push parser over expat for the XML parts of an .xlsx: the caller feeds
// chunks as they come out of the zip entry, and receives elements by local
// name (namespace prefixes dropped) and character data. A document type
// declaration is refused (no entity expansion of any kind), and so is
// nesting deeper than kMaxXmlDepth (io/sheet_xml_tokenizer.h), so nothing in
// a workbook can make the parser allocate beyond the caller's own buffers.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.h"

struct XML_ParserStruct;

namespace xueji::io {

// The attributes of one start tag, as expat passes them (name, value, ...,
// nullptr), with lookup by local name.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char** attrs) : attrs_(attrs) {}
  // The value of the attribute whose local name is `local`, or nullptr.
  const char* Get(std::string_view local) const;
  // Every attribute in document order: (qualified name, value).
  std::vector<std::pair<std::string_view, std::string_view>> All() const;

 private:
  const char** attrs_;
};

struct XmlHandlers {
  std::function<Status(std::string_view local, const XmlAttributes& attrs)> start;
  std::function<Status(std::string_view local)> end;
  // Character data; may arrive in several pieces for one text node.
  std::function<Status(std::string_view text)> text;
};

// The part of a qualified name after its prefix: "x:row" → "row".
std::string_view LocalName(std::string_view qname);

class XmlStream {
 public:
  // Malformed XML and a document type declaration fail with FILE_CORRUPT
  // (MalformedXml(), io/sheet_xml_tokenizer.h).
  explicit XmlStream(XmlHandlers handlers);
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  ~XmlStream();

  // Parses the next chunk; the first error (malformed XML or a handler's
  // error) is returned now and for every later call.
  Status Feed(std::string_view chunk);
  // Ends the document: FILE_CORRUPT when it is incomplete.
  Status Finish();

 private:
  static void OnStart(void* self, const char* name, const char** attrs);
  static void OnEnd(void* self, const char* name);
  static void OnText(void* self, const char* s, int len);
  static void OnDoctype(void* self, const char*, const char*, const char*, int);
  Status Parse(const char* data, int len, bool final);
  void Fail(Error error);

  XmlHandlers handlers_;
  XML_ParserStruct* parser_ = nullptr;
  std::unique_ptr<Error> error_;
  size_t depth_ = 0;  // open elements
};

}  // namespace xueji::io
