#include "app/content_hash.h"

#include <sodium.h>

namespace kieumau::app {

std::string Sha256Hex(std::string_view bytes) {
  // sodium_init is idempotent and thread-safe; done once before the first use.
  static const int initialised = sodium_init();
  (void)initialised;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

}  // namespace kieumau::app
