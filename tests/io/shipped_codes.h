#pragma once

// Test-only: the code tables shipped in data/code_tables, as a CodeLookup.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "domain/student_record.h"
#include "io/code_table_files.h"

namespace xueji::io::testing {

inline std::string CodeTableDir() {
  return (std::filesystem::path(XUEJI_SOURCE_DIR) / "data" / "code_tables").string();
}

class ShippedCodes : public domain::CodeLookup {
 public:
  ShippedCodes() {
    auto read = ReadCodeTableDir(CodeTableDir());
    EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
    if (read.ok()) tables_ = *read;
  }
  const domain::CodeTable* Table(std::string_view id) const override {
    for (const auto& t : tables_) {
      if (t.id() == id) return &t;
    }
    return nullptr;
  }
  const std::vector<domain::CodeTable>& tables() const { return tables_; }

 private:
  std::vector<domain::CodeTable> tables_;
};

}  // namespace xueji::io::testing
