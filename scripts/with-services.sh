#!/usr/bin/env bash
# Runs a command with the services the tests need: a throw-away PostgreSQL 15 server of its own (initdb into a
# temporary directory, a free loopback port, unix sockets in that directory), its address exported as
# KIEUMAU_TEST_PG_URL; and a folder the test processes of the run share (templates made once for all of them,
# tests/service/demo_template.h), exported as KIEUMAU_TEST_RUN_DIR. The server is stopped and the directories
# removed when the command ends, fails or is interrupted; the script exits with the command's status.
# Debian's own cluster service is never touched.
#   scripts/with-services.sh COMMAND [ARGS...]
# KIEUMAU_TEST_PG_FSYNC=on keeps fsync on (for measurements); by default the throw-away server skips it.
set -uo pipefail
[[ $# -gt 0 ]] || { echo "usage: with-services.sh COMMAND [ARGS...]" >&2; exit 2; }

pg_bin=""
for dir in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { pg_bin=$dir; break; }
done
if [[ -z "$pg_bin" ]]; then
  echo "Không tìm thấy PostgreSQL 15 (PostgreSQL 15 binaries not found; install the 'postgresql' package)" >&2
  exit 1
fi

# initdb refuses to run as root: then the server runs as the postgres system user, which owns the directory.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "Thiếu người dùng postgres (no 'postgres' system user)" >&2; exit 1; }
  as_server=(runuser -u postgres --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kieumau-pg.XXXXXX") || exit 1
[[ ${#as_server[@]} -gt 0 ]] && chown postgres: "$tmp"
chmod 700 "$tmp"
started=0

cleanup() {
  if [[ $started -eq 1 ]]; then
    "${as_server[@]}" "$pg_bin/pg_ctl" stop -D "$tmp/data" -m fast -s >/dev/null 2>&1 ||
      "${as_server[@]}" "$pg_bin/pg_ctl" stop -D "$tmp/data" -m immediate -s >/dev/null 2>&1
    echo "PostgreSQL (test) đã dừng (stopped)"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

user=kieumau
db=kieumau_test
if ! "${as_server[@]}" "$pg_bin/initdb" -D "$tmp/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$tmp/initdb.log" 2>&1; then
  echo "initdb thất bại (initdb failed):" >&2
  cat "$tmp/initdb.log" >&2
  exit 1
fi

fsync=off
[[ "${KIEUMAU_TEST_PG_FSYNC:-}" == "on" ]] && fsync=on

# A free loopback port: a random one nobody listens on; if another process takes it first, the start fails and
# the next candidate is tried.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for attempt in 1 2 3 4 5 6 7 8; do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if "${as_server[@]}" "$pg_bin/pg_ctl" start -D "$tmp/data" -w -t 30 -s -l "$tmp/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=$fsync -c synchronous_commit=$fsync \
-c full_page_writes=$fsync -c max_connections=50" >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [[ $started -ne 1 ]]; then
  echo "Không khởi động được PostgreSQL (could not start the test server):" >&2
  tail -n 20 "$tmp/server.log" >&2 2>/dev/null
  exit 1
fi

if ! "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" >"$tmp/createdb.log" 2>&1; then
  echo "Không tạo được cơ sở dữ liệu (createdb failed):" >&2
  cat "$tmp/createdb.log" >&2
  exit 1
fi

mkdir "$tmp/run" || exit 1
export KIEUMAU_TEST_RUN_DIR="$tmp/run"
export KIEUMAU_TEST_PG_URL="postgresql://$user@127.0.0.1:$port/$db"
echo "PostgreSQL (test) chạy tại (running at) $KIEUMAU_TEST_PG_URL"
"$@"
exit $?
