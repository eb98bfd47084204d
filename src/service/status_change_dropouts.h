#pragma once

// 控辍保学 (R-ST-5, 第二十二条): every approved 辍学 of a compulsory-stage
// student opens a case that stays open until resolved. The school's written
// reports to the township government, the county education bureau and the
// record authority are produced with the case, as text the UI prints. For a
// 随迁子女 whose household registration lies in another county, the case
// names the county the archive goes to at semester end. A case is resolved
// by an approved 复学 (returned to school) or by the record authority with
// another resolution and its reason. The record is kept throughout.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "service/student_store.h"
#include "store/database.h"

namespace xueji::service {

struct DropoutReport {
  std::string recipient;  // 学生居住地乡镇人民政府, 南明区教育局, 学籍主管部门
  std::string title;
  std::string body;
};

struct DropoutCase {
  int64_t id = 0;
  int64_t student_id = 0;
  int64_t status_change_id = 0;
  std::string student_number, student_name, grade_code, school_code, school_name, authority_code;
  domain::Date dropped_on, reported_on;
  std::vector<DropoutReport> reports;  // township, county bureau, record authority
  bool migrant_child = false;
  std::string archive_county, archive_county_name;  // "" unless the archive moves
  std::string state;                                // open | resolved
  std::string resolution;  // returned | archive_transferred | compulsory_ended | other
  std::string resolution_reason;
  std::optional<domain::Date> resolved_on;
  std::string resolved_by;
  std::optional<int64_t> resolved_request;  // the 复学 that resolved it
};

// R-ST-5: opens the case of an approved 辍学 (request `request_id`) in the
// caller's transaction, with the three reports dated today.
void OpenDropoutCase(store::Tx& tx, const Context& ctx, const StoredStudent& student,
                     int64_t request_id, domain::Date dropped_on, const std::string& reason);

// R-ST-5: an approved 复学 (`request_id`) resolves the student's open case
// as "returned", in the caller's transaction.
void ResolveDropoutByReturn(store::Tx& tx, const Context& ctx, int64_t student_id,
                            int64_t request_id);

// R-ST-5: the cases of schools in the subtree at `org_path` (inside the
// actor's own), `state` "" = every state, oldest first.
Result<std::vector<DropoutCase>> ListDropoutCases(store::Database& db, const Context& ctx,
                                                  const std::string& org_path,
                                                  const std::string& state, int limit);

// One case with its reports, for anyone who may read the record.
Result<DropoutCase> GetDropoutCase(store::Database& db, const Context& ctx, int64_t case_id);

// R-ST-5: the registrar of the school's record authority closes an open case
// with `resolution` (archive_transferred | compulsory_ended | other; a return
// to school is a 复学 request) and its reason. Audited.
Result<DropoutCase> ResolveDropoutCase(store::Database& db, const Context& ctx, int64_t case_id,
                                       const std::string& resolution, const std::string& reason);

// The school of a case (for scoping routes); `id` is the path text.
std::optional<std::string> SchoolOfDropoutCase(store::Tx& tx, const std::string& id);

}  // namespace xueji::service
