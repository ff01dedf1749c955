// How each prior-year value a scorecard used was obtained: the unit's own record, rolled up from
// the old units it was formed from, restated for its new territory, or missing and why — with the
// words people read ("gộp từ 4 phường cũ", "số liệu nhập lại theo địa giới mới",
// "thiếu: cần số liệu năm 2024"). Also which units need restated prior-year values.
#pragma once

#include <string>
#include <vector>

#include "app/world.h"
#include "app/year_facts.h"
#include "engine/rubric.h"
#include "units/rollup.h"

namespace kieumau::app {

enum class PriorKind {
  kOwn,       // the unit's own record: it existed through the prior year, its territory unchanged
  kRolledUp,  // combined from the records of the old units it was formed from
  kRestated,  // recorded for the unit's territory although it did not exist then
  kMissing,
};
// "own", "rolled_up", "restated", "missing".
std::string_view PriorKindKey(PriorKind kind);

// What a missing value needs: values for old units (entered as any other), figures restated for
// the new territory, or either a link confirmed or restated figures.
enum class PriorNeed { kNone, kValues, kRestated, kConfirmOrRestate };
// "", "values", "restated", "confirm_or_restate".
std::string_view PriorNeedKey(PriorNeed need);

struct PriorSource {
  int slot = 0;  // the indicator's catalogue slot
  PriorKind kind = PriorKind::kMissing;
  PriorNeed need = PriorNeed::kNone;
  std::vector<UnitId> used;  // the units whose records gave the value
  std::vector<Gap> gaps;     // kMissing: every reason met
  std::string text;          // for people, in Vietnamese
  std::string text_en;       // the same in English
};

// The source of every prior-year value that `rubric` reads for `unit` (of `kind`) judged in
// `year`, in slot order; `prior` holds the records of year - 1.
std::vector<PriorSource> TracePriorSources(const World& world, const Catalogue& catalogue,
                                           const Rubric& rubric, UnitId unit, UnitKind kind,
                                           int year, const YearFacts& prior);

// Whether the unit's prior year, in `year`'s judgement, depends on its territory before a
// reorganisation that nothing on record can tell (a part, or a link the data only infers): the
// units that need restated figures whatever has been entered.
bool NeedsRestatedPriorYear(const World& world, UnitId unit, int year);

// `sources` as the JSON array a stored scorecard carries under "prior_sources".
void AppendPriorSourcesJson(const Catalogue& catalogue, const std::vector<PriorSource>& sources,
                            std::string& out);

}  // namespace kieumau::app
