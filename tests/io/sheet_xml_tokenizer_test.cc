// XmlTokenizer against hand-written documents (R-IO-1): every construct a
// worksheet part may hold and every kind of malformed XML, each compared
// with expat (XmlStream) in every chunk split, including single bytes.

#include "io/sheet_xml_tokenizer.h"

#include <gtest/gtest.h>

#include "xml_events.h"

namespace xueji::io {
namespace {

using testing_xml::ExpectSameAsExpat;
using testing_xml::ParseFast;
using testing_xml::Split;

struct Case {
  const char* what;
  std::string doc;
  bool ok;
};

void ExpectCases(const std::vector<Case>& cases) {
  std::mt19937 rng(6);
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.what) + ": " + c.doc);
    testing_xml::Parsed expat = ExpectSameAsExpat(c.doc, rng);
    EXPECT_EQ(expat.ok, c.ok);
  }
}

TEST(SheetXmlTokenizer, R_IO_1_accepts_every_construct_of_well_formed_xml) {
  ExpectCases({
      {"root only", "<a/>", true},
      {"declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<a/>",
       true},
      {"declaration, single quotes", "<?xml version='1.0' encoding='utf-8'?><a/>", true},
      {"declaration, spaced", "<?xml  version = \"1.0\"\n standalone='no'  ?><a/>", true},
      {"byte order mark", "\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>", true},
      {"byte order mark, no declaration", "\xEF\xBB\xBF<a>x</a>", true},
      {"prefixes", "<x:a xmlns:x=\"u\"><x:b x:r=\"1\" r=\"2\"/></x:a>", true},
      {"attributes", "<a b = \"1\"\tc='2'\nd=\"'\" e='\"' f=\"\"/>", true},
      {"attribute normalisation", "<a b=\"1\t2\n3\r\n4\r5\" c='&#9;&#10;&#13;'/>", true},
      {"attribute references", "<a b=\"&lt;&gt;&amp;&quot;&apos;&#20013;&#x4e2d;&#x1F600;\"/>",
       true},
      {"text references", "<a>&lt;b&gt; &amp; &quot;&apos; &#65;&#x42;&#x00043;</a>", true},
      {"line ends", "<a>1\r\n2\r3\n4\r\n\r\n</a>", true},
      {"cdata", "<a>x<![CDATA[<b>&amp;]] ]\r\n]]]>y]</a>", true},
      {"cdata end in cdata", "<a><![CDATA[x]]>]]></a>", false},
      {"empty cdata", "<a><![CDATA[]]></a>", true},
      {"comments", "<!-- c --><a><!-- <b> & - --><!----></a><!-- end -->", true},
      {"processing instructions", "<?pi?><a><?x y z?><?x-y ?\?><?xml-stylesheet a?></a><?e?>",
       true},
      {"white space around", " \r\n\t<a/>\n\n ", true},
      {"text right bracket", "<a>]] > ]>]</a>", true},
      {"gt in text and values", "<a b=\">\">></a>", true},
      {"utf-8", "<数据 名=\"张三\">é😀中文\xEF\xBF\xBD</数据>", true},
      {"end tag space", "<a><b></b \n></a >", true},
      {"nested same names", "<a><a><a/></a></a>", true},
      {"sheet",
       "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><t>张</t>"
       "</r><rPh sb=\"0\" eb=\"1\"><t>ちょう</t></rPh></is></c></row></sheetData>"
       "</worksheet>",
       true},
  });
}

