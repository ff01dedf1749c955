// Fuzz targets: one function per parser of outside input. Each must return, whatever the bytes,
// without crashing, hanging, leaking or reading out of bounds; the sanitizers watch. The same
// functions are run by libFuzzer (`make fuzz`, fuzz/libfuzzer_main.cc) and, over the committed
// corpus and every crash ever found (fuzz/corpus/<target>/, fuzz/crashes/<target>/), by the
// replay test that `make test` runs (tests/fuzz/).
#pragma once

#include <string_view>
#include <vector>

namespace kieumau::fuzz {

void FactsJson(std::string_view bytes);   // a facts file for `kieumau score` and POST /api/score
void FactsBody(std::string_view bytes);   // the body of PUT /api/units/{code}/facts
void FactsCsv(std::string_view bytes);    // an imported facts table as CSV, read and checked
void FactsXlsx(std::string_view bytes);   // … as xlsx
void RubricYaml(std::string_view bytes);  // a criteria set
void Expression(std::string_view bytes);  // one expression of a criteria set, parsed and evaluated
void ProgrammeYaml(std::string_view bytes);  // a programme file
void UnitEvent(std::string_view bytes);      // a stored unit event's JSON payload
void SearchFold(std::string_view bytes);     // what a user types in a search box (src/text/)

struct Target {
  std::string_view name;  // the folder of its corpus and crashes
  void (*run)(std::string_view bytes);
};
const std::vector<Target>& Targets();

}  // namespace kieumau::fuzz
