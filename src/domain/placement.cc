#include "domain/placement.h"

#include <string>

namespace xueji::domain {

std::string_view PlacementEndText(PlacementEnd why) {
  switch (why) {
    case PlacementEnd::kReturned:
      return "回原学校就读";
    case PlacementEnd::kReplaced:
      return "转入其他学校就读（学籍仍保留在原学校）";
    case PlacementEnd::kRecordMoved:
      return "转学调档，学籍已转出";
  }
  return "";
}

// R-TR-12
Status CheckPlacementEnd(Date since, Date ended_on, Date today) {
  if (ended_on < since || ended_on > today) {
    return Invalid(
        "PLACEMENT_END_DATE", "ended_on",
        "结束日期须在安置开始日 " + FormatDate(since) + " 与今天 " + FormatDate(today) + " 之间");
  }
  return Ok();
}

}  // namespace xueji::domain