TEST(SheetXmlTokenizer, R_IO_1_refuses_every_kind_of_malformed_xml) {
  ExpectCases({
      {"empty", "", false},
      {"white space only", "  \n", false},
      {"text before root", "x<a/>", false},
      {"unclosed", "<a><b></b>", false},
      {"mismatched", "<a><b></a></b>", false},
      {"prefix mismatch", "<x:a></y:a>", false},
      {"stray end", "<a/></a>", false},
      {"second root", "<a/><b/>", false},
      {"text after root", "<a/>x", false},
      {"reference after root", "<a/>&amp;", false},
      {"cdata after root", "<a/><![CDATA[x]]>", false},
      {"lt in text", "<a>1 < 2</a>", false},
      {"lt in value", "<a b=\"<\"/>", false},
      {"bare ampersand", "<a>&</a>", false},
      {"ampersand space", "<a>& b</a>", false},
      {"unknown entity", "<a>&nbsp;</a>", false},
      {"unterminated entity", "<a>&amp</a>", false},
      {"entity in value", "<a b=\"&copy;\"/>", false},
      {"char ref zero", "<a>&#0;</a>", false},
      {"char ref control", "<a>&#1;</a>", false},
      {"char ref surrogate", "<a>&#xD800;</a>", false},
      {"char ref FFFE", "<a>&#xFFFE;</a>", false},
      {"char ref too big", "<a>&#x110000;</a>", false},
      {"char ref huge", "<a>&#99999999999999999999;</a>", false},
      {"char ref upper X", "<a>&#X41;</a>", false},
      {"char ref empty", "<a>&#;</a>", false},
      {"char ref hex in decimal", "<a>&#4a;</a>", false},
      {"unterminated tag", "<a", false},
      {"unterminated value", "<a b=\"1/>", false},
      {"unterminated comment", "<a><!-- x</a>", false},
      {"unterminated cdata", "<a><![CDATA[x</a>", false},
      {"unterminated pi", "<a><?x y</a>", false},
      {"double hyphen in comment", "<a><!-- a -- b --></a>", false},
      {"comment ending ---", "<a><!-- a ---></a>", false},
      {"cdata end in text", "<a>]]></a>", false},
      {"cdata in prolog", "<![CDATA[x]]><a/>", false},
      {"unquoted value", "<a b=1/>", false},
      {"no value", "<a b/>", false},
      {"no equals", "<a b \"1\"/>", false},
      {"duplicate attribute", "<a b=\"1\" b='2'/>", false},
      {"duplicate prefixed attribute", "<a x:b=\"1\" x:b='2'/>", false},
      {"attributes unseparated", "<a b=\"1\"c=\"2\"/>", false},
      {"space before name", "< a/>", false},
      {"bad name start", "<1a/>", false},
      {"bad name char", "<a\xC3\x97/>", false},
      {"slash space", "<a / >", false},
      {"doctype", "<!DOCTYPE a><a/>", false},
      {"doctype with entity", "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", false},
      {"doctype in content", "<a><!DOCTYPE a></a>", false},
      {"bad markup declaration", "<a><!ELEMENT a></a>", false},
      {"declaration not at start", " <?xml version=\"1.0\"?><a/>", false},
      {"declaration in content", "<a><?xml version=\"1.0\"?></a>", false},
      {"declaration without version", "<?xml encoding=\"UTF-8\"?><a/>", false},
      {"declaration out of order", "<?xml encoding=\"UTF-8\" version=\"1.0\"?><a/>", false},
      {"declaration bad standalone", "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", false},
      {"declaration unknown", "<?xml version=\"1.0\" foo=\"bar\"?><a/>", false},
      {"declaration unseparated", "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>", false},
      {"declaration empty", "<?xml?><a/>", false},
      {"reserved pi target", "<a><?XML x?></a>", false},
      {"pi without target", "<a><? x?></a>", false},
      {"pi target unseparated", "<a><?x\"y\"?></a>", false},
      {"invalid utf-8 lead", "<a>\x80</a>", false},
      {"invalid utf-8 truncated", "<a>\xE4\xB8</a>", false},
      {"overlong utf-8", "<a>\xC0\xBC</a>", false},
      {"overlong 3 bytes", "<a>\xE0\x80\xBC</a>", false},
      {"surrogate in utf-8", "<a>\xED\xA0\x80</a>", false},
      {"FFFF in utf-8", "<a>\xEF\xBF\xBF</a>", false},
      {"beyond U+10FFFF", "<a>\xF4\x90\x80\x80</a>", false},
      {"F5 byte", "<a>\xF5\x80\x80\x80</a>", false},
      {"invalid utf-8 in value", "<a b=\"\xFF\"/>", false},
      {"invalid utf-8 in name", "<a\xE4/>", false},
      {"invalid utf-8 in comment", "<a><!-- \xC3 --></a>", false},
      {"invalid utf-8 in cdata", "<a><![CDATA[\xBF]]></a>", false},
      {"control in text", "<a>\x01</a>", false},
      {"nul in text", std::string("<a>\0</a>", 7), false},
      {"control in value", "<a b=\"\x0B\"/>", false},
      {"control in comment", "<a><!-- \x1F --></a>", false},
      {"control in cdata", "<a><![CDATA[\x08]]></a>", false},
      {"control after root", "<a/>\x0C", false},
      {"truncated end tag", "<a></a", false},
  });
}

