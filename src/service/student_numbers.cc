#include "service/student_numbers.h"

#include <sodium.h>

#include "domain/student_number.h"
#include "service/crypto.h"

namespace xueji::service {
namespace {

constexpr int kMaxCollisions = 64;

// Inserts the number unless it exists; true when this call issued it. On
// PostgreSQL a concurrent uncommitted insert of the same number makes this
// wait for that transaction, then report the number taken.
bool TryRegister(store::Tx& tx, const Context& ctx, const std::string& number, char kind,
                 const std::string& division, domain::Date birth) {
  return tx.Exec(
             "INSERT INTO student_number_registry (number, kind, division, birth_date, state, "
             "issued_at) VALUES ($1, $2, $3, $4, 'issued', $5) ON CONFLICT (number) DO NOTHING",
             {number, std::string(1, kind), division, domain::FormatDate(birth), ctx.now.micros}) ==
         1;
}

Status CheckDivision(const std::string& division) {
  bool ok = division.size() == 6 &&
            domain::IsMainlandProvinceCode(std::string_view(division).substr(0, 2));
  for (char c : division) ok = ok && c >= '0' && c <= '9';
  if (!ok) return Invalid("DIVISION_CODE", "division", "学校所在县的行政区划代码无效：" + division);
  return Ok();
}

}  // namespace

// R-NO-2, R-NO-7a
Result<std::string> IssueTemporaryNumber(store::Tx& tx, const Context& ctx,
                                         const std::string& division, domain::Date birth) {
  XUEJI_RETURN_IF_ERROR(CheckDivision(division));
  InitCrypto();
  for (int attempt = 0; attempt < kMaxCollisions; ++attempt) {
    std::string number = domain::TemporaryNumber(division, birth, randombytes_uniform(10000));
    if (TryRegister(tx, ctx, number, 'L', division, birth)) return number;
  }
  return Error{ErrorKind::kConflict, "NUMBER_SPACE_EXHAUSTED", "",
               "该县该出生日期的临时学籍号已接近用尽，请联系上级学籍主管部门"};
}

// R-NO-4, R-NO-7a
Result<std::string> IssueNoIdNumber(store::Tx& tx, const Context& ctx, const std::string& division,
                                    domain::Date birth) {
  XUEJI_RETURN_IF_ERROR(CheckDivision(division));
  std::string birth_text = domain::FormatDate(birth);
  tx.Exec(
      "INSERT INTO j_number_sequence (division, birth_date, next_seq) VALUES ($1, $2, 1) "
      "ON CONFLICT (division, birth_date) DO NOTHING",
      {division, birth_text});
  auto row = tx.QueryOne(
      "SELECT next_seq FROM j_number_sequence WHERE division = $1 AND "
      "birth_date = $2" +
          std::string(tx.ForUpdate()),
      {division, birth_text});
  for (int64_t seq = row->Int(0); seq <= 999; ++seq) {
    std::string number = domain::NoIdNumber(division, birth, static_cast<int>(seq));
    if (TryRegister(tx, ctx, number, 'J', division, birth)) {
      tx.Exec("UPDATE j_number_sequence SET next_seq = $1 WHERE division = $2 AND birth_date = $3",
              {seq + 1, division, birth_text});
      return number;
    }
  }
  return Error{ErrorKind::kConflict, "J_SEQUENCE_EXHAUSTED", "",
               "该县该出生日期的J学籍号顺序码（001–999）已用尽，请联系上级学籍主管部门"};
}

// R-NO-3, R-NO-6
Result<std::string> IssueFormalNumber(store::Tx& tx, const Context& ctx,
                                      const domain::IdNumber& id) {
  std::string number = domain::FormalNumber(id);
  if (!TryRegister(tx, ctx, number, 'G', id.division, id.birth)) {
    return Conflict("FORMAL_NUMBER_TAKEN", "正式学籍号 " + number + " 已经发放过，不能重复发放",
                    "id_number");
  }
  return number;
}

// R-NO-6
Status MarkNumberDeleted(store::Tx& tx, const Context& ctx, const std::string& number) {
  if (tx.Exec("UPDATE student_number_registry SET state = 'deleted', deleted_at = $1 "
              "WHERE number = $2 AND state = 'issued'",
              {ctx.now.micros, number}) == 1) {
    return Ok();
  }
  if (tx.QueryOne("SELECT 1 FROM student_number_registry WHERE number = $1", {number})) {
    return Conflict("NUMBER_ALREADY_DELETED", "学籍号 " + number + " 已删除");
  }
  return NotFound("学籍号不存在");
}

}  // namespace xueji::service
