#include "io/xml_stream.h"

#include <expat.h>

#include <climits>
#include <cstring>

#include "io/sheet_xml_tokenizer.h"

namespace xueji::io {

std::string_view LocalName(std::string_view qname) {
  size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

const char* XmlAttributes::Get(std::string_view local) const {
  for (const char** a = attrs_; a != nullptr && a[0] != nullptr; a += 2) {
    if (LocalName(a[0]) == local) return a[1];
  }
  return nullptr;
}

std::vector<std::pair<std::string_view, std::string_view>> XmlAttributes::All() const {
  std::vector<std::pair<std::string_view, std::string_view>> all;
  for (const char** a = attrs_; a != nullptr && a[0] != nullptr; a += 2)
    all.emplace_back(a[0], a[1]);
  return all;
}

XmlStream::XmlStream(XmlHandlers handlers) : handlers_(std::move(handlers)) {
  parser_ = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlStream::OnStart, &XmlStream::OnEnd);
  if (handlers_.text) XML_SetCharacterDataHandler(parser_, &XmlStream::OnText);
  XML_SetStartDoctypeDeclHandler(parser_, &XmlStream::OnDoctype);
}

XmlStream::~XmlStream() { XML_ParserFree(parser_); }

void XmlStream::Fail(Error error) {
  if (!error_) error_ = std::make_unique<Error>(std::move(error));
  XML_StopParser(parser_, XML_FALSE);
}

void XmlStream::OnStart(void* self, const char* name, const char** attrs) {
  auto* s = static_cast<XmlStream*>(self);
  if (++s->depth_ > kMaxXmlDepth) return s->Fail(MalformedXml());
  if (!s->handlers_.start) return;
  Status st = s->handlers_.start(LocalName(name), XmlAttributes(attrs));
  if (!st.ok()) s->Fail(st.error());
}

void XmlStream::OnEnd(void* self, const char* name) {
  auto* s = static_cast<XmlStream*>(self);
  --s->depth_;
  if (!s->handlers_.end) return;
  Status st = s->handlers_.end(LocalName(name));
  if (!st.ok()) s->Fail(st.error());
}

void XmlStream::OnText(void* self, const char* text, int len) {
  auto* s = static_cast<XmlStream*>(self);
  Status st = s->handlers_.text(std::string_view(text, static_cast<size_t>(len)));
  if (!st.ok()) s->Fail(st.error());
}

// A DOCTYPE has no place in Office Open XML; refusing it rules out entity
// expansion attacks.
void XmlStream::OnDoctype(void* self, const char*, const char*, const char*, int) {
  static_cast<XmlStream*>(self)->Fail(MalformedXml());
}

Status XmlStream::Parse(const char* data, int len, bool final) {
  if (error_) return *error_;
  if (XML_Parse(parser_, data, len, final ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
    if (!error_) error_ = std::make_unique<Error>(MalformedXml());
  }
  if (error_) return *error_;
  return Ok();
}

Status XmlStream::Feed(std::string_view chunk) {
  while (!chunk.empty()) {
    size_t n = std::min(chunk.size(), static_cast<size_t>(INT_MAX / 2));
    XUEJI_RETURN_IF_ERROR(Parse(chunk.data(), static_cast<int>(n), false));
    chunk.remove_prefix(n);
  }
  return Ok();
}

Status XmlStream::Finish() { return Parse("", 0, true); }

}  // namespace xueji::io
