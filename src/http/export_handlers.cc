// Exports of a school's records as .xlsx (R-IO-3): the roster and the
// basic-info table of the school or of one class (`?class_id=`). The workbook
// is written to a temporary file and sent from it in pieces as an attachment
// with its Chinese name (RFC 5987); the server unlinks the file once it has
// it open, and a failed export removes it before the handler returns. ID
// numbers are always masked here: full numbers, or a scope above one school,
// go through an export request approved by the record authority (R-SEC-1,
// export_request_handlers.cc). Each export is audited with its row count.

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

#include "domain/org.h"
#include "http/content_disposition.h"
#include "http/router.h"
#include "service/exports.h"

namespace xueji::http {
namespace {

using domain::Permission;

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Removes the file when the handler returns, unless the response took it.
struct TempFile {
  std::string path;
  ~TempFile() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);
  }
  std::string Release() { return std::exchange(path, ""); }
};

Result<std::string> NewTempPath() {
  std::string pattern = (std::filesystem::temp_directory_path() / "xueji-export-XXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) return Error{ErrorKind::kInternal, "EXPORT_TEMP", "", "无法创建导出文件"};
  close(fd);
  return pattern;
}

HandlerResult Export(ApiContext& api, service::ExportKind kind, const char* ascii_name) {
  service::ExportRequest request;
  request.kind = kind;
  request.school_code = api.org->code;
  if (auto it = api.query.find("class_id"); it != api.query.end() && !it->second.empty()) {
    if (it->second.size() > 18 || !domain::AllDigits(it->second)) {
      return Invalid("WRONG_TYPE", "class_id", "class_id 应为数字");
    }
    request.class_id = std::stoll(it->second);
  }
  TempFile file;
  XUEJI_ASSIGN_OR_RETURN(file.path, NewTempPath());
  request.path = file.path;
  XUEJI_ASSIGN_OR_RETURN(auto result, service::ExportStudents(api.db, api.ctx, request));
  HttpResponse r;
  r.content_type = kXlsxType;
  r.file_path = file.Release();
  r.remove_file_after_open = true;
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(ascii_name, result.file_name));
  r.headers.emplace_back("X-Export-Rows", std::to_string(result.rows));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HandlerResult GetRoster(ApiContext& api) {
  return Export(api, service::ExportKind::kRoster, "roster.xlsx");
}

HandlerResult GetBasicInfo(ApiContext& api) {
  return Export(api, service::ExportKind::kBasicInfo, "basic-info.xlsx");
}

}  // namespace

std::vector<Route> ExportRoutes() {
  using K = Scope::Kind;
  return {
      {"GET",
       "/api/v1/schools/{code}/exports/roster.xlsx",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kPathSchool, "code"},
       GetRoster},
      {"GET",
       "/api/v1/schools/{code}/exports/basic-info.xlsx",
       Auth::kSession,
       Permission::kViewStudents,
       {K::kPathSchool, "code"},
       GetBasicInfo},
  };
}

}  // namespace xueji::http
