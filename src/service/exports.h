#pragma once

// Exports of a school's student records as .xlsx (R-IO-3): the roster (花名册)
// of a class or of the whole school, and the basic-info table (学籍基础信息表,
// every field of the record) of either, ordered by grade, class and name.
//
// R-SEC-1: an approved export request (service/export_requests.h) is what
// allows full ID numbers, or more than one school, to leave; the ordinary
// school export always masks ID numbers (R-SEC-3). Each export is one audit
// entry naming what was exported and how many rows (R-SEC-2).
//
// The records are read in pages of whole classes, so memory stays bounded by
// the page (and the largest class), not by the school.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "service/jurisdiction.h"
#include "store/database.h"

namespace xueji::service {

enum class ExportKind { kRoster, kBasicInfo };

struct ExportRequest {
  ExportKind kind = ExportKind::kRoster;
  std::string school_code;
  int64_t class_id = 0;  // 0 = the whole school
  std::string path;      // where the workbook is written; removed again on failure
  std::string tmpdir;    // the writer's scratch directory ("" = the system's)
  int page_rows = 2000;  // rows read per query (whole classes, at least one)
};

struct ExportResult {
  int64_t rows = 0;
  std::string file_name;  // e.g. 南明区实验小学_一年级1班_花名册.xlsx
};

// R-IO-3, R-SEC-1, R-SEC-2: writes the export to `request.path` and audits
// it. A school (or class) outside the actor's subtree is NotFound (R-ORG-4);
// the caller has checked the permission to view student records.
Result<ExportResult> ExportStudents(store::Database& db, const Context& ctx,
                                    const ExportRequest& request);

// The workbook an approved export request lets out (service/export_requests.h):
// the records of `school_codes` in that order — of class `class_id` of the one
// school, or of every class — with full ID numbers only when
// `reveal_id_numbers` (R-SEC-1). With `school_column` a 学校 column (the
// school's name) leads each row. Written to `path` inside `tx`'s snapshot;
// returns the rows written. Neither checks jurisdiction nor audits: the caller
// has resolved the scope and audits what left (R-SEC-2).
struct WorkbookSpec {
  ExportKind kind = ExportKind::kRoster;
  std::vector<std::string> school_codes;
  int64_t class_id = 0;
  bool reveal_id_numbers = false;
  bool school_column = false;
  std::string path;
  std::string tmpdir;
  int page_rows = 2000;
};
Result<int64_t> WriteStudentsWorkbook(store::Tx& tx, const WorkbookSpec& spec);

// The schools of `org`'s subtree (`org` itself when a school), in code order.
std::vector<std::string> SchoolsUnder(store::Tx& tx, const OrgRef& org);

// Stable English name of the kind, as used in the audit log: "roster", "basic_info".
std::string_view ExportKindName(ExportKind kind);

}  // namespace xueji::service
