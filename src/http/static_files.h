#pragma once

#include <string>

#include "http/api.h"

namespace xueji::http {

// Serves the built web app from `root`: a file when the path names one, else
// index.html (client-side routes). Paths with ".." segments or NUL bytes are
// refused. Hashed assets under /assets/ are cacheable forever.
HttpResponse ServeStatic(const std::string& root, const std::string& path);

}  // namespace xueji::http
