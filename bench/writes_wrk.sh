#!/usr/bin/env bash
# Write throughput on PostgreSQL — POST /api/v1/print-runs (default) or /api/v1/adjustments —
# next to pgbench TPC-B on the same server, in the same run; stock reads beside them.
#
#   bash bench/writes_wrk.sh                          (print runs; from the repository root)
#   BENCH_WRITE=adjustments bash bench/writes_wrk.sh  (stock adjustments)
#
# Steps: fresh database $BENCH_APP_DB, migrated, with an admin (bench/benchlib.py database) →
# `serve --workers 2` on a free loopback port → token → seed stock (and, for print runs,
# print debt) → a 3 s warm-up → per repeat: wrk (16 connections, writes spread over Jakarta's
# regencies 31.01, 31.71–31.75, and for adjustments the province 31 too), pgbench -c 16 -j 2
# on $BENCH_PGBENCH_DB (initialised once with -i -s 10), wrk on a single hot row (31.71; 31),
# wrk reading GET /api/v1/stock/{code} → a short profiling run with py-spy on the workers (if
# installed) → consistency checks and `blanko-tracker check` → stop the server, drop both
# databases (also on failure or Ctrl-C: trap EXIT). The summary ends with one table row per
# repeat for bench/README.md ("Writes at 16 connections").
#
# Settings (environment):
#   BENCH_WRITE=print_runs what to write: print_runs (1 card printed each) or adjustments
#   BENCH_DURATION=20      seconds per wrk / pgbench run (capped at 30)
#   BENCH_CONNECTIONS=16   wrk connections and pgbench clients
#   BENCH_REPEAT=1         how many spread + hot wrk pairs and pgbench runs
#   BENCH_PROFILE=1        0 skips the py-spy run
#   BENCH_ACCESS_LOG=1     0 serves with --no-access-log (as behind a proxy that logs requests)
#   BENCH_WORKERS=2        serve --workers N
#   BENCH_KEYS=1           every write carries an Idempotency-Key of its own (as client.py's)
#   BLANKO_* settings (BLANKO_DATABASE_POOL_SIZE, …) reach the server as they are
#   BENCH_APP_DB=blanko_bench  BENCH_PGBENCH_DB=blanko_bench_pgbench
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres (loopback only: anything else is refused)
# Output: stdout, copied to bench/results/<write>-<timestamp>.log; the py-spy flame graph
# goes to bench/results/profile.svg and its summary to bench/results/profile-summary.txt.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
mkdir -p "$RESULTS"
STAMP="$(date +%Y%m%d-%H%M%S)"
WHEN="$(date '+%Y-%m-%d %H:%M')"
WRITE="${BENCH_WRITE:-print_runs}"
LOG="$RESULTS/$WRITE-$STAMP.log"
# tee ignores INT/TERM so that the cleanup's own report still reaches the log after Ctrl-C.
exec > >(trap '' INT TERM; exec tee "$LOG") 2>&1

DURATION="${BENCH_DURATION:-20}"
(( DURATION > 30 )) && DURATION=30
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
REPEAT="${BENCH_REPEAT:-1}"
PROFILE="${BENCH_PROFILE:-1}"
ACCESS_LOG="${BENCH_ACCESS_LOG:-1}"
SERVE_WORKERS="${BENCH_WORKERS:-2}"
SERVE_FLAGS=()
[[ "$ACCESS_LOG" == 0 ]] && SERVE_FLAGS+=(--no-access-log)
APP_DB="${BENCH_APP_DB:-blanko_bench}"
PGB_DB="${BENCH_PGBENCH_DB:-blanko_bench_pgbench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
case "$WRITE" in
  print_runs) SPREAD_REGIONS="31.01,31.71,31.72,31.73,31.74,31.75"; HOT_REGIONS="31.71" ;;
  adjustments) SPREAD_REGIONS="31,31.01,31.71,31.72,31.73,31.74,31.75"; HOT_REGIONS="31" ;;
  *) echo "BENCH_WRITE must be print_runs or adjustments, not $WRITE" >&2; exit 2 ;;
