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
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import benchlib
import httpx

ROWS = 50_000
DATABASE = "blanko_bench_import"


def run(url: str, *args: str) -> float:
    """Wall time of `blanko-tracker ARGS` as a whole process (interpreter start included)."""
    started = time.perf_counter()
    benchlib.cli(url, *args)
    return time.perf_counter() - started


def regencies() -> list[str]:
    sys.path.insert(0, str(benchlib.ROOT / "src"))
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


def time_reports(engine: str, url: str) -> dict[str, tuple[float, int]]:
    server = benchlib.start_server(
        url, log=benchlib.RESULTS / f"import_and_report_{engine}_server.log")
    try:
        base = server.base_url
        # The demo's national officer (`blanko-tracker demo`).
        headers = benchlib.bearer(benchlib.sign_in(base, "kemendagri", "blanko-demo"))
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
        server.stop()


def bench(engine: str, data: Path) -> None:
    url = benchlib.fresh_sqlite() if engine == "sqlite" else benchlib.fresh_postgres(DATABASE)
    try:
        benchlib.migrate(url)
        dry = run(url, "import", "indicators", str(data), "--dry-run")
        full = run(url, "import", "indicators", str(data))
        run(url, "demo")
        reports = time_reports(engine, url)
        print(f"{engine:8} import 50,000 rows: dry run {dry:.2f} s, import {full:.2f} s "
              "(whole CLI process)")
        for fmt, (ms, size) in reports.items():
            print(f"{engine:8} GET /reports/monthly/00?month=2023-02&format={fmt}: "
                  f"median {ms:.0f} ms, {size:,} bytes")
    finally:
        if engine == "postgres":
            benchlib.drop_postgres(DATABASE)


def main() -> None:
    benchlib.leave_nothing_behind()
    data = Path(benchlib.temp_dir("blanko-bench-import-")) / "indicators.csv"
    write_csv(data)
    for engine in ("sqlite", "postgres"):
        bench(engine, data)


if __name__ == "__main__":
    main()
