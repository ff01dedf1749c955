#!/usr/bin/env bash
# The whole country scored from the command line, end to end (issue 9 part 6: under 75 ms): bench/gen_facts writes
# the national facts file — the 3,321 real commune-level units of 1 July 2025 from the register built into the
# program (data/vn-admin/communes-2025-07-01.csv), generated values, qn-ancs-2023 — into a temporary folder, then
#   kieumau score --rubric rubrics/qn-ancs-2023.yaml --facts FILE > OUT
# runs KIEUMAU_BENCH_RUNS times (default 21), one process each, timed from the shell (fork, exec, loading the
# program and its libraries, reading the criteria set, the catalogue and the facts, scoring, writing, exit). OUT is
# a new file each run (the previous one is removed first, untimed), then /dev/null. Prints the median, minimum and
# maximum wall time of each, the median CPU time (user + system, from the shell's `times`), the sizes, the goal met
# or not, and the machine's load (the numbers mean little on a busy machine). Exits 1 when a run
# fails or its output differs from the first run's; the temporary folder is removed, even on failure.
#   scripts/score-cli-bench.sh [BUILD_DIR]     # BUILD_DIR defaults to build-bench (make bench leaves one)
# BUILD_DIR must be a Release build with KIEUMAU_BENCH=ON (kieumau and bench/gen_facts).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
[[ "$build" = /* ]] || build="$PWD/$build"
runs=${KIEUMAU_BENCH_RUNS:-21}
goal_ms=75

die() {
  echo "score-cli-bench: $*" >&2
  exit 1
}
[[ -x "$build/kieumau" && -x "$build/bench/gen_facts" ]] ||
  die "thiếu $build/kieumau hoặc $build/bench/gen_facts (build first: make bench, or cmake -DKIEUMAU_BENCH=ON)"
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" 2>/dev/null ||
  die "$build không phải bản Release (not a Release build): the numbers would mean nothing"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "KIEUMAU_BENCH_RUNS must be a positive whole number"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kieumau-score-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rubric="$root/rubrics/qn-ancs-2023.yaml"
facts="$tmp/national.facts.json"
"$build/bench/gen_facts" --rubric "$rubric" "$facts" 2>"$tmp/gen.log" || {
  cat "$tmp/gen.log" >&2
  die "gen_facts failed"
}
units=$(grep -c '^[,]\{0,1\}{"unit":' "$facts")

# The CPU seconds (user + system) the shell's finished children have used, from what the shell's `times` wrote
# (its second line, in milliseconds) to the file $1.
children_cpu() {
  awk 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%.3f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"
}

# One timed run: its wall milliseconds are added to $tmp/wall, its CPU milliseconds to $tmp/cpu. (`times` runs in
# this shell, not in a $(…) subshell, so that it sees this shell's children.)
run_once() {
  local out=$1 start end
  times >"$tmp/times-before"
  start=$EPOCHREALTIME
  "$build/kieumau" score --rubric "$rubric" --facts "$facts" >"$out" 2>"$tmp/err" || return 1
  end=$EPOCHREALTIME
  times >"$tmp/times-after"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >>"$tmp/wall"
  awk -v a="$(children_cpu "$tmp/times-before")" -v b="$(children_cpu "$tmp/times-after")" \
    'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >>"$tmp/cpu"
}

# Median, minimum and maximum of the numbers in a file, one per line.
stats() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

# The reference output, from one untimed run (it also brings the program and the facts into the page cache).
"$build/kieumau" score --rubric "$rubric" --facts "$facts" >"$tmp/reference.json" 2>"$tmp/err" || {
  cat "$tmp/err" >&2
  die "kieumau score failed"
}
in_mb=$(awk -v b="$(stat -c %s "$facts")" 'BEGIN { printf "%.1f", b / 1048576 }')
out_mb=$(awk -v b="$(stat -c %s "$tmp/reference.json")" 'BEGIN { printf "%.1f", b / 1048576 }')

echo "kieumau score, the whole country: $units units (real units of 2025-07-01), $in_mb MB of facts in," \
  "$out_mb MB of results out; $runs runs each"
printf '%-24s %10s %10s %10s %12s\n' "output to" "median ms" "min ms" "max ms" "CPU ms"
status=0
for sink in file /dev/null; do
  : >"$tmp/wall"
  : >"$tmp/cpu"
  for ((i = 0; i < runs; i++)); do
    out=$sink
    if [[ $sink == file ]]; then
      out="$tmp/out.json"
      rm -f "$out"
    fi
    if ! run_once "$out"; then
      cat "$tmp/err" >&2
      die "kieumau score failed"
    fi
    if [[ $sink == file ]] && ! cmp -s "$out" "$tmp/reference.json"; then
      echo "score-cli-bench: run $((i + 1)) wrote other results than the first run" >&2
      status=1
    fi
  done
  read -r cpu _ _ < <(stats "$tmp/cpu")
  read -r median min max < <(stats "$tmp/wall")
  label="a new file"
  [[ $sink == /dev/null ]] && label="/dev/null"
  printf '%-24s %10s %10s %10s %12s\n' "$label" "$median" "$min" "$max" "$cpu"
  [[ $sink == file ]] && file_median=$median
done
if awk -v m="$file_median" -v g="$goal_ms" 'BEGIN { exit !(m < g) }'; then
  echo "goal: under $goal_ms ms end to end — met (median $file_median ms to a new file)"
else
  echo "goal: under $goal_ms ms end to end — NOT met (median $file_median ms to a new file)"
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
