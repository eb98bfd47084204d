#include "domain/file_type.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xueji::domain {
namespace {

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
const std::string kPng("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16);
const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
const std::string kExe("MZ\x90\x00\x03\x00\x00\x00", 8);
const std::string kGif = "GIF89a\x01\x00";

struct Case {
  const char* name;
  std::string bytes;
  std::string file_name;
  std::string content_type;  // "" when refused
  std::string code;          // the refusal's code
};

TEST(CheckProofFile, R_ARC_2_type_is_decided_by_content_and_must_match_the_extension) {
  const std::vector<Case> cases = {
      {"jpg", kJpeg, "身份证.jpg", "image/jpeg", ""},
      {"jpeg any case", kJpeg, "身份证正反面.JPEG", "image/jpeg", ""},
      {"png", kPng, "户口本.png", "image/png", ""},
      {"pdf", kPdf, "派出所证明.Pdf", "application/pdf", ""},
      {"a .jpg that is really a PDF", kPdf, "身份证.jpg", "", "FILE_EXTENSION_MISMATCH"},
      {"a .png that is really a JPEG", kJpeg, "户口本.png", "", "FILE_EXTENSION_MISMATCH"},
      {"an .exe renamed .pdf", kExe, "证明.pdf", "", "FILE_TYPE"},
      {"a GIF", kGif, "照片.gif", "", "FILE_TYPE"},
      {"text claiming to be a PDF", "hello %PDF-1.4", "a.pdf", "", "FILE_TYPE"},
      {"a PDF without extension", kPdf, "证明", "", "FILE_EXTENSION_MISMATCH"},
      {"a PDF named .exe", kPdf, "证明.exe", "", "FILE_EXTENSION_MISMATCH"},
      {"truncated JPEG signature", std::string("\xFF\xD8", 2), "a.jpg", "", "FILE_TYPE"},
      {"empty", "", "a.jpg", "", "FILE_EMPTY"},
      {"empty name", kJpeg, " ", "", "FILE_NAME"},
      {"name with a directory", kJpeg, "../身份证.jpg", "", "FILE_NAME"},
      {"name not UTF-8", kJpeg, "\xC3.jpg", "", "FILE_NAME"},
      {"name of 101 characters", kJpeg, std::string(97, 'a') + ".jpg", "", "FILE_NAME"},
      {"name of 100 characters", kJpeg, std::string(96, 'a') + ".jpg", "image/jpeg", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = CheckProofFile(c.bytes, c.file_name);
    if (c.code.empty()) {
      ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().message;
      EXPECT_EQ(*r, c.content_type);
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, c.code);
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

TEST(CheckProofFile, R_ARC_2_at_most_10_MB) {
  std::string at_limit = kJpeg + std::string(kMaxProofFileBytes - kJpeg.size(), '\0');
  ASSERT_EQ(at_limit.size(), size_t{10} * 1024 * 1024);
  EXPECT_TRUE(CheckProofFile(at_limit, "身份证.jpg").ok());

  std::string over = at_limit + "x";
  auto r = CheckProofFile(over, "身份证.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "FILE_TOO_LARGE");
  EXPECT_EQ(r.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(r.error().message.find("10MB"), std::string::npos) << r.error().message;
}

TEST(CheckProofFile, R_ARC_2_mismatch_message_names_the_real_type) {
  auto r = CheckProofFile(kPdf, "身份证.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("PDF"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(".pdf"), std::string::npos) << r.error().message;
}

TEST(SniffFileType, R_ARC_2_signatures) {
  EXPECT_EQ(SniffFileType(kJpeg), FileType::kJpeg);
  EXPECT_EQ(SniffFileType(kPng), FileType::kPng);
  EXPECT_EQ(SniffFileType(kPdf), FileType::kPdf);
  EXPECT_EQ(SniffFileType(std::string("\x89PNG\r\n\x1A", 7)), std::nullopt);
  EXPECT_EQ(SniffFileType("%PDF"), std::nullopt);
  EXPECT_EQ(SniffFileType(kExe), std::nullopt);
  EXPECT_EQ(ContentType(FileType::kPng), "image/png");
}

}  // namespace
}  // namespace xueji::domain
