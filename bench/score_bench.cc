// Whole-country scoring benchmarks, in process: the 3,321 real commune-level units of 1 July 2025
// (facts_generator.h: generated values) against qn-ancs-2023 — the whole job as `kieumau score`
// runs it but reading files, and each phase alone (parsing the catalogue, the criteria set and the
// facts; scoring; writing) — and peak RSS. The command line end to end, one process per run, is
// scripts/score-cli-bench.sh (make bench runs both).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scoring.h"
#include "facts_generator.h"
#include "load/catalogue_yaml.h"
#include "load/facts_json.h"
#include "load/file.h"
#include "load/result_writer.h"
#include "load/rubric_yaml.h"

namespace kieumau {
namespace {

constexpr std::string_view kRubricPath = KIEUMAU_SOURCE_DIR "/rubrics/qn-ancs-2023.yaml";

[[noreturn]] void Die(std::string_view message) {
  fmt::print(stderr, "score_bench: {}\n", message);
  std::fflush(stderr);
  std::exit(1);
}

// The three texts a run starts from, in memory: the job then is everything but reading files.
struct Inputs {
  std::string catalogue_text;
  std::string rubric_text;
  std::string facts_text;
  std::string invalid_facts_text;  // the same with one value refused, in the last unit
  size_t units = 0;
  size_t items_per_unit = 0;
  size_t incomplete_units = 0;
  size_t dac_khu_as_thi_tran = 0;
};

// What one run of the job leaves: the loaded inputs and what was scored and written.
struct Job {
  std::optional<Catalogue> catalogue;
  std::optional<Rubric> rubric;
  std::optional<FactsBatch> batch;
  std::vector<UnitResult> results;   // kBatch only: every unit's result
  std::string json;                  // kBatch only: the whole result document
  size_t json_bytes = 0;             // bytes of result JSON written
  std::array<size_t, 4> outcomes{};  // by Outcome
  size_t units_with_missing = 0;
};

// How a job produces its results.
enum class Mode {
  kStream,      // as `kieumau score` does (ScoreBatchToJson): JSON handed on a megabyte at a time
  kBatch,       // the batch API: a UnitResult per unit, then WriteResultsJson into one string
  kNoOutput,    // scored as kStream, nothing written
  kTotalsOnly,  // scored without reasons, nothing written: totals and outcomes, as dashboards need
};

// The command line flushes its output buffer to standard output at this size (src/cli/score.cc).
constexpr size_t kFlushBytes = 1 << 20;

// Stands for writing to standard output: the chunk is handed on and forgotten.
void Flush(std::string_view chunk, Job& job) {
  benchmark::DoNotOptimize(chunk.data());
  benchmark::ClobberMemory();
  job.json_bytes += chunk.size();
}

void Tally(const UnitResult& result, Job& job) {
  ++job.outcomes[static_cast<size_t>(result.outcome)];
  if (!result.missing.empty()) ++job.units_with_missing;
}

Catalogue LoadCatalogueOrDie(std::string_view text) {
  LoadedCatalogue loaded = ParseCatalogue(text);
  if (!loaded.catalogue) Die("the built-in indicator catalogue does not load");
  return std::move(*loaded.catalogue);
}

Rubric LoadRubricOrDie(std::string_view text, const Catalogue& catalogue) {
  LoadedRubric loaded = ParseRubric(text, catalogue);
  if (!loaded.rubric) {
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity == Severity::kError) {
        fmt::print(stderr, "{}:{}: error: {}\n", kRubricPath, d.line, d.message);
      }
    }
    Die(fmt::format("{} does not load", kRubricPath));
  }
  return std::move(*loaded.rubric);
}

// Reads the text in place, as the command line reads a mapped file (the text has kReadPadding bytes
// of spare capacity).
FactsBatch LoadFactsOrDie(const std::string& text, const Rubric& rubric,
                          const Catalogue& catalogue) {
  LoadedFacts loaded = ParseFactsInPlace(text, rubric, catalogue);
  if (!loaded.batch) {
    for (const std::string& error : loaded.errors)
      fmt::print(stderr, "generated facts: {}\n", error);
    Die("the generated facts do not pass ParseFacts: the generator is wrong");
  }
  return std::move(*loaded.batch);
}

