#include "io/zip_archive.h"

#include <gtest/gtest.h>

#include "io/xlsx_reader.h"
#include "xlsx_test_files.h"

namespace xueji::io {
namespace {

using testing_files::HandWorkbook;
using testing_files::HandWorkbookEntries;
using testing_files::MakeXlsx;
using testing_files::MakeZip;
using testing_files::ZipEntry;

std::string SmallBook() {
  return MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_string(ws, 1, 0, "张三", nullptr);
  });
}

// A hand-made workbook whose sheet is long enough to span many deflate blocks.
HandWorkbook LongSheet() {
  HandWorkbook w;
  w.sheet_data = "<sheetData>";
  for (int r = 1; r <= 3000; ++r) {
    w.sheet_data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" +
                    std::to_string(r * 7919 % 100003) + "</v></c></row>";
  }
  w.sheet_data += "</sheetData>";
  return w;
}

TEST(ZipArchive, ReadsEntriesInChunks) {
  std::string big(300 * 1024, 'x');
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  auto zip = ZipArchive::FromBuffer(MakeZip({{"a.txt", "hello"}, {"big.bin", big}}));
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  ASSERT_EQ(zip->Entries().size(), 2u);
  EXPECT_TRUE(zip->Has("big.bin"));
  EXPECT_FALSE(zip->Has("c.txt"));
  std::string got;
  int chunks = 0;
  ASSERT_TRUE(zip->ReadEntry("big.bin",
                             [&](std::string_view c) {
                               got.append(c);
                               ++chunks;
                               return Ok();
                             })
                  .ok());
  EXPECT_EQ(got, big);
  EXPECT_GT(chunks, 1);
  EXPECT_EQ(*zip->ReadEntryToString("a.txt", 100), "hello");
  auto capped = zip->ReadEntryToString("big.bin", 1000);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().code, "FILE_TOO_LARGE");
}

// R-IO-1: bad files get a clear error with a stable code, never a crash.
struct BadFileCase {
  const char* name;
  std::function<std::string()> bytes;
  const char* code;
  ZipLimits limits;
};

