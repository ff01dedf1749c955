#include "app/content_hash.h"

#include "accounts/credentials.h"

namespace kieumau::app {

std::string Sha256Hex(std::string_view bytes) {
  return accounts::Sha256Hex(bytes);
}

}  // namespace kieumau::app