esac
export BENCH_WRITE="$WRITE" BENCH_DATE="$(date +%F)"

case "$PGHOST" in
  127.0.0.1|localhost|::1) ;;
  *) echo "refusing PGHOST=$PGHOST: this benchmark only talks to loopback" >&2; exit 2 ;;
esac

# ---- tools ------------------------------------------------------------------------------------
tool() {  # first of: the venv's copy, PATH, extra candidates
  local name="$1"; shift
  local candidate
  for candidate in "$ROOT/.venv/bin/$name" "$(command -v "$name" 2>/dev/null || true)" "$@"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}
BIN="$(tool blanko-tracker)" || { echo "blanko-tracker not found (.venv/bin or PATH)" >&2; exit 2; }
PY="$(tool python3)" || { echo "python3 not found" >&2; exit 2; }
WRK="$(tool wrk)" || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }
PGBIN=/usr/lib/postgresql/15/bin
PSQL="$(tool psql "$PGBIN/psql")" || { echo "psql not found" >&2; exit 2; }
PGBENCH="$(tool pgbench "$PGBIN/pgbench")" || {
  echo "pgbench not found: apt-get install -y postgresql-contrib" >&2; exit 2; }
PYSPY="$(tool py-spy || true)"

# ---- cleanup: stop what we started, drop what we created ---------------------------------------
SERVER_PID=""
SPY_PIDS=()
DATA_DIR="$(mktemp -d -t blanko-bench-XXXXXX)"

