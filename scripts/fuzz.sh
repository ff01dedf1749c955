#!/usr/bin/env bash
# Runs every libFuzzer program of a fuzz build (`make fuzz`) for a set time each, starting from the
# committed corpus (fuzz/corpus/<target>/, copied into the build folder so that new inputs stay out
# of the repository). An input that crashes, leaks or hangs a target is written to
# fuzz/crashes/<target>/ — commit it with the fix: `make test` replays that folder.
#   scripts/fuzz.sh BUILD_DIR [SECONDS_PER_TARGET]
set -uo pipefail
build_dir=${1:?usage: fuzz.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)

failed=()
shopt -s nullglob
for program in "$build_dir"/fuzz/fuzz_*; do
  [[ -x "$program" ]] || continue
  name=${program##*/fuzz_}
  work="$build_dir/fuzz-corpus/$name"
  mkdir -p "$work" "$root/fuzz/crashes/$name"
  cp -n "$root/fuzz/corpus/$name"/* "$work"/ 2>/dev/null
  echo "== $name: ${seconds}s"
  # -rss_limit_mb: the sanitizers' shadow memory plus a large input; -timeout: one input may take
  # at most 10 s (a stall is a finding too).
  if ! "$program" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$root/fuzz/crashes/$name/" "$work" \
      >"$build_dir/fuzz-$name.log" 2>&1; then
    failed+=("$name")
    tail -n 30 "$build_dir/fuzz-$name.log"
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$build_dir/fuzz-$name.log" |
      tr '\n' ' '
    echo
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Fuzz tìm thấy lỗi ở (findings in): ${failed[*]} — xem fuzz/crashes/ (see fuzz/crashes/)"
  exit 1
fi
echo "fuzz: không tìm thấy lỗi (no findings)"
