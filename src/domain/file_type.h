#pragma once

// Proof files (证明材料) as they arrive: what their bytes are (R-ARC-2).
//
// Proof materials are images (JPG/PNG) or PDF, each at most 10 MB, checked by
// content, not by file name. A file whose name says one type and whose bytes
// are another (a .jpg that is really a PDF, an .exe renamed .pdf) is refused,
// so that what the archive lists is what it holds.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace xueji::domain {

enum class FileType { kJpeg, kPng, kPdf };

// R-ARC-2: the limit per proof file, 10 MB (10 × 1024 × 1024 bytes).
inline constexpr size_t kMaxProofFileBytes = size_t{10} << 20;

// The type the bytes are, from their signature: JPEG FF D8 FF, PNG 89 50 4E 47
// 0D 0A 1A 0A, PDF "%PDF-". Anything else is nullopt.
std::optional<FileType> SniffFileType(std::string_view bytes);

// "image/jpeg", "image/png", "application/pdf".
std::string_view ContentType(FileType type);

// The type a file name's extension claims (.jpg/.jpeg, .png, .pdf, any case),
// or nullopt for any other or no extension.
std::optional<FileType> TypeOfExtension(std::string_view file_name);

inline constexpr int kMaxProofFileNameLength = 100;

// R-ARC-2: checks one proof file and returns its content type. Refusals:
// FILE_NAME on field "file_name" (empty, over 100 characters, not text, or
// holding a directory separator); then, on field "file": FILE_EMPTY; FILE_TOO_LARGE (naming the
// size and the 10 MB limit, kind kTooLarge); FILE_TYPE (the bytes are no JPG, PNG or PDF);
// FILE_EXTENSION_MISMATCH (the name's extension is missing, unknown, or says
// another type than the content).
Result<std::string> CheckProofFile(std::string_view bytes, std::string_view declared_file_name);

}  // namespace xueji::domain
