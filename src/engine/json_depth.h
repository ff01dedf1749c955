// A guard for JSON parsers that build or walk nested values recursively: the nesting depth of a
// text, measured in one pass without parsing, so a body nested a million levels deep is refused
// before any parser sees it.
#pragma once

#include <string_view>

namespace kieumau {

// How deep the JSON documents this program reads may nest: a facts file is 4 levels deep, an API
// body 2.
inline constexpr int kMaxJsonDepth = 64;

// Whether `text`, read as JSON, opens more than `max_depth` arrays or objects inside each other.
// Brackets inside strings do not count. The text need not be valid JSON.
bool JsonNestedDeeperThan(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace kieumau
