#pragma once

// Finding and reading student records (SPEC §4, R-SEC-2, R-SEC-3).
//
// Lists carry masked ID numbers only; the full number of one record is
// given by RevealIdNumber, which audits each reveal. Reading a whole record
// is audited as well. The caller (the router) has already checked the
// permission and that the record or organization lies in the actor's
// subtree (R-ORG-4).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "service/context.h"
#include "service/student_store.h"
#include "store/database.h"

namespace xueji::service {

struct StudentFilter {
  std::string org_path;      // the subtree to search (the scope's path)
  std::string school_code;   // "" = every school in the subtree
  int64_t class_id = 0;      // 0 = every class
  std::string grade_code;    // "" = every grade
  std::string registration;  // "" = every state
  std::string status;        // "" = every status
  // R-REG-2: "me" = the records waiting for the actor's decision — the
  // school approver's pending_school records of their school, the record
  // authority's pending_authority records of the schools it governs.
  std::string awaiting;
  // Free search: a 学籍号, an ID number (exact), pinyin letters (a prefix of
  // the name's toneless pinyin, spaces ignored: "zhangx" finds 张晓明; or of
  // its initials, 2–8 letters: "zxm" finds it too) or the start of a name
  // (traditional characters match their simplified form, R-INFO-5).
  std::string q;
  int64_t before_id = 0;  // cursor: records with a smaller id; 0 = from the newest
  int limit = 50;
};

struct StudentSummary {
  int64_t id = 0;
  std::string student_number, name, sex, birth_date, id_type;
  std::string id_number_masked;  // R-SEC-3
  std::string school_code, school_name, grade_code, class_name, registration, status;
  int64_t updated_at = 0;
};

struct StudentPage {
  std::vector<StudentSummary> items;  // newest first
  std::optional<int64_t> next_before;
};

// Lists the records matching `filter`, in any registration state: a school
// holds an admitted student as a pending record while the record is created
// or its problem settled (R-REG-7: the record follows admission). Searching
// by a full ID number is a look-up of personal data and is audited (R-SEC-2).
Result<StudentPage> ListStudents(store::Database& db, const Context& ctx,
                                 const StudentFilter& filter);

// The whole record, audited as a full-record view (R-SEC-2). ID numbers in
// the returned record are masked unless the caller reveals them.
Result<StoredStudent> ViewStudent(store::Database& db, const Context& ctx, int64_t student_id);

// R-SEC-3: the full ID number of the student (`guardian` < 0) or of family
// member `guardian`, audited. The caller checks kRevealIdNumbers.
Result<std::string> RevealIdNumber(store::Database& db, const Context& ctx, int64_t student_id,
                                   int guardian);

}  // namespace xueji::service
