#!/usr/bin/env bash
# Runs every test of a build tree with CTest and ends with one line that counts them:
# "tests: N passed, M failed, K skipped". A skipped test (GTEST_SKIP, which the test CMakeLists mark with
# SKIP_REGULAR_EXPRESSION) and a disabled one (DISABLED_…, "Not Run (Disabled)") count as skipped, not passed.
# Exits non-zero when a test fails or CTest gives no summary.
#   scripts/run-tests.sh BUILD_DIR [CTEST_ARGS...]   (e.g. -L unit for one tier)
set -uo pipefail
build_dir=${1:?usage: run-tests.sh BUILD_DIR [CTEST_ARGS...]}
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Tests that need services (a PostgreSQL server, …) get them from scripts/with-services.sh when it exists: it
# starts them, runs the command it is given with their addresses in the environment, and stops them after.
runner=()
[[ -x "$(dirname "$0")/with-services.sh" ]] && runner=("$(dirname "$0")/with-services.sh")
"${runner[@]}" ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# "67% tests passed, 1 tests failed out of 3": the total counts skipped tests (as passed) but not disabled ones.
summary_line=$(grep -nE '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
if [[ -z "$summary_line" ]]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
summary=${summary_line#*:}
failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
# After the summary, "The following tests did not run:" lists each skipped and disabled test:
#	  3 - some_test (Skipped)
#	  4 - DISABLED_other (Disabled)
after_summary=$(tail -n "+${summary_line%%:*}" "$log")
skipped=$(grep -cE '^[[:space:]]+[0-9]+ - .* \(Skipped\)$' <<<"$after_summary")
disabled=$(grep -cE '^[[:space:]]+[0-9]+ - .* \(Disabled\)$' <<<"$after_summary")
echo "tests: $((total - failed - skipped)) passed, $failed failed, $((skipped + disabled)) skipped"
if [[ $status -eq 0 && $failed -ne 0 ]]; then
  status=1
fi
exit "$status"
