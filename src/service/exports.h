#pragma once

// Exports of a school's student records as .xlsx (R-IO-3): the roster (花名册)
// of a class or of the whole school, and the basic-info table (学籍基础信息表,
// every field of the record) of either, ordered by grade, class and name.
//
// R-SEC-1: an approved export request is what allows full ID numbers to leave;
// that request flow does not exist yet, so every export masks ID numbers
// (R-SEC-3). Each export is one audit entry naming what was exported and how
// many rows (R-SEC-2).
//
// The records are read in pages of whole classes, so memory stays bounded by
// the page (and the largest class), not by the school.

#include <cstdint>
#include <string>

#include "domain/result.h"
#include "service/context.h"
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

// Stable English name of the kind, as used in the audit log: "roster", "basic_info".
std::string_view ExportKindName(ExportKind kind);

}  // namespace xueji::service
