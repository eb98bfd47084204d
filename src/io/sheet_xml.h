#pragma once

// The push side of XmlTokenizer: chunks in, handler calls out, one direct
// (inlinable) call per event. `Handler` has
//   R Start(std::string_view local, const XmlTagAttributes& attrs);
//   R End(std::string_view local);
//   R Text(std::string_view text);  // pieces of one text node may come apart
// where R is Status. Malformed XML fails
// with MalformedXml(); a handler's error stops the parse. The first error is
// returned now and by every later call.

#include <string_view>
#include <utility>

#include "domain/result.h"
#include "io/sheet_xml_tokenizer.h"

namespace xueji::io {

template <class Handler>
class SheetXmlParser {
 public:
  explicit SheetXmlParser(Handler& handler) : handler_(handler) {}

  Status Feed(std::string_view chunk) {
    if (!status_.ok()) return status_;
    tokenizer_.Feed(chunk);
    return Drain();
  }

  // Ends the document: FILE_CORRUPT when it is incomplete.
  Status Finish() {
    if (!status_.ok()) return status_;
    tokenizer_.Finish();
    return Drain();
  }

 private:
  using Event = XmlTokenizer::Event;

  Status Drain() {
    for (;;) {
      switch (tokenizer_.Next()) {
        case Event::kNeedInput:
        case Event::kDone:
          return Ok();
        case Event::kStart:
          if (auto st = handler_.Start(tokenizer_.Name(), tokenizer_.Attributes()); !st.ok()) {
            return Stop(st.error());
          }
          break;
        case Event::kEnd:
          if (auto st = handler_.End(tokenizer_.Name()); !st.ok()) return Stop(st.error());
          break;
        case Event::kText:
          if (auto st = handler_.Text(tokenizer_.Text()); !st.ok()) return Stop(st.error());
          break;
        case Event::kError:
          return Stop(MalformedXml());
      }
    }
  }

  Status Stop(Error error) {
    status_ = std::move(error);
    return status_;
  }

  Handler& handler_;
  XmlTokenizer tokenizer_;
  Status status_;
};

}  // namespace xueji::io
