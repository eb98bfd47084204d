#pragma once

// Export requests (数据导出申请; R-SEC-1, 第二十五条): student information
// leaves in bulk beyond a school's own masked roster — with full ID numbers,
// or for a scope above one school — only through a request approved by the
// record authority above the requester, naming what the data is for and to
// whom it goes. The deciding unit is the school's record authority
// (学籍主管部门, its county as a rule) for a school, the parent unit for a
// county or a city, and the ministry for a province; a ministry request is
// decided by another ministry registrar. Nobody decides their own request
// (R-SEC-4).
//
// An approved request is usable by its requester for kExportRequestValidDays
// days after the approval and for kExportRequestMaxDownloads downloads; each
// download is one audit entry with the row count and what left (R-SEC-2).
// Every create, approve and reject is one transaction with its audit entry.
// A request is visible to the units whose subtree holds the requester's unit
// (R-ORG-4); elsewhere it does not exist.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "service/exports.h"
#include "store/database.h"

namespace xueji::service {

inline constexpr int kExportRequestValidDays = 7;
inline constexpr int kExportRequestMaxDownloads = 3;

struct ExportRequestInput {
  std::string scope_org;  // a school, county, city or province in the actor's subtree
  int64_t class_id = 0;   // one class of the school scope; 0 = the whole scope
  std::string kind;       // roster | basic_info
  bool full_id_numbers = false;
  std::string purpose;    // 用途
  std::string recipient;  // 接收方
};

struct StoredExportRequest {
  int64_t id = 0;
  int64_t requester_id = 0;
  std::string requester, requester_name;
  std::string requester_org, requester_org_name;
  std::string scope_org, scope_org_name;
  int64_t class_id = 0;
  std::string kind;
  bool full_id_numbers = false;
  std::string purpose, recipient;
  // pending | approved | rejected, or, read at the context's time, expired
  // (past valid_until) | used (every download taken).
  std::string state;
  std::string authority_org, authority_org_name;
  std::string decided_by, decision_comment;
  std::optional<domain::Instant> decided_at, valid_until;
  int max_downloads = 0, downloads = 0;
  domain::Instant created_at;
};

// R-SEC-1: files a request for ctx's actor (a role that may see full ID
// numbers). REQUEST_NOT_NEEDED for a masked export of one school (the
// ordinary export covers it); NotFound for a scope or class outside the
// actor's subtree (R-ORG-4).
Result<StoredExportRequest> CreateExportRequest(store::Database& db, const Context& ctx,
                                                const ExportRequestInput& input);

// R-SEC-1, R-SEC-4: the deciding unit's registrar approves or rejects a
// pending request (a rejection needs a comment). REQUEST_DECIDED (Conflict)
// once decided; Forbidden for anyone else, and for the requester.
Result<StoredExportRequest> DecideExportRequest(store::Database& db, const Context& ctx, int64_t id,
                                                bool approve, const std::string& comment);

Result<StoredExportRequest> GetExportRequest(store::Database& db, const Context& ctx, int64_t id);

// `box`: "mine" — the requests of the actor's unit; "to_decide" — those its
// unit decides, pending first. Newest first, at most 200.
Result<std::vector<StoredExportRequest>> ListExportRequests(store::Database& db, const Context& ctx,
                                                            const std::string& box);

// R-SEC-1, R-SEC-2: the requester downloads an approved, still valid
// request: the workbook of its scope, ID numbers full or masked as approved,
// written to `path` (removed again on failure) and audited as student.export
// with the row count, scope, kind, ID numbers and request id. Conflict while
// pending, rejected, expired or used up; Forbidden for anyone but the
// requester.
Result<ExportResult> ExportThroughRequest(store::Database& db, const Context& ctx, int64_t id,
                                          const std::string& path, const std::string& tmpdir = "");

// The requester's unit of request `key` (digits), for the router's scope.
std::optional<std::string> RequesterOrgOfExportRequest(store::Tx& tx, const std::string& key);

}  // namespace xueji::service
