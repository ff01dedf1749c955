// The warnings of RUBRIC-FORMAT.md §6 that concern a rubric's numbers rather than its syntax:
// declared points that differ from what they hold, overlapping or gapped bands, a pass mark above
// the total. The loader reports the errors; these never stop a rubric from loading.
#pragma once

#include <vector>

#include "engine/diagnostic.h"
#include "engine/rubric.h"

namespace kieumau {

// `rubric` must be finalized. Warnings come in file order.
std::vector<Diagnostic> LintRubric(const Rubric& rubric);

}  // namespace kieumau
