// R-TR-12 (第十七条): when a transfer may keep the record at the sending
// school, the checks of such a start, and the end of a placement.

#include "domain/placement.h"

#include <gtest/gtest.h>

#include "domain/transfer.h"

namespace xueji::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

TEST(RecordStays, R_TR_12_basis_by_the_two_school_types) {
  struct Case {
    const char* from;
    const char* to;
    std::optional<RecordStayBasis> basis;
  } cases[] = {
      {"special", "regular", RecordStayBasis::kSpecialEducation},
      {"regular", "special", RecordStayBasis::kSpecialEducation},
      {"regular", "specialized", RecordStayBasis::kSpecializedSchool},
      {"special", "specialized", RecordStayBasis::kSpecializedSchool},
      {"regular", "reform", RecordStayBasis::kSpecializedSchool},
      {"regular", "regular", std::nullopt},
      {"special", "special", std::nullopt},
      {"specialized", "regular", std::nullopt},
      {"reform", "regular", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " → " + c.to);
    EXPECT_EQ(RecordStayBasisFor(c.from, c.to), c.basis);
  }
  EXPECT_EQ(RecordStayBasisName(RecordStayBasis::kSpecialEducation), "special_education");
  EXPECT_EQ(RecordStayBasisName(RecordStayBasis::kSpecializedSchool), "specialized_school");
}

TEST(RecordStays, R_TR_12_start_checks_in_order) {
  struct Case {
    const char* name;
    RecordStayFacts facts;
    const char* code;   // "" = allowed
    const char* names;  // a part of the message
  } cases[] = {
      {"特教→普通，残疾学生", {"special", "regular", StudentStatus::kEnrolled, "4", false}, "", ""},
      {"普通→特教，残疾学生", {"regular", "special", StudentStatus::kEnrolled, "1", false}, "", ""},
      {"普通→专门学校，附商定书",
       {"regular", "specialized", StudentStatus::kEnrolled, "0", true},
       "",
       ""},
      {"普通→普通",
       {"regular", "regular", StudentStatus::kEnrolled, "4", true},
       "TRANSFER_RECORD_STAYS_NOT_ALLOWED",
       "本次为普通学校转入普通学校"},
      {"专门学校→普通",
       {"specialized", "regular", StudentStatus::kEnrolled, "0", true},
       "TRANSFER_RECORD_STAYS_NOT_ALLOWED",
       "专门学校转入普通学校"},
      {"休学学生",
       {"special", "regular", StudentStatus::kSuspended, "4", false},
       "TRANSFER_RECORD_STAYS_STATUS",
       "休学"},
      {"出国学生",
       {"regular", "specialized", StudentStatus::kAbroad, "0", true},
       "TRANSFER_RECORD_STAYS_STATUS",
       "出国"},
      {"特教→普通，无残疾",
       {"special", "regular", StudentStatus::kEnrolled, "0", false},
       "TRANSFER_RECORD_STAYS_DISABILITY",
       "残疾"},
      {"普通→特教，未填残疾类型",
       {"regular", "special", StudentStatus::kEnrolled, "", false},
       "TRANSFER_RECORD_STAYS_DISABILITY",
       "残疾"},
      {"普通→专门学校，无商定书",
       {"regular", "specialized", StudentStatus::kEnrolled, "0", false},
       "TRANSFER_RECORD_STAYS_AGREEMENT",
       "商定"},
      {"普通→工读学校，无商定书",
       {"regular", "reform", StudentStatus::kEnrolled, "0", false},
       "TRANSFER_RECORD_STAYS_AGREEMENT",
       "监护人"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = CheckRecordStays(c.facts);
    if (std::string(c.code).empty()) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(*r, *RecordStayBasisFor(c.facts.from_type, c.facts.to_type));
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, c.code);
      EXPECT_EQ(r.error().kind, ErrorKind::kRuleViolation);
      EXPECT_NE(r.error().message.find("R-TR-12"), std::string::npos) << r.error().message;
      EXPECT_NE(r.error().message.find(c.names), std::string::npos) << r.error().message;
    }
  }
}

TEST(Placement, R_TR_12_ends_between_its_start_and_today) {
  struct Case {
    const char* ended_on;
    bool ok;
  } cases[] = {
      {"2026-09-10", true},  {"2026-10-01", true},  {"2026-10-08", true},
      {"2026-09-09", false}, {"2026-10-09", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.ended_on);
    auto s = CheckPlacementEnd(D("2026-09-10"), D(c.ended_on), D("2026-10-08"));
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "PLACEMENT_END_DATE");
      EXPECT_NE(s.error().message.find("2026-09-10"), std::string::npos);
      EXPECT_NE(s.error().message.find("2026-10-08"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace xueji::domain
