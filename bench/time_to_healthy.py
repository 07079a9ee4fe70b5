#!/usr/bin/env python3
"""Time from `blanko-tracker serve` to the first `GET /health` → 200 {"status": "ok"}.

    python bench/time_to_healthy.py [--runs 5] [--workers 1]

Runs the server on the embedded default (SQLite in BLANKO_DATA_DIR; BLANKO_DATABASE_URL and
BLANKO_SECRET_KEY are removed from its environment):

- cold: a fresh, empty temporary data directory each run, so `serve` creates the database,
  runs every migration and generates the signing key before it listens;
- warm: the data directory of the first cold run again (already migrated), so `serve` only
  checks that no migration is pending.

Each run starts the server on a free loopback port, polls /health every 10 ms, then stops it
with SIGTERM and waits for a clean exit (uvicorn's "Application shutdown complete" in its
log, exit status 0 or -SIGTERM: uvicorn re-raises the signal once it has shut down); a
server that does not stop within 10 s is killed, and is reported. For context it also
times the CLI alone (`blanko-tracker --help`) and `blanko-tracker migrate` on a fresh
directory. Results: a table on stdout and bench/results/time_to_healthy.json.
Every server this script starts is killed when it exits, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import benchlib
from benchlib import RESULTS, ROOT, START_TIMEOUT_S, STOP_TIMEOUT_S

POLL_INTERVAL_S = 0.01


def server_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("BLANKO_DATABASE_URL", "BLANKO_SECRET_KEY", "PICCOLO_CONF"):
        env.pop(name, None)
    env["BLANKO_DATA_DIR"] = data_dir
    env["PYTHONUNBUFFERED"] = "1"
    return env


def one_run(exe: str, data_dir: str, workers: int, log_path: Path) -> dict:
    """One server from launch to healthy to stopped. Not benchlib.start_server: this one
    is timed from the launch, polled every 10 ms, and judged on how it stops."""
    port = benchlib.free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    args = [exe, "serve", "--port", str(port)]
    if workers != 1:
        args += ["--workers", str(workers)]
    start = time.perf_counter()
    proc = benchlib.track(subprocess.Popen(
        args, env=server_env(data_dir), stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True))
    ready = None
    try:
        while time.perf_counter() - start < START_TIMEOUT_S:
            if proc.poll() is not None:
                break
            if benchlib.healthy(base_url):
                ready = time.perf_counter() - start
                break
            time.sleep(POLL_INTERVAL_S)
        # Stop: SIGTERM to the server (uvicorn's graceful shutdown), then wait for it.
        stop_start = time.perf_counter()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=STOP_TIMEOUT_S)
        stopped = time.perf_counter() - stop_start
        killed = proc.poll() is None
        benchlib.kill_group(proc)  # also reaps any worker left behind in the group
        log.close()
        text = log_path.read_text(errors="replace")
        # uvicorn re-raises the signal after its graceful shutdown, so -SIGTERM is normal.
        clean_exit = (not killed and proc.returncode in (0, -signal.SIGTERM)
                      and "Application shutdown complete" in text)
    finally:
        benchlib.kill_group(proc)
        benchlib.untrack(proc)
    if ready is None:
        raise RuntimeError(f"server never became healthy; log follows\n{text}")
    return {
        "seconds": ready,
        "stop_seconds": stopped,
        "clean_exit": clean_exit,
        "killed": killed,
        "returncode": proc.returncode,
        "migrations_ran": "Running" in text and "[forwards]" in text,
        "log": str(log_path.relative_to(ROOT)),
    }


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=START_TIMEOUT_S)
    return time.perf_counter() - start


def report(kind: str, i: int, run: dict) -> None:
    print(f"  {kind} {i + 1}: {run['seconds']:.3f} s to healthy, "
          f"stop {run['stop_seconds']:.2f} s, clean exit {run['clean_exit']}")


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers (default 1)")
    args = parser.parse_args()

    benchlib.leave_nothing_behind()
    exe = benchlib.executable()
    RESULTS.mkdir(parents=True, exist_ok=True)
    logs = RESULTS / "time_to_healthy_logs"
    logs.mkdir(exist_ok=True)

    def tempdir() -> str:
        return benchlib.temp_dir("blanko-bench-")

    print(f"executable: {exe}")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, workers={args.workers}, "
          f"runs={args.runs}")

    # Context: the CLI alone, and migrations alone, each as a separate process.
    cli = [timed([exe, "--help"], server_env(tempdir())) for _ in range(args.runs)]
    migrate = [timed([exe, "migrate"], server_env(tempdir())) for _ in range(args.runs)]

    cold, warm = [], []
    warm_dir = None
    for i in range(args.runs):
        data_dir = tempdir()
        run = one_run(exe, data_dir, args.workers, logs / f"cold-{i + 1}.log")
        if not run["migrations_ran"]:
            raise RuntimeError(f"cold run {i + 1} did not run migrations: see {run['log']}")
        cold.append(run)
        warm_dir = warm_dir or data_dir
        report("cold", i, run)
    for i in range(args.runs):
        run = one_run(exe, warm_dir, args.workers, logs / f"warm-{i + 1}.log")
        if run["migrations_ran"]:
            raise RuntimeError(f"warm run {i + 1} ran migrations again: see {run['log']}")
        warm.append(run)
        report("warm", i, run)

    rows = [
        ("cold start → healthy (fresh dir, migrations)", summary([r["seconds"] for r in cold])),
        ("warm start → healthy (already migrated)", summary([r["seconds"] for r in warm])),
        ("stop after SIGTERM (all runs)",
         summary([r["stop_seconds"] for r in cold + warm])),
        ("context: `blanko-tracker --help`", summary(cli)),
        ("context: `blanko-tracker migrate`, fresh dir", summary(migrate)),
    ]
    print(f"\n{'measure':48} {'median':>8} {'min':>8} {'max':>8}   (seconds, n={args.runs})")
    for name, s in rows:
        print(f"{name:48} {s['median']:8.3f} {s['min']:8.3f} {s['max']:8.3f}")
    clean = all(r["clean_exit"] for r in cold + warm)
    print(f"\nall {2 * args.runs} servers stopped cleanly: {clean}")

    out = {
        "executable": exe, "python": platform.python_version(), "cpus": os.cpu_count(),
        "workers": args.workers, "runs": args.runs,
        "cold": cold, "warm": warm, "cli_help_seconds": cli, "migrate_seconds": migrate,
        "summary": {name: s for name, s in rows}, "all_clean_exit": clean,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (RESULTS / "time_to_healthy.json").write_text(json.dumps(out, indent=2))
    print(f"results: {(RESULTS / 'time_to_healthy.json').relative_to(ROOT)}")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
