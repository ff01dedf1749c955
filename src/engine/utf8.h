// Well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF), checked byte by
// byte: the one place that knows the byte ranges of a sequence.
#pragma once

#include <cstddef>
#include <string_view>

namespace kieumau {

// The length (1 to 4) of the well-formed sequence that starts at `text[at]`; 0 when none does (a
// continuation byte, a bad lead, a bad or missing continuation).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at);
// The offset of the first byte that is not part of well-formed UTF-8, or npos.
std::size_t FirstInvalidUtf8(std::string_view text);

}  // namespace kieumau