// The whole job but reading files: parse catalogue, rubric and facts, score every unit, write JSON.
Job RunWholeJob(const Inputs& in, Mode mode) {
  Job job;
  job.catalogue = LoadCatalogueOrDie(in.catalogue_text);
  job.rubric = LoadRubricOrDie(in.rubric_text, *job.catalogue);
  job.batch = LoadFactsOrDie(in.facts_text, *job.rubric, *job.catalogue);
  const Rubric& rubric = *job.rubric;
  const FactsBatch& batch = *job.batch;
  if (mode == Mode::kBatch) {
    job.results.reserve(batch.units.size());
    for (const UnitFacts& unit : batch.units) {
      job.results.push_back(ScoreUnit(rubric, *job.catalogue, unit));
      Tally(job.results.back(), job);
    }
    WriteResultsJson(rubric, batch, job.results, job.json);
    job.json_bytes = job.json.size();
    return job;
  }
  if (mode == Mode::kStream) {
    ScoreBatchToJson(
        rubric, *job.catalogue, batch, [&](std::string_view chunk) { Flush(chunk, job); },
        kFlushBytes);
    return job;
  }
  UnitResult result;
  ScoreOptions options;
  options.reasons = mode != Mode::kTotalsOnly;
  for (size_t u = 0; u < batch.units.size(); ++u) {
    ScoreUnitInto(rubric, *job.catalogue, batch.units[u], result, options);
    Tally(result, job);
  }
  return job;
}

// The generated country, checked once: the facts must load without a single error.
const Inputs& GetInputs() {
  static const Inputs inputs = [] {
    Inputs in;
    in.catalogue_text = std::string(BuiltinCatalogueText());
    Result<std::string> rubric_text = ReadFile(std::string(kRubricPath));
    if (!rubric_text) Die(fmt::format("{}: {}", kRubricPath, rubric_text.error().message));
    in.rubric_text = std::move(*rubric_text);
    const Catalogue catalogue = LoadCatalogueOrDie(in.catalogue_text);
    const Rubric rubric = LoadRubricOrDie(in.rubric_text, catalogue);
    GeneratedFacts generated = GenerateFacts(rubric, catalogue);
    in.facts_text = std::move(generated.json);
    in.facts_text.reserve(in.facts_text.size() + kReadPadding);  // the room a mapped file has
    in.units = generated.units;
    in.incomplete_units = generated.incomplete_units;
    in.dac_khu_as_thi_tran = generated.dac_khu_as_thi_tran;
    in.items_per_unit = rubric.items.size();
    const FactsBatch batch = LoadFactsOrDie(in.facts_text, rubric, catalogue);
    if (batch.units.size() != in.units) Die("the generated facts lost units");
    // A count may not be negative: the last unit's first value made -1, so that the whole file is
    // read to its end before the problem shows, and then read again to name it.
    in.invalid_facts_text = in.facts_text;
    const size_t values = in.invalid_facts_text.rfind("\"values\":{\"");
    const size_t colon =
        values == std::string::npos ? values : in.invalid_facts_text.find(':', values + 10);
    if (colon == std::string::npos) Die("the generated facts have no values");
    in.invalid_facts_text.insert(colon + 1, "-1");
    const size_t end = in.invalid_facts_text.find_first_of(",}", colon + 3);
    in.invalid_facts_text.erase(colon + 3, end - (colon + 3));
    in.invalid_facts_text.reserve(in.invalid_facts_text.size() + kReadPadding);
    if (ParseFactsInPlace(in.invalid_facts_text, rubric, catalogue).batch) {
      Die("the facts made invalid still load");
    }
    return in;
  }();
  return inputs;
}

// Loaded, scored and written once with the batch API, for the benchmarks that time one stage alone.
const Job& GetPrepared() {
  static const Job job = RunWholeJob(GetInputs(), Mode::kBatch);
  return job;
}

void SetRates(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const auto runs = static_cast<double>(state.iterations());
  const auto units = static_cast<double>(in.units);
  state.counters["units"] = benchmark::Counter(runs * units, benchmark::Counter::kIsRate);
  state.counters["items"] = benchmark::Counter(
      runs * units * static_cast<double>(in.items_per_unit), benchmark::Counter::kIsRate);
}

void RunWholeCountry(benchmark::State& state, Mode mode) {
  const Inputs& in = GetInputs();
  for (auto _ : state) {
    Job job = RunWholeJob(in, mode);
    benchmark::DoNotOptimize(job.json_bytes);
  }
  SetRates(state);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(in.facts_text.size()));
}

