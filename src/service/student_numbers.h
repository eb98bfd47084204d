#pragma once

// Issuing 学籍号 (R-NO-1..7a). These functions run inside the caller's write
// transaction — the registration or number-change action that needs the
// number — so a number is issued exactly when that action commits, and the
// caller writes the audit entry.

#include <string>

#include "domain/id_number.h"
#include "domain/result.h"
#include "domain/time.h"
#include "service/context.h"
#include "store/database.h"

namespace xueji::service {

// R-NO-2, R-NO-7a: a new temporary number L + county + birth date + 4 digits
// from libsodium's CSPRNG, never a valid ID number, unique nationally (the
// registry's primary key decides between concurrent transactions). Gives up
// with NUMBER_SPACE_EXHAUSTED after 64 collisions in a row.
Result<std::string> IssueTemporaryNumber(store::Tx& tx, const Context& ctx,
                                         const std::string& division, domain::Date birth);

// R-NO-4, R-NO-7a: a new J number with the next free sequence for the county
// and birth date (J_SEQUENCE_EXHAUSTED after 999).
Result<std::string> IssueNoIdNumber(store::Tx& tx, const Context& ctx, const std::string& division,
                                    domain::Date birth);

// R-NO-3: registers G + the ID number; FORMAL_NUMBER_TAKEN when that number was
// ever issued (also if it was later deleted: R-NO-6).
Result<std::string> IssueFormalNumber(store::Tx& tx, const Context& ctx,
                                      const domain::IdNumber& id);

// R-NO-6: marks a number deleted; it stays in the registry and is never issued
// again. NotFound when it was never issued.
Status MarkNumberDeleted(store::Tx& tx, const Context& ctx, const std::string& number);

}  // namespace xueji::service
