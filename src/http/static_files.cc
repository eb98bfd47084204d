#include "http/static_files.h"

#include <filesystem>

namespace xueji::http {
namespace {

std::string ContentType(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

HttpResponse FileResponse(const std::filesystem::path& file, bool immutable) {
  HttpResponse r;
  r.status = 200;
  r.content_type = ContentType(file);
  r.file_path = file.string();
  r.headers.emplace_back("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace

HttpResponse ServeStatic(const std::string& root, const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos ||
      path.find("/..") != std::string::npos || path.find('\\') != std::string::npos) {
    return ErrorResponse(NotFound("页面不存在"));
  }
  fs::path base(root);
  std::error_code ec;
  if (path != "/") {
    fs::path file = base / path.substr(1);
    if (fs::is_regular_file(file, ec)) {
      return FileResponse(file, path.rfind("/assets/", 0) == 0);
    }
    // A missing asset is a real 404; other paths are client-side routes.
    if (path.rfind("/assets/", 0) == 0 || fs::path(path).has_extension()) {
      return ErrorResponse(NotFound("文件不存在"));
    }
  }
  fs::path index = base / "index.html";
  if (!fs::is_regular_file(index, ec)) {
    return ErrorResponse(NotFound("网页尚未构建：请先运行 make web"));
  }
  return FileResponse(index, false);
}

}  // namespace xueji::http
