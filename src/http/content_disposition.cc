#include "http/content_disposition.h"

#include <cctype>
#include <string_view>

namespace xueji::http {

std::string Rfc5987(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string AttachmentDisposition(const std::string& ascii_name, const std::string& name) {
  return "attachment; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + Rfc5987(name);
}

}  // namespace xueji::http
