// The prior year across a reorganisation: the units whose scoring needs prior-year figures restated
// for their new territory (a part of an old unit came in, or a link the data only infers), a
// template to fill them in, its import, and an administrator's confirmation of an inferred link
// (after which values roll up through it). See units/rollup.h for the rule and
// scoring/prior_sources.h for what a scorecard says of each prior-year value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "app/facts/facts_service.h"
#include "app/scoring/prior_sources.h"
#include "app/scoring/scoring_service.h"

namespace kieumau::app {

// A link the data only infers, whose confirmation would let values roll up through it.
struct InferredLink {
  UnitId from = 0;
  UnitId to = 0;
  std::string from_code, from_name;  // named the day before the link
  std::string to_code, to_name;      // named on the link's day
  Date date;
  Share share = Share::kWhole;
  std::string basis;
};

// A unit judged in `year` whose prior year its lineage cannot give.
struct RestatedUnit {
  UnitId id = 0;
  std::string code;  // as of the end of the judged year
  std::string name;
  UnitKind kind = UnitKind::kPhuong;
  // Each prior-year indicator the criteria set reads for the unit: restated (entered), rolled up
  // (through confirmed links) or missing, and why.
  std::vector<PriorSource> sources;
  std::vector<InferredLink> links;  // the inferred links on its lineage, confirmed or not
  bool done = false;                // every indicator has its prior-year value
};

struct RestatedList {
  std::string province;  // the province's code at the end of the judged year
  std::string province_name;
  int year = 0;                     // the judged year; the figures are of year - 1
  std::string rubric;               // the criteria set whose prior-year indicators are listed
  std::vector<RestatedUnit> units;  // by code
};

struct ConfirmedLink {
  InferredLink link;
  LinkConfirmationRecord confirmation;
  std::string confirmed_by;  // the confirmer's username, when a user
  int scorecards_recomputed = 0;
};

class PriorYearService {
 public:
  PriorYearService(Context& context, FactsService& facts, ScoringService& scoring)
      : context_(context), facts_(facts), scoring_(scoring) {}

  // The units of a province judged in `year` by the criteria set whose prior year needs restated
  // figures or a link confirmed, with each indicator's state. Each call names the province, "not
  // found" when `scope` does not cover it.
  ProblemOr<RestatedList> Restated(std::string_view province, int year, std::string_view rubric,
                                   const Scope& scope);
  // The ready-to-fill template: the facts table of year - 1 with one row per unit of Restated
  // (codes as of the end of `year`), with any restated values already entered.
  ProblemOr<FactsTable> RestatedTemplate(std::string_view province, int year,
                                         std::string_view rubric, const Scope& scope);
  // A filled template: year - 1's values for units of the province named as of the end of `year`.
  // All or nothing, as any import.
  ProblemOr<ImportSummary> ImportRestated(std::string_view province, int year,
                                          std::string_view file, const WriteActor& actor,
                                          const Scope& scope);
  // Confirms the inferred link from unit `from` into unit `to` (ids: a code may name several
  // units), stored with who did it; the stored scorecards that read values through it are
  // recomputed in the same unit of work. A link that is not there is "not found"; a link already
  // certain (by the data or by an earlier confirmation) is a conflict. A link into a unit `scope`
  // does not cover is "not found".
  ProblemOr<ConfirmedLink> ConfirmLink(UnitId from, UnitId to, const WriteActor& actor,
                                       const Scope& scope);

 private:
  Context& context_;
  FactsService& facts_;
  ScoringService& scoring_;
};

}  // namespace kieumau::app