std::string Corrupted() {
  std::string bytes = testing_files::MakeZip(HandWorkbookEntries(LongSheet()));
  size_t at = bytes.find("xl/worksheets/sheet1.xml");  // the local header's name
  EXPECT_NE(at, std::string::npos);
  for (size_t i = at + 200; i < at + 260; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  return bytes;
}

std::string ZipBomb() {
  auto entries = HandWorkbookEntries(HandWorkbook{"<sheetData/>"});
  entries.push_back(ZipEntry{"xl/media/padding.xml", std::string(16u << 20, ' ')});
  return MakeZip(entries);
}

ZipLimits Limits(const std::function<void(ZipLimits&)>& change) {
  ZipLimits l;
  change(l);
  return l;
}

void PrintTo(const BadFileCase& c, std::ostream* os) { *os << c.name; }

class BadFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(BadFile, R_IO_1_refuses_bad_files_with_a_clear_error) {
  const BadFileCase& c = GetParam();
  SCOPED_TRACE(c.name);
  XlsxLimits limits;
  limits.zip = c.limits;
  auto reader = XlsxReader::FromBuffer(c.bytes(), limits);
  Status read = reader.ok() ? reader->ForEachRow([](const SheetRow&) { return Ok(); }) : Ok();
  Error e = reader.ok() ? (read.ok() ? Error{} : read.error()) : reader.error();
  EXPECT_EQ(e.code, c.code) << e.message;
  EXPECT_EQ(e.field, "file");
  EXPECT_FALSE(e.message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    R_IO_1, BadFile,
    ::testing::Values(
        BadFileCase{"empty", [] { return std::string(); }, "FILE_NOT_XLSX"},
        BadFileCase{"text", [] { return std::string("姓名,性别\n张三,1\n"); }, "FILE_NOT_XLSX"},
        BadFileCase{"pdf", [] { return std::string("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"); },
                    "FILE_NOT_XLSX"},
        BadFileCase{"old xls (OLE2)",
                    [] {
                      return std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                             std::string(600, '\0');
                    },
                    "FILE_NOT_XLSX"},
        BadFileCase{"zip without workbook",
                    [] {
                      return MakeZip({{"readme.txt", "not a workbook"}});
                    },
                    "FILE_NOT_XLSX"},
        BadFileCase{"truncated",
                    [] {
                      auto b = SmallBook();
                      return b.substr(0, b.size() / 2);
                    },
                    "FILE_CORRUPT"},
        BadFileCase{"truncated tail",
                    [] {
                      auto b = SmallBook();
                      return b.substr(0, b.size() - 10);
                    },
                    "FILE_CORRUPT"},
        BadFileCase{"corrupt bytes in the sheet", Corrupted, "FILE_CORRUPT"},
        BadFileCase{"malformed sheet xml",
                    [] { return testing_files::MakeHandXlsx(HandWorkbook{"<sheetData><row>"}); },
                    "FILE_CORRUPT"},
        BadFileCase{"doctype (entity expansion)",
                    [] {
                      HandWorkbook w{"<sheetData/>"};
                      w.doctype = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>";
                      return testing_files::MakeHandXlsx(w);
                    },
                    "FILE_CORRUPT"},
        BadFileCase{"encrypted entry",
                    [] {
                      auto e = HandWorkbookEntries(HandWorkbook{"<sheetData/>"});
                      e[4].encrypt = true;  // the worksheet
                      return MakeZip(e);
                    },
                    "FILE_ENCRYPTED"},
        BadFileCase{"zip bomb (compression ratio)", ZipBomb, "FILE_TOO_LARGE"},
        BadFileCase{"archive over its size limit", SmallBook, "FILE_TOO_LARGE",
                    Limits([](ZipLimits& l) { l.max_archive_bytes = 1000; })},
        BadFileCase{"entry over its size limit", SmallBook, "FILE_TOO_LARGE",
                    Limits([](ZipLimits& l) { l.max_entry_bytes = 300; })},
        BadFileCase{"total over its limit", SmallBook, "FILE_TOO_LARGE",
                    Limits([](ZipLimits& l) { l.max_total_bytes = 2000; })},
        BadFileCase{"too many entries", SmallBook, "FILE_TOO_LARGE",
                    Limits([](ZipLimits& l) { l.max_entries = 3; })}),
    [](const auto& info) {
      std::string n;
      for (char ch : std::string(info.param.name))
        n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return n;
    });

TEST(ZipArchive, R_IO_1_reads_files_on_disk_with_the_same_checks) {
  const std::string book = SmallBook();
  const std::pair<std::string, const char*> cases[] = {
      {book, ""},
      {book.substr(0, book.size() / 2), "FILE_CORRUPT"},
      {"姓名,性别\n", "FILE_NOT_XLSX"},
      {ZipBomb(), "FILE_TOO_LARGE"},
  };
  const std::string path = testing_files::TempPath("disk.xlsx");
  for (const auto& [bytes, code] : cases) {
    SCOPED_TRACE(code);
    std::ofstream(path, std::ios::binary) << bytes;
    auto reader = XlsxReader::FromFile(path);
    if (*code == '\0') {
      ASSERT_TRUE(reader.ok()) << reader.error().message;
      int rows = 0;
      ASSERT_TRUE(reader->ForEachRow([&](const SheetRow&) { return ++rows, Ok(); }).ok());
      EXPECT_EQ(rows, 2);
    } else {
      ASSERT_FALSE(reader.ok());
      EXPECT_EQ(reader.error().code, code);
    }
  }
  std::remove(path.c_str());
}

TEST(ZipArchive, R_IO_1_missing_file_is_a_read_error) {
  auto zip = ZipArchive::FromFile("/nonexistent/upload.xlsx");
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().code, "FILE_READ");
}

TEST(ZipArchive, R_IO_1_zip_bomb_is_refused_before_inflating) {
  auto zip = ZipArchive::FromBuffer(ZipBomb());
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().code, "FILE_TOO_LARGE");
  EXPECT_EQ(zip.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(zip.error().message.find("压缩炸弹"), std::string::npos) << zip.error().message;
}

}  // namespace
}  // namespace xueji::io
