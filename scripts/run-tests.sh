#!/usr/bin/env bash
# Runs every test of a build tree with CTest and ends with one line that counts them: "tests: N passed, M failed".
set -uo pipefail
build_dir=${1:?usage: run-tests.sh BUILD_DIR}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Tests that need services (a PostgreSQL server, …) get them from scripts/with-services.sh when it exists: it
# starts them, runs the command it is given with their addresses in the environment, and stops them after.
runner=()
[[ -x "$(dirname "$0")/with-services.sh" ]] && runner=("$(dirname "$0")/with-services.sh")
"${runner[@]}" ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
if [[ -z "$summary" ]]; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
echo "tests: $((total - failed)) passed, $failed failed"
exit "$status"
