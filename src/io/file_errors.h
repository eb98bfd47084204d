#pragma once

// Stable error codes for uploaded spreadsheet files (R-IO-1), with the
// Chinese message shown to the person who uploaded the file. A bad file is
// refused as a whole: nothing of it is read further.

#include <string>

#include "domain/result.h"

namespace xueji::io {

// The file is no zip archive, or a zip that is no Excel workbook.
inline constexpr const char* kFileNotXlsx = "FILE_NOT_XLSX";
// The archive or one of its XML parts is damaged or truncated.
inline constexpr const char* kFileCorrupt = "FILE_CORRUPT";
// An entry is password-protected (Excel "用密码进行加密").
inline constexpr const char* kFileEncrypted = "FILE_ENCRYPTED";
// An entry, the whole archive, its entry count or its compression ratio is
// over a limit (zip bombs).
inline constexpr const char* kFileTooLarge = "FILE_TOO_LARGE";
// The worksheet has more rows or columns than an import accepts.
inline constexpr const char* kSheetTooLarge = "SHEET_TOO_LARGE";
// The file cannot be opened or read from disk.
inline constexpr const char* kFileRead = "FILE_READ";
// Text that is neither UTF-8 nor GB18030.
inline constexpr const char* kFileEncoding = "FILE_ENCODING";

inline Error FileError(const char* code, std::string message) {
  return Invalid(code, "file", std::move(message));
}

inline Error FileTooLarge(const char* code, std::string message) {
  return Error{ErrorKind::kTooLarge, code, "file", std::move(message)};
}

}  // namespace xueji::io
