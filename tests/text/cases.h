// Table-driven expectations for the text tests: a function of a text, and what it must give for
// each input.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace kieumau::text::test {

struct Case {
  std::string_view input;
  std::string_view expected;
};

inline void ExpectEach(std::string (*function)(std::string_view),
                       std::initializer_list<Case> cases) {
  for (const Case& c : cases)
    EXPECT_EQ(function(c.input), c.expected) << "input: " << c.input;
}

}  // namespace kieumau::text::test
