#include "domain/file_type.h"

#include <cstdio>

#include "domain/text.h"

namespace xueji::domain {
namespace {

struct TypeInfo {
  FileType type;
  std::string_view content_type;
  std::string_view extension;
  std::string_view chinese;
};

constexpr TypeInfo kTypes[] = {
    {FileType::kJpeg, "image/jpeg", ".jpg", "JPG图片"},
    {FileType::kPng, "image/png", ".png", "PNG图片"},
    {FileType::kPdf, "application/pdf", ".pdf", "PDF文件"},
};

const TypeInfo& Info(FileType type) {
  for (const TypeInfo& t : kTypes) {
    if (t.type == type) return t;
  }
  return kTypes[0];
}

// "10.5MB" with one decimal, for the size in a refusal.
std::string Megabytes(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fMB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The archive lists files by name (R-ARC-2: named by what they show): a name
// of text, without directories.
Status CheckFileName(std::string_view name) {
  int length = Utf8Length(name);
  if (TrimSpaces(name).empty()) return Invalid("FILE_NAME", "file_name", "请填写文件名");
  if (length < 0 || name.find_first_of("/\\") != std::string_view::npos) {
    return Invalid("FILE_NAME", "file_name", "文件名含有无效字符");
  }
  if (length > kMaxProofFileNameLength) {
    return Invalid("FILE_NAME", "file_name",
                   "文件名不能超过" + std::to_string(kMaxProofFileNameLength) + "个字符");
  }
  return Ok();
}

}  // namespace

std::optional<FileType> SniffFileType(std::string_view bytes) {
  if (bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return FileType::kJpeg;
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return FileType::kPng;
  if (bytes.substr(0, 5) == "%PDF-") return FileType::kPdf;
  return std::nullopt;
}

std::string_view ContentType(FileType type) { return Info(type).content_type; }

std::optional<FileType> TypeOfExtension(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext = LowerAscii(file_name.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return FileType::kJpeg;
  if (ext == "png") return FileType::kPng;
  if (ext == "pdf") return FileType::kPdf;
  return std::nullopt;
}

// R-ARC-2
Result<std::string> CheckProofFile(std::string_view bytes, std::string_view declared_file_name) {
  XUEJI_RETURN_IF_ERROR(CheckFileName(declared_file_name));
  if (bytes.empty()) return Invalid("FILE_EMPTY", "file", "证明材料文件为空");
  if (bytes.size() > kMaxProofFileBytes) {
    return Error{ErrorKind::kTooLarge, "FILE_TOO_LARGE", "file",
                 "证明材料文件为" + Megabytes(bytes.size()) + "，超过10MB上限"};
  }
  std::optional<FileType> content = SniffFileType(bytes);
  if (!content) {
    return Invalid("FILE_TYPE", "file",
                   "证明材料只接受JPG、PNG图片或PDF文件，该文件内容不是其中之一");
  }
  if (TypeOfExtension(declared_file_name) != content) {
    const TypeInfo& info = Info(*content);
    return Invalid("FILE_EXTENSION_MISMATCH", "file",
                   "文件名“" + std::string(declared_file_name) + "”的扩展名与文件内容不符：内容是" +
                       std::string(info.chinese) + "，扩展名应为" + std::string(info.extension));
  }
  return std::string(ContentType(*content));
}

}  // namespace xueji::domain
