#include "io/zip_archive.h"

#include <zip.h>

#include <sys/stat.h>

#include "io/file_errors.h"

namespace xueji::io {

namespace {

constexpr size_t kChunkBytes = 64 * 1024;

std::string MiB(uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + "MB"; }

Error CorruptError() {
  return FileError(kFileCorrupt,
                   "文件已损坏或不完整，无法读取。请在Excel中重新打开并另存为.xlsx后再上传");
}

Error EncryptedError() {
  return FileError(
      kFileEncrypted,
      "文件设置了打开密码，无法读取。请在Excel中取消密码保护（文件→信息→保护工作簿）后再上传");
}

// Maps a libzip error of opening or reading to ours.
Error FromZipError(int code, bool looks_like_zip) {
  switch (code) {
    case ZIP_ER_NOZIP:
      if (looks_like_zip) return CorruptError();
      return FileError(kFileNotXlsx,
                       "文件不是Excel工作簿（.xlsx）。请使用国家模板，在Excel中另存为“Excel "
                       "工作簿(*.xlsx)”后上传；.xls文件请先另存为.xlsx或CSV");
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
      return EncryptedError();
    case ZIP_ER_OPEN:
    case ZIP_ER_NOENT:
      return FileError(kFileRead, "无法打开文件");
    default:
      return CorruptError();
  }
}

}  // namespace

ZipArchive::ZipArchive(zip* archive, std::unique_ptr<std::string> bytes, const ZipLimits& limits)
    : archive_(archive), bytes_(std::move(bytes)), limits_(limits) {}

ZipArchive::ZipArchive(ZipArchive&& other) noexcept
    : archive_(other.archive_),
      bytes_(std::move(other.bytes_)),
      limits_(other.limits_),
      entries_(std::move(other.entries_)),
      total_read_(other.total_read_) {
  other.archive_ = nullptr;
}

ZipArchive& ZipArchive::operator=(ZipArchive&& other) noexcept {
  if (this != &other) {
    if (archive_ != nullptr) zip_discard(archive_);
    archive_ = other.archive_;
    other.archive_ = nullptr;
    bytes_ = std::move(other.bytes_);
    limits_ = other.limits_;
    entries_ = std::move(other.entries_);
    total_read_ = other.total_read_;
  }
  return *this;
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

// R-IO-1
Result<ZipArchive> ZipArchive::FromBuffer(std::string bytes, const ZipLimits& limits) {
  if (bytes.size() > limits.max_archive_bytes) {
    return FileTooLarge(kFileTooLarge, "文件超过" + MiB(limits.max_archive_bytes) + "上限");
  }
  auto owned = std::make_unique<std::string>(std::move(bytes));
  bool looks_like_zip = owned->rfind("PK\x03\x04", 0) == 0;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(owned->data(), owned->size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return FileError(kFileRead, "无法读取文件");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  int code = zip_error_code_zip(&error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    return FromZipError(code, looks_like_zip);
  }
  return Open(archive, std::move(owned), limits);
}

// R-IO-1
Result<ZipArchive> ZipArchive::FromFile(const std::string& path, const ZipLimits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return FileError(kFileRead, "无法读取文件");
  if (static_cast<uint64_t>(st.st_size) > limits.max_archive_bytes) {
    return FileTooLarge(kFileTooLarge, "文件超过" + MiB(limits.max_archive_bytes) + "上限");
  }
  char magic[4] = {};
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    size_t n = std::fread(magic, 1, sizeof magic, f);
    std::fclose(f);
    if (n < sizeof magic) magic[0] = 0;
  }
  bool looks_like_zip = std::string_view(magic, 4) == std::string_view("PK\x03\x04", 4);
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (archive == nullptr) return FromZipError(code, looks_like_zip);
  return Open(archive, nullptr, limits);
}

Result<ZipArchive> ZipArchive::Open(zip* archive, std::unique_ptr<std::string> bytes,
                                    const ZipLimits& limits) {
  ZipArchive out(archive, std::move(bytes), limits);
  XUEJI_RETURN_IF_ERROR(out.CheckEntries());
  return out;
}

// R-IO-1: declared sizes, entry count, compression ratio, encryption.
Status ZipArchive::CheckEntries() {
  zip_int64_t count = zip_get_num_entries(archive_, 0);
  if (count < 0) return CorruptError();
  if (static_cast<uint64_t>(count) > limits_.max_entries) {
    return FileTooLarge(kFileTooLarge, "压缩包内文件过多（" + std::to_string(count) + "个）");
  }
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(i), 0, &st) != 0) return CorruptError();
    const uint64_t want = ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE;
    if ((st.valid & want) != want) return CorruptError();
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return EncryptedError();
    }
    if (st.size > limits_.max_entry_bytes) {
      return FileTooLarge(kFileTooLarge, "文件中的“" + std::string(st.name) + "”解压后超过" +
                                             MiB(limits_.max_entry_bytes) + "上限");
    }
    if (st.size > limits_.ratio_floor_bytes &&
        static_cast<double>(st.size) > limits_.max_ratio * static_cast<double>(st.comp_size)) {
      return FileTooLarge(kFileTooLarge,
                          "文件压缩比异常（疑似“压缩炸弹”），拒绝读取。请上传正常的Excel文件");
    }
    total += st.size;
    if (total > limits_.max_total_bytes) {
      return FileTooLarge(kFileTooLarge, "文件解压后超过" + MiB(limits_.max_total_bytes) + "上限");
    }
    entries_.push_back(ZipEntryInfo{st.name, st.size, st.comp_size});
  }
  return Ok();
}

bool ZipArchive::Has(std::string_view name) const { return IndexOf(name).ok(); }

Result<uint64_t> ZipArchive::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].name == name) return static_cast<uint64_t>(i);
  }
  return CorruptError();
}

// R-IO-1
Status ZipArchive::ReadEntry(std::string_view name, const ZipChunkSink& sink) {
  XUEJI_ASSIGN_OR_RETURN(uint64_t index, IndexOf(name));
  zip_file_t* file = zip_fopen_index(archive_, index, 0);
  if (file == nullptr) return FromZipError(zip_error_code_zip(zip_get_error(archive_)), true);
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
  const uint64_t declared = entries_[index].size;
  uint64_t read = 0;
  std::string chunk(kChunkBytes, '\0');
  for (;;) {
    zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
    if (n < 0) return FromZipError(zip_error_code_zip(zip_file_get_error(file)), true);
    if (n == 0) break;
    read += static_cast<uint64_t>(n);
    total_read_ += static_cast<uint64_t>(n);
    if (read > declared) return CorruptError();
    if (total_read_ > limits_.max_total_bytes) {
      return FileTooLarge(kFileTooLarge, "文件解压后超过" + MiB(limits_.max_total_bytes) + "上限");
    }
    XUEJI_RETURN_IF_ERROR(sink(std::string_view(chunk.data(), static_cast<size_t>(n))));
  }
  if (read != declared) return CorruptError();
  return Ok();
}

Result<std::string> ZipArchive::ReadEntryToString(std::string_view name, uint64_t max_bytes) {
  std::string out;
  XUEJI_RETURN_IF_ERROR(ReadEntry(name, [&](std::string_view chunk) -> Status {
    if (out.size() + chunk.size() > max_bytes) {
      return FileTooLarge(kFileTooLarge,
                          "文件中的“" + std::string(name) + "”超过" + MiB(max_bytes) + "上限");
    }
    out.append(chunk);
    return Ok();
  }));
  return out;
}

}  // namespace xueji::io