// Text, comments and CDATA sections stream through in bounded memory; a
// single tag over kMaxMarkupBytes is refused (expat would take it).
TEST(SheetXmlTokenizer, R_IO_1_streams_long_text_and_refuses_overlong_tags) {
  std::mt19937 rng(1);
  const std::string big(300 * 1024, 'x');
  ExpectSameAsExpat("<a>" + big + "</a>", rng);
  ExpectSameAsExpat("<a><!--" + big + "--><![CDATA[" + big + "]]><?p " + big + "?></a>", rng);
  ExpectSameAsExpat("<a b=\"" + std::string(60 * 1024, 'v') + "\"/>", rng);
  const std::string long_tag = "<a b=\"" + big + "\"/>";
  for (int style = 0; style < 4; ++style) {
    SCOPED_TRACE(style);
    testing_xml::Parsed fast = ParseFast(long_tag, Split(long_tag.size(), style, rng));
    EXPECT_FALSE(fast.ok);
    EXPECT_EQ(fast.code, "FILE_CORRUPT");
  }
}

// Both parsers hold the open elements' names, so nesting has a limit.
TEST(SheetXmlTokenizer, R_IO_1_refuses_nesting_deeper_than_the_limit) {
  auto nested = [](size_t depth) {
    std::string doc;
    for (size_t i = 0; i < depth; ++i) doc += "<a>";
    for (size_t i = 0; i < depth; ++i) doc += "</a>";
    return doc;
  };
  ExpectCases({
      {"at the limit", nested(kMaxXmlDepth), true},
      {"one deeper", nested(kMaxXmlDepth + 1), false},
  });
}

TEST(SheetXmlTokenizer, R_IO_1_hands_out_local_names_and_decoded_values) {
  std::mt19937 rng(2);
  const std::string doc = "<x:row r=\"1\"><x:c r:id=\"a&amp;b\" t='s\tx'>1&lt;2</x:c></x:row>";
  testing_xml::Parsed p = ParseFast(doc, Split(doc.size(), 1, rng));
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.events, (std::vector<std::string>{"S row [r]=[1]", "S c [r:id]=[a&b] [t]=[s x]",
                                                "T 1<2", "E c", "E row"}));
}

TEST(SheetXmlTokenizer, R_IO_1_a_handler_error_stops_the_parse) {
  struct Stopper {
    Status Start(std::string_view local, const XmlTagAttributes&) {
      ++starts;
      if (local == "b") return Invalid("STOP", "", "stop");
      return Ok();
    }
    Status End(std::string_view) { return Ok(); }
    Status Text(std::string_view) { return Ok(); }
    int starts = 0;
  } stopper;
  SheetXmlParser<Stopper> parser(stopper);
  Status st = parser.Feed("<a><b/><c/>");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "STOP");
  EXPECT_EQ(parser.Feed("</a>").error().code, "STOP");
  EXPECT_EQ(parser.Finish().error().code, "STOP");
  EXPECT_EQ(stopper.starts, 2);
}

}  // namespace
}  // namespace xueji::io
