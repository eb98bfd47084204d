#pragma once

// Proof materials of a student (证明材料, R-ARC-1 section 2, R-ARC-2,
// R-ARC-3): the guardian's documents that a key-data change needs, uploaded
// by the school registrar, kept in the database with the record so that a
// request and its proofs commit together and move with the archive.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/key_data.h"
#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct ProofInfo {
  int64_t id = 0;
  int64_t student_id = 0;
  domain::ProofKind kind = domain::ProofKind::kOther;
  std::string content_type;  // what the bytes are (R-ARC-2)
  std::string file_name;
  int64_t size = 0;
  std::string sha256;       // lower-case hex of the bytes
  std::string uploaded_by;  // username
  domain::Instant uploaded_at;
};

struct ProofContent {
  ProofInfo info;
  std::string bytes;
};

// R-ARC-2: stores one proof file of `student_id`, uploaded by the registrar
// of the record's school. `kind` is a domain::ProofKind code (PROOF_KIND
// otherwise); the bytes are checked by domain::CheckProofFile (type by
// content, matching the name's extension, at most 10 MB). Audited.
Result<ProofInfo> UploadProof(store::Database& db, const Context& ctx, int64_t student_id,
                              const std::string& kind, const std::string& file_name,
                              std::string_view bytes);

// R-ARC-1, R-SEC-2: the file, for anyone who may read the record (R-ORG-4);
// each read is audited as a view of personal documents.
Result<ProofContent> ReadProof(store::Database& db, const Context& ctx, int64_t proof_id);

// The proofs of a record, newest first, without their bytes.
Result<std::vector<ProofInfo>> ListProofs(store::Database& db, const Context& ctx,
                                          int64_t student_id);

// The proofs with these ids that belong to `student_id`, in `tx`; ids of
// other students' proofs or of none are left out.
std::vector<ProofInfo> ProofsOfStudent(store::Tx& tx, int64_t student_id,
                                       const std::vector<int64_t>& ids);

// The school holding the record a proof belongs to (for scoping routes).
// `id` is the path text; anything but 1–18 digits names nothing.
std::optional<std::string> SchoolOfProof(store::Tx& tx, const std::string& id);

}  // namespace xueji::service
