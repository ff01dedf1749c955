// The national register (data/vn-admin/, about 3.4 MB of CSV built into the program): every file
// parsed and checked by ParseRegister, as a program start or `kieumau register apply` does.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "register/register_data.h"

namespace kieumau::admin_register {
namespace {

void BM_ParseRegister(benchmark::State& state) {
  const RegisterFiles files = BuiltinRegisterFiles();
  int64_t bytes = 0;
  for (const RegisterFileSpec& spec : kRegisterFileSpecs)
    bytes += static_cast<int64_t>((files.*spec.text).size());
  size_t rows = 0;
  for (auto _ : state) {
    Result<RegisterData, RegisterProblems> data = ParseRegister(files);
    if (!data) {
      fmt::print(stderr, "register_bench: the built-in register does not parse:\n{}",
                 FormatProblems(data.error()));
      std::exit(1);
    }
    rows = data->communes_2024_11_01.size() + data->communes_2025_03_01.size() +
           data->communes_2025_07_01.size() + data->communes_2026_04_30.size() +
           data->provinces_2026_04_30.size() + data->changes_early_2025.size() +
           data->lineage_2025_07_01.size() + data->lineage_unmatched.size() + data->releases.size();
    benchmark::DoNotOptimize(data);
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ParseRegister)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace
}  // namespace kieumau::admin_register

BENCHMARK_MAIN();
