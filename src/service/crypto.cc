#include "service/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace xueji::service {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19 * 1024 * 1024;

std::string Hex(const unsigned char* data, size_t len) {
  std::string out(len * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, len);
  out.pop_back();
  return out;
}

}  // namespace

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

std::string HashPassword(std::string_view password) {
  InitCrypto();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitCrypto();
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  InitCrypto();
  unsigned char buf[16];
  randombytes_buf(buf, sizeof buf);
  return Hex(buf, sizeof buf);
}

std::string Blake2bHex(std::string_view data) {
  InitCrypto();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

}  // namespace xueji::service
