#pragma once

// R-TR-13, 第十八条: the schools a county does not manage itself — those
// standing in it whose record authority is the city or the province (市直管,
// 省直管) — report their transfers in and out each semester for the county
// where they stand.

#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

struct ReportedTransfer {
  int64_t transfer_id = 0;
  std::string student_name, student_number;
  std::string other_school_name;  // where the student came from or went to
  domain::Date moved_on;
  bool offline = false;
};

struct SchoolTransferReport {
  std::string school_code, school_name, authority_code;
  std::vector<ReportedTransfer> transfers_in, transfers_out;
};

struct TransferSemesterReport {
  std::string county_code, county_name;
  domain::Date first_day, last_day;  // the semester (R-YR-5: from 09-01 or 02-01)
  std::vector<SchoolTransferReport> schools;
};

// R-TR-13: the semester starting in `start_month` ("YYYY-09" or "YYYY-02",
// TRANSFER_SEMESTER otherwise) for `county_code`, which the router has put
// inside the actor's jurisdiction; a code that is no county is
// TRANSFER_REPORT_COUNTY. Every province- or city-managed school standing in
// the county is listed, with the records moved into and out of it (调档 or
// an offline completion) in the semester, by date.
Result<TransferSemesterReport> ReportTransfersOfSemester(store::Database& db, const Context& ctx,
                                                         const std::string& county_code,
                                                         const std::string& start_month);

}  // namespace xueji::service
