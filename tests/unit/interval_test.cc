// Intervals (§3): every form, bad forms, Contains at the bounds, Overlaps, HasGapBetween.
#include "engine/interval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace kieumau {
namespace {

Interval Parse(std::string_view text) {
  Result<Interval> parsed = Interval::Parse(text);
  if (!parsed) {
    ADD_FAILURE() << "\"" << text << "\" does not parse: " << parsed.error().message;
    return Interval();
  }
  return std::move(parsed).value();
}

void ExpectBad(std::string_view text) {
  Result<Interval> parsed = Interval::Parse(text);
  EXPECT_FALSE(parsed) << "\"" << text << "\" parses, but should not";
  if (!parsed) {
    EXPECT_NE(parsed.error().message.find(std::string(text)), std::string::npos);
  }
}

TEST(IntervalParse, ClosedClosed) {
  const Interval in = Parse("[80,85]");
  EXPECT_EQ(in.lo, 80);
  EXPECT_EQ(in.hi, 85);
  EXPECT_TRUE(in.lo_closed);
  EXPECT_TRUE(in.hi_closed);
  EXPECT_FALSE(in.unbounded);
  EXPECT_EQ(in.text, "[80,85]");
}

TEST(IntervalParse, OpenClosed) {
  const Interval in = Parse("(80,85]");
  EXPECT_EQ(in.lo, 80);
  EXPECT_EQ(in.hi, 85);
  EXPECT_FALSE(in.lo_closed);
  EXPECT_TRUE(in.hi_closed);
  EXPECT_FALSE(in.unbounded);
}

TEST(IntervalParse, ClosedOpen) {
  const Interval in = Parse("[80,85)");
  EXPECT_EQ(in.lo, 80);
  EXPECT_EQ(in.hi, 85);
  EXPECT_TRUE(in.lo_closed);
  EXPECT_FALSE(in.hi_closed);
  EXPECT_FALSE(in.unbounded);
}

TEST(IntervalParse, OpenOpen) {
  const Interval in = Parse("(80,85)");
  EXPECT_EQ(in.lo, 80);
  EXPECT_EQ(in.hi, 85);
  EXPECT_FALSE(in.lo_closed);
  EXPECT_FALSE(in.hi_closed);
  EXPECT_FALSE(in.unbounded);
}

TEST(IntervalParse, ClosedUnbounded) {
  const Interval in = Parse("[90,)");
  EXPECT_EQ(in.lo, 90);
  EXPECT_TRUE(in.lo_closed);
  EXPECT_TRUE(in.unbounded);
}

TEST(IntervalParse, OpenUnbounded) {
  const Interval in = Parse("(90,)");
  EXPECT_EQ(in.lo, 90);
  EXPECT_FALSE(in.lo_closed);
  EXPECT_TRUE(in.unbounded);
}

TEST(IntervalParse, Whitespace) {
  const Interval in = Parse("  [ 80 , 85 )  ");
  EXPECT_EQ(in.lo, 80);
  EXPECT_EQ(in.hi, 85);
  EXPECT_TRUE(in.lo_closed);
  EXPECT_FALSE(in.hi_closed);
  const Interval open = Parse("( 20 , )");
  EXPECT_EQ(open.lo, 20);
  EXPECT_FALSE(open.lo_closed);
  EXPECT_TRUE(open.unbounded);
}

TEST(IntervalParse, DecimalAndNegativeBounds) {
  const Interval in = Parse("[0.5,1.75)");
  EXPECT_EQ(in.lo, 0.5);
  EXPECT_EQ(in.hi, 1.75);
  const Interval negative = Parse("[-5,0]");
  EXPECT_EQ(negative.lo, -5);
  EXPECT_EQ(negative.hi, 0);
}

TEST(IntervalParse, BadForms) {
  ExpectBad("[a,]");
  ExpectBad("[80,]");  // unbounded above must be open: "[80,)"
  ExpectBad("a,b");
  ExpectBad("80,85");
  ExpectBad("[5,3]");
  ExpectBad("(2,2)");
  ExpectBad("[2,2)");
  ExpectBad("[x,3]");
  ExpectBad("[3,x]");
  ExpectBad("[,5]");
  ExpectBad("[1,2,3]");
  ExpectBad("[1;2]");
  ExpectBad("{1,2}");
  ExpectBad("");
}

TEST(IntervalContains, ClosedBoundsHoldTheirEnds) {
  const Interval in = Parse("[80,85]");
  EXPECT_FALSE(in.Contains(79.99));
  EXPECT_TRUE(in.Contains(80));
  EXPECT_TRUE(in.Contains(82.5));
  EXPECT_TRUE(in.Contains(85));
  EXPECT_FALSE(in.Contains(85.01));
}

TEST(IntervalContains, OpenLowerBound) {
  const Interval in = Parse("(80,85]");
  EXPECT_FALSE(in.Contains(80));
  EXPECT_TRUE(in.Contains(80.01));
  EXPECT_TRUE(in.Contains(85));
  EXPECT_FALSE(in.Contains(85.01));
}

TEST(IntervalContains, OpenUpperBound) {
  const Interval in = Parse("[80,85)");
  EXPECT_TRUE(in.Contains(80));
  EXPECT_TRUE(in.Contains(84.99));
  EXPECT_FALSE(in.Contains(85));
}

TEST(IntervalContains, BothOpen) {
  const Interval in = Parse("(80,85)");
  EXPECT_FALSE(in.Contains(80));
  EXPECT_TRUE(in.Contains(82));
  EXPECT_FALSE(in.Contains(85));
}

TEST(IntervalContains, UnboundedAbove) {
  const Interval closed = Parse("[90,)");
  EXPECT_FALSE(closed.Contains(89.99));
  EXPECT_TRUE(closed.Contains(90));
  EXPECT_TRUE(closed.Contains(1e12));
  const Interval open = Parse("(90,)");
  EXPECT_FALSE(open.Contains(90));
  EXPECT_TRUE(open.Contains(90.001));
  EXPECT_TRUE(open.Contains(1e12));
}

// Overlaps must not depend on the order of its arguments.
void ExpectOverlap(std::string_view a, std::string_view b, bool expected) {
  SCOPED_TRACE(std::string(a) + " " + std::string(b));
  EXPECT_EQ(Overlaps(Parse(a), Parse(b)), expected);
  EXPECT_EQ(Overlaps(Parse(b), Parse(a)), expected);
}

TEST(IntervalOverlaps, SharedClosedBound) {
  ExpectOverlap("[80,85]", "[85,90]", true);
  ExpectOverlap("[80,85)", "[85,90]", false);
  ExpectOverlap("[80,85]", "(85,90]", false);
  ExpectOverlap("[80,85)", "(85,90]", false);
}

TEST(IntervalOverlaps, NestedCrossingAndApart) {
  ExpectOverlap("[80,90]", "[85,95]", true);
  ExpectOverlap("[80,100]", "[90,95)", true);
  ExpectOverlap("(80,85)", "(84,90)", true);
  ExpectOverlap("[80,85]", "[86,90]", false);
}

TEST(IntervalOverlaps, Unbounded) {
  ExpectOverlap("[90,)", "[0,100]", true);
  ExpectOverlap("[0,50)", "[50,)", false);
  ExpectOverlap("[0,50]", "[50,)", true);
  ExpectOverlap("[20,)", "(30,)", true);
}

TEST(IntervalGap, WholeNumbersBridgeAGapThatHoldsNone) {
  EXPECT_TRUE(HasGapBetween(Parse("[80,85]"), Parse("[86,90]"), false));
  EXPECT_FALSE(HasGapBetween(Parse("[80,85]"), Parse("[86,90]"), true));
}

TEST(IntervalGap, SharedOpenBoundIsAGapInBothModes) {
  EXPECT_TRUE(HasGapBetween(Parse("[80,85)"), Parse("(85,90]"), false));
  EXPECT_TRUE(HasGapBetween(Parse("[80,85)"), Parse("(85,90]"), true));
  EXPECT_TRUE(HasGapBetween(Parse("(85,90)"), Parse("(90,100)"), false));
  EXPECT_TRUE(HasGapBetween(Parse("(85,90)"), Parse("(90,100)"), true));
}

TEST(IntervalGap, AdjacentIntervalsHaveNoGap) {
  for (bool whole : {false, true}) {
    SCOPED_TRACE(whole);
    EXPECT_FALSE(HasGapBetween(Parse("[80,85]"), Parse("(85,90]"), whole));
    // Quảng Ninh's item 3: 90 lies in (85,90], so (90,100) follows it without a gap.
    EXPECT_FALSE(HasGapBetween(Parse("(85,90]"), Parse("(90,100)"), whole));
    EXPECT_FALSE(HasGapBetween(Parse("[80,85)"), Parse("[85,90]"), whole));
    EXPECT_FALSE(HasGapBetween(Parse("[80,85]"), Parse("[85,90]"), whole));
    EXPECT_FALSE(HasGapBetween(Parse("[80,90]"), Parse("[85,95]"), whole));
  }
}

TEST(IntervalGap, WholeNumberInsideTheGap) {
  EXPECT_TRUE(HasGapBetween(Parse("[80,84]"), Parse("[86,90]"), true));
  EXPECT_TRUE(HasGapBetween(Parse("[80,84]"), Parse("[86,90]"), false));
  // (85.5, 86) holds real numbers but no whole one.
  EXPECT_TRUE(HasGapBetween(Parse("[80,85.5]"), Parse("[86,90]"), false));
  EXPECT_FALSE(HasGapBetween(Parse("[80,85.5]"), Parse("[86,90]"), true));
}

TEST(IntervalGap, NothingFollowsAnUnboundedInterval) {
  EXPECT_FALSE(HasGapBetween(Parse("[80,)"), Parse("[90,100]"), false));
  EXPECT_FALSE(HasGapBetween(Parse("[80,)"), Parse("[90,100]"), true));
}

}  // namespace
}  // namespace kieumau
