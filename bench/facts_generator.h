// A deterministic whole-country facts file (RUBRIC-FORMAT.md §7) for the benchmarks: the real
// commune-level units of 1 July 2025 (from the register built into the program), generated values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rubric.h"
#include "engine/unit_kind.h"

namespace kieumau {

// A commune-level unit the generator writes facts for.
struct GeneratorUnit {
  std::string code;  // "00004"
  std::string name;  // the full name: "Phường Ba Đình"
  UnitKind kind = UnitKind::kXa;
  std::string province_code;  // "01"
};

// The country's 3,321 commune-level units of 1 July 2025 as the register built into the program
// has them (data/vn-admin/communes-2025-07-01.csv, through admin_register::ParseRegister): 687
// phường, 2,621 xã and 13 đặc khu with their real codes, names and provinces, in the register's
// order (by code). Parsed once; exits the program when the built-in register does not parse.
const std::vector<GeneratorUnit>& RealUnits2025();

struct FactsGeneratorOptions {
  // The units to write facts for; empty: RealUnits2025().
  std::vector<GeneratorUnit> units;
  int year = 2025;
  uint64_t seed = 0x4B4945554D4155;  // "KIEUMAU": the same file on every run and every platform
  // About this share of units lacks one to three values (left out, or written as null) and about
  // half as many lack a manual score, so that the "missing data" path is exercised.
  double incomplete_share = 0.01;
};

struct GeneratedFacts {
  std::string json;                // compact: no spaces, one unit per line
  size_t units = 0;                // units written
  size_t incomplete_units = 0;     // units the generator left some value out of on purpose
  size_t dac_khu_as_thi_tran = 0;  // đặc khu written with kind thi_tran (see GenerateFacts)
  size_t skipped = 0;              // units of a kind the rubric does not apply to, left out
};

// Facts for every indicator `rubric` reads (values, and prior values where a rule or veto reads
// prior(x)), for any kind the rubric applies to, plus the `le` bound of each; manual scores for
// every manual item. Values are plausible for a commune (household counts, rare incidents, shares
// below their bound) and pass the catalogue's checks. Units are written in the order given, each
// under its real code and name. A đặc khu is written as such when the rubric applies to dac_khu;
// when it does not but applies to thi_tran — qn-ancs-2023 lists phuong, thi_tran and xa, drawn up
// before the special zones of 2025 — it is written with kind thi_tran (keeping its name "Đặc khu
// …"), the town-level kind nearest to a special zone, so that the file still holds the whole
// country's 3,321 units; otherwise it is skipped. Other kinds the rubric does not apply to are
// skipped.
GeneratedFacts GenerateFacts(const Rubric& rubric, const Catalogue& catalogue,
                             const FactsGeneratorOptions& options = {});

}  // namespace kieumau
