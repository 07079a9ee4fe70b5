#!/usr/bin/env python3
"""Print debt and indicators at national scale: three years of daily history, 514 regencies.

    .venv/bin/python bench/history_reads.py                  # PostgreSQL, then SQLite
    .venv/bin/python bench/history_reads.py --no-sqlite --requests 100

Run it with the project's virtualenv: it imports blanko_tracker (the service path, the db
query functions and the domain's replay). For each engine (PostgreSQL: a fresh database
`blanko_bench_history`; SQLite: a file in a temporary directory) it

1. migrates with `blanko-tracker migrate`, then bulk-loads `--start`..`--end` (default
   2023-01-01..2025-12-31, 1,096 days) for every regency (`region.level = 'regency'`, 514):
   * print_debt_entry: a `recording` and a `printed` entry per regency and day;
   * print_debt_day: one row per regency and day, whose pending comes from replaying those
     entries with `domain.print_debt.replay`, exactly as the app rebuilds it;
   * print_debt: each regency's current pending, as of the last day;
   * indicator_report: one row per regency and day (recorded <= wajib_ktp, printed and
     ikd_activated <= recorded);
   * target: a national row (year of --start, so it holds for every later year).
   Rows go in day by day (every regency's day d before any day d+1), as they arrive in
   production. PostgreSQL: asyncpg `copy_records_to_table`, then ANALYZE. SQLite: sqlite3
   `executemany` in one transaction. A Piccolo-free, stdlib/asyncpg-only load;
2. checks the load: for sample regencies it replays the stored entries and compares them with
   the stored day rows, the debt row and `db.print_debt.pending_on`; it counts indicator rows
   breaking the count rules; then it goes through the service path
   (`services.printing.record_recordings` as an admin made by `services.users.create_user`)
   for a new day and checks that `pending_of_regencies` (and later the HTTP read) shows it;
3. times the main queries in process (`pending_of_regencies`, `flows_of_regencies`,
   `latest_of_regencies`, `days_of` + `roll_up`, `indicator_view`), captures
   `EXPLAIN (ANALYZE, BUFFERS)` of both LATEST_SQL queries and of the flows and history
   queries on PostgreSQL (custom and generic plans), `EXPLAIN QUERY PLAN` on SQLite;
4. creates a ministry officer with `blanko-tracker users create`, starts
   `blanko-tracker serve --port P` (1 worker), signs in and times, sequentially with httpx
   (5 warm-up requests, then `--requests` each, capped at `--endpoint-cap` seconds each), the
   six GET requests in ENDPOINTS; it records status, body size and the CPU the server process
   and PostgreSQL used per request (from /proc);
5. profiles with py-spy (`--native`, every thread) the goal endpoints whose p95 missed
   `--goal-ms` and the other endpoints whose median is slower than it (the server's PID,
   `--profile-seconds` while a client thread keeps requesting it), and summarises the busy
   samples of the event-loop thread and of aiosqlite's worker threads;
6. bench-only candidate fixes, measured on the same data (the app is not changed):
   A/B the history read bounded by `from` (A: a per-regency baseline + only the window's rows,
   summed by the app's roll_up; B: the same answer summed in SQL, one row per day), both
   checked against the app's own answer; C (PostgreSQL) both LATEST_SQL queries as LATERAL
   joins, custom and generic plans; D an index on print_debt_day leading with `day`, built
   in the bench database after the first HTTP pass, then the print-debt reads timed again
   over HTTP (same server) and in process.

Output: stdout and bench/results/history_reads.json (plans in history_reads_plans.txt,
profiles in history_reads_profile_<engine>_<n>.txt). Every server this script starts is killed,
the bench database dropped and the temporary files removed when it exits (bench/benchlib.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

import benchlib
from benchlib import PASSWORD, PG_ADMIN_URL, RESULTS, ROOT

LOADER = "bench-loader"
SAMPLE_REGENCY = "75.05"  # Gorontalo Utara; the service-path check writes here
VERIFY_COUNT = 1234

# ---- tools -----------------------------------------------------------------------------------


def py_spy() -> str | None:
    venv = ROOT / ".venv" / "bin" / "py-spy"
    return str(venv) if venv.exists() else shutil.which("py-spy")


# ---- statistics ----------------------------------------------------------------------------


def stats_ms(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"n": 0}
    if len(ms) == 1:
        return {"n": 1, "median": ms[0], "p95": ms[0], "min": ms[0], "max": ms[0]}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"n": len(ms), "median": statistics.median(ms), "p95": q[94], "min": ms[0],
            "max": ms[-1]}


def fmt(s: dict[str, float]) -> str:
    if not s.get("n"):
        return "n=0"
    return (f"n={s['n']:<4} median {s['median']:9.2f} ms  p95 {s['p95']:9.2f}  "
            f"max {s['max']:9.2f}")


# ---- CPU accounting from /proc -------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    """utime + stime of one process, seconds."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def backend_pids(database: str | None) -> list[int]:
    """PIDs of the PostgreSQL backends connected to `database` (the server's pool), so that
    other benchmarks sharing the cluster are not counted."""
    if not database:
        return []
    import asyncpg

    async def fetch() -> list[int]:
        conn = await asyncpg.connect(PG_ADMIN_URL)
        try:
            rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1",
                                    database)
            return [r["pid"] for r in rows]
        finally:
            await conn.close()

    return asyncio.run(fetch())


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: proc_cpu(pid) for pid in pids}


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as handle:
        parts = [int(x) for x in handle.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


# ---- the synthetic history -----------------------------------------------------------------


@dataclass
class RegencyHistory:
    code: str
    recorded: array  # per day: the recording entry's count
    printed: array  # per day: the printed entry's count
    pending: array  # per day: end-of-day debt, from domain.print_debt.replay
    wajib: array
    ind_recorded: array
    ind_printed: array
    ikd: array
    suket: array


@dataclass
class History:
    start: date
    days: list[date]
    regencies: list[RegencyHistory]

    @property
    def n_days(self) -> int:
        return len(self.days)


def generate(codes: list[str], start: date, end: date, seed: int) -> History:
    """Deterministic daily figures for every regency; the debt replayed by the domain code."""
    from blanko_tracker.domain.print_debt import NO_CLASSES, Entry, EntryKind, replay

    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    n = len(days)
    out = []
    for code in codes:
        rng = random.Random(f"{seed}:{code}")
        wajib0 = rng.randint(40_000, 3_500_000)  # people of KTP age
        daily = wajib0 * rng.uniform(0.00004, 0.00018)  # print-ready records per day
        growth = wajib0 * rng.uniform(0.00001, 0.00006)  # new wajib KTP per day
        rate0 = rng.uniform(0.90, 0.985)
        rate1 = min(0.999, rate0 + rng.uniform(0.005, 0.03))
        ikd0, ikd1 = rng.uniform(0.005, 0.03), rng.uniform(0.08, 0.30)
        opening = int(daily * rng.uniform(2, 40))  # the debt on the first day, as a recording
        rec = array("i", (max(1, int(daily * rng.uniform(0.4, 1.6))) for _ in range(n)))
        rec[0] += opening
        prt = array("i", (max(1, int(rec[i] * rng.uniform(0.6, 1.3))) for i in range(n)))
        entries = []
        for i, day in enumerate(days):
            entries.append(Entry(day, EntryKind.RECORDING, rec[i]))
            entries.append(Entry(day, EntryKind.PRINTED, prt[i]))
        replayed = replay(NO_CLASSES, entries)
        assert len(replayed) == n
        assert all(d.recorded == rec[i] and d.printed == prt[i] for i, d in enumerate(replayed))
        pend = array("i", (d.pending for d in replayed))
        wajib = array("i", (int(wajib0 + growth * i) for i in range(n)))
        ind_rec = array("i", (min(wajib[i], int(wajib[i] * (rate0 + (rate1 - rate0) * i / n)))
                              for i in range(n)))
        ind_prt = array("i", (max(0, ind_rec[i] - pend[i]) for i in range(n)))
        ikd = array("i", (int(ind_rec[i] * (ikd0 + (ikd1 - ikd0) * i / n)) for i in range(n)))
        suket = array("i", (int(pend[i] * 0.3) for i in range(n)))
        out.append(RegencyHistory(code, rec, prt, pend, wajib, ind_rec, ind_prt, ikd, suket))
    return History(start, days, out)


def _stamp(day: date, hour: int) -> datetime:
    return datetime.combine(day, dtime(hour, 0), tzinfo=UTC)


def entry_rows(h: History, sqlite: bool):
    """print_debt_entry, day-major: region, occurred_on, kind, quantity, recording_kind,
    reconciliation, reference, actor, recorded_at."""
    for i, day in enumerate(h.days):
        d = day.isoformat() if sqlite else day
        at1, at2 = _stamp(day, 3), _stamp(day, 9)
        if sqlite:
            at1, at2 = str(at1), str(at2)
        for r in h.regencies:
            yield (r.code, d, "recording", r.recorded[i], "new", None, "", LOADER, at1,
                   r.recorded[i])
            yield (r.code, d, "printed", r.printed[i], None, None, "print_run:bench", LOADER, at2,
                   r.printed[i])


# Everything here is owed as first cards (class_new), as the app's own replay says.
ENTRY_COLUMNS = ["region", "occurred_on", "kind", "quantity", "recording_kind",
                 "reconciliation", "reference", "actor", "recorded_at", "class_new"]
DAY_COLUMNS = ["region", "day", "recorded", "printed", "pending", "class_new"]
REPORT_COLUMNS = ["region", "day", "wajib_ktp", "recorded", "printed", "ikd_activated",
                  "suket_outstanding", "updated_at", "updated_by"]


def day_rows(h: History, sqlite: bool):
    for i, day in enumerate(h.days):
        d = day.isoformat() if sqlite else day
        for r in h.regencies:
            yield (r.code, d, r.recorded[i], r.printed[i], r.pending[i], r.pending[i])


def report_rows(h: History, sqlite: bool):
    for i, day in enumerate(h.days):
        d = day.isoformat() if sqlite else day
        at = _stamp(day, 10)
        at = str(at) if sqlite else at
        for r in h.regencies:
            yield (r.code, d, r.wajib[i], r.ind_recorded[i], r.ind_printed[i], r.ikd[i],
                   r.suket[i], at, LOADER)


def debt_rows(h: History, sqlite: bool):
    last = h.days[-1]
    for r in h.regencies:
        yield (r.code, r.pending[-1], last.isoformat() if sqlite else last, r.recorded[-1],
               r.printed[-1], r.pending[-1])


def target_row(h: History, sqlite: bool) -> tuple:
    at = _stamp(h.start, 1)
    return (h.start.year, "00", 0.995, 0.25, str(at) if sqlite else at, LOADER)


# print_debt keeps its latest day's figures (migration 0011): the loaded rows carry them too.
DEBT_COLUMNS = ["region", "pending", "as_of", "recorded", "printed", "class_new"]
TARGET_COLUMNS = ["year", "region", "recording_rate", "ikd_rate", "updated_at", "updated_by"]


async def load_pg(url: str, h: History) -> dict[str, Any]:
    import asyncpg

    conn = await asyncpg.connect(url)
    out: dict[str, Any] = {}
    try:
        for table, columns, rows in (
            ("print_debt_entry", ENTRY_COLUMNS, entry_rows(h, False)),
            ("print_debt_day", DAY_COLUMNS, day_rows(h, False)),
            ("indicator_report", REPORT_COLUMNS, report_rows(h, False)),
            ("print_debt", DEBT_COLUMNS, debt_rows(h, False)),
            ("target", TARGET_COLUMNS, iter([target_row(h, False)])),
        ):
            t0 = time.perf_counter()
            await conn.copy_records_to_table(table, records=rows, columns=columns)
            out[f"copy_{table}_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        await conn.execute("ANALYZE")
        out["analyze_s"] = round(time.perf_counter() - t0, 2)
        sizes = await conn.fetch(
            "SELECT c.relname, pg_total_relation_size(c.oid) AS total, "
            "pg_relation_size(c.oid) AS heap FROM pg_class c "
            "WHERE c.relname IN ('print_debt_entry','print_debt_day','indicator_report') "
            "ORDER BY 1")
        out["sizes_mb"] = {r["relname"]: {"total": round(r["total"] / 1e6, 1),
                                          "heap": round(r["heap"] / 1e6, 1)} for r in sizes}
    finally:
        await conn.close()
    return out


def load_sqlite(path: str, h: History) -> dict[str, Any]:
    out: dict[str, Any] = {}
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for table, columns, rows in (
            ("print_debt_entry", ENTRY_COLUMNS, entry_rows(h, True)),
            ("print_debt_day", DAY_COLUMNS, day_rows(h, True)),
            ("indicator_report", REPORT_COLUMNS, report_rows(h, True)),
            ("print_debt", DEBT_COLUMNS, debt_rows(h, True)),
            ("target", TARGET_COLUMNS, iter([target_row(h, True)])),
        ):
            t0 = time.perf_counter()
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                             rows)
            out[f"insert_{table}_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out["commit_checkpoint_s"] = round(time.perf_counter() - t0, 2)
        out["journal_mode"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()
    out["file_mb"] = round(os.path.getsize(path) / 1e6, 1)
    return out


# ---- checks of the load and of the service path -------------------------------------------


async def row_counts() -> dict[str, int]:
    from blanko_tracker.db.tables import Region

    out = {}
    for table in ("print_debt_entry", "print_debt_day", "print_debt", "indicator_report",
                  "target"):
        rows = await Region.raw(f"SELECT COUNT(*) AS n FROM {table}")
        out[table] = rows[0]["n"]
    return out


async def verify_load(h: History, samples: list[str]) -> dict[str, Any]:
    """Replays the stored entries of sample regencies and compares with what is stored."""
    from blanko_tracker.db import print_debt
    from blanko_tracker.db.tables import PrintDebt, PrintDebtDay, PrintDebtEntry, Region
    from blanko_tracker.domain.print_debt import NO_CLASSES, Entry, EntryKind, replay

    by_code = {r.code: r for r in h.regencies}
    problems: list[str] = []
    end = h.days[-1]
    mid = h.days[len(h.days) // 2]
    for code in samples:
        entries = await PrintDebtEntry.select(
            PrintDebtEntry.occurred_on, PrintDebtEntry.kind, PrintDebtEntry.quantity
        ).where(PrintDebtEntry.region == code).order_by(PrintDebtEntry.occurred_on).order_by(
            PrintDebtEntry.id)
        replayed = replay(NO_CLASSES, [Entry(r["occurred_on"], EntryKind(r["kind"]), r["quantity"])
                              for r in entries])
        stored = await PrintDebtDay.select().where(PrintDebtDay.region == code).order_by(
            PrintDebtDay.day)
        got = [(r["day"], r["recorded"], r["printed"], r["pending"]) for r in stored]
        want = [(d.day, d.recorded, d.printed, d.pending) for d in replayed]
        if got != want:
            problems.append(f"{code}: stored day rows differ from the replayed entries")
        gen = by_code[code]
        if [d.pending for d in replayed] != list(gen.pending):
            problems.append(f"{code}: replay differs from the generator")
        debt = await PrintDebt.select().where(PrintDebt.region == code).first()
        if (debt["pending"], debt["as_of"]) != (replayed[-1].pending, end):
            problems.append(f"{code}: print_debt row {debt} != {replayed[-1]}")
        if await print_debt.pending_on(code, end) != replayed[-1].pending:
            problems.append(f"{code}: pending_on(end) wrong")
        i_mid = (mid - h.start).days
        if await print_debt.pending_on(code, mid) != replayed[i_mid].pending:
            problems.append(f"{code}: pending_on(mid) wrong")
    bad = await Region.raw(
        "SELECT COUNT(*) AS n FROM indicator_report WHERE recorded > wajib_ktp "
        "OR printed > recorded OR ikd_activated > recorded")
    if bad[0]["n"]:
        problems.append(f"{bad[0]['n']} indicator rows break recorded<=wajib, x<=recorded")
    national = await print_debt.pending_of_regencies("00", end)
    want_total = sum(r.pending[-1] for r in h.regencies)
    got_total = sum(debt.pending for debt in national.values())
    if len(national) != len(h.regencies) or got_total != want_total:
        problems.append(f"national pending {got_total} over {len(national)} regencies, "
                        f"want {want_total} over {len(h.regencies)}")
    return {"samples": samples, "problems": problems, "national_pending_at_end": got_total}


async def verify_service_path(h: History, code: str, new_day: date, today: date
                              ) -> dict[str, Any]:
    """record_recordings for a day after the history, through the service, then read back."""
    from blanko_tracker.db import print_debt
    from blanko_tracker.db.tables import PrintDebt, PrintDebtDay
    from blanko_tracker.domain.access import Actor, Role
    from blanko_tracker.domain.print_debt import DebtClass
    from blanko_tracker.schemas import CreateUser, RecordRecordings
    from blanko_tracker.services.auth import use_fast_hashing
    from blanko_tracker.services.printing import record_recordings
    from blanko_tracker.services.users import create_user

    use_fast_hashing()
    user = await create_user(CreateUser(username="bench-admin", password=PASSWORD,
                                        role=Role.ADMIN, region="00"), actor=None)
    actor = Actor(id=user.id, username=user.username, role=user.role, region=user.region)
    before, before_day, _ = (await print_debt.pending_of_regencies(code, new_day))[code]
    national_before = sum(debt.pending for debt in
                          (await print_debt.pending_of_regencies("00", today)).values())
    t0 = time.perf_counter()
    entry = await record_recordings(code, RecordRecordings(date=new_day, count=VERIFY_COUNT,
                                                           kind=DebtClass.NEW),
                                    actor=actor)
    write_ms = (time.perf_counter() - t0) * 1000
    expected = before + VERIFY_COUNT
    problems = []
    if entry.pending != expected:
        problems.append(f"record_recordings answered pending {entry.pending}, want {expected}")
    after = (await print_debt.pending_of_regencies(code, today))[code]
    if after[:2] != (expected, new_day):
        problems.append(f"pending_of_regencies({code}) = {after}, want {(expected, new_day)}")
    row = await PrintDebt.select().where(PrintDebt.region == code).first()
    if (row["pending"], row["as_of"]) != (expected, new_day):
        problems.append(f"print_debt row {row}, want {(expected, new_day)}")
    day_row = await PrintDebtDay.select().where(
        (PrintDebtDay.region == code) & (PrintDebtDay.day == new_day)).first()
    if not day_row or (day_row["recorded"], day_row["printed"], day_row["pending"]) != (
            VERIFY_COUNT, 0, expected):
        problems.append(f"print_debt_day for {new_day}: {day_row}")
    national_after = sum(debt.pending for debt in
                         (await print_debt.pending_of_regencies("00", today)).values())
    if national_after != national_before + VERIFY_COUNT:
        problems.append(f"national pending {national_after}, want "
                        f"{national_before + VERIFY_COUNT}")
    return {"region": code, "day": new_day.isoformat(), "before": before,
            "before_as_of": before_day.isoformat(), "count": VERIFY_COUNT,
            "expected_after": expected, "record_recordings_ms": round(write_ms, 1),
            "national_pending_after": national_after, "problems": problems}


# ---- in-process timings --------------------------------------------------------------------


async def timed(fn, n: int, warm: int = 0, cap_s: float = 20.0) -> tuple[dict, Any]:
    """n calls (after `warm` untimed ones); `first_ms` keeps the first 6 timed calls, which on
    PostgreSQL run with custom plans (asyncpg prepares each statement once per connection and
    the plan cache may switch to a generic plan from the 6th execution on)."""
    result = None
    for _ in range(warm):
        result = await fn()
    times = []
    deadline = time.perf_counter() + cap_s
    for _ in range(n):
        t0 = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() > deadline:
            break
    return {**stats_ms(times), "first_ms": [round(t * 1000, 1) for t in times[:6]]}, result


def _size(result: Any) -> int | None:
    return len(result) if hasattr(result, "__len__") else None


async def inprocess_timings(h: History, today: date, mid: date, n: int) -> dict[str, Any]:
    from blanko_tracker.api.controllers.indicators import indicator_view
    from blanko_tracker.db import indicators, print_debt
    from blanko_tracker.domain.print_debt import roll_up

    end = h.days[-1]
    win = today - timedelta(days=29)
    cases = [
        (f"pending_of_regencies('00', {today})",
         lambda: print_debt.pending_of_regencies("00", today)),
        (f"pending_of_regencies('00', {mid})", lambda: print_debt.pending_of_regencies("00", mid)),
        (f"pending_of_regencies('75', {today})",
         lambda: print_debt.pending_of_regencies("75", today)),
        (f"flows_of_regencies('00', {win}..{today}) [the request's window]",
         lambda: print_debt.flows_of_regencies("00", win, today)),
        (f"flows_of_regencies('00', {end - timedelta(days=29)}..{end}) [30 days with rows]",
         lambda: print_debt.flows_of_regencies("00", end - timedelta(days=29), end)),
        (f"flows_of_regencies('75', {win}..{today})",
         lambda: print_debt.flows_of_regencies("75", win, today)),
        (f"latest_of_regencies('00', {today})",
         lambda: indicators.latest_of_regencies("00", today)),
        (f"latest_of_regencies('00', {mid})", lambda: indicators.latest_of_regencies("00", mid)),
        (f"latest_of_regencies('75.05', {today})",
         lambda: indicators.latest_of_regencies("75.05", today)),
        (f"targets_for('00', {today.year})", lambda: indicators.targets_for("00", today.year)),
        (f"indicator_view('00', {today}) [the whole GET minus HTTP/auth]",
         lambda: indicator_view("00", today)),
    ]
    out: dict[str, Any] = {}
    for name, fn in cases:
        s, result = await timed(fn, n)
        out[name] = {**s, "rows": _size(result)}
        print(f"    {name:<72} {fmt(s)}  rows={_size(result)}  first {s['first_ms'][:5]}")

    # The history read: every day row at or under the code, then roll_up in Python.
    async def fetch_all():
        return await print_debt.days_of("00", None, None)

    s_fetch, rows = await timed(fetch_all, 2, cap_s=30)
    out["days_of('00', None) [history: the fetch]"] = {**s_fetch, "rows": len(rows)}
    print(f"    {'days_of(00, None) [history: the fetch]':<72} {fmt(s_fetch)}  rows={len(rows)}")
    start = _history_from_default(h)
    t_roll = []
    for _ in range(3):
        t0 = time.perf_counter()
        days = roll_up(((r.region, r.day, r.recorded, r.printed, r.pending) for r in rows),
                       start)
        t_roll.append(time.perf_counter() - t0)
    s_roll = stats_ms(t_roll)
    out[f"roll_up(..., from={start}) [history: Python]"] = {**s_roll, "days": len(days)}
    print(f"    {'roll_up over those rows [history: Python]':<72} {fmt(s_roll)}  days={len(days)}")
    del rows
    return out, days


_HISTORY_FROM: date | None = None
HISTORY_ANSWER: dict[str, list[Any]] = {}  # the app's history answer, per engine


def _history_from_default(h: History) -> date:
    return _HISTORY_FROM or (h.days[-1] - timedelta(days=30))


# ---- candidate fixes (bench-only code; the app is not changed) ------------------------------


async def history_windowed(code: str, start: date, end: date | None) -> list[Any]:
    """Fix A for `get_print_debt_history`, reading only the window: each regency's pending at
    the end of start−1 (one index probe per regency, the app's LATEST_SQL), then the day rows
    from `start` on. roll_up gets the baseline as rows of start−1, which it does not emit."""
    from blanko_tracker.db import print_debt
    from blanko_tracker.db.tables import PrintDebtDay
    from blanko_tracker.domain.print_debt import roll_up

    before = start - timedelta(days=1)
    baseline = await print_debt.pending_of_regencies(code, before)
    query = print_debt._under(PrintDebtDay.select(
        PrintDebtDay.region, PrintDebtDay.day, PrintDebtDay.recorded, PrintDebtDay.printed,
        PrintDebtDay.pending), code).where(PrintDebtDay.day >= start)
    if end is not None:
        query = query.where(PrintDebtDay.day <= end)
    rows = await query.order_by(PrintDebtDay.day)
    seed = [(region, before, 0, 0, debt.pending) for region, debt in baseline.items()]
    window = ((r["region"], r["day"], r["recorded"], r["printed"], r["pending"]) for r in rows)
    return roll_up([*seed, *window], start)


# Fix B: the same answer summed in SQL, one row per day (PostgreSQL and SQLite >= 3.25).
# A regency's pending moves by `delta` on each of its days; the first day in the window
# compares with its pending before the window (its baseline), so the national pending of a day
# is the baselines' sum plus the running sum of the deltas.
HISTORY_SQL = """
WITH base AS (
    SELECT g.code AS region,
           (SELECT y.pending FROM print_debt_day y
            WHERE y.region = g.code AND y.day < {}
            ORDER BY y.day DESC LIMIT 1) AS pending
    FROM region g
    WHERE g.level = 'regency' AND (g.code = {} OR g.code LIKE {})
),
w AS (
    SELECT d.day AS day, d.recorded AS recorded, d.printed AS printed,
           d.pending - COALESCE(LAG(d.pending) OVER (PARTITION BY d.region ORDER BY d.day),
                                b.pending, 0) AS delta
    FROM print_debt_day d JOIN base b ON b.region = d.region
    WHERE d.day >= {}
)
SELECT day, SUM(recorded) AS recorded, SUM(printed) AS printed,
       (SELECT COALESCE(SUM(pending), 0) FROM base) + SUM(SUM(delta)) OVER (ORDER BY day)
           AS pending
FROM w GROUP BY day ORDER BY day
"""


async def history_sql(code: str, start: date) -> list[Any]:
    from blanko_tracker.db.tables import Region
    from blanko_tracker.domain.print_debt import DebtTotal

    pattern = "%" if code == "00" else f"{code}.%"
    rows = await Region.raw(HISTORY_SQL, start, code, pattern, start)
    return [DebtTotal(_as_date(r["day"]), int(r["recorded"]), int(r["printed"]),
                      int(r["pending"])) for r in rows]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# Fix C (PostgreSQL): LATEST as a LATERAL join. The app's `d.id = (correlated subquery)` lets
# the planner pick a hash join that reads and hashes the whole table whenever it expects
# many regencies (custom plans for '00'); LATERAL can only be a per-regency index probe.
LATERAL_DEBT = """
SELECT g.code AS region, d.day AS day, d.pending AS pending
FROM region g
CROSS JOIN LATERAL (
    SELECT y.day, y.pending FROM print_debt_day y
    WHERE y.region = g.code AND y.day <= $1
    ORDER BY y.day DESC LIMIT 1
) d
WHERE g.level = 'regency' AND (g.code = $2 OR g.code LIKE $3)
"""

LATERAL_REPORT = """
SELECT g.code AS region, r.day AS day, r.wajib_ktp AS wajib_ktp, r.recorded AS recorded,
       r.printed AS printed, r.ikd_activated AS ikd_activated,
       r.suket_outstanding AS suket_outstanding
FROM region g
CROSS JOIN LATERAL (
    SELECT y.* FROM indicator_report y
    WHERE y.region = g.code AND y.day <= $1
    ORDER BY y.day DESC LIMIT 1
) r
WHERE g.level = 'regency' AND (g.code = $2 OR g.code LIKE $3)
"""


async def time_sql_pg(url: str, sql: str, args: list[Any], mode: str, n: int
                      ) -> dict[str, Any]:
    """One asyncpg connection, the statement prepared once (as the app's pool does), the plan
    cache forced to `mode` (custom/generic)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"SET plan_cache_mode = force_{mode}_plan")
        stmt = await conn.prepare(sql)
        await stmt.fetch(*args)
        times = []
        rows: list[Any] = []
        for _ in range(n):
            t0 = time.perf_counter()
            rows = await stmt.fetch(*args)
            times.append(time.perf_counter() - t0)
        return {**stats_ms(times), "rows": len(rows)}
    finally:
        await conn.close()


async def candidate_fixes(kind: str, url: str, h: History, today: date, n: int,
                          plans_out: list[str]) -> dict[str, Any]:
    from blanko_tracker.db import indicators, print_debt
    from blanko_tracker.db.tables import Region

    start = _history_from_default(h)
    out: dict[str, Any] = {}
    current = HISTORY_ANSWER.get(kind)

    async def compare(label: str, fn) -> None:
        s, fixed = await timed(fn, n, warm=1, cap_s=20)
        same = fixed == current if current is not None else None
        out[label] = {**s, "days": len(fixed), "same_answer_as_app": same}
        print(f"    {label:<72} {fmt(s)}  days={len(fixed)} same answer as the app: {same}")

    await compare(f"A history_windowed('00', from={start})",
                  lambda: history_windowed("00", start, None))
    await compare(f"B history_sql('00', from={start})", lambda: history_sql("00", start))

    if kind == "postgresql":
        for label, sql, original in (("print_debt", LATERAL_DEBT, print_debt.LATEST_SQL),
                                     ("indicators", LATERAL_REPORT, indicators.LATEST_SQL)):
            orig_sql, args = _compiled(Region.raw(original, today, "00", "%"))
            for name, text in ((f"{label}.LATEST_SQL as is", orig_sql),
                               (f"C {label} LATERAL", sql)):
                for mode in ("custom", "generic"):
                    s = await time_sql_pg(url, text, args, mode, n)
                    out[f"{name} ('00', {today}), {mode} plan"] = s
                    print(f"    {name + f' ({mode} plan, asyncpg)':<72} {fmt(s)}  rows={s['rows']}")
            plan = await explain_pg(url, sql, args)
            plans_out.append(f"== {kind}: C {label} LATERAL ('00', {today}), custom plan\n"
                             f"{sql}\n{plan}\n")
            out[f"C {label} LATERAL plan"] = key_lines(plan)

    return out


def day_index_ddl(kind: str) -> str:
    """Fix D: an index leading with day, for the national 30-day flows and the window reads
    (PostgreSQL: covering via INCLUDE; SQLite has no INCLUDE, so the columns are keys)."""
    if kind == "postgresql":
        return ("CREATE INDEX IF NOT EXISTS bench_print_debt_day_day ON print_debt_day (day) "
                "INCLUDE (region, recorded, printed, pending)")
    return ("CREATE INDEX IF NOT EXISTS bench_print_debt_day_day ON print_debt_day "
            "(day, region, recorded, printed, pending)")


def create_day_index(kind: str, url: str) -> float:
    """Creates fix D in the bench database (never in a migration); its build time."""
    t0 = time.perf_counter()
    if kind == "postgresql":
        import asyncpg

        async def ddl() -> None:
            conn = await asyncpg.connect(url)
            try:
                await conn.execute(day_index_ddl(kind))
                await conn.execute("ANALYZE print_debt_day")
            finally:
                await conn.close()

        asyncio.run(ddl())
    else:
        conn = sqlite3.connect(url[len("sqlite:///"):])
        try:
            conn.execute(day_index_ddl(kind))
            conn.commit()
        finally:
            conn.close()
    return round(time.perf_counter() - t0, 2)


async def candidate_index(kind: str, url: str, h: History, today: date, n: int,
                          plans_out: list[str]) -> dict[str, Any]:
    """In process, with fix D in place (created after the HTTP timings)."""
    from blanko_tracker.db import print_debt

    start = _history_from_default(h)
    out: dict[str, Any] = {}
    current = HISTORY_ANSWER.get(kind)

    async def compare(label: str, fn) -> None:
        s, fixed = await timed(fn, n, warm=1, cap_s=20)
        same = fixed == current if current is not None else None
        out[label] = {**s, "days": len(fixed), "same_answer_as_app": same}
        print(f"    {label:<72} {fmt(s)}  days={len(fixed)} same answer as the app: {same}")

    out["D index"] = {"ddl": day_index_ddl(kind)}
    end = h.days[-1]
    win = today - timedelta(days=29)
    for name, fn in (
        (f"D flows_of_regencies('00', {win}..{today}) +index",
         lambda: print_debt.flows_of_regencies("00", win, today)),
        (f"D flows_of_regencies('00', {end - timedelta(days=29)}..{end}) +index",
         lambda: print_debt.flows_of_regencies("00", end - timedelta(days=29), end)),
    ):
        s, result = await timed(fn, n, warm=1, cap_s=20)
        out[name] = {**s, "rows": _size(result)}
        print(f"    {name:<72} {fmt(s)}")
    await compare(f"A+D history_windowed('00', from={start}) +index",
                  lambda: history_windowed("00", start, None))
    await compare(f"B+D history_sql('00', from={start}) +index",
                  lambda: history_sql("00", start))
    if kind == "postgresql":
        sql, args = _compiled(_flows_query("00", end - timedelta(days=29), end))
        plan = await explain_pg(url, sql, args)
        plans_out.append(f"== {kind}: flows 30 days with rows, +index\n{plan}\n")
        out["D flows plan with index"] = key_lines(plan)
    else:
        sql, args = _compiled(_flows_query("00", end - timedelta(days=29), end), "sqlite")
        args = [a.isoformat() if isinstance(a, date) else a for a in args]
        conn = sqlite3.connect(url[len("sqlite:///"):])
        try:
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
        finally:
            conn.close()
        text = " | ".join(r[3] for r in rows)
        plans_out.append(f"== {kind}: flows 30 days with rows, +index\n{text}\n")
        out["D flows plan with index"] = text
    return out


# ---- plans ---------------------------------------------------------------------------------


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _compiled(query: Any, engine_type: str = "postgres") -> tuple[str, list[Any]]:
    sql, args = query.querystrings[0].compile_string(engine_type=engine_type)
    return sql, list(args)


def _flows_query(code: str, start: date, end: date) -> Any:
    from piccolo.query.functions.aggregate import Sum

    from blanko_tracker.db import print_debt
    from blanko_tracker.db.tables import PrintDebtDay

    query = PrintDebtDay.select(
        PrintDebtDay.region, Sum(PrintDebtDay.recorded, alias="recorded"),
        Sum(PrintDebtDay.printed, alias="printed"),
    ).where((PrintDebtDay.day >= start) & (PrintDebtDay.day <= end))
    return print_debt._under(query, code).group_by(PrintDebtDay.region)


def plan_queries(h: History, today: date) -> list[tuple[str, Any]]:
    from blanko_tracker.db import indicators, print_debt
    from blanko_tracker.db.tables import PrintDebtDay, Region

    end = h.days[-1]
    return [
        (f"print_debt.LATEST_SQL ('00', {today})",
         Region.raw(print_debt.LATEST_SQL, today, "00", "%")),
        (f"indicators.LATEST_SQL ('00', {today})",
         Region.raw(indicators.LATEST_SQL, today, "00", "%")),
        (f"print_debt.LATEST_SQL ('75', {today})",
         Region.raw(print_debt.LATEST_SQL, today, "75", "75.%")),
        (f"flows ('00', {today - timedelta(days=29)}..{today})",
         _flows_query("00", today - timedelta(days=29), today)),
        (f"flows ('00', {end - timedelta(days=29)}..{end})",
         _flows_query("00", end - timedelta(days=29), end)),
        (f"flows ('75', {today - timedelta(days=29)}..{today})",
         _flows_query("75", today - timedelta(days=29), today)),
        ("days_of ('00', None) [history]",
         PrintDebtDay.select().order_by(PrintDebtDay.day)),
    ]


async def explain_pg(url: str, sql: str, args: list[Any], *, generic: bool = False) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the statement prepared as asyncpg prepares it: the custom
    plan for these values, or the generic plan the plan cache may switch to after 5 runs."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("SET plan_cache_mode = "
                           + ("force_generic_plan" if generic else "force_custom_plan"))
        await conn.execute(f"PREPARE bench_q AS {sql}")
        values = ", ".join(_literal(a) for a in args)
        call = f"EXECUTE bench_q({values})" if args else "EXECUTE bench_q"
        rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {call}")
        return "\n".join(r[0] for r in rows)
    finally:
        await conn.close()


def key_lines(plan: str) -> str:
    keep = ("Scan", "Filter", "Rows Removed", "Index Cond", "Limit", "Sort", "Loop", "Join",
            "SubPlan", "Aggregate", "Buffers", "Execution Time", "Planning Time", "Hash")
    return "\n".join(line.rstrip() for line in plan.splitlines() if any(k in line for k in keep))


async def pg_plans(url: str, h: History, today: date, plans_out: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, query in plan_queries(h, today):
        sql, args = _compiled(query)
        entry: dict[str, Any] = {"sql": sql, "args": [str(a) for a in args]}
        for mode in ("custom", "generic"):
            if mode == "generic" and name.startswith("days_of"):
                continue
            plan = await explain_pg(url, sql, args, generic=mode == "generic")
            plans_out.append(f"== postgresql: {name}, {mode} plan\n{sql}\n-- args {args}\n"
                             f"{plan}\n")
            entry[mode] = key_lines(plan)
            timing = [line for line in plan.splitlines() if "Execution Time" in line]
            entry[f"{mode}_execution"] = timing[0].strip() if timing else None
        out[name] = entry
        print(f"    {name:<48} custom: {entry.get('custom_execution')}  "
              f"generic: {entry.get('generic_execution')}")
    return out


async def app_plan_counts(engine: Any) -> list[dict[str, Any]]:
    """Generic vs custom plans PostgreSQL used for the app's prepared statements on one pooled
    connection after the in-process timings (asyncpg prepares and caches every statement)."""
    async with engine.pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement ~* '(print_debt_day|indicator_report)'")
    return [{"statement": " ".join(r["statement"].split())[:160],
             "generic_plans": r["generic_plans"], "custom_plans": r["custom_plans"]}
            for r in rows]


def sqlite_plans(path: str, h: History, today: date, plans_out: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    conn = sqlite3.connect(path)
    try:
        for name, query in plan_queries(h, today):
            sql, args = _compiled(query, "sqlite")
            args = [a.isoformat() if isinstance(a, date) else a for a in args]
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
            text = "\n".join(f"{'  ' * 0}{r[3]}" for r in rows)
            t0 = time.perf_counter()
            n = len(conn.execute(sql, args).fetchall())
            ms = (time.perf_counter() - t0) * 1000
            plans_out.append(f"== sqlite: {name}\n{sql}\n-- args {args}\n{text}\n"
                             f"-- {n} rows in {ms:.1f} ms (sqlite3, one run)\n")
            out[name] = {"plan": text, "rows": n, "one_run_ms": round(ms, 1)}
            print(f"    {name:<48} {ms:8.1f} ms  plan: {' | '.join(text.splitlines())}")
    finally:
        conn.close()
    return out


# ---- the server ----------------------------------------------------------------------------


def endpoints(mid: str, history_from: str) -> list[tuple[str, str, dict[str, str], bool]]:
    """(label, path, query, has the 100 ms goal)."""
    return [
        ("GET /print-debt/00", "/api/v1/print-debt/00", {}, True),
        ("GET /indicators/00", "/api/v1/indicators/00", {}, True),
        (f"GET /indicators/00?date={mid}", "/api/v1/indicators/00", {"date": mid}, False),
        ("GET /print-debt/75", "/api/v1/print-debt/75", {}, False),
        ("GET /indicators/75.05", "/api/v1/indicators/75.05", {}, False),
        (f"GET /print-debt/00/history?from={history_from}", "/api/v1/print-debt/00/history",
         {"from": history_from}, False),
    ]


def time_endpoint(client: Any, headers: dict[str, str], path: str, params: dict[str, str],
                  server_pid: int, warmup: int, n: int, cap_s: float,
                  database: str | None) -> dict[str, Any]:
    warm = []
    for _ in range(warmup):
        t0 = time.perf_counter()
        client.get(path, params=params, headers=headers)
        warm.append(round((time.perf_counter() - t0) * 1000, 1))
    times, statuses, sizes = [], Counter(), set()
    pids = backend_pids(database)
    app0, pg0, (busy0, all0) = proc_cpu(server_pid), cpu_of(pids), machine_busy()
    wall0 = time.perf_counter()
    deadline = wall0 + cap_s
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(path, params=params, headers=headers)
        times.append(time.perf_counter() - t0)
        statuses[r.status_code] += 1
        sizes.add(len(r.content))
        if time.perf_counter() > deadline:
            break
    wall = time.perf_counter() - wall0
    app1, pg1, (busy1, all1) = proc_cpu(server_pid), cpu_of(pids), machine_busy()
    pg_s = sum(pg1[p] - pg0[p] for p in pids if pg1.get(p))  # backends still there
    k = len(times)
    return {**stats_ms(times), "warmup_ms": warm, "statuses": dict(statuses),
            "bytes": sorted(sizes),
            "app_cpu_ms_per_req": round((app1 - app0) * 1000 / k, 2),
            "postgres_cpu_ms_per_req": round(pg_s * 1000 / k, 2) if database else None,
            "postgres_backends": len(pids),
            "machine_busy_cores": round(
                (busy1 - busy0) / max(1, all1 - all0) * (os.cpu_count() or 1), 2),
            "wall_s": round(wall, 1), "capped": k < n}


def http_checks(client: Any, headers: dict[str, str], expect: dict[str, Any]) -> list[str]:
    """The HTTP reads agree with the load and with the service-path write."""
    problems = []
    code = expect["region"]
    body = client.get(f"/api/v1/print-debt/{code}", headers=headers).json()
    if (body.get("pending"), body.get("as_of")) != (expect["pending"], expect["as_of"]):
        problems.append(f"GET /print-debt/{code}: {body.get('pending')} as of "
                        f"{body.get('as_of')}, want {expect['pending']} as of {expect['as_of']}")
    national = client.get("/api/v1/print-debt/00", headers=headers).json()
    if national.get("pending") != expect["national_pending"]:
        problems.append(f"GET /print-debt/00 pending {national.get('pending')}, want "
                        f"{expect['national_pending']}")
    if len(national.get("children", [])) != 38:
        problems.append(f"GET /print-debt/00 has {len(national.get('children', []))} children")
    if sum(c["pending"] for c in national.get("children", [])) != national.get("pending"):
        problems.append("GET /print-debt/00: children do not add up")
    ind = client.get("/api/v1/indicators/00", headers=headers).json()
    if ind.get("regencies_reporting") != expect["regencies"]:
        problems.append(f"GET /indicators/00 regencies_reporting "
                        f"{ind.get('regencies_reporting')}")
    if ind.get("wajib_ktp") != expect["wajib_at_end"]:
        problems.append(f"GET /indicators/00 wajib_ktp {ind.get('wajib_ktp')}, want "
                        f"{expect['wajib_at_end']}")
    if ind.get("print_debt") != expect["national_pending"]:
        problems.append(f"GET /indicators/00 print_debt {ind.get('print_debt')}")
    return problems


def profile_endpoint(spy: str, pid: int, client_base: str, headers: dict[str, str], path: str,
                     params: dict[str, str], seconds: int, out: Path) -> dict[str, Any]:
    """py-spy on the server while a client thread keeps requesting `path`."""
    import httpx

    stop = threading.Event()
    done = [0]

    def hammer() -> None:
        with httpx.Client(base_url=client_base, timeout=120) as c:
            while not stop.is_set():
                c.get(path, params=params, headers=headers)
                done[0] += 1

    worker = threading.Thread(target=hammer, daemon=True)
    worker.start()
    time.sleep(0.3)
    proc = subprocess.run([spy, "record", "--pid", str(pid), "--rate", "100", "--duration",
                           str(seconds), "--format", "raw", "--native", "--threads",
                           "--output", str(out)],
                          capture_output=True, text=True, timeout=seconds + 60)
    stop.set()
    worker.join(timeout=120)
    if proc.returncode != 0 or not out.exists():
        return {"error": (proc.stderr or proc.stdout)[-500:]}
    return {"file": str(out.relative_to(ROOT)), "requests_during": done[0],
            **summarise_profile(out)}


IDLE_MARKS = ("epoll_pwait", "PyThread_acquire_lock_timed", "take_gil",
              "_queue_SimpleQueue_get", "Condition.wait")


def summarise_profile(path: Path, top: int = 14) -> dict[str, Any]:
    """Shares of the busy samples of the event-loop thread and of aiosqlite's worker threads
    (SQLite runs there), with native frames (asyncpg's Cython protocol, uvloop, sqlite3).
    `py-spy --native` samples idle threads too: a sample waiting in epoll, on a lock or the
    GIL, or from another thread (uvicorn's monitor, uvloop's helper) is counted as idle."""
    sys.path.insert(0, str(ROOT / "bench"))
    import profile_summary as ps

    stacks = ps.parse(str(path))
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    systems: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    idle = busy = 0
    for frames, n in stacks:
        thread, frames = frames[0], frames[1:]
        if "MainThread" in thread:
            kind = "event loop (MainThread)"
        elif "_connection_worker_thread" in thread:
            kind = "aiosqlite worker threads"
        else:
            idle += n
            continue
        if not frames or any(mark in f for f in frames[-4:] for mark in IDLE_MARKS):
            idle += n
            continue
        busy += n
        threads[kind] += n
        self_time[ps.short(frames[-1])] += n
        for name in {ps.short(f) for f in frames}:
            inclusive[name] += n
        systems[ps.subsystem(frames)] += n
    total = busy or 1

    def pct(counter: Counter[str], k: int, skip_roots: bool = False) -> list[str]:
        rows = []
        for name, n in counter.most_common():
            if skip_roots and n / total > 0.9:
                continue
            rows.append(f"{100 * n / total:5.1f}%  {name}")
            if len(rows) >= k:
                break
        return rows

    return {"samples": busy + idle, "busy_samples": busy, "threads": pct(threads, 3),
            "self": pct(self_time, top), "inclusive": pct(inclusive, top + 10, skip_roots=True),
            "by_subsystem": pct(systems, len(systems))}


# ---- the driver ----------------------------------------------------------------------------


async def regency_codes(url: str) -> list[str]:
    from blanko_tracker.db import regions
    from blanko_tracker.db.engine import connected

    async with connected(url):
        return await regions.subtree("00", ("regency",))


def today_for(code: str) -> date:
    from blanko_tracker.domain.regions import local_date

    return local_date(code, datetime.now(UTC))


async def in_process(kind: str, url: str, h: History, args: argparse.Namespace,
                     new_day: date, plans_out: list[str], result: dict[str, Any]) -> None:
    from blanko_tracker.db.engine import connected

    today = today_for("00")
    mid = date.fromisoformat(args.mid_date)
    async with connected(url) as engine:
        result["row_counts"] = await row_counts()
        print(f"  rows: {result['row_counts']}")
        rng = random.Random(args.seed)
        samples = sorted({SAMPLE_REGENCY, h.regencies[0].code, h.regencies[-1].code,
                          *rng.sample([r.code for r in h.regencies], 3)})
        t0 = time.perf_counter()
        result["load_check"] = await verify_load(h, samples)
        result["load_check"]["seconds"] = round(time.perf_counter() - t0, 1)
        print(f"  load check on {samples}: problems {result['load_check']['problems'] or 'none'}")
        result["service_path"] = await verify_service_path(h, SAMPLE_REGENCY, new_day,
                                                           today_for(SAMPLE_REGENCY))
        sp = result["service_path"]
        print(f"  service path: record_recordings({SAMPLE_REGENCY}, {new_day}, "
              f"+{VERIFY_COUNT}) {sp['before']} -> {sp['expected_after']} in "
              f"{sp['record_recordings_ms']} ms; problems {sp['problems'] or 'none'}")
        print("  in-process timings (through Piccolo, as the app calls them):")
        result["in_process"], app_history = await inprocess_timings(h, today, mid, args.inproc)
        HISTORY_ANSWER[kind] = app_history
        if kind == "postgresql":
            result["app_plan_counts"] = await app_plan_counts(engine)
            print("  EXPLAIN (ANALYZE, BUFFERS), prepared as asyncpg does:")
            result["plans"] = await pg_plans(url, h, today, plans_out)
        else:
            print("  EXPLAIN QUERY PLAN:")
            result["plans"] = sqlite_plans(url[len("sqlite:///"):], h, today, plans_out)
        print("  candidate fixes (bench-only, in process):")
        result["candidates"] = await candidate_fixes(kind, url, h, today, args.inproc,
                                                     plans_out)


async def after_http(kind: str, url: str, h: History, args: argparse.Namespace,
                     plans_out: list[str], result: dict[str, Any]) -> None:
    from blanko_tracker.db.engine import connected

    async with connected(url):
        print("  candidate fix D (bench-only, in process), with the index:")
        result["candidates_with_day_index"] = await candidate_index(
            kind, url, h, today_for("00"), args.inproc, plans_out)


def run_http(kind: str, url: str, h: History, args: argparse.Namespace,
             expect: dict[str, Any], result: dict[str, Any], budget_end: float) -> None:
    import httpx

    benchlib.create_user(url, "bench", role="ministry_officer", region="00")
    log_path = RESULTS / f"history_reads_{kind}_server.log"
    server = benchlib.start_server(url, log=log_path)
    base = server.base_url
    result["http"] = {}
    try:
        headers = benchlib.bearer(benchlib.sign_in(base, "bench"))
        with httpx.Client(base_url=base, timeout=120) as client:
            result["http_checks"] = http_checks(client, headers, expect)
            print(f"  HTTP checks: {result['http_checks'] or 'all agree'}")
            for label, path, params, _goal in endpoints(args.mid_date, args.history_from):
                left = budget_end - time.perf_counter()
                cap = max(10.0, min(args.endpoint_cap, left / 3))
                s = time_endpoint(client, headers, path, params, server.pid,
                                  args.warmup, args.requests, cap,
                                  args.db_name if kind == "postgresql" else None)
                result["http"][label] = s
                print(f"    {label:<44} {fmt(s)}  {s['bytes']} B  status {s['statuses']}  "
                      f"warm-up {s['warmup_ms']}  "
                      f"CPU/req: app {s['app_cpu_ms_per_req']} ms, postgres "
                      f"{s['postgres_cpu_ms_per_req']} ms; machine busy "
                      f"{s['machine_busy_cores']} cores{'  (capped)' if s['capped'] else ''}")
        spy = py_spy()
        result["profiles"] = {}
        # A goal endpoint is profiled when its p95 misses the goal; the others (no goal of
        # their own) when their median is slower than it, unless --profile-goal-only.
        to_profile = [(label, path, params) for label, path, params, goal in
                      endpoints(args.mid_date, args.history_from)
                      if (goal and result["http"][label].get("p95", 0) > args.goal_ms)
                      or (not goal and not args.profile_goal_only
                          and result["http"][label].get("median", 0) > args.goal_ms)]
        if not spy:
            result["profiles"]["skipped"] = "py-spy not found"
        for i, (label, path, params) in enumerate(to_profile):
            if time.perf_counter() + args.profile_seconds + 20 > budget_end:
                result["profiles"][label] = {"skipped": "time budget"}
                continue
            out = RESULTS / f"history_reads_profile_{kind}_{i}.txt"
            prof = profile_endpoint(spy, server.pid, base, headers, path, params,
                                    args.profile_seconds, out)
            result["profiles"][label] = prof
            print(f"  profile {label}: {prof.get('busy_samples')} busy of "
                  f"{prof.get('samples')} samples, {prof.get('requests_during')} requests "
                  f"(shares of the busy samples)")
            for line in prof.get("threads", []):
                print(f"      thread    {line}")
            for line in prof.get("inclusive", [])[:14]:
                print(f"      inclusive {line}")
            for line in prof.get("self", [])[:8]:
                print(f"      self      {line}")
            for line in prof.get("by_subsystem", [])[:6]:
                print(f"      subsystem {line}")
        # Fix D, end to end: the same server, the index created behind its back (PostgreSQL
        # replans prepared statements after DDL; SQLite opens a connection per query).
        if time.perf_counter() + 90 < budget_end:
            result["day_index_build_s"] = create_day_index(kind, url)
            print(f"  + index D ({day_index_ddl(kind)}) built in "
                  f"{result['day_index_build_s']} s; the print-debt reads again:")
            result["http_with_day_index"] = {}
            with httpx.Client(base_url=base, timeout=120) as client:
                for label, path, params, _goal in endpoints(args.mid_date, args.history_from):
                    if not label.startswith("GET /print-debt/") or "history" in label:
                        continue
                    s = time_endpoint(client, headers, path, params, server.pid,
                                      args.warmup, args.requests, args.endpoint_cap,
                                      args.db_name if kind == "postgresql" else None)
                    result["http_with_day_index"][label] = s
                    print(f"    {label + ' +index':<44} {fmt(s)}  {s['bytes']} B  status "
                          f"{s['statuses']}  CPU/req: app {s['app_cpu_ms_per_req']} ms, "
                          f"postgres {s['postgres_cpu_ms_per_req']} ms")
    finally:
        result["server_stopped_cleanly"] = server.stop()
    result["server_tracebacks"] = server.tracebacks()


def run_engine(kind: str, url: str, holder: dict[str, History],
               args: argparse.Namespace, plans_out: list[str], budget_end: float,
               report: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"engine": kind}
    result["migrate_s"] = round(benchlib.migrate(url), 1)
    print(f"  migrated in {result['migrate_s']} s")
    if "h" not in holder:  # the regencies come from the migrated database (migration 0002)
        codes = asyncio.run(regency_codes(url))
        t0 = time.perf_counter()
        holder["h"] = generate(codes, date.fromisoformat(args.start),
                               date.fromisoformat(args.end), args.seed)
        report["generate_s"] = round(time.perf_counter() - t0, 1)
        report["data"] = {"regencies": len(codes), "days": holder["h"].n_days,
                          "first": args.start, "last": args.end,
                          "regency_days": len(codes) * holder["h"].n_days}
        print(f"  generated {report['data']} in {report['generate_s']} s")
    h = holder["h"]
    t0 = time.perf_counter()
    if kind == "postgresql":
        result["load"] = asyncio.run(load_pg(url, h))
    else:
        result["load"] = load_sqlite(url[len("sqlite:///"):], h)
    result["load_s"] = round(time.perf_counter() - t0, 1)
    print(f"  loaded in {result['load_s']} s: {result['load']}")
    new_day = min(h.days[-1] + timedelta(days=1), today_for(SAMPLE_REGENCY))
    asyncio.run(in_process(kind, url, h, args, new_day, plans_out, result))
    sp = result["service_path"]
    expect = {"region": SAMPLE_REGENCY, "pending": sp["expected_after"],
              "as_of": new_day.isoformat(), "national_pending": sp["national_pending_after"],
              "regencies": len(h.regencies),
              "wajib_at_end": sum(r.wajib[-1] for r in h.regencies)}
    run_http(kind, url, h, args, expect, result, budget_end)
    if time.perf_counter() + 60 < budget_end:
        asyncio.run(after_http(kind, url, h, args, plans_out, result))
    else:
        result["candidates_with_day_index"] = {"skipped": "time budget"}
    return result


def machine() -> dict[str, Any]:
    import asyncpg

    async def pg_version() -> str:
        conn = await asyncpg.connect(PG_ADMIN_URL)
        try:
            return await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()

    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "postgresql": asyncio.run(pg_version()), "sqlite": sqlite3.sqlite_version,
            "kernel": platform.release(), "loadavg_at_start": os.getloadavg()}


def main() -> int:
    global _HISTORY_FROM
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", default="blanko_bench_history")
    parser.add_argument("--start", default="2023-01-01")
    parser.add_argument("--end", default="2025-12-31")
    parser.add_argument("--mid-date", default="2024-06-30")
    parser.add_argument("--history-from", default="2025-12-01")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--endpoint-cap", type=float, default=120,
                        help="seconds at most per endpoint (fewer requests if slower)")
    parser.add_argument("--inproc", type=int, default=20, help="in-process calls per query")
    parser.add_argument("--goal-ms", type=float, default=100)
    parser.add_argument("--profile-seconds", type=int, default=8)
    parser.add_argument("--profile-goal-only", action="store_true",
                        help="profile only the two goal endpoints (default: every endpoint "
                             "slower than --goal-ms)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--budget", type=float, default=870, help="whole run, seconds")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    args = parser.parse_args()
    _HISTORY_FROM = date.fromisoformat(args.history_from)

    benchlib.leave_nothing_behind()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    budget_end = started + args.budget
    report: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                              "args": vars(args), "machine": machine(), "runs": []}
    print(f"machine: {report['machine']}")
    plans_out: list[str] = []
    if date.fromisoformat(args.end) >= today_for("00"):
        sys.exit("--end must be before today: the service-path check writes the day after it")

    engines = []
    if not args.no_postgres:
        engines.append("postgresql")
    if not args.no_sqlite:
        engines.append("sqlite")
    holder: dict[str, History] = {}
    for idx, kind in enumerate(engines):
        left = budget_end - time.perf_counter()
        if idx and left < 240:
            report[f"{kind}_skipped"] = f"only {left:.0f} s of the budget left"
            print(f"== {kind} skipped: only {left:.0f} s left")
            continue
        if kind == "postgresql":
            print(f"== PostgreSQL: database {args.db_name}")
            url = benchlib.fresh_postgres(args.db_name, keep=args.keep)
        else:
            print("== SQLite")
            url = benchlib.fresh_sqlite("blanko-bench-history-")
        report["runs"].append(run_engine(kind, url, holder, args, plans_out, budget_end,
                                         report))
        if kind == "postgresql" and not args.keep:
            benchlib.drop_postgres(args.db_name)
            print(f"  dropped {args.db_name}")
        if kind == "sqlite":
            benchlib.remove_temp_dir(str(Path(benchlib.sqlite_path(url)).parent))
    report["total_s"] = round(time.perf_counter() - started, 1)
    (RESULTS / "history_reads.json").write_text(json.dumps(report, indent=2, default=str))
    (RESULTS / "history_reads_plans.txt").write_text("\n".join(plans_out))
    print(f"total {report['total_s']} s; results in bench/results/history_reads.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
