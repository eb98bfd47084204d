#pragma once

// Workbooks and zip archives built inside the io tests: real .xlsx files
// written by libxlsxwriter, and hand-made zips (libzip) for parts and damage
// that Excel would not produce.

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace xueji::io::testing_files {

inline std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "xueji_io_" + std::to_string(::getpid()) + "_" + name;
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Writes a workbook with libxlsxwriter: `fill` gets the first worksheet.
inline std::string MakeXlsx(const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill,
                            bool constant_memory = false) {
  std::string path = TempPath("book.xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "学生信息");
  fill(wb, ws);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::string bytes = ReadBytes(path);
  std::remove(path.c_str());
  return bytes;
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool encrypt = false;
  bool store = false;  // no compression
};

// A zip archive of `entries`, built by libzip.
inline std::string MakeZip(const std::vector<ZipEntry>& entries) {
  std::string path = TempPath("hand.zip");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
    zip_int64_t idx = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(idx, 0);
    if (e.store) zip_set_file_compression(z, idx, ZIP_CM_STORE, 0);
    if (e.encrypt) {
      EXPECT_EQ(zip_file_set_encryption(z, idx, ZIP_EM_TRAD_PKWARE, "secret"), 0);
    }
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string bytes = ReadBytes(path);
  std::remove(path.c_str());
  return bytes;
}

// The parts of a minimal workbook around one worksheet XML body (the
// content of <sheetData>…, merges included), optionally with shared strings,
// styles (cellXfs numFmtIds) and the 1904 date system.
struct HandWorkbook {
  std::string sheet_data;  // inside <worksheet>, e.g. "<sheetData>…</sheetData>"
  std::vector<std::string> shared;
  std::vector<int> cell_formats;  // numFmtId of each cellXfs entry
  std::string custom_formats;     // <numFmt …/> elements
  bool date1904 = false;
  std::string doctype;  // placed before <worksheet>
};

inline std::vector<ZipEntry> HandWorkbookEntries(const HandWorkbook& w) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::vector<ZipEntry> e;
  e.push_back({"[Content_Types].xml",
               "<?xml version=\"1.0\"?><Types "
               "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"});
  e.push_back({"_rels/.rels",
               "<?xml version=\"1.0\"?><Relationships "
               "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"" +
                   rel +
                   "/officeDocument\" "
                   "Target=\"xl/workbook.xml\"/></Relationships>"});
  e.push_back({"xl/workbook.xml",
               "<?xml version=\"1.0\"?><workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel + "\">" +
                   (w.date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") +
                   "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                   "</workbook>"});
  e.push_back({"xl/_rels/workbook.xml.rels",
               "<?xml version=\"1.0\"?><Relationships "
               "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"" +
                   rel +
                   "/worksheet\" "
                   "Target=\"worksheets/sheet1.xml\"/>"
                   "<Relationship Id=\"rId2\" Type=\"" +
                   rel +
                   "/sharedStrings\" "
                   "Target=\"/xl/sharedStrings.xml\"/>"
                   "<Relationship Id=\"rId3\" Type=\"" +
                   rel +
                   "/styles\" Target=\"styles.xml\"/>"
                   "</Relationships>"});
  e.push_back({"xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?>" + w.doctype +
                                               "<x:worksheet xmlns:x=\"" + ns + "\">" +
                                               w.sheet_data + "</x:worksheet>"});
  std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"" + ns + "\">";
  for (const auto& s : w.shared) sst += "<si>" + s + "</si>";
  e.push_back({"xl/sharedStrings.xml", sst + "</sst>"});
  std::string styles = "<?xml version=\"1.0\"?><styleSheet xmlns=\"" + ns + "\"><numFmts>" +
                       w.custom_formats +
                       "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/>"
                       "</cellStyleXfs><cellXfs>";
  for (int id : w.cell_formats) styles += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  e.push_back({"xl/styles.xml", styles + "</cellXfs></styleSheet>"});
  return e;
}

inline std::string MakeHandXlsx(const HandWorkbook& w) { return MakeZip(HandWorkbookEntries(w)); }

}  // namespace xueji::io::testing_files
