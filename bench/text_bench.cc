// Search text (src/text/) over the country's 3,321 communes of 2025-07-01: folding every name,
// keying every name, and matching one query against every folded name, reported per name.
// The names are read from the communes CSV at start: $KIEUMAU_COMMUNES_CSV, else the repository's
// data/vn-admin/communes-2025-07-01.csv, else ../shared/data/vn-admin/ beside the repository; when
// none is readable, 3,321 names are generated from common syllables (said on stderr).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/fold.h"
#include "text/search_query.h"

namespace kieumau::text {
namespace {

constexpr size_t kCommunes = 3321;

// The full_name column of a communes CSV (code,name,full_name,kind,province_code; no quoting).
std::optional<std::vector<std::string>> ReadNames(const std::string& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::string line;
  std::getline(file, line);
  if (line.rfind("code,name,full_name,", 0) != 0) return std::nullopt;
  std::vector<std::string> names;
  while (std::getline(file, line)) {
    const size_t first = line.find(',');
    const size_t second = line.find(',', first + 1);
    const size_t third = line.find(',', second + 1);
    if (third == std::string::npos) return std::nullopt;
    names.push_back(line.substr(second + 1, third - second - 1));
  }
  return names;
}

std::vector<std::string> GeneratedNames() {
  const std::vector<std::string_view> kinds = {"Xã", "Phường", "Đặc khu"};
  const std::vector<std::string_view> syllables = {
      "An",   "Bình", "Hòa",   "Phú",  "Tân",  "Thạnh", "Đông", "Tây",   "Nam",   "Bắc",
      "Long", "Hưng", "Thuận", "Mỹ",   "Lộc",  "Quang", "Việt", "Trung", "Nghĩa", "Hải",
      "Sơn",  "Thủy", "Khánh", "Ninh", "Tiền", "Vệ",    "Đức",  "Xuân",  "Cẩm",   "Yên"};
  std::vector<std::string> names;
  uint32_t state = 20250701;
  while (names.size() < kCommunes) {
    state = state * 1664525 + 1013904223;
    std::string name(kinds[(state >> 8) % 100 < 79 ? 0 : (state >> 8) % 100 < 99 ? 1 : 2]);
    for (uint32_t n = 2 + (state >> 20) % 2, s = state; n > 0; --n, s /= syllables.size())
      fmt::format_to(std::back_inserter(name), " {}", syllables[s % syllables.size()]);
    names.push_back(std::move(name));
  }
  return names;
}

const std::vector<std::string>& Names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> paths;
    if (const char* path = std::getenv("KIEUMAU_COMMUNES_CSV")) paths.push_back(path);
    paths.push_back(KIEUMAU_SOURCE_DIR "/data/vn-admin/communes-2025-07-01.csv");
    paths.push_back(KIEUMAU_SOURCE_DIR "/../shared/data/vn-admin/communes-2025-07-01.csv");
    for (const std::string& path : paths) {
      if (std::optional<std::vector<std::string>> read = ReadNames(path)) {
        fmt::print(stderr, "text_bench: {} names from {}\n", read->size(), path);
        return std::move(*read);
      }
    }
    fmt::print(stderr, "text_bench: no communes CSV found; {} generated names\n", kCommunes);
    return GeneratedNames();
  }();
  return names;
}

const std::vector<std::string>& FoldedNames() {
  static const std::vector<std::string> folded = [] {
    std::vector<std::string> all;
    for (const std::string& name : Names())
      all.push_back(FoldForSearch(name));
    return all;
  }();
  return folded;
}

// Time per name, as "per_name" (with kInvert, the counter shows seconds per name).
void PerName(benchmark::State& state) {
  state.counters["per_name"] = benchmark::Counter(
      static_cast<double>(Names().size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["names"] = static_cast<double>(Names().size());
}

// A function of a name applied to every name.
void BM_EachName(benchmark::State& state, std::string (*function)(std::string_view)) {
  const std::vector<std::string>& names = Names();
  for (auto _ : state) {
    for (const std::string& name : names) {
      std::string result = function(name);
      benchmark::DoNotOptimize(result);
    }
  }
  PerName(state);
}
BENCHMARK_CAPTURE(BM_EachName, FoldForSearch, &FoldForSearch)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EachName, ToneInsensitiveKey, &ToneInsensitiveKey)
    ->Unit(benchmark::kMicrosecond);

const std::vector<std::string> kQueries = {"ba dinh",  "hoa",     "Phường",
                                           "oan kiem", "xa an b", "zzz"};

// One query (built once) matched against every folded name.
void BM_MatchQuery(benchmark::State& state) {
  const std::vector<std::string>& folded = FoldedNames();
  const SearchQuery query(kQueries[static_cast<size_t>(state.range(0))]);
  state.SetLabel(query.folded());
  size_t matches = 0;
  for (auto _ : state) {
    matches = 0;
    for (const std::string& name : folded)
      matches += query.Matches(name) ? 1 : 0;
    benchmark::DoNotOptimize(matches);
  }
  PerName(state);
  state.counters["matches"] = static_cast<double>(matches);
}
BENCHMARK(BM_MatchQuery)
    ->DenseRange(0, static_cast<int>(kQueries.size()) - 1)
    ->Unit(benchmark::kMicrosecond);

// A whole search as a caller runs it: the query built, every name ranked, the matches sorted.
void BM_SearchAndSort(benchmark::State& state) {
  const std::vector<std::string>& folded = FoldedNames();
  const std::string& typed = kQueries[static_cast<size_t>(state.range(0))];
  std::vector<std::pair<SearchRank, size_t>> results;
  for (auto _ : state) {
    const SearchQuery query(typed);
    results.clear();
    for (size_t i = 0; i < folded.size(); ++i)
      if (const std::optional<SearchRank> rank = query.Rank(folded[i]))
        results.emplace_back(*rank, i);
    std::sort(results.begin(), results.end());
    benchmark::DoNotOptimize(results.data());
  }
  state.SetLabel(FoldForSearch(typed));
  PerName(state);
  state.counters["matches"] = static_cast<double>(results.size());
}
BENCHMARK(BM_SearchAndSort)
    ->DenseRange(0, static_cast<int>(kQueries.size()) - 1)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kieumau::text

BENCHMARK_MAIN();