stop_server() {
  [[ -z "$SERVER_PID" ]] && return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  # The server runs in its own session (setsid): its process group is its workers.
  kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

drop_databases() {
  "$PSQL" -qX -d postgres -c "DROP DATABASE IF EXISTS \"$APP_DB\" WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS \"$PGB_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
}

cleanup() {
  local status=$?
  set +e
  for pid in "${SPY_PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  stop_server
  drop_databases
  rm -rf "$DATA_DIR" "$RESULTS/.cpu-before" "$RESULTS/.cpu-after" "$RESULTS/.warmup-wrk.txt"
  echo "cleanup: server stopped, databases $APP_DB and $PGB_DB dropped (exit $status)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers ----------------------------------------------------------------------------------
free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
cpu_snapshot() {  # "cpu BUSY TOTAL" for the machine, then "KIND PID TICKS" per process
  awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print "cpu", busy, busy+$5+$6; exit}' /proc/stat
  local pid
  for pid in "${WORKERS[@]}"; do
    awk -v p="$pid" '{print "worker", p, $14+$15}' "/proc/$pid/stat" 2>/dev/null || true
  done
  for pid in $(pgrep -x postgres || true); do
    awk -v p="$pid" '{print "postgres", p, $14+$15}' "/proc/$pid/stat" 2>/dev/null || true
  done
}
cpu_report() {  # cpu_report BEFORE_FILE AFTER_FILE: cores used by each part between the two
  "$PY" - "$1" "$2" "$CLK_TCK" "$NPROC" <<'PYEOF'
import sys
def load(path):
    cpu, procs = None, {}
    for line in open(path):
        kind, a, b = line.split()
        if kind == "cpu":
            cpu = (int(a), int(b))
        else:
            procs[(kind, a)] = int(b)
    return cpu, procs
(b0, t0), before = load(sys.argv[1])
(b1, t1), after = load(sys.argv[2])
hz, n = int(sys.argv[3]), int(sys.argv[4])
seconds = (t1 - t0) / n / hz            # jiffies of all CPUs / CPUs = elapsed seconds
used = {"worker": 0, "postgres": 0}
for key, ticks in after.items():        # a process started during the run counts from zero
    used[key[0]] += ticks - before.get(key, 0)
busy = (b1 - b0) / hz / seconds
app, pg = used["worker"] / hz / seconds, used["postgres"] / hz / seconds
print(f"cpu: machine {100 * busy / n:.0f}% busy ({busy:.2f} of {n} cores): app workers "
      f"{app:.2f}, postgres {pg:.2f}, rest (wrk, kernel, other) {busy - app - pg:.2f} cores")
PYEOF
}
worker_pids() {  # uvicorn's spawned workers; with one worker the server process itself
  if (( SERVE_WORKERS == 1 )); then echo "$SERVER_PID"; else pgrep -P "$SERVER_PID" -f spawn_main || true; fi
}
field() {  # field NAME "BENCH_RESULT line"
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

CLK_TCK="$(getconf CLK_TCK)"
NPROC="$(nproc)"

# ---- machine ----------------------------------------------------------------------------------
echo "== blanko-tracker $WRITE benchmark, $STAMP"
echo "commit:     $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine:    $NPROC CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -h | awk '/^Mem:/{print $2}') RAM"
echo "python:     $("$PY" -V 2>&1), app: $BIN"
echo "postgres:   $("$PSQL" -AtX -d postgres -c 'SHOW server_version')  (synchronous_commit=$("$PSQL" -AtX -d postgres -c 'SHOW synchronous_commit'), max_connections=$("$PSQL" -AtX -d postgres -c 'SHOW max_connections'))"
echo "wrk:        $("$WRK" --version 2>&1 | head -1 | cut -d' ' -f1-2); pgbench: $("$PGBENCH" --version)"
echo "settings:   duration=${DURATION}s connections=$CONNECTIONS workers=$SERVE_WORKERS repeat=$REPEAT profile=$PROFILE access_log=$ACCESS_LOG keys=${BENCH_KEYS:-0}"

# ---- database, user, server -------------------------------------------------------------------
export BENCH_PG_ADMIN="postgresql://$PGUSER@$PGHOST:$PGPORT/postgres"  # for bench/benchlib.py
export BLANKO_DATA_DIR="$DATA_DIR"
BLANKO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export BLANKO_SECRET_KEY
unset BLANKO_FAST_PASSWORD_HASHING PICCOLO_CONF

echo
echo "== setup"
drop_databases
# A fresh $APP_DB, migrated, with the admin "bench" (password benchlib.PASSWORD).
BLANKO_DATABASE_URL="$("$PY" "$BENCH/benchlib.py" database "$APP_DB" --user bench --bin "$BIN")"
export BLANKO_DATABASE_URL

PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
SERVER_LOG="$RESULTS/$WRITE-$STAMP-server.log"
setsid "$BIN" serve --workers "$SERVE_WORKERS" --port "$PORT" "${SERVE_FLAGS[@]}" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
"$PY" "$BENCH/benchlib.py" wait "$URL" --pid "$SERVER_PID" --log "$SERVER_LOG"
sleep 1  # let the second worker finish starting too
mapfile -t WORKERS < <(worker_pids)
echo "server: pid $SERVER_PID on $URL, workers ${WORKERS[*]}"

TOKEN="$("$PY" "$BENCH/benchlib.py" token "$URL" --username bench)"
export BENCH_TOKEN="$TOKEN"

# Seed: a million counted blanks (and, for print runs, a million cards owed) in every region
# the benchmark writes to, so that no request is refused and every non-2xx is a failure.
SEED_DEBT=()
[[ "$WRITE" == print_runs ]] && SEED_DEBT=(--print-debt "$BENCH_DATE")
"$PY" "$BENCH/benchlib.py" seed "$URL" "$TOKEN" --regions "$SPREAD_REGIONS" "${SEED_DEBT[@]}"
echo "seeded 1,000,000 blanks${WRITE/print_runs/ and 1,000,000 cards owed} in each of $SPREAD_REGIONS"

# ---- wrk --------------------------------------------------------------------------------------
declare -A RPS P50 P99 NON2XX OK2XX SOCKERR
run_wrk() {  # run_wrk LABEL REGIONS SECONDS [SCRIPT: writes.lua | reads.lua]
  local label="$1" regions="$2" seconds="$3" script="${4:-writes.lua}"
  local out line
  echo
  echo "== wrk $label: -t2 -c$CONNECTIONS -d${seconds}s, regions $regions"
  cpu_snapshot >"$RESULTS/.cpu-before"
  out="$(BENCH_REGIONS="$regions" BENCH_LABEL="$label" timeout $((seconds + 20)) \
    "$WRK" -t2 -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$BENCH/$script" "$URL")"
  cpu_snapshot >"$RESULTS/.cpu-after"
  echo "$out"
  line="$(grep '^BENCH_RESULT' <<<"$out")"
  RPS[$label]="$(field rps "$line")"; P50[$label]="$(field p50_ms "$line")"
  P99[$label]="$(field p99_ms "$line")"; NON2XX[$label]="$(field non2xx "$line")"
  OK2XX[$label]="$(field ok2xx "$line")"; SOCKERR[$label]="$(field socket_errors "$line")"
  cpu_report "$RESULTS/.cpu-before" "$RESULTS/.cpu-after"
  rss_report
}
rss_report() {  # resident memory of each worker right after a run (peak so far: VmHWM)
  local pid
  for pid in $(worker_pids); do
    echo "memory: worker $pid $(awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "rss %.0f MB, peak %.0f MB", r/1024, h/1024}' "/proc/$pid/status")"
  done
}

# Warm-up, not reported: grows both workers' connection pools and prepares their statements.
echo
echo "== warm-up: 3 s spread run (not reported)"
BENCH_REGIONS="$SPREAD_REGIONS" BENCH_LABEL=warmup timeout 30 \
  "$WRK" -t2 -c"$CONNECTIONS" -d3s -s "$BENCH/writes.lua" "$URL" >"$RESULTS/.warmup-wrk.txt"
grep '^BENCH_RESULT' "$RESULTS/.warmup-wrk.txt"

# ---- pgbench on the same PostgreSQL, right after each spread run ------------------------------
# This host's speed drifts by ±25 % from minute to minute, so each repeat's ratio divides by a
# pgbench run taken next to it (the app server sits idle meanwhile).
echo
echo "== pgbench TPC-B set-up: -i -s 10 on $PGB_DB"
"$PSQL" -qX -d postgres -c "CREATE DATABASE \"$PGB_DB\""
timeout 120 "$PGBENCH" -i -s 10 -q "$PGB_DB" 2>&1 | tail -1
TPS=()
run_pgbench() {
  echo
  echo "== pgbench TPC-B: -c $CONNECTIONS -j 2 -T $DURATION on $PGB_DB"
  cpu_snapshot >"$RESULTS/.cpu-before"
  out="$(timeout $((DURATION + 30)) "$PGBENCH" -c "$CONNECTIONS" -j 2 -T "$DURATION" "$PGB_DB" 2>&1)"
  cpu_snapshot >"$RESULTS/.cpu-after"
  echo "$out" | grep -E '^(number of transactions actually processed|number of failed|latency average|tps)'
  TPS+=("$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")")
  # pgbench's backends exit with the run, so only the machine total is meaningful here.
  cpu_report "$RESULTS/.cpu-before" "$RESULTS/.cpu-after" | sed 's/: app workers.*//'
}

for r in $(seq 1 "$REPEAT"); do
  run_wrk "spread-$r" "$SPREAD_REGIONS" "$DURATION"
  run_pgbench
  run_wrk "hot-$r" "$HOT_REGIONS" "$DURATION"
  run_wrk "reads-$r" "$SPREAD_REGIONS" "$DURATION" reads.lua  # GET /api/v1/stock/{code}
done

rm -f "$RESULTS/profile-wrk.txt"

# ---- profile (not measured: py-spy slows the workers it samples) -------------------------------
if [[ "$PROFILE" == 1 && -n "$PYSPY" && ${#WORKERS[@]} -ge 1 ]]; then
  echo
  echo "== profile: py-spy 10 s on worker ${WORKERS[0]} (svg) and ${WORKERS[1]:-none} (raw) during a 12 s spread run"
  (BENCH_REGIONS="$SPREAD_REGIONS" BENCH_LABEL=profile timeout 40 \
    "$WRK" -t2 -c"$CONNECTIONS" -d12s -s "$BENCH/writes.lua" "$URL" >"$RESULTS/profile-wrk.txt") &
  WRK_BG=$!
  sleep 1
  timeout 30 "$PYSPY" record -d 10 -r 100 -o "$RESULTS/profile.svg" --pid "${WORKERS[0]}" \
    >"$RESULTS/profile-pyspy.log" 2>&1 &
  SPY_PIDS+=($!)
  if [[ -n "${WORKERS[1]:-}" ]]; then
    timeout 30 "$PYSPY" record -d 10 -r 100 -f raw -o "$RESULTS/profile.txt" --pid "${WORKERS[1]}" \
      >>"$RESULTS/profile-pyspy.log" 2>&1 &
    SPY_PIDS+=($!)
  fi
  for pid in "${SPY_PIDS[@]}"; do wait "$pid" || echo "py-spy $pid failed: see profile-pyspy.log"; done
  SPY_PIDS=()
  wait "$WRK_BG" || true
  grep '^BENCH_RESULT' "$RESULTS/profile-wrk.txt" || true
  if [[ -s "$RESULTS/profile.txt" ]]; then
    "$PY" "$BENCH/profile_summary.py" "$RESULTS/profile.txt" --top 12 | tee "$RESULTS/profile-summary.txt"
  fi
  echo "flame graph: ${RESULTS#"$ROOT"/}/profile.svg"
elif [[ "$PROFILE" == 1 ]]; then
  echo; echo "== profile skipped: py-spy not installed (.venv/bin/pip install py-spy)"
fi

# ---- consistency -------------------------------------------------------------------------------
echo
echo "== consistency"
TABLE=stock_movement; [[ "$WRITE" == print_runs ]] && TABLE=print_run
stored="$("$PSQL" -AtX -d "$APP_DB" -c "SELECT count(*) FROM $TABLE WHERE note = 'bench'")"
answered=0
for label in "${!OK2XX[@]}"; do [[ $label == reads-* ]] || answered=$((answered + OK2XX[$label])); done
for extra in "$RESULTS/.warmup-wrk.txt" "$RESULTS/profile-wrk.txt"; do
  n="$(sed -n 's/.* ok2xx=\([0-9]*\).*/\1/p' "$extra" 2>/dev/null || true)"
  answered=$((answered + ${n:-0}))
done
echo "$TABLE rows stored with note 'bench': $stored; 2xx answers counted by wrk: $answered" \
  "(stored may exceed answered by requests still in flight when wrk stopped: ≤ $CONNECTIONS a run)"
if [[ "$ACCESS_LOG" == 1 ]]; then
  echo "server log: $(grep -c 'Traceback' "$SERVER_LOG" || true) tracebacks, $(grep -c '" 5[0-9][0-9]' "$SERVER_LOG" || true) 5xx access-log lines"
else
  echo "server log: $(grep -c 'Traceback' "$SERVER_LOG" || true) tracebacks (no access log: wrk's counts above are the 5xx)"
fi
"$PSQL" -AtX -F ': ' -d "$APP_DB" <<'SQL'
WITH card AS (
  SELECT quantity, balance_after, recorded_at,
         lag(balance_after) OVER w AS prev_balance, lag(recorded_at) OVER w AS prev_at
  FROM stock_movement WINDOW w AS (PARTITION BY region ORDER BY id)
)
SELECT 'stock-card rows whose balance_after <> previous + quantity (must be 0)',
       count(*) FILTER (WHERE prev_balance IS NOT NULL AND balance_after <> prev_balance + quantity)
FROM card
UNION ALL
SELECT 'stock-card rows recorded_at earlier than the row before them (by id)',
       count(*) FILTER (WHERE recorded_at < prev_at) FROM card;
SQL
CHECK_STATUS=0
"$BIN" check || CHECK_STATUS=$?
[[ $CHECK_STATUS == 0 ]] && echo "check: PASSED" || echo "check: FAILED (exit $CHECK_STATUS)"

stop_server

# ---- summary ----------------------------------------------------------------------------------
echo
echo "== summary ($STAMP, $NPROC CPUs, $CONNECTIONS connections, ${DURATION}s runs)"
TPS_MEDIAN="$(printf '%s\n' "${TPS[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')"
printf '%-12s %10s %9s %9s %8s %12s %8s\n' run "req/s" "p50 ms" "p99 ms" non-2xx "pgbench tps" ratio
for r in $(seq 1 "$REPEAT"); do
  tps="${TPS[$((r - 1))]}"
  for kind in spread hot reads; do
    label="$kind-$r"
    printf '%-12s %10s %9s %9s %8s %12s %8s\n' "$label" "${RPS[$label]}" "${P50[$label]}" \
      "${P99[$label]}" "${NON2XX[$label]}" "$tps" \
      "$(awk -v a="${RPS[$label]}" -v b="$tps" 'BEGIN{printf "%.3f", a / b}')"
  done
done
printf 'pgbench tps: %s (median %s); ratio = req/s ÷ the pgbench run right after spread-N\n' \
  "${TPS[*]}" "$TPS_MEDIAN"
for r in $(seq 1 "$REPEAT"); do
  echo "reads-$r ÷ spread-$r writes: $(awk -v a="${RPS[reads-$r]}" -v b="${RPS[spread-$r]}" 'BEGIN{printf "%.1f", a / b}')×"
done
echo "blanko-tracker check: $([[ $CHECK_STATUS == 0 ]] && echo passed || echo FAILED)"

# The figures of record, ready for bench/README.md. errors = non-2xx answers + socket errors of
# the spread run; "-dirty" after the commit means the working tree had uncommitted changes.
COMMIT="$(git -C "$ROOT" describe --always --dirty --abbrev=7 2>/dev/null || echo unknown)"
KIND="print runs"; [[ "$WRITE" == adjustments ]] && KIND="adjustments"
[[ "${BENCH_KEYS:-0}" == 1 ]] && KIND="keyed $KIND"
echo
echo "== rows for bench/README.md (\"Writes at 16 connections\"): $KIND, $CONNECTIONS connections, ${DURATION} s"
echo "| measured, commit, repeat | $KIND/s | pgbench TPC-B tps | ratio | p99 ms | errors | stock reads/s |"
echo "|---|---|---|---|---|---|---|"
for r in $(seq 1 "$REPEAT"); do
  label="spread-$r"
  errors=$(( ${NON2XX[$label]:-0} + ${SOCKERR[$label]:-0} ))
  "$PY" -c '
import sys
when, writes, tps, p99, errors, reads = sys.argv[1:]
print(f"| {when} | {float(writes):,.1f} | {float(tps):,.1f} | **{float(writes) / float(tps):.3f}** "
      f"| {float(p99):.1f} | {errors} | {float(reads):,.1f} |")' \
    "$WHEN, $COMMIT, $r" "${RPS[$label]}" "${TPS[$((r - 1))]}" "${P99[$label]}" "$errors" \
    "${RPS[reads-$r]}"
done
echo
echo "log: ${LOG#"$ROOT"/}"
exit "$CHECK_STATUS"
