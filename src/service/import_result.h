#pragma once

// The result workbook of an import job (R-IO-1), as bytes to keep with the
// job: io::WriteResultWorkbook over the uploaded rows and every problem.
// Internal to the import job (service/import_jobs.h).

#include <string>

#include "domain/result.h"
#include "service/import_rows.h"

namespace xueji::service {

// R-IO-1: the .xlsx bytes. `only_rows_with_problems`: mode A (the valid rows
// went in), so that the fixed file uploaded again adds just the rest.
Result<std::string> BuildImportResult(const ImportSheet& sheet,
                                      const std::vector<ImportProblem>& problems,
                                      bool only_rows_with_problems);

}  // namespace xueji::service
