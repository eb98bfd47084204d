#pragma once

// libsodium, wrapped: Argon2id password hashes, random tokens, BLAKE2b.
// Thread-safe once InitCrypto() has run (it is idempotent; services call it).

#include <string>
#include <string_view>

namespace xueji::service {

void InitCrypto();

// Argon2id (crypto_pwhash_str) with ops 2 and 19 MiB (R-SEC-4).
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// 128 random bits as 32 lower-case hex characters.
std::string RandomToken();

// BLAKE2b-256 of `data`, lower-case hex.
std::string Blake2bHex(std::string_view data);

}  // namespace xueji::service
