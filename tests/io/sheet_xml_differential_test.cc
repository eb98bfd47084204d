// XmlTokenizer against expat on generated documents (R-IO-1): random
// worksheet-like XML with every construct the tokenizer handles, then random
// mutations of it (deleted, inserted and duplicated markup characters and
// UTF-8 bytes, truncations). For each document, in every chunk split, the
// tokenizer must accept exactly what expat accepts and hand out the same
// events. Seeded, so a failure reproduces.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "xml_events.h"

namespace xueji::io {
namespace {

class SheetGenerator {
 public:
  explicit SheetGenerator(uint32_t seed) : rng_(seed) {}

  std::string Document() {
    p_ = Pick({"", "x:", "x:", "ns1:"});
    std::string d = Pick({"", "", "\xEF\xBB\xBF"});
    d += Pick({"", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n",
               "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"GB18030\" ?>\n"});
    d += Misc();
    d += "<" + p_ + "worksheet xmlns" + (p_.empty() ? "" : ":" + p_.substr(0, p_.size() - 1)) +
         "=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
    d += Tag("dimension", {{"ref", "A1:" + Cell()}}, true);
    d += "<" + p_ + "sheetData>";
    for (int r = 1 + Int(3); r > 0; --r) d += Row();
    d += "</" + p_ + "sheetData>";
    if (Int(2) == 0) {
      d += "<" + p_ + "mergeCells>" + Tag("mergeCell", {{"ref", "A1:B1"}}, true) + "</" + p_ +
           "mergeCells>";
    }
    d += Misc() + "</" + p_ + "worksheet>" + Misc();
    return d;
  }

  std::mt19937& rng() { return rng_; }

