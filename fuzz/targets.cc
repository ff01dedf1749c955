#include "fuzz/targets.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "engine/catalogue.h"
#include "engine/expr.h"
#include "facts_io/fact_import.h"
#include "facts_io/fact_table.h"
#include "load/catalogue_yaml.h"
#include "load/facts_json.h"
#include "load/rubric_yaml.h"
#include "programme/programme_yaml.h"
#include "server/request_bodies.h"
#include "text/fold.h"
#include "text/search_query.h"
#include "units/events_json.h"

namespace kieumau::fuzz {
namespace {

// The catalogue and the criteria set the targets read against: built once and never destroyed (the
// fuzzer ends with exit(), and destructors run then would only add noise to a finding).
const Catalogue& TheCatalogue() {
  static const Catalogue* catalogue = [] {
    LoadedCatalogue loaded = ParseCatalogue(BuiltinCatalogueText());
    if (!loaded.catalogue) std::abort();
    return new Catalogue(std::move(*loaded.catalogue));
  }();
  return *catalogue;
}

// A minimal criteria set for facts files to be read against.
const Rubric& TheRubric() {
  static const Rubric* rubric = [] {
    LoadedRubric loaded = ParseRubric(R"(format: 1
id: fuzz
title: Fuzz
unit_kinds: [phuong, xa]
groups:
  - id: "G"
    criteria:
      - id: "C"
        items:
          - id: tips
            points: 2
            rule: { check: "percent(tips.processed, tips.received) >= 90" }
          - id: judged
            points: 1
            rule: { manual: {} }
)",
                                      TheCatalogue());
    if (!loaded.rubric) std::abort();
    return new Rubric(std::move(*loaded.rubric));
  }();
  return *rubric;
}

void ReadAndCheckTable(std::string_view bytes, TableFormat format) {
  Result<FactTable> table = ReadFactTable(bytes, format);
  if (!table) return;
  UnitLookup lookup;
  lookup.find_unit = [](std::string_view code, int) -> std::optional<UnitRef> {
    if (code.size() == 2 && code[0] == 'U') return UnitRef{code[1], "Đơn vị"};
    return std::nullopt;
  };
  lookup.stored_value = [](int64_t, std::string_view, int) -> std::optional<double> { return 1; };
  (void)ValidateFactTable(*table, TheCatalogue(), 2025, lookup);
}

}  // namespace

// ParseFacts reads with a fast reader that falls back on the full reader at the first thing it does
// not expect (load/facts_json.h): it must give what the full reader alone gives, batch bit for bit
// or messages word for word; any difference aborts.
void FactsJson(std::string_view bytes) {
  const LoadedFacts fast = ParseFacts(bytes, TheRubric(), TheCatalogue());
  const LoadedFacts full = ParseFactsFullReader(bytes, TheRubric(), TheCatalogue());
  if (fast.errors != full.errors || fast.batch.has_value() != full.batch.has_value()) std::abort();
  if (!full.batch) return;
  const auto same_values = [](const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
  };
  const FactsBatch& a = *fast.batch;
  const FactsBatch& b = *full.batch;
  if (a.rubric_id != b.rubric_id || a.year != b.year || a.units.size() != b.units.size()) {
    std::abort();
  }
  for (size_t u = 0; u < a.units.size(); ++u) {
    const UnitFacts& x = a.units[u];
    const UnitFacts& y = b.units[u];
    if (x.code != y.code || x.name != y.name || x.kind != y.kind ||
        !same_values(x.current, y.current) || !same_values(x.prior, y.prior) ||
        !same_values(x.manual, y.manual)) {
      std::abort();
    }
  }
}

void FactsBody(std::string_view bytes) {
  (void)server::ReadFactsBody(bytes);
}

void FactsCsv(std::string_view bytes) {
  ReadAndCheckTable(bytes, TableFormat::kCsv);
}

void FactsXlsx(std::string_view bytes) {
  ReadAndCheckTable(bytes, TableFormat::kXlsx);
}

void RubricYaml(std::string_view bytes) {
  (void)ParseRubric(bytes, TheCatalogue());
}

void Expression(std::string_view bytes) {
  Result<Expr> expr = Expr::Parse(bytes, TheCatalogue());
  if (!expr) return;
  std::vector<double> values(static_cast<size_t>(TheCatalogue().size()), 3);
  std::vector<double> missing(values.size(), std::nan(""));
  bool zero_base = false;
  (void)expr->Evaluate(ValueView{values.data(), values.data()}, &zero_base);
  std::string described;
  expr->DescribeValues(ValueView{values.data(), missing.data()}, TheCatalogue(), described);
}

void ProgrammeYaml(std::string_view bytes) {
  (void)ParseProgramme(bytes, TheCatalogue());
}

void UnitEvent(std::string_view bytes) {
  for (std::string_view kind : {"create", "rename", "reparent", "change_kind", "update_figures",
                                "merge", "split", "abolish", "abolish_level"})
    (void)ParseUnitEvent(kind, "2025-07-01", bytes);
}

// Folding, the tone-insensitive key and the search matcher on any bytes: the first line is the
// query, the rest the candidate (the whole text both when there is one line). Beyond not crashing,
// the answers must hold what text/ promises, or the target aborts.
void SearchFold(std::string_view bytes) {
  const std::string folded = text::FoldForSearch(bytes);
  // Idempotent (so the result is UTF-8: a byte that is not would be dropped the second time), one
  // space between words, none at either end.
  if (text::FoldForSearch(folded) != folded) std::abort();
  if (folded.starts_with(' ') || folded.ends_with(' ') || folded.find("  ") != std::string::npos)
    std::abort();
  (void)text::ToneInsensitiveKey(bytes);

  const size_t newline = bytes.find('\n');
  const text::SearchQuery query(bytes.substr(0, newline));
  const std::string candidate =
      newline == std::string_view::npos ? folded : text::FoldForSearch(bytes.substr(newline + 1));
  const std::optional<text::SearchRank> rank = query.Rank(candidate);
  if (query.Matches(candidate) != rank.has_value()) std::abort();
  // A query finds its own text, exactly.
  const std::optional<text::SearchRank> own = query.Rank(query.folded());
  if (!own || (!query.empty() && own->kind != text::MatchKind::kExact)) std::abort();
}

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"facts_json", FactsJson},         {"facts_body", FactsBody},   {"facts_csv", FactsCsv},
      {"facts_xlsx", FactsXlsx},         {"rubric_yaml", RubricYaml}, {"expression", Expression},
      {"programme_yaml", ProgrammeYaml}, {"unit_event", UnitEvent},   {"search_fold", SearchFold},
  };
  return targets;
}

}  // namespace kieumau::fuzz
