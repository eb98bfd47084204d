#pragma once

// Helpers of the XML tokenizer tests: the events a document yields, from
// XmlTokenizer (through SheetXmlParser, fed in given chunks) and from
// XmlStream (expat), in one comparable form: "S local [qname]=[value]…",
// "E local", "T text" with adjacent text pieces joined.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/sheet_xml.h"
#include "io/xml_stream.h"

namespace xueji::io::testing_xml {

struct Parsed {
  bool ok = false;
  std::string code;  // when refused
  std::vector<std::string> events;
};

inline void AddText(std::vector<std::string>& events, std::string_view text) {
  if (text.empty()) return;
  if (!events.empty() && events.back()[0] == 'T') {
    events.back().append(text);
  } else {
    events.push_back("T " + std::string(text));
  }
}

inline std::string StartEvent(std::string_view local,
                              const std::vector<std::pair<std::string_view, std::string_view>>& a) {
  std::string e = "S " + std::string(local);
  for (const auto& [name, value] : a) {
    e += " [" + std::string(name) + "]=[" + std::string(value) + "]";
  }
  return e;
}

class Recorder {
 public:
  Status Start(std::string_view local, const XmlTagAttributes& attrs) {
    std::vector<std::pair<std::string_view, std::string_view>> all;
    for (const XmlAttribute& a : attrs.All()) {
      EXPECT_EQ(a.local, LocalName(a.name));
      all.emplace_back(a.name, a.value);
    }
    events.push_back(StartEvent(local, all));
    return Ok();
  }
  Status End(std::string_view local) {
    events.push_back("E " + std::string(local));
    return Ok();
  }
  Status Text(std::string_view text) {
    EXPECT_FALSE(text.empty());
    AddText(events, text);
    return Ok();
  }
  std::vector<std::string> events;
};

// Chunk sizes for `doc`: 0 whole, 1 single bytes, 2 random 1–8, 3 random
// 1–400.
inline std::vector<size_t> Split(size_t size, int style, std::mt19937& rng) {
  std::vector<size_t> sizes;
  for (size_t at = 0; at < size;) {
    size_t n = style == 0 ? size : style == 1 ? 1 : 1 + rng() % (style == 2 ? 8 : 400);
    n = std::min(n, size - at);
    sizes.push_back(n);
    at += n;
  }
  return sizes;
}

// The new tokenizer, each chunk in a buffer that is overwritten once fed
// (as the zip reader reuses its buffer).
inline Parsed ParseFast(std::string_view doc, const std::vector<size_t>& sizes) {
  Recorder recorder;
  SheetXmlParser<Recorder> parser(recorder);
  Parsed out;
  Status st;
  std::string buffer;
  size_t at = 0;
  for (size_t n : sizes) {
    buffer.assign(doc.substr(at, n));
    at += n;
    st = parser.Feed(buffer);
    buffer.assign(buffer.size(), '#');
    if (!st.ok()) break;
  }
  if (st.ok()) st = parser.Finish();
  out.ok = st.ok();
  if (!st.ok()) out.code = st.error().code;
  out.events = std::move(recorder.events);
  return out;
}

inline Parsed ParseExpat(std::string_view doc) {
  Parsed out;
  XmlHandlers h;
  h.start = [&](std::string_view local, const XmlAttributes& a) {
    out.events.push_back(StartEvent(local, a.All()));
    return Ok();
  };
  h.end = [&](std::string_view local) {
    out.events.push_back("E " + std::string(local));
    return Ok();
  };
  h.text = [&](std::string_view text) {
    AddText(out.events, text);
    return Ok();
  };
  XmlStream xml(std::move(h));
  Status st = xml.Feed(doc);
  if (st.ok()) st = xml.Finish();
  out.ok = st.ok();
  if (!st.ok()) out.code = st.error().code;
  return out;
}

// Parses `doc` with expat once and with the tokenizer in every chunk split
// style; fails the test when they disagree. Returns expat's result.
inline Parsed ExpectSameAsExpat(std::string_view doc, std::mt19937& rng) {
  Parsed expat = ParseExpat(doc);
  for (int style = 0; style < 4; ++style) {
    Parsed fast = ParseFast(doc, Split(doc.size(), style, rng));
    EXPECT_EQ(fast.ok, expat.ok) << "split style " << style;
    if (fast.ok != expat.ok) break;
    if (expat.ok) {
      EXPECT_EQ(fast.events, expat.events) << "split style " << style;
    } else {
      EXPECT_EQ(fast.code, "FILE_CORRUPT");
    }
  }
  return expat;
}

}  // namespace xueji::io::testing_xml