// The whole job as `kieumau score` runs it, but reading files: catalogue, rubric and facts parsed,
// every unit scored into one reused result and its JSON written out a megabyte at a time.
void BM_WholeCountry(benchmark::State& state) {
  RunWholeCountry(state, Mode::kStream);
}
BENCHMARK(BM_WholeCountry)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// The same with the batch API: every unit's result kept, then the whole document in one string.
void BM_WholeCountryBatch(benchmark::State& state) {
  RunWholeCountry(state, Mode::kBatch);
}
BENCHMARK(BM_WholeCountryBatch)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_WholeCountryNoOutput(benchmark::State& state) {
  RunWholeCountry(state, Mode::kNoOutput);
}
BENCHMARK(BM_WholeCountryNoOutput)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Parsing and scoring without the reasons' text: what a dashboard over the whole country does.
void BM_WholeCountryTotalsOnly(benchmark::State& state) {
  RunWholeCountry(state, Mode::kTotalsOnly);
}
BENCHMARK(BM_WholeCountryTotalsOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_ParseCatalogueOnly(benchmark::State& state) {
  const Inputs& in = GetInputs();
  for (auto _ : state) {
    LoadedCatalogue loaded = ParseCatalogue(in.catalogue_text);
    benchmark::DoNotOptimize(loaded.catalogue);
  }
}
BENCHMARK(BM_ParseCatalogueOnly)->Unit(benchmark::kMillisecond);

void BM_ParseRubricOnly(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const Job& job = GetPrepared();
  for (auto _ : state) {
    LoadedRubric loaded = ParseRubric(in.rubric_text, *job.catalogue);
    benchmark::DoNotOptimize(loaded.rubric);
  }
}
BENCHMARK(BM_ParseRubricOnly)->Unit(benchmark::kMillisecond);

void BM_ParseFactsOnly(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const Job& job = GetPrepared();
  for (auto _ : state) {
    LoadedFacts loaded = ParseFactsInPlace(in.facts_text, *job.rubric, *job.catalogue);
    benchmark::DoNotOptimize(loaded.batch);
  }
  SetRates(state);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(in.facts_text.size()));
}
BENCHMARK(BM_ParseFactsOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// The same file with one value refused in its last unit: read to the end by the fast reader, then
// again by the full reader, which names the problem (facts_json.cc).
void BM_ParseFactsInvalid(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const Job& job = GetPrepared();
  for (auto _ : state) {
    LoadedFacts loaded = ParseFactsInPlace(in.invalid_facts_text, *job.rubric, *job.catalogue);
    benchmark::DoNotOptimize(loaded.errors);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(in.invalid_facts_text.size()));
}
BENCHMARK(BM_ParseFactsInvalid)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Scoring alone, as the command line does it: every unit into one reused UnitResult.
void BM_ScoreOnly(benchmark::State& state) {
  const Job& job = GetPrepared();
  for (auto _ : state) {
    UnitResult result;
    for (const UnitFacts& unit : job.batch->units) {
      ScoreUnitInto(*job.rubric, *job.catalogue, unit, result);
      benchmark::DoNotOptimize(result.total);
    }
  }
  SetRates(state);
}
BENCHMARK(BM_ScoreOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Scoring alone without reasons.
void BM_ScoreTotalsOnly(benchmark::State& state) {
  const Job& job = GetPrepared();
  ScoreOptions options;
  options.reasons = false;
  for (auto _ : state) {
    UnitResult result;
    for (const UnitFacts& unit : job.batch->units) {
      ScoreUnitInto(*job.rubric, *job.catalogue, unit, result, options);
      benchmark::DoNotOptimize(result.total);
    }
  }
  SetRates(state);
}
BENCHMARK(BM_ScoreTotalsOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Writing alone, from every unit's result, as ScoreBatchToJson writes: each unit straight into
// room made for it in a one-megabyte chunk.
void BM_WriteJsonOnly(benchmark::State& state) {
  const Job& prepared = GetPrepared();
  const Rubric& rubric = *prepared.rubric;
  const FactsBatch& batch = *prepared.batch;
  std::string chunk(kFlushBytes + (1 << 16), '\0');
  for (auto _ : state) {
    Job sink;
    size_t used = 0;
    for (size_t u = 0; u < batch.units.size(); ++u) {
      const size_t bound = UnitJsonBound(rubric, batch.units[u], prepared.results[u]);
      if (used + bound > chunk.size()) {
        Flush(std::string_view(chunk.data(), used), sink);
        used = 0;
      }
      used = static_cast<size_t>(
          WriteUnitJson(rubric, batch.units[u], prepared.results[u], u == 0, chunk.data() + used) -
          chunk.data());
      if (used >= kFlushBytes) {
        Flush(std::string_view(chunk.data(), used), sink);
        used = 0;
      }
    }
    Flush(std::string_view(chunk.data(), used), sink);
  }
  SetRates(state);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(prepared.json_bytes));
}
BENCHMARK(BM_WriteJsonOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// The process's peak RSS so far (getrusage: kilobytes on Linux).
double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in MB; negative when unreadable.
double StatusMb(std::string_view key) {
  double mb = -1;
  if (std::FILE* status = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, status) != nullptr) {
      long kb = 0;
      if (std::string_view(line).starts_with(key) &&
          std::sscanf(line + key.size(), "%ld", &kb) == 1) {
        mb = static_cast<double>(kb) / 1024.0;
        break;
      }
    }
    std::fclose(status);
  }
  return mb;
}

// Resets the kernel's peak-RSS mark (VmHWM) to the current RSS (Linux 4.0+); false when it cannot.
bool ResetPeakRss() {
  std::FILE* clear_refs = std::fopen("/proc/self/clear_refs", "w");
  if (clear_refs == nullptr) return false;
  const bool written = std::fputs("5", clear_refs) >= 0;
  return std::fclose(clear_refs) == 0 && written;
}

// One whole job as the command line runs it, before the harness runs anything: its wall time (cold:
// first touch of every page) and its peak RSS. With the peak mark reset just before the job, that
// peak is the program, the facts text (as the CLI holds it after reading the file) and the job.
void RunOnceAndReport() {
  const Inputs& in = GetInputs();
  const double peak_before = PeakRssMb();
  const double rss_before = StatusMb("VmRSS:");
  const bool reset = ResetPeakRss();
  const auto start = std::chrono::steady_clock::now();
  const Job job = RunWholeJob(in, Mode::kStream);
  const auto stop = std::chrono::steady_clock::now();
  const double job_peak = StatusMb("VmHWM:");
  const double peak_after = PeakRssMb();

  const Job& prepared = GetPrepared();  // for the outcomes, after the peak was read
  const auto count_kind = [&](UnitKind kind) {
    return std::count_if(job.batch->units.begin(), job.batch->units.end(),
                         [kind](const UnitFacts& u) { return u.kind == kind; });
  };
  fmt::print(
      "Facts: the {} real units of 2025-07-01 ({} phường, {} xã, {} thị trấn — of which {} đặc "
      "khu, which qn-ancs-2023 does not list) × {} items = {} item evaluations; {:.2f} MB of "
      "JSON; {} units with values left out on purpose\n",
      in.units, count_kind(UnitKind::kPhuong), count_kind(UnitKind::kXa),
      count_kind(UnitKind::kThiTran), in.dac_khu_as_thi_tran, in.items_per_unit,
      in.units * in.items_per_unit, static_cast<double>(in.facts_text.size()) / (1024.0 * 1024.0),
      in.incomplete_units);
  fmt::print("Outcomes: {} scored, {} pass, {} fail, {} ineligible; {} units list missing data\n",
             prepared.outcomes[static_cast<size_t>(Outcome::kScored)],
             prepared.outcomes[static_cast<size_t>(Outcome::kPass)],
             prepared.outcomes[static_cast<size_t>(Outcome::kFail)],
             prepared.outcomes[static_cast<size_t>(Outcome::kIneligible)],
             prepared.units_with_missing);
  fmt::print(
      "One whole job, cold, no harness: {:.1f} ms; {:.2f} MB of result JSON (the command line end "
      "to end: scripts/score-cli-bench.sh)\n",
      std::chrono::duration<double, std::milli>(stop - start).count(),
      static_cast<double>(job.json_bytes) / (1024.0 * 1024.0));
  if (reset && job_peak >= 0) {
    fmt::print(
        "Peak RSS of one whole job: {:.1f} MB (RSS before it, facts text included: {:.1f} MB; "
        "peak while generating and checking the facts: {:.1f} MB)\n",
        job_peak, rss_before, peak_before);
  } else {
    fmt::print(
        "Peak RSS after one whole job: {:.1f} MB (generating and checking the facts "
        "included: the peak mark could not be reset)\n",
        peak_after);
  }
  std::fflush(stdout);
}

}  // namespace
}  // namespace kieumau

// Usage: score_bench [--once] [--benchmark_...]. --once runs the whole job once, prints its peak
// RSS and stops.
int main(int argc, char** argv) {
  bool once = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--once") == 0) {
      once = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  kieumau::RunOnceAndReport();
  if (once) return 0;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fmt::print("Peak RSS of the benchmark process (harness and prepared data included): {:.1f} MB\n",
             kieumau::PeakRssMb());
  return 0;
}
