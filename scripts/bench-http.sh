#!/usr/bin/env bash
# The HTTP benchmark of the national dataset: builds it (bench/national_db: the national register with its whole
# history and lineage, as a new database gets it — 14,463 units, 12,033 events; on the 34 provinces' 3,321
# communes of 1 July 2025 every indicator for 10 years; a programme per province) into a temporary SQLite file —
# and, when KIEUMAU_TEST_PG_URL is set, into a schema of its own on that PostgreSQL server — then, for each
# backend, starts `kieumau serve --no-demo` on a free loopback port with a 2,048-byte static file beside the API,
# times the first (cold) request of each endpoint (and the size of its answer), warms up, and runs
# `wrk -t2 -d10s --latency` on:
#   with 64 connections (-c64): the 2 KB static file (the baseline), a province's roadmap (goal p99 < 10 ms), the
#     national roadmap (p99 < 50 ms) — both at >= 50% of the static file's rate — and scoring a province;
#   with 4 connections (-c4, issue 9's reads of the units' history): the 2 KB static file again (the baseline at
#     that concurrency), the units of the province with the most communes on 2025-07-01
#     (/api/units?within=CODE&as_of=2025-07-01, p99 < 5 ms), the page of the 2025 commune with the most
#     predecessors with its lineage (/api/units/CODE?as_of=2025-12-31, p99 < 5 ms), and the whole country's
#     communes on 2025-07-01 (/api/units?as_of=2025-07-01&level=commune, 3,321 units, p99 < 50 ms).
# national_db names the province, programme, commune and year (its bench-* lines). Prints one table (connections,
# requests/s, p50 and p99 latency, cold request and answer size, share of the static file's rate at the same
# connections, the goals met or not), national_db's register and import timings, and the machine's load. The
# server is stopped (SIGTERM) and every temporary file removed, even on failure.
#   scripts/bench-http.sh [BUILD_DIR]                          # SQLite only; BUILD_DIR defaults to build-bench
#   scripts/with-services.sh scripts/bench-http.sh [BUILD_DIR] # SQLite and PostgreSQL
# BUILD_DIR must be a Release build with KIEUMAU_BENCH=ON (make bench leaves one). KIEUMAU_BENCH_DURATION (wrk's
# -d, default 10s) shortens a trial run; the issue's numbers use the default.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
[[ "$build" = /* ]] || build="$PWD/$build"
duration=${KIEUMAU_BENCH_DURATION:-10s}

die() {
  echo "bench-http: $*" >&2
  exit 1
}
[[ -x "$build/kieumau" && -x "$build/bench/national_db" ]] ||
  die "thiếu $build/kieumau hoặc $build/bench/national_db (build first: make bench, or cmake -DKIEUMAU_BENCH=ON)"
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" 2>/dev/null ||
  die "$build không phải bản Release (not a Release build): the numbers would mean nothing"
command -v wrk >/dev/null || die "thiếu wrk (install the Debian package wrk: scripts/install-deps.sh)"
command -v curl >/dev/null || die "thiếu curl (curl is needed to wait for the server)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kieumau-bench-http.XXXXXX") || exit 1
server_pid=""
child_pid=""
pg_schema=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null
  for _ in $(seq 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
}
cleanup() {
  [[ -n "$child_pid" ]] && kill -TERM "$child_pid" 2>/dev/null
  stop_server
  if [[ -n "$pg_schema" ]]; then
    psql "$KIEUMAU_TEST_PG_URL" -qAtX -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $pg_schema CASCADE" \
      >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The baseline: a 2,048-byte static file served by the same server.
mkdir -p "$tmp/static"
head -c 2048 /dev/zero | tr '\0' 'K' >"$tmp/static/static-2k.txt"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# Runs wrk with its output to the file $1, in the background so that a signal stops the script at once (bash
# runs a trap only once the foreground command ends).
run_wrk() {
  local out=$1
  shift
  wrk "$@" >"$out" 2>&1 &
  child_pid=$!
  wait "$child_pid"
  local status=$?
  child_pid=""
  return $status
}

# wrk's latency ("812.00us", "3.21ms", "1.02s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# Rows of the table, one per backend and endpoint:
#   backend|endpoint|connections|req/s|p50 ms|p99 ms|cold ms|answer KB|non-2xx|errors|goal p99 ms|goal share of static.
rows=()
imports=()
loads=("before: $(uptime)")

bench_backend() {
  local backend=$1 url=$2
  echo "=== $backend: national dataset"
  "$build/bench/national_db" --db "$url" >"$tmp/$backend-import.txt" 2>&1 &
  child_pid=$!
  tail -n +1 -f --pid="$child_pid" "$tmp/$backend-import.txt" &
  local tail_pid=$! status=0
  wait "$child_pid" || status=$?
  child_pid=""
  wait "$tail_pid"
  ((status == 0)) || die "national_db failed on $backend"
  local province programme last_year
  read -r _ province programme _ < <(grep '^bench-province ' "$tmp/$backend-import.txt")
  last_year=$(awk '/^bench-last-year / { print $2 }' "$tmp/$backend-import.txt")
  local units_province lineage_unit
  units_province=$(awk '/^bench-units-province / { print $2 }' "$tmp/$backend-import.txt")
  lineage_unit=$(awk '/^bench-lineage / { print $2 }' "$tmp/$backend-import.txt")
  imports+=("$(grep '^register: ' "$tmp/$backend-import.txt" | sed "s/^/$backend /")")
  imports+=("$(grep '^import ' "$tmp/$backend-import.txt")")
  [[ -n "$province" && -n "$programme" && -n "$last_year" && -n "$units_province" && -n "$lineage_unit" ]] ||
    die "national_db printed no bench-province, bench-units-province, bench-lineage or bench-last-year line"

  local port
  port=$(free_port) || die "no free port"
  local base="http://127.0.0.1:$port"
  echo "=== $backend: kieumau serve on $base"
  local started=$SECONDS
  "$build/kieumau" serve --no-demo --db "$url" --host 127.0.0.1 --port "$port" --static "$tmp/static" \
    --rubrics "$root/rubrics" >"$tmp/$backend-serve.log" 2>&1 &
  server_pid=$!
  until curl -sf -o /dev/null "$base/api/health"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/$backend-serve.log" >&2; die "the server stopped"; }
    ((SECONDS - started < 120)) || die "the server did not answer /api/health within 120 s"
    sleep 0.1
  done
  echo "ready after $((SECONDS - started)) s"
  # Every route but the health check needs a session: an administrator made as a person setting up a server
  # does (kieumau user add, the password on standard input), signed in once; wrk and curl send its cookie.
  local password="bench-password-$RANDOM$RANDOM"
  printf '%s\n' "$password" | "$build/kieumau" user add --admin bench --db "$url" >/dev/null ||
    die "kieumau user add failed on $backend"
  local cookie
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    --data "{\"username\":\"bench\",\"password\":\"$password\"}" "$base/api/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p')
  [[ -n "$cookie" ]] || die "could not sign in on $backend"

  # Each endpoint: its name, path, wrk's connections, the goal for its p99 (ms) and for its share of the static
  # file's rate at the same connections ("-": none).
  local names=("static 2 KB" "province roadmap ($programme)" "national roadmap" "score province $province"
    "static 2 KB" "province units ($units_province, 2025-07-01)" "unit + lineage ($lineage_unit)"
    "national communes (2025-07-01)")
  local paths=("/static-2k.txt" "/api/programmes/$programme/roadmap" "/api/roadmap"
    "/api/provinces/$province/scores?year=$last_year&rubric=bn-capkm-2024"
    "/static-2k.txt" "/api/units?within=$units_province&as_of=2025-07-01" "/api/units/$lineage_unit?as_of=2025-12-31"
    "/api/units?as_of=2025-07-01&level=commune")
  local conns=(64 64 64 64 4 4 4 4)
  local goal_p99=(- 10 50 - - 5 5 50)
  local goal_share=(- 0.5 0.5 - - - - -)
  local cold=() sizes=()
  for i in "${!paths[@]}"; do
    local answer code seconds bytes
    answer=$(curl -s -o /dev/null -H "Cookie: $cookie" -w '%{http_code} %{time_total} %{size_download}' \
      "$base${paths[$i]}")
    read -r code seconds bytes <<<"$answer"
    [[ "$code" == 200 ]] || die "$backend ${paths[$i]} answered $code"
    cold+=("$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }')")
    sizes+=("$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1024 }')")
  done
  for i in "${!paths[@]}"; do  # warm-up
    run_wrk /dev/null -t2 -c"${conns[$i]}" -d2s -H "Cookie: $cookie" "$base${paths[$i]}"
  done
  for i in "${!paths[@]}"; do
    local out="$tmp/$backend-$i.wrk"
    echo "--- wrk -t2 -c${conns[$i]} -d$duration --latency ${paths[$i]}"
    run_wrk "$out" -t2 -c"${conns[$i]}" -d"$duration" --timeout 10s --latency -H "Cookie: $cookie" \
      "$base${paths[$i]}" ||
      { cat "$out" >&2; die "wrk failed"; }
    local rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    errors=$(awk '/Socket errors:/ { s = 0; for (i = 3; i <= NF; i += 2) s += $(i + 1); print s }' "$out" | tr -d ',')
    rows+=("$backend|${names[$i]}|${conns[$i]}|$rps|$p50|$p99|${cold[$i]}|${sizes[$i]}|${non2xx:-0}|${errors:-0}|${goal_p99[$i]}|${goal_share[$i]}")
    echo "    $rps req/s, p50 $p50 ms, p99 $p99 ms"
  done
  local rss
  rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null)
  loads+=("after $backend: $(uptime); server RSS ${rss:-?} MB")
  stop_server
}

bench_backend sqlite "sqlite:$tmp/national.db"
if [[ -n "${KIEUMAU_TEST_PG_URL:-}" ]]; then
  command -v psql >/dev/null || die "thiếu psql (psql is needed to create the benchmark's schema)"
  pg_schema="kieumau_bench_http_$$"
  psql "$KIEUMAU_TEST_PG_URL" -qAtX -c "CREATE SCHEMA $pg_schema" >/dev/null || die "cannot create schema $pg_schema"
  sep='?'
  [[ "$KIEUMAU_TEST_PG_URL" == *\?* ]] && sep='&'
  bench_backend postgresql "$KIEUMAU_TEST_PG_URL${sep}options=-csearch_path%3D$pg_schema"
else
  echo "(KIEUMAU_TEST_PG_URL not set: PostgreSQL skipped; run under scripts/with-services.sh for both backends)"
fi

# --- The table, with the goals: with 64 connections, a province's roadmap p99 < 10 ms, the national roadmap
# p99 < 50 ms, roadmap requests at >= 50% of the static file's rate; with 4 connections, a province's units and a
# unit's page with its lineage p99 < 5 ms, the whole country's communes p99 < 50 ms; SQLite import >= 200,000
# values/s.
echo
echo "=== Results: wrk -t2 -d$duration on loopback, $(nproc) CPUs ($(uname -m))"
printf '%-11s %-36s %5s %11s %8s %8s %8s %9s %8s %7s  %s\n' backend endpoint conns req/s "p50 ms" "p99 ms" \
  "cold ms" "answer KB" "% static" non-2xx goal
ok() { awk "BEGIN { exit !($1) }" && echo "met" || echo "NOT MET"; }
for row in "${rows[@]}"; do
  IFS='|' read -r backend name conn rps p50 p99 cold size non2xx errors want_p99 want_share <<<"$row"
  static_rps=""
  for other in "${rows[@]}"; do
    IFS='|' read -r b n c r _ <<<"$other"
    [[ "$b" == "$backend" && "$n" == "static 2 KB" && "$c" == "$conn" ]] && static_rps=$r
  done
  share=$(awk -v r="$rps" -v s="$static_rps" 'BEGIN { if (s > 0) printf "%.0f%%", 100 * r / s; else print "-" }')
  goal=()
  [[ "$want_p99" != - ]] && goal+=("p99 < $want_p99 ms: $(ok "$p99 < $want_p99")")
  [[ "$want_share" != - ]] &&
    goal+=(">= $(awk -v w="$want_share" 'BEGIN { printf "%.0f", 100 * w }')% static: $(ok "$rps >= $want_share * ${static_rps:-0}")")
  [[ "$non2xx" != 0 || "$errors" != 0 ]] && goal+=("non-2xx $non2xx, socket errors $errors")
  text="-"
  ((${#goal[@]} > 0)) && text=$(IFS=';'; echo "${goal[*]}" | sed 's/;/; /g')
  printf '%-11s %-36s %5s %11s %8s %8s %8s %9s %8s %7s  %s\n' "$backend" "$name" "$conn" "$rps" "$p50" "$p99" \
    "$cold" "$size" "$share" "$non2xx" "$text"
done
echo
for line in "${imports[@]}"; do
  echo "$line"
  if [[ "$line" == "import sqlite:"* ]]; then
    rate=$(sed -E 's/.*= ([0-9,]+) values\/s.*/\1/' <<<"$line" | tr -d ',')
    awk -v r="$rate" 'BEGIN { exit !(r >= 200000) }' && echo "  SQLite import >= 200,000 values/s: met" ||
      echo "  SQLite import >= 200,000 values/s: NOT MET"
  fi
done
echo
echo "Load (uptime):"
for line in "${loads[@]}"; do echo "  $line"; done
echo "  end: $(uptime)"
