// Writes the whole-country facts file — the 3,321 real commune-level units of 1 July 2025 from the
// register built into the program, generated values (facts_generator.h) — to time the real command
// line on it (scripts/score-cli-bench.sh).
#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "facts_generator.h"
#include "load/catalogue_yaml.h"
#include "load/facts_json.h"
#include "load/rubric_yaml.h"

namespace kieumau {
namespace {

int Run(const std::string& rubric_path, const std::string& out_path) {
  LoadedCatalogue catalogue = ParseCatalogue(BuiltinCatalogueText());
  if (!catalogue.catalogue) {
    fmt::print(stderr, "gen_facts: the built-in indicator catalogue does not load\n");
    return 1;
  }
  LoadedRubric rubric = LoadRubricFile(rubric_path, *catalogue.catalogue);
  if (!rubric.rubric) {
    for (const Diagnostic& d : rubric.diagnostics) {
      if (d.severity == Severity::kError) {
        fmt::print(stderr, "{}:{}: error: {}\n", rubric_path, d.line, d.message);
      }
    }
    return 1;
  }
  const GeneratedFacts generated = GenerateFacts(*rubric.rubric, *catalogue.catalogue);
  const LoadedFacts check = ParseFacts(generated.json, *rubric.rubric, *catalogue.catalogue);
  if (!check.batch) {
    for (const std::string& error : check.errors)
      fmt::print(stderr, "generated facts: {}\n", error);
    fmt::print(stderr, "gen_facts: the generated facts do not load; nothing written\n");
    return 1;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(generated.json.data(), static_cast<std::streamsize>(generated.json.size()));
  out.close();
  if (!out) {
    fmt::print(stderr, "gen_facts: cannot write {}\n", out_path);
    return 1;
  }
  fmt::print(stderr,
             "gen_facts: {} units ({} đặc khu written as thi_tran, {} left out: kinds {} does not "
             "apply to; {} with values left out on purpose), {} bytes → {}\n",
             generated.units, generated.dac_khu_as_thi_tran, generated.skipped, rubric.rubric->id,
             generated.incomplete_units, generated.json.size(), out_path);
  return 0;
}

}  // namespace
}  // namespace kieumau

int main(int argc, char** argv) {
  std::string rubric_path = KIEUMAU_SOURCE_DIR "/rubrics/qn-ancs-2023.yaml";
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rubric") == 0 && i + 1 < argc) {
      rubric_path = argv[++i];
    } else if (argv[i][0] != '-' && out_path.empty()) {
      out_path = argv[i];
    } else {
      out_path.clear();
      break;
    }
  }
  if (out_path.empty()) {
    fmt::print(stderr, "usage: gen_facts [--rubric RUBRIC.yaml] OUT.facts.json\n");
    return 2;
  }
  return kieumau::Run(rubric_path, out_path);
}
