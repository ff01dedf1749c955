// The unit of work behind every write of facts (a form, an API call, an import): one transaction
// that locks the unit-years the batch and the scorecards it changes read, checks the batch against
// the values stored then, stores the facts with their history and who wrote them, the audit trail's
// entries (one per unit changed, each value before and after), and the recomputed scorecards — all
// or nothing, on either backend, whatever other servers write
// meanwhile. Writers of different units do not wait for each other (PostgreSQL row locks).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "app/context.h"
#include "app/scoring/scoring_service.h"

namespace kieumau::app {

struct WriteSummary {
  int64_t values = 0;     // writes in the batch
  int64_t changed = 0;    // of which changed a value (each now in the history)
  int64_t unchanged = 0;  // the value already there, or an erasure of a missing value
  int scorecards_recomputed = 0;
};

class FactWriter {
 public:
  FactWriter(Context& context, ScoringService& scoring) : context_(context), scoring_(scoring) {}

  // Checks `writes` (all of `year`) with `check`, given the values of the batch's unit-years as
  // stored once locked, and stores them. A problem `check` reports stops the write; nothing is
  // stored then.
  using Check = std::function<std::optional<Problem>(const YearFacts& stored)>;
  ProblemOr<WriteSummary> Write(int year, std::vector<FactWrite> writes, const WriteActor& actor,
                                const Check& check);

 private:
  Context& context_;
  ScoringService& scoring_;
};

}  // namespace kieumau::app
