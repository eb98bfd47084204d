#include "service/proof_files.h"

#include <sodium.h>

#include "domain/file_type.h"
#include "domain/org.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/crypto.h"
#include "service/student_history.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

constexpr const char* kInfoColumns =
    "p.id, p.student_id, p.kind, p.content_type, p.file_name, p.size, p.sha256, u.username, "
    "p.uploaded_at";

std::string Sha256Hex(std::string_view bytes) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

ProofInfo InfoFromRow(const store::Row& r) {
  return ProofInfo{
      r.Int(0),  r.Int(1),  domain::ParseProofKind(r.Text(2)).value_or(domain::ProofKind::kOther),
      r.Text(3), r.Text(4), r.Int(5),
      r.Text(6), r.Text(7), {r.Int(8)}};
}

}  // namespace

// R-ARC-2
Result<ProofInfo> UploadProof(store::Database& db, const Context& ctx, int64_t student_id,
                              const std::string& kind, const std::string& file_name,
                              std::string_view bytes) {
  auto parsed_kind = domain::ParseProofKind(kind);
  if (!parsed_kind) {
    return Invalid("PROOF_KIND", "kind",
                   "证明材料类别应为id_card、hukou_page、police_certificate、"
                   "id_correction_notice或other");
  }
  XUEJI_ASSIGN_OR_RETURN(std::string content_type, domain::CheckProofFile(bytes, file_name));
  auto tx = db.BeginWrite();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id));
  if (ctx.actor->role != domain::Role::kSchoolRegistrar ||
      ctx.actor->org_code != student.school_code) {
    return Forbidden("只有本校学籍管理员可以上传证明材料");
  }
  ProofInfo info{0,
                 student.id,
                 *parsed_kind,
                 content_type,
                 file_name,
                 static_cast<int64_t>(bytes.size()),
                 Sha256Hex(bytes),
                 ctx.actor->username,
                 ctx.now};
  info.id = tx->QueryOne(
                  "INSERT INTO proof_file (student_id, kind, content_type, file_name, size, "
                  "sha256, bytes, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                  "$8, $9) RETURNING id",
                  {student.id, kind, content_type, file_name, info.size, info.sha256,
                   store::Blob{std::string(bytes)}, ctx.actor->user_id, ctx.now.micros})
                ->Int(0);
  AppendAudit(*tx, ctx,
              {"proof.upload", std::to_string(info.id), "ok",
               Summary({{"student", std::to_string(student.id)},
                        {"kind", kind},
                        {"file_name", file_name},
                        {"size", std::to_string(info.size)},
                        {"sha256", info.sha256}})});
  tx->Commit();
  return info;
}

// R-ARC-1, R-SEC-2
Result<ProofContent> ReadProof(store::Database& db, const Context& ctx, int64_t proof_id) {
  auto tx = db.BeginWrite();
  auto owner = tx->QueryOne("SELECT student_id FROM proof_file WHERE id = $1", {proof_id});
  if (!owner) return NotFound("证明材料不存在");
  auto student = LoadVisibleStudent(*tx, ctx, owner->Int(0));
  if (!student.ok()) {
    if (student.error().kind == ErrorKind::kNotFound) return NotFound("证明材料不存在");
    return student.error();
  }
  auto row = tx->QueryOne(std::string("SELECT ") + kInfoColumns +
                              ", p.bytes FROM proof_file p JOIN app_user u ON u.id = "
                              "p.uploaded_by WHERE p.id = $1",
                          {proof_id});
  ProofContent out{InfoFromRow(*row), row->Bytes(9)};
  AppendAudit(*tx, ctx,
              {"proof.read", std::to_string(proof_id), "ok",
               Summary({{"student", std::to_string(out.info.student_id)},
                        {"kind", domain::ProofKindCode(out.info.kind)},
                        {"file_name", out.info.file_name}})});
  tx->Commit();
  return out;
}

Result<std::vector<ProofInfo>> ListProofs(store::Database& db, const Context& ctx,
                                          int64_t student_id) {
  auto tx = db.BeginRead();
  XUEJI_ASSIGN_OR_RETURN(auto student, LoadVisibleStudent(*tx, ctx, student_id));
  std::vector<ProofInfo> out;
  for (const auto& r : tx->Query(std::string("SELECT ") + kInfoColumns +
                                     " FROM proof_file p JOIN app_user u ON u.id = p.uploaded_by "
                                     "WHERE p.student_id = $1 ORDER BY p.id DESC",
                                 {student.id})) {
    out.push_back(InfoFromRow(r));
  }
  return out;
}

std::vector<ProofInfo> ProofsOfStudent(store::Tx& tx, int64_t student_id,
                                       const std::vector<int64_t>& ids) {
  std::vector<ProofInfo> out;
  for (int64_t id : ids) {
    auto r = tx.QueryOne(std::string("SELECT ") + kInfoColumns +
                             " FROM proof_file p JOIN app_user u ON u.id = p.uploaded_by "
                             "WHERE p.id = $1 AND p.student_id = $2",
                         {id, student_id});
    if (r) out.push_back(InfoFromRow(*r));
  }
  return out;
}

std::optional<std::string> SchoolOfProof(store::Tx& tx, const std::string& id) {
  if (id.empty() || id.size() > 18 || !domain::AllDigits(id)) return std::nullopt;
  auto r = tx.QueryOne(
      "SELECT st.school_code FROM proof_file p JOIN student st ON st.id = p.student_id "
      "WHERE p.id = $1",
      {static_cast<int64_t>(std::stoll(id))});
  if (!r) return std::nullopt;
  return r->Text(0);
}

}  // namespace xueji::service
