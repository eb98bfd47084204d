// Proof materials on both backends (R-ARC-2, R-ORG-4, R-SEC-2, R-SEC-5).

#include "service/proof_files.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "domain/file_type.h"
#include "service/audit.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

// A JPEG signature followed by every byte value, NULs and 0xFF included.
std::string JpegWithEveryByte() {
  std::string bytes("\xFF\xD8\xFF\xE0", 4);
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

class ProofFiles : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", "52010220190901123X");
    ASSERT_TRUE(r.ok());
    student_ = r->student_id;
  }
  int64_t Count(const std::string& sql) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql)->Int(0);
  }
  int64_t student_ = 0;
};

TEST_P(ProofFiles, R_ARC_2_a_proof_is_stored_and_read_back_byte_for_byte) {
  const std::string bytes = JpegWithEveryByte();
  auto up =
      UploadProof(*db_, As("school_registrar"), student_, "id_card", "身份证正反面.jpg", bytes);
  ASSERT_TRUE(up.ok()) << up.error().message;
  EXPECT_EQ(up->kind, domain::ProofKind::kIdCard);
  EXPECT_EQ(up->content_type, "image/jpeg");
  EXPECT_EQ(up->size, static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(up->sha256, Sha256Hex(bytes));
  EXPECT_EQ(up->uploaded_by, "school_registrar");

  auto read = ReadProof(*db_, As("nanming_registrar"), up->id);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->bytes == bytes);
  EXPECT_EQ(read->info.file_name, "身份证正反面.jpg");
  EXPECT_EQ(read->info.sha256, up->sha256);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'proof.upload'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'proof.read'"), 1);
  auto listed = ListProofs(*db_, As("school_approver"), student_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, up->id);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

TEST_P(ProofFiles, R_ARC_2_files_are_checked_by_content_and_a_refused_one_writes_nothing) {
  const std::string pdf = "%PDF-1.7\n";
  const std::string exe("MZ\x90\x00\x03\x00", 6);
  const std::string jpeg("\xFF\xD8\xFF\xE0", 4);
  struct Case {
    const char* name;
    std::string kind;
    std::string file_name;
    std::string bytes;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"a .jpg that is really a PDF", "id_card", "身份证.jpg", pdf, "FILE_EXTENSION_MISMATCH"},
      {"an .exe renamed .pdf", "police_certificate", "证明.pdf", exe, "FILE_TYPE"},
      {"an empty file", "hukou_page", "户口本.png", "", "FILE_EMPTY"},
      {"over 10 MB", "other", "其他.jpg", jpeg + std::string(domain::kMaxProofFileBytes, 'x'),
       "FILE_TOO_LARGE"},
      {"an unknown kind", "passport", "护照.jpg", jpeg, "PROOF_KIND"},
  };
  auto audit = VerifyAudit(*db_).entries;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = UploadProof(*db_, As("school_registrar"), student_, c.kind, c.file_name, c.bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM proof_file"), 0);
  EXPECT_EQ(VerifyAudit(*db_).entries, audit);
}

TEST_P(ProofFiles, R_ORG_4_only_the_schools_registrar_uploads_and_outsiders_see_nothing) {
  const std::string jpeg("\xFF\xD8\xFF\xE0", 4);
  EXPECT_EQ(
      UploadProof(*db_, As("school_approver"), student_, "id_card", "a.jpg", jpeg).error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(
      UploadProof(*db_, As("yunyan_registrar"), student_, "id_card", "a.jpg", jpeg).error().kind,
      ErrorKind::kNotFound);
  auto up = UploadProof(*db_, As("school_registrar"), student_, "id_card", "a.jpg", jpeg);
  ASSERT_TRUE(up.ok());
  struct Case {
    const char* name;
    Context actor;
    ErrorKind kind;
  };
  const std::vector<Case> cases = {
      {"another county", As("yunyan_registrar"), ErrorKind::kNotFound},
      {"another school", NewAccount("yy_school", "school_registrar", "5201030001"),
       ErrorKind::kNotFound},
      {"the audit administrator", As("auditadmin"), ErrorKind::kForbidden},
  };
  auto reads = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'proof.read'");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ReadProof(*db_, c.actor, up->id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, c.kind);
  }
  EXPECT_EQ(ReadProof(*db_, As("school_registrar"), up->id + 1000).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'proof.read'"), reads);
  {
    auto tx = db_->BeginRead();
    EXPECT_EQ(SchoolOfProof(*tx, std::to_string(up->id)), "5201020001");
    EXPECT_EQ(SchoolOfProof(*tx, std::to_string(up->id + 1000)), std::nullopt);
    EXPECT_EQ(SchoolOfProof(*tx, "1 OR 1=1"), std::nullopt);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ProofFiles, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