 private:
  int Int(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  std::string Pick(const std::vector<std::string>& options) { return options[Int(options.size())]; }

  std::string Misc() {
    return Pick({"", "", "\n", " \t\r\n", "<!-- 注释 - -->", "<?pi data?>", "<!---->\n"});
  }

  std::string Space() { return Pick({" ", " ", " ", "\t", "\n", "\r\n", "  "}); }

  std::string Cell() {
    return std::string(1, static_cast<char>('A' + Int(26))) + std::to_string(1 + Int(99));
  }

  std::string Text() {
    std::string t;
    for (int n = Int(5); n > 0; --n) {
      t += Pick(
          {"张三",       "李",      "abc",         "42",       " ",         "\t",
           "\r\n",       "\n",      "\r",          "&amp;",    "&lt;",      "&gt;",
           "&quot;",     "&apos;",  "&#20013;",    "&#x4E2D;", "&#x1F600;", "é",
           "😀",          "'",       "\"",          ">",        "] ",        "<![CDATA[a<b&c]]]>",
           "<!-- c -->", "<?t x?>", "贵州省贵阳市"});
    }
    return t;
  }

  std::string Value() {
    std::string v;
    for (int n = Int(4); n > 0; --n) {
      v += Pick({"A1", "inlineStr", "1", "张", "\t", "\n", "\r\n", " ", "&amp;", "&#x41;", "&#10;",
                 "&lt;", ">", "é"});
    }
    return v;
  }

  std::string Tag(const std::string& name, std::vector<std::pair<std::string, std::string>> attrs,
                  bool empty) {
    std::string t = "<" + p_ + name;
    for (const auto& [n, v] : attrs) {
      std::string q = Pick({"\"", "'"});
      std::string value = v;
      if (q == "\"" && value.find('"') != std::string::npos) q = "'";
      if (q == "'" && value.find('\'') != std::string::npos) q = "\"";
      t += Space() + n + Pick({"=", "=", " = ", "\t=\n"}) + q + value + q;
    }
    t += Pick({"", "", " ", "\n"});
    return t + (empty ? "/>" : ">");
  }

  std::string Row() {
    std::string r = Tag("row", {{"r", std::to_string(1 + Int(9))}, {"spans", "1:3"}}, false);
    for (int c = 1 + Int(4); c > 0; --c) r += CellElement();
    if (Int(8) == 0) r += Tag("数据", {{"名", "值"}}, true);
    return r + "</" + p_ + "row>";
  }

  std::string CellElement() {
    std::vector<std::pair<std::string, std::string>> attrs;
    if (Int(4)) attrs.push_back({"r", Cell()});
    if (Int(2)) attrs.push_back({"s", std::to_string(Int(5))});
    if (Int(4)) attrs.push_back({"t", Pick({"inlineStr", "s", "n", "b", "str", "e"})});
    if (Int(6) == 0) attrs.push_back({"x:v", Value()});
    std::shuffle(attrs.begin(), attrs.end(), rng_);
    switch (Int(4)) {
      case 0:
        return Tag("c", attrs, true);
      case 1:
        return Tag("c", attrs, false) + "<" + p_ + "v>" + Text() + "</" + p_ + "v></" + p_ + "c>";
      case 2:
        return Tag("c", attrs, false) + "<" + p_ + "is><" + p_ + "t>" + Text() + "</" + p_ +
               "t></" + p_ + "is></" + p_ + "c>";
      default:
        return Tag("c", attrs, false) + "<" + p_ + "is><" + p_ + "r><" + p_ + "rPr><" + p_ +
               "b/></" + p_ + "rPr>" + Tag("t", {{"xml:space", "preserve"}}, false) + Text() +
               "</" + p_ + "t></" + p_ + "r>" + Tag("rPh", {{"sb", "0"}, {"eb", "1"}}, false) +
               "<" + p_ + "t>ちょう</" + p_ + "t></" + p_ + "rPh></" + p_ + "is></" + p_ + "c>";
    }
  }

  std::mt19937 rng_;
  std::string p_;
};

// Bytes the mutations work with: markup characters and UTF-8 lead and
// continuation bytes.
const std::string kMarkup = "<>&\"'=/;:";
const std::string kUtf8Bytes = "\xE4\xB8\xAD\x80\xBF\xF0\x9F\xC3\xA9\xED\xEF";

bool Interesting(char c) {
  return kMarkup.find(c) != std::string::npos || static_cast<uint8_t>(c) >= 0x80;
}

std::string Mutate(std::string d, std::mt19937& rng) {
  auto pos = [&](bool interesting) {
    for (int tries = 0; interesting && tries < 50; ++tries) {
      size_t at = rng() % d.size();
      if (Interesting(d[at])) return at;
    }
    return static_cast<size_t>(rng() % d.size());
  };
  for (int n = 1 + static_cast<int>(rng() % 3); n > 0 && !d.empty(); --n) {
    switch (rng() % 7) {
      case 0:
      case 1:
        d.erase(pos(true), 1);
        break;
      case 2:
        d.insert(pos(false), 1, kMarkup[rng() % kMarkup.size()]);
        break;
      case 3:
        d.insert(pos(false), 1, kUtf8Bytes[rng() % kUtf8Bytes.size()]);
        break;
      case 4:
      case 5: {
        size_t at = pos(true);
        d.insert(at, 1, d[at]);
        break;
      }
      default:
        d.resize(pos(false));
        break;
    }
  }
  return d;
}

TEST(SheetXmlDifferential, R_IO_1_generated_documents_parse_as_expat_parses_them) {
  SheetGenerator gen(20261201);
  int accepted = 0;
  for (int i = 0; i < 1000 && !HasFailure(); ++i) {
    std::string doc = gen.Document();
    SCOPED_TRACE("document " + std::to_string(i) + ": " + doc);
    accepted += testing_xml::ExpectSameAsExpat(doc, gen.rng()).ok;
  }
  EXPECT_EQ(accepted, 1000);  // the generator writes well-formed XML only
}

TEST(SheetXmlDifferential, R_IO_1_mutated_documents_are_refused_or_parsed_as_expat_does) {
  SheetGenerator gen(6);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 10000 && !HasFailure(); ++i) {
    std::string doc = Mutate(gen.Document(), gen.rng());
    SCOPED_TRACE("mutant " + std::to_string(i) + ": " + doc);
    (testing_xml::ExpectSameAsExpat(doc, gen.rng()).ok ? accepted : refused)++;
  }
  // Both outcomes occur often, or the corpus would test little.
  EXPECT_GT(accepted, 400);
  EXPECT_GT(refused, 7500);
}

}  // namespace
}  // namespace xueji::io
