"""Issue 7's measures: importing a 50,000-row indicators file, and the national monthly report.

    python bench/import_and_report.py            # both engines; numbers on stdout

For each engine: a fresh migrated database, a 50,000-row CSV (514 regencies × ~98 days of
plausible indicator figures) imported with `blanko-tracker import indicators FILE` (timed as
a whole process, and its dry run too), then the demo loaded and `GET
/api/v1/reports/monthly/00?month=2023-02&format=xlsx|pdf|json` timed through a served
instance. Loopback only; everything it starts is stopped and removed.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / ".venv/bin/blanko-tracker") if (ROOT / ".venv/bin/blanko-tracker").exists() \
    else "blanko-tracker"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ROWS = 50_000


def run(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([CLI, *args], env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def regencies() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from blanko_tracker.db.region_data import region_rows

    return [row["code"] for row in region_rows() if row["level"] == "regency"]


def write_csv(path: Path) -> None:
    rng = random.Random(7)
    codes = regencies()
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["region", "date", "wajib_ktp", "recorded", "printed", "ikd_activated",
                      "suket_outstanding"])
        for n in range(ROWS):
            code, day = codes[n % len(codes)], date(2023, 1, 1) + timedelta(days=n // len(codes))
            wajib = 50_000 + (hash(code) % 900_000)
            recorded = int(wajib * rng.uniform(0.95, 0.999))
            out.writerow([code, day.isoformat(), wajib, recorded, int(recorded * 0.97),
                          int(recorded * rng.uniform(0.01, 0.3)), rng.randint(0, 3_000)])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_reports(env: dict[str, str]) -> dict[str, tuple[float, int]]:
    port = free_port()
    server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        token = httpx.post(f"{base}/api/v1/auth/token", json={
            "username": "kemendagri", "password": "blanko-demo"}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        found = {}
        for fmt in ("json", "xlsx", "pdf"):
            times, size = [], 0
            for _ in range(6):
                started = time.perf_counter()
                response = httpx.get(f"{base}/api/v1/reports/monthly/00",
                                     params={"month": "2023-02", "format": fmt},
                                     headers=headers, timeout=60)
                times.append(time.perf_counter() - started)
                response.raise_for_status()
                size = len(response.content)
            found[fmt] = (statistics.median(times[1:]) * 1000, size)
        return found
    finally:
        server.terminate()
        server.wait(timeout=20)


def bench(engine: str, workdir: Path, data: Path) -> None:
    env = {**os.environ, "BLANKO_SECRET_KEY": "bench-" + "k" * 40}
    if engine == "sqlite":
        env["BLANKO_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite'}"
    else:
        subprocess.run(["psql", PG_ADMIN, "-qc", "DROP DATABASE IF EXISTS blanko_bench_import"],
                       check=True)
        subprocess.run(["psql", PG_ADMIN, "-qc", "CREATE DATABASE blanko_bench_import"],
                       check=True)
        env["BLANKO_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/blanko_bench_import"
    try:
        run("migrate", env=env)
        dry = run("import", "indicators", str(data), "--dry-run", env=env)
        full = run("import", "indicators", str(data), env=env)
        run("demo", env=env)
        reports = time_reports(env)
        print(f"{engine:8} import 50,000 rows: dry run {dry:.2f} s, import {full:.2f} s "
              "(whole CLI process)")
        for fmt, (ms, size) in reports.items():
            print(f"{engine:8} GET /reports/monthly/00?month=2023-02&format={fmt}: "
                  f"median {ms:.0f} ms, {size:,} bytes")
    finally:
        if engine == "postgres":
            subprocess.run(["psql", PG_ADMIN, "-qc",
                            "DROP DATABASE IF EXISTS blanko_bench_import WITH (FORCE)"])


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="blanko-bench-import-"))
    try:
        data = workdir / "indicators.csv"
        write_csv(data)
        for engine in ("sqlite", "postgres"):
            bench(engine, workdir, data)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
