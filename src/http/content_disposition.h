#pragma once

// The Content-Disposition of a download with a Chinese file name.

#include <string>

namespace xueji::http {

// RFC 5987 / RFC 8187 ext-value: UTF-8, every byte outside attr-char
// percent-encoded.
std::string Rfc5987(const std::string& s);

// `attachment; filename="ascii_name"; filename*=UTF-8''<name>`: browsers use
// the UTF-8 name, older clients the ASCII one.
std::string AttachmentDisposition(const std::string& ascii_name, const std::string& name);

}  // namespace xueji::http
