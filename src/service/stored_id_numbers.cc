#include "service/stored_id_numbers.h"

#include <algorithm>

namespace xueji::service {

uint64_t IdNumberCode(std::string_view id) {
  if (id.size() != 18) return 0;
  uint64_t code = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    code = code * 10 + static_cast<uint64_t>(id[i] - '0');
  }
  char check = id[17];
  if (check == 'X') return code * 11 + 10;
  if (check < '0' || check > '9') return 0;
  return code * 11 + static_cast<uint64_t>(check - '0');
}

std::string IdNumberOfCode(uint64_t code) {
  uint64_t check = code % 11;
  std::string id(18, '0');
  id[17] = check == 10 ? 'X' : static_cast<char>('0' + check);
  code /= 11;
  for (size_t i = 17; i-- > 0; code /= 10) id[i] = static_cast<char>('0' + code % 10);
  return id;
}

std::optional<StoredIdNumbers> StoredIdNumbers::LoadIfAtMost(store::Tx& tx, int64_t limit) {
  // Counted with a bound, so that a national table is not counted whole.
  int64_t stored =
      tx.QueryOne(
            "SELECT COUNT(*) FROM (SELECT 1 FROM student WHERE id_number_norm IS NOT NULL "
            "LIMIT $1) AS s",
            {limit + 1})
          ->Int(0);
  if (stored > limit) return std::nullopt;
  StoredIdNumbers out;
  out.entries_.reserve(static_cast<size_t>(stored));
  for (const auto& r :
       tx.Query("SELECT id_number_norm, id FROM student WHERE id_number_norm IS NOT NULL")) {
    if (uint64_t code = IdNumberCode(r.Text(0))) out.entries_.emplace_back(code, r.Int(1));
  }
  std::sort(out.entries_.begin(), out.entries_.end());
  return out;
}

}  // namespace xueji::service
