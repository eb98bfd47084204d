#pragma once

// Read-only zip archives (the container of an .xlsx), with limits against
// zip bombs and damaged uploads (R-IO-1). Entries are read in chunks: no
// entry is ever held in memory whole unless the caller collects it.
//
// Errors (see io/file_errors.h): FILE_NOT_XLSX (no zip archive at all),
// FILE_CORRUPT (damaged or truncated archive, CRC mismatch), FILE_ENCRYPTED
// (a password-protected entry), FILE_TOO_LARGE (archive size, entry count,
// entry size, total size or compression ratio over its limit), FILE_READ
// (the file cannot be opened).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

struct zip;

namespace xueji::io {

struct ZipLimits {
  uint64_t max_archive_bytes = 64ull << 20;  // the compressed file
  uint64_t max_entries = 10000;
  uint64_t max_entry_bytes = 512ull << 20;  // one entry, uncompressed
  uint64_t max_total_bytes = 1ull << 30;    // all entries, uncompressed
  // Uncompressed/compressed size of one entry; only checked for entries over
  // ratio_floor_bytes (small entries of repeated text compress very well).
  double max_ratio = 200;
  uint64_t ratio_floor_bytes = 1ull << 20;
};

struct ZipEntryInfo {
  std::string name;
  uint64_t size = 0;             // uncompressed, as declared by the archive
  uint64_t compressed_size = 0;  // as declared
};

// Receives consecutive chunks of an entry; an error stops the read and is
// returned by ReadEntry.
using ZipChunkSink = std::function<Status(std::string_view chunk)>;

class ZipArchive {
 public:
  // R-IO-1: opens an archive held in memory (the archive keeps the bytes)
  // and checks every entry's declared sizes, ratio and encryption.
  static Result<ZipArchive> FromBuffer(std::string bytes, const ZipLimits& limits = {});
  // The same for a file on disk.
  static Result<ZipArchive> FromFile(const std::string& path, const ZipLimits& limits = {});

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  const std::vector<ZipEntryInfo>& Entries() const { return entries_; }
  bool Has(std::string_view name) const;

  // R-IO-1: streams entry `name` to `sink` in chunks, counting the bytes
  // actually inflated against the entry and total limits (declared sizes may
  // lie). FILE_CORRUPT when the entry is missing or damaged.
  Status ReadEntry(std::string_view name, const ZipChunkSink& sink);
  // ReadEntry collected into a string, refused over `max_bytes`.
  Result<std::string> ReadEntryToString(std::string_view name, uint64_t max_bytes);

 private:
  ZipArchive(zip* archive, std::unique_ptr<std::string> bytes, const ZipLimits& limits);
  static Result<ZipArchive> Open(zip* archive, std::unique_ptr<std::string> bytes,
                                 const ZipLimits& limits);
  Status CheckEntries();
  Result<uint64_t> IndexOf(std::string_view name) const;

  zip* archive_ = nullptr;
  std::unique_ptr<std::string> bytes_;  // the buffer libzip reads, when from memory
  ZipLimits limits_;
  std::vector<ZipEntryInfo> entries_;
  uint64_t total_read_ = 0;
};

}  // namespace xueji::io
