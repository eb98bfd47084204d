#pragma once

// Student records in JSON, both ways. Field names are those of
// domain::StudentFields() and domain::GuardianFields(); family members are
// the array `guardians`. ID numbers leave the server masked (R-SEC-3) unless
// the caller asks for them in full after an audited reveal.

#include <boost/json.hpp>

#include "domain/result.h"
#include "domain/student_record.h"
#include "service/student_history.h"
#include "service/student_queries.h"
#include "service/student_store.h"

namespace xueji::http {

// A record from a request body: every field a string (absent = ""), class_id
// an integer, guardians an array of at most domain::kMaxGuardians objects.
// Unknown fields and wrong types are field errors, all listed in details.
Result<domain::StudentInput> StudentFromJson(const boost::json::object& body);

// The fields of a record as an object (guardians included), ID numbers masked.
boost::json::object RecordJson(const domain::StudentInput& record);

// A stored record with its registration metadata, ID numbers masked.
boost::json::object StoredStudentJson(const service::StoredStudent& s);

boost::json::object StudentSummaryJson(const service::StudentSummary& s);

// R-SEC-3: `value` of the record field `field` as it may leave the server:
// masked when the field is an ID number (the student's or a family member's,
// "guardians[i].id_number"), unchanged otherwise.
std::string MaskedFieldValue(const std::string& field, const std::string& value);

// R-CHG-4: a record as it stood on a date, ID numbers masked.
boost::json::object RecordAsOfJson(const service::RecordAsOf& r);

}  // namespace xueji::http
