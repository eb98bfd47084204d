#pragma once

// Valid student records for API tests: a first-grader of the current school
// year (so that the enrollment-age rule, R-POL-5, holds whatever today is)
// with a unique, valid 居民身份证 number of 南明区.

#include <cstdint>
#include <string>

namespace xueji::testing {

// A new valid ID number of a boy born in the first-grade window of the
// current school year; never the same twice in one process.
std::string NewFirstGraderIdNumber();

// The JSON body of POST /api/v1/schools/{code}/students for a first-grader
// in class `class_id` (grade 11) with this ID number and one guardian.
std::string FirstGraderBody(int64_t class_id, const std::string& id_number,
                            const std::string& name = "王小明");

}  // namespace xueji::testing
