#pragma once

// A class's cap and current size (R-TR-7, R-POL-2): what a transfer into the
// class and a 复学 into another class check before placing a student there.

#include <cstdint>
#include <string>

#include "domain/result.h"
#include "store/database.h"

namespace xueji::service {

struct ClassFacts {
  std::string grade_code;
  int cap = 0;   // the smaller of the class's capacity and the policy's cap for its stage
  int size = 0;  // students on its roll, whether in school or not (在籍)
};

// Class `class_id` of school `school`: its grade, cap (the policy in force at
// the school, R-POL-2) and size. The size counts every record that holds a
// seat: pending registration, 在籍在读, and 在籍不在读 (休学, 辍学, 出国,
// 停学), since each may come back to the class, and the students placed to
// attend it while their record stays at another school (R-TR-12: they sit in
// the class). NotFound when the class is not the school's.
Result<ClassFacts> LoadClassFacts(store::Tx& tx, const std::string& school, int64_t class_id);

}  // namespace xueji::service
