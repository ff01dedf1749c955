// Quoting what a user sent inside a message: at most a short prefix, cut on a character boundary,
// so that a hostile million-character cell or name never comes back whole in an error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kieumau {

// How many characters of an input a message quotes by default.
inline constexpr size_t kExcerptChars = 40;

// `text` when it has at most `max_chars` characters (UTF-8), else its first `max_chars` characters
// followed by "…".
std::string Excerpt(std::string_view text, size_t max_chars = kExcerptChars);

}  // namespace kieumau
