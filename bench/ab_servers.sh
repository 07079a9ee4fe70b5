#!/usr/bin/env bash
# A/B of two servers on this host: two `serve --workers 2` side by side, each on its own fresh
# PostgreSQL database seeded alike, and wrk runs alternating A, B, A, B… so that both see the
# same drift of the host (it moves ±25 % from minute to minute here).
#
#   A_BIN=/tmp/old/.venv/bin/blanko-tracker bash bench/ab_servers.sh  # another build as A
#   B_FLAGS=--no-access-log bash bench/ab_servers.sh                  # serve's own options
#   A_ENV=BLANKO_DATABASE_POOL_SIZE=10 B_ENV=BLANKO_DATABASE_POOL_SIZE=20 bash bench/ab_servers.sh
#   B_SQL="DROP INDEX audit_entry_at" bash bench/ab_servers.sh        # on B's database, before B starts
#
# Settings: A_BIN / B_BIN (default this checkout's; each build migrates its own database),
# A_ENV / B_ENV (space-separated VAR=value for that server), A_FLAGS / B_FLAGS (extra `serve`
# options), B_SQL, ROUNDS=4, SECONDS_EACH=10, CONNECTIONS=16, REGIONS (default the six Jakarta
# regencies; "31.71" alone for the hot row), SCRIPT=writes.lua (or reads.lua), BENCH_KEYS=1
# (keyed writes, as writes.lua reads it), PROFILE_B=FILE (py-spy records B's workers during
# its first run, raw collapsed stacks for bench/profile_summary.py). Prints one line per run
# and B ÷ A per round.
# Set-up through bench/benchlib.py (database, wait, token, seed), as writes_wrk.sh does.
# Loopback PostgreSQL only (PGHOST 127.0.0.1, user postgres); drops its databases on exit.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.venv/bin/blanko-tracker"
[[ -x "$BIN" ]] || BIN="$(command -v blanko-tracker)"
PY="$ROOT/.venv/bin/python"
[[ -x "$PY" ]] || PY="$(command -v python3)"
LIB="$ROOT/bench/benchlib.py"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export BENCH_PG_ADMIN="postgresql://postgres@127.0.0.1:5432/postgres"
ROUNDS="${ROUNDS:-4}"; SECONDS_EACH="${SECONDS_EACH:-10}"; CONNECTIONS="${CONNECTIONS:-16}"
REGIONS="${REGIONS:-31.01,31.71,31.72,31.73,31.74,31.75}"; SCRIPT="${SCRIPT:-writes.lua}"
SECRET="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
WORK="$(mktemp -d -t blanko-ab-XXXXXX)"
TODAY="$(date +%F)"
declare -A PID PORT TOKEN

cleanup() {
  set +e
  for name in "${!PID[@]}"; do kill -TERM -- "-${PID[$name]}" 2>/dev/null; done
  sleep 1
  for name in "${!PID[@]}"; do kill -KILL -- "-${PID[$name]}" 2>/dev/null; done
  psql -qX -d postgres -c "DROP DATABASE IF EXISTS blanko_ab_a WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS blanko_ab_b WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() {  # start NAME "VAR=value …" "serve flags" BIN
  local name="$1" vars="$2" flags="$3" bin="$4" url port
  url="$("$PY" "$LIB" database "blanko_ab_$name" --user bench --bin "$bin")"
  if [[ $name == b && -n "${B_SQL:-}" ]]; then psql -qX -d "blanko_ab_b" -c "$B_SQL"; fi
  port="$(free_port)"
  # shellcheck disable=SC2086  # the VAR=value list and the flags split on purpose
  env BLANKO_DATABASE_URL="$url" BLANKO_SECRET_KEY="$SECRET" BLANKO_DATA_DIR="$WORK" $vars \
    setsid "$bin" serve --workers 2 --port "$port" $flags >"$WORK/$name.log" 2>&1 &
  PID[$name]=$!; PORT[$name]=$port
  "$PY" "$LIB" wait "http://127.0.0.1:$port" --pid "${PID[$name]}" --log "$WORK/$name.log"
  sleep 1  # the second worker
  TOKEN[$name]="$("$PY" "$LIB" token "http://127.0.0.1:$port")"
  "$PY" "$LIB" seed "http://127.0.0.1:$port" "${TOKEN[$name]}" --regions "$REGIONS" \
    --print-debt "$TODAY"
  echo "server $name: $bin on port $port, env '${vars}', flags '${flags}'"
}

start a "${A_ENV:-}" "${A_FLAGS:-}" "${A_BIN:-$BIN}"
start b "${B_ENV:-}" "${B_FLAGS:-}" "${B_BIN:-$BIN}"

export BENCH_DATE="$TODAY" BENCH_REGIONS="$REGIONS" BENCH_WRITE=print_runs
run() {  # run NAME LABEL SECONDS → req/s
  BENCH_TOKEN="${TOKEN[$1]}" BENCH_LABEL="$2" wrk -t2 -c"$CONNECTIONS" -d"${3}s" --latency \
    -s "$ROOT/bench/$SCRIPT" "http://127.0.0.1:${PORT[$1]}" | grep '^BENCH_RESULT'
}
run a warm 3 >/dev/null; run b warm 3 >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  a="$(run a "a-$r" "$SECONDS_EACH")"
  if [[ -n "${PROFILE_B:-}" && $r == 1 ]]; then
    "$ROOT/.venv/bin/py-spy" record --subprocesses --nonblocking -r 200 -f raw -o "$PROFILE_B" \
      -d "$SECONDS_EACH" --pid "${PID[b]}" >/dev/null 2>&1 &
  fi
  b="$(run b "b-$r" "$SECONDS_EACH")"
  echo "$a" | cut -d' ' -f2-9; echo "$b" | cut -d' ' -f2-9
  rps_a="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$a")"
  rps_b="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$b")"
  awk -v a="$rps_a" -v b="$rps_b" -v r="$r" 'BEGIN {printf "round %d: B ÷ A = %.2f\n", r, b / a}'
done
