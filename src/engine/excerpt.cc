#include "engine/excerpt.h"

namespace kieumau {

std::string Excerpt(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (chars++ == max_chars) return std::string(text.substr(0, i)) + "…";
  }
  return std::string(text);
}

}  // namespace kieumau
