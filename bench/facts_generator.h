// A deterministic whole-country facts file (RUBRIC-FORMAT.md §7), for the benchmarks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/catalogue.h"
#include "engine/rubric.h"

namespace kieumau {

struct FactsGeneratorOptions {
  // The country's 3,321 commune-level units: 687 phường, 2,621 xã and 13 đặc khu, which stand here
  // as 13 thị trấn because qn-ancs-2023 does not apply to đặc khu.
  int phuong = 687;
  int xa = 2621;
  int thi_tran = 13;
  int year = 2025;
  uint64_t seed = 0x4B4945554D4155;  // "KIEUMAU": the same file on every run and every platform
  // About this share of units lacks one to three values (left out, or written as null) and about
  // half as many lack a manual score, so that the "missing data" path is exercised.
  double incomplete_share = 0.01;
};

struct GeneratedFacts {
  std::string json;  // compact: no spaces, one unit per line
  size_t units = 0;
  size_t incomplete_units = 0;  // units the generator left some value out of on purpose
};

// Facts for every indicator `rubric` reads (values, and prior values where a rule or veto reads
// prior(x)), for any kind the rubric applies to, plus the `le` bound of each; manual scores for
// every manual item. Values are plausible for a commune (household counts, rare incidents, shares
// below their bound) and pass the catalogue's checks. Kinds the rubric does not apply to are
// skipped.
GeneratedFacts GenerateFacts(const Rubric& rubric, const Catalogue& catalogue,
                             const FactsGeneratorOptions& options = {});

}  // namespace kieumau
