#!/usr/bin/env python3
"""Serial custody at national scale: ~24 million serials across the 514 regencies.

    .venv/bin/python bench/serial_custody.py            # PostgreSQL, then SQLite if time allows
    .venv/bin/python bench/serial_custody.py --no-sqlite --rounds 5 --seed 7

Run it with the project's virtualenv: it imports blanko_tracker and calls the services in
process. For each engine (PostgreSQL: a fresh database `blanko_bench_serials`; SQLite: a file
in a temporary directory) it

1. migrates with `blanko-tracker migrate`, creates an admin and a ministry officer through
   `services.users.create_user`, then replays one synthetic year (2025) through the services:
   the ministry procures in tranches (`record_procurement` with serial ranges), ships an
   installment to every province and `--rounds` installments to every regency
   (`create_shipment(status="dispatched")`, each carrying 1-4 serial ranges), and the regions
   receive them (`receive_shipment`, ~12 % with a few damaged serials, ~3 % with a lost pack,
   ~3 % of the last round still in transit). It reports the load time and row counts;
2. times `db.serials.where_was(serial, day)` in process for random serials and days;
3. starts `blanko-tracker serve` on that database, signs in, and times
   `GET /api/v1/serials/{serial}?on=DAY` sequentially with httpx;
4. times creating a dispatched shipment carrying 100 serial ranges (service call and
   `POST /api/v1/shipments`), from the ministry's stock and from a province's, and
   receiving it (service call and `POST /api/v1/shipments/{id}/receive`); it also counts the
   SQL statements each call sends;
5. PostgreSQL only: `EXPLAIN (ANALYZE, BUFFERS)` of the where_was and `_open_rows_touching`
   queries as the app sends them (captured from Piccolo), custom and generic plans; then the
   same with candidate indexes created by hand in the bench database (never in a migration),
   and the timings again. SQLite: `EXPLAIN QUERY PLAN` of both.

The SQLite pass runs only when the PostgreSQL load left enough of the time budget, and its
load is abandoned after `--sqlite-load-budget` seconds (the report then says how far it got).
Output: stdout and bench/results/serial_custody.json (plans in serial_custody_plans.txt).
Every server this script starts is killed, and the bench database dropped, when it exits
(bench/benchlib.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import benchlib
from benchlib import PASSWORD, PG_ADMIN_URL, RESULTS, ROOT

BASE_SERIAL = 7_300_000_000_000  # synthetic, beyond 2^31 as chip serials are
TRANCHE_STRIDE = 100_000_000  # each tranche's serials start on a fresh block
YEAR_START = date(2025, 1, 6)
ROUND_DAYS = 70
DISPATCH_WINDOW = 55
PROVINCE_INSTALLMENT = 40_000

Range = tuple[int, int]


# ---- where the CPU went ------------------------------------------------------------------


CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_ticks(pid: int | str) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _postgres_ticks() -> dict[str, int]:
    ticks = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    ticks[entry.name] = _proc_ticks(entry.name)
    return ticks


def _machine_ticks() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]), idle


class CpuMeter:
    """Cores used during a phase: the machine, this process, the server, every `postgres`
    process (on this server, whoever it works for), and the rest (other work on the box)."""

    def __init__(self, server_pid: int | None = None) -> None:
        self.server_pid = server_pid
        self.start: dict[str, Any] = self._sample()

    def _sample(self) -> dict[str, Any]:
        total, idle = _machine_ticks()
        return {"t": time.perf_counter(), "total": total, "idle": idle,
                "bench": _proc_ticks("self"), "postgres": _postgres_ticks(),
                "server": _proc_ticks(self.server_pid) if self.server_pid else 0}

    def stop(self) -> dict[str, float]:
        end = self._sample()
        # Per backend, so one that exits during the phase is left out (an undercount)
        # instead of making the sum go negative.
        pg = sum(t - self.start["postgres"].get(pid, 0) for pid, t in end["postgres"].items())
        d = {k: end[k] - self.start[k] for k in end if k != "postgres"}
        d["postgres"] = pg
        wall = d["t"]
        cores = (os.cpu_count() or 1) * (1 - d["idle"] / d["total"]) if d["total"] else 0.0
        out = {"wall_s": wall, "machine": cores}
        for k in ("bench", "server", "postgres"):
            out[k] = d[k] / CLK_TCK / wall if wall else 0.0
        out["rest"] = max(0.0, cores - out["bench"] - out["server"] - out["postgres"])
        return out


def cpu_line(c: dict[str, float]) -> str:
    return (f"cpu (cores): machine {c['machine']:.2f}; bench {c['bench']:.2f}, server "
            f"{c['server']:.2f}, postgres {c['postgres']:.2f}, rest {c['rest']:.2f}")


# ---- statistics ----------------------------------------------------------------------------


def stats_ms(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) == 1:
        return {"n": 1, "median": ms[0], "p95": ms[0], "p99": ms[0], "min": ms[0], "max": ms[0]}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"n": len(ms), "median": statistics.median(ms), "p95": q[94], "p99": q[98],
            "min": ms[0], "max": ms[-1]}


def print_where_was_split(r: dict[str, Any]) -> None:
    print(f"      over {r['custody_rows']:,} custody rows; found: {fmt(r['found_only'])}")
    if "not_found_only" in r:
        print(f"      not found (404):{' ' * 14}{fmt(r['not_found_only'])}")


def fmt(s: dict[str, float]) -> str:
    return (f"n={s['n']:<5} median {s['median']:8.2f} ms  p95 {s['p95']:8.2f}  "
            f"p99 {s['p99']:8.2f}  max {s['max']:8.2f}")


# ---- counting and capturing the SQL Piccolo sends ------------------------------------------


class Capture:
    """Wraps the engine class's run_querystring (engines have __slots__, so not the instance):
    counts the statements sent through `engine`, optionally keeps their (sql, args)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.cls = type(engine)
        self.original = self.cls.run_querystring
        self.count = 0
        self.recording = False
        self.calls: list[tuple[str, list[Any]]] = []
        capture = self

        async def wrapped(engine_self: Any, querystring: Any, in_pool: bool = True) -> Any:
            if engine_self is capture.engine:
                capture.count += 1
                if capture.recording:
                    sql, args = querystring.compile_string(engine_type=engine_self.engine_type)
                    capture.calls.append((sql, list(args)))
            return await capture.original(engine_self, querystring, in_pool=in_pool)

        self.cls.run_querystring = wrapped

    def close(self) -> None:
        self.cls.run_querystring = self.original

    @contextlib.contextmanager
    def record(self):
        self.calls = []
        self.recording = True
        try:
            yield self.calls
        finally:
            self.recording = False


# ---- the synthetic year --------------------------------------------------------------------


@dataclass
class Ship:
    idx: int
    destination: str
    quantity: int
    day: date
    installment: int | None
    ranges: list[Range] = field(default_factory=list)
    receive_day: date | None = None
    damaged: list[Range] = field(default_factory=list)
    missing: list[Range] = field(default_factory=list)


@dataclass
class Tranche:
    day: date
    ranges: list[Range]

    @property
    def quantity(self) -> int:
        return sum(b - a + 1 for a, b in self.ranges)


def size(ranges: list[Range]) -> int:
    return sum(b - a + 1 for a, b in ranges)


def _take(free: list[Range], quantity: int, rng: random.Random) -> list[Range]:
    """Serials for one shipment out of the ministry's free pool: 1-3 picks of whole packs,
    mostly first-in-first-out, sometimes from further into the stock (leaving holes)."""
    from blanko_tracker.domain.serials import merge, subtract

    k = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    cuts = sorted(rng.sample(range(1, quantity), k - 1)) if k > 1 else []
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, quantity], strict=True)]
    taken: list[Range] = []
    for part in parts:
        avail = subtract(free, taken)
        if rng.random() < 0.7:
            i, pos = 0, avail[0][0]
        else:
            weights = [b - a + 1 for a, b in avail]
            i = rng.choices(range(len(avail)), weights=weights)[0]
            a, b = avail[i]
            pos = a + (rng.randrange(0, b - a + 1) // 500) * 500
        left = part
        while left:
            a, b = avail[i]
            pos = max(pos, a)
            n = min(left, b - pos + 1)
            taken.append((pos, pos + n - 1))
            left -= n
            i = (i + 1) % len(avail)
            pos = avail[i][0]
    return merge(taken)


def _pick_runs(carried: list[Range], count: int, lo: int, hi: int, rng: random.Random,
               avoid: list[Range]) -> list[Range]:
    """`count` disjoint runs of lo..hi serials inside `carried`, clear of `avoid`."""
    from blanko_tracker.domain.serials import merge, subtract

    runs: list[Range] = []
    for _ in range(count):
        pool = subtract(carried, merge(avoid + runs))
        pool = [r for r in pool if r[1] - r[0] + 1 >= lo]
        if not pool:
            break
        a, b = rng.choice(pool)
        n = min(rng.randint(lo, hi), b - a + 1)
        start = rng.randint(a, b - n + 1)
        runs.append((start, start + n - 1))
    return merge(runs)


def plan_year(regencies: list[str], provinces: list[str], *, rounds: int, tranches: int,
              reserve: float, rng: random.Random) -> tuple[list[tuple], list[Ship]]:
    """Every event of the year, in day order: ("procure", day, Tranche) and
    ("ship", day, Ship) and ("receive", day, Ship)."""
    ships: list[Ship] = []
    for code in provinces:
        ships.append(Ship(len(ships), code, PROVINCE_INSTALLMENT,
                          YEAR_START + timedelta(days=rng.randint(0, DISPATCH_WINDOW)), None))
    for r in range(rounds):
        start = YEAR_START + timedelta(days=r * ROUND_DAYS)
        for code in regencies:
            ships.append(Ship(len(ships), code, rng.randint(8_000, 10_000),
                              start + timedelta(days=rng.randint(0, DISPATCH_WINDOW)), r + 1))
    ships.sort(key=lambda s: (s.day, s.idx))
    needed = sum(s.quantity for s in ships)
    tranche_size = -(-int(needed * (1 + reserve)) // tranches)

    def tranche(k: int, day: date) -> Tranche:
        # Two card-maker blocks per tranche, with a gap between them.
        base = BASE_SERIAL + k * TRANCHE_STRIDE
        first = int(tranche_size * rng.uniform(0.55, 0.7))
        return Tranche(day, [(base, base + first - 1),
                             (base + first + 1_000_000, base + tranche_size + 1_000_000 - 1)])

    from blanko_tracker.domain.serials import merge, subtract

    events: list[tuple] = []
    free: list[Range] = []
    procured = 0
    for ship in ships:
        while size(free) < ship.quantity:
            t = tranche(procured, ship.day)
            procured += 1
            events.append(("procure", ship.day, t))
            free = merge(free + t.ranges)
        ship.ranges = _take(free, ship.quantity, rng)
        free = subtract(free, ship.ranges)
        events.append(("ship", ship.day, ship))
        last_round = ship.installment == rounds
        if last_round and rng.random() < 0.03:
            continue  # still in transit at the end of the year
        ship.receive_day = ship.day + timedelta(days=rng.randint(1, 7))
        if rng.random() < 0.12:
            ship.damaged = _pick_runs(ship.ranges, rng.randint(1, 3), 1, 20, rng, [])
        if rng.random() < 0.03:
            ship.missing = _pick_runs(ship.ranges, 1, 20, 200, rng, ship.damaged)
        events.append(("receive", ship.receive_day, ship))
    while procured < tranches:  # the last tranche(s) arrive as the reserve
        t = tranche(procured, ships[-1].day)
        procured += 1
        events.append(("procure", ships[-1].day, t))
    order = {"procure": 0, "ship": 1, "receive": 2}
    events.sort(key=lambda e: (e[1], order[e[0]]))
    return events, ships


# ---- one engine's run ----------------------------------------------------------------------


async def make_actors() -> dict[str, Any]:
    from blanko_tracker.domain.access import Actor, Role
    from blanko_tracker.schemas import CreateUser
    from blanko_tracker.services.users import create_user

    actors = {}
    for name, role in (("bench-admin", Role.ADMIN), ("bench-officer", Role.MINISTRY_OFFICER)):
        user = await create_user(
            CreateUser(username=name, password=PASSWORD, role=role, region="00"), actor=None
        )
        actors[name] = Actor(id=user.id, username=user.username, role=user.role,
                             region=user.region)
    return actors


async def load(events: list[tuple], actors: dict[str, Any], budget_s: float,
               capture: Capture) -> dict[str, Any]:
    from blanko_tracker.schemas import CreateShipment, ReceiveShipment, RecordProcurement
    from blanko_tracker.services.shipments import create_shipment, receive_shipment
    from blanko_tracker.services.stock import record_procurement

    officer, admin = actors["bench-officer"], actors["bench-admin"]
    ids: dict[int, int] = {}
    times: dict[str, list[float]] = {"procure": [], "ship": [], "receive": []}
    statements: dict[str, int] = {"procure": 0, "ship": 0, "receive": 0}
    dispatch_by_decile: list[list[float]] = [[] for _ in range(10)]
    ships_total = sum(1 for e in events if e[0] == "ship")
    ships_done = 0
    start = time.perf_counter()
    done = 0
    next_report = 0.1
    for kind, day, item in events:
        if time.perf_counter() - start > budget_s:
            break
        before = capture.count
        t0 = time.perf_counter()
        if kind == "procure":
            await record_procurement(
                RecordProcurement(quantity=item.quantity, serial_ranges=item.ranges, on=day,
                                  note="bench (synthetic serials): tranche from the card maker"),
                actor=officer,
            )
        elif kind == "ship":
            row = await create_shipment(
                CreateShipment(destination=item.destination, quantity=item.quantity,
                               installment=item.installment, serial_ranges=item.ranges,
                               status="dispatched", dispatched_on=day,
                               note="bench (synthetic)"),
                actor=officer,
            )
            ids[item.idx] = row.id
        else:
            damaged, missing = size(item.damaged), size(item.missing)
            await receive_shipment(
                ids[item.idx],
                ReceiveShipment(received=item.quantity - damaged - missing, damaged=damaged,
                                received_on=day, damaged_ranges=item.damaged or None,
                                missing_ranges=item.missing or None),
                actor=admin,
            )
        elapsed = time.perf_counter() - t0
        times[kind].append(elapsed)
        statements[kind] += capture.count - before
        if kind == "ship":
            dispatch_by_decile[min(9, ships_done * 10 // ships_total)].append(elapsed)
            ships_done += 1
        done += 1
        if done / len(events) >= next_report:
            print(f"    {done / len(events):4.0%} of {len(events)} events, "
                  f"{time.perf_counter() - start:6.1f} s", flush=True)
            next_report += 0.1
    total = time.perf_counter() - start
    return {
        "seconds": total,
        "completed": done == len(events),
        "events_done": done,
        "events_total": len(events),
        "per_kind": {k: {"count": len(v), **(stats_ms(v) if v else {}),
                         "statements_per_call": statements[k] / len(v) if v else 0}
                     for k, v in times.items()},
        "dispatch_median_ms_by_decile": [statistics.median(d) * 1000 if d else None
                                         for d in dispatch_by_decile],
        "shipment_ids": ids,
    }


async def row_counts() -> dict[str, Any]:
    from blanko_tracker.db.tables import SerialCustody

    async def scalar(sql: str) -> int:
        rows = await SerialCustody.raw(sql)
        return rows[0]["n"]

    counts = {t: await scalar(f"SELECT count(*) AS n FROM {t}")
              for t in ("serial_custody", "shipment", "shipment_range", "stock_movement",
                        "audit_entry")}
    counts["serial_custody_open"] = await scalar(
        "SELECT count(*) AS n FROM serial_custody WHERE valid_to IS NULL")
    rows = await SerialCustody.raw(
        "SELECT status, (valid_to IS NULL) AS open, count(*) AS n, "
        "sum(last_serial - first_serial + 1) AS serials FROM serial_custody "
        "GROUP BY status, (valid_to IS NULL) ORDER BY status, open")
    counts["custody_by_status"] = [
        {"status": r["status"], "open": bool(r["open"]), "rows": r["n"],
         "serials": int(r["serials"])} for r in rows]
    counts["ministry_rows"] = await scalar(
        "SELECT count(*) AS n FROM serial_custody WHERE region = '00'")
    counts["ministry_open_in_stock_rows"] = await scalar(
        "SELECT count(*) AS n FROM serial_custody WHERE region = '00' "
        "AND status = 'in_stock' AND valid_to IS NULL")
    return counts


async def analyze_tables() -> None:
    from blanko_tracker.db.tables import SerialCustody

    await SerialCustody.raw("ANALYZE")


async def custody_consistency() -> dict[str, Any]:
    """Serials held open in stock per region equal its stock balance; open rows never overlap."""
    from blanko_tracker.db.tables import SerialCustody

    held = await SerialCustody.raw(
        "SELECT region, sum(last_serial - first_serial + 1) AS n FROM serial_custody "
        "WHERE valid_to IS NULL AND status = 'in_stock' GROUP BY region")
    balances = await SerialCustody.raw("SELECT region, on_hand FROM stock_balance")
    held_by = {r["region"]: int(r["n"]) for r in held}
    on_hand = {r["region"]: r["on_hand"] for r in balances}
    mismatched = sorted(region for region in set(held_by) | set(on_hand)
                        if held_by.get(region, 0) != on_hand.get(region, 0))
    overlaps = await SerialCustody.raw(
        "SELECT count(*) AS n FROM (SELECT first_serial, lag(last_serial) OVER "
        "(ORDER BY first_serial) AS prev_last FROM serial_custody WHERE valid_to IS NULL) t "
        "WHERE first_serial <= prev_last")
    return {"regions_with_balance": len(on_hand), "custody_vs_balance_mismatches": mismatched,
            "overlapping_open_rows": overlaps[0]["n"]}


def blanko_check(url: str) -> dict[str, Any]:
    try:
        done = benchlib.cli(url, "check", timeout=120)
    except subprocess.CalledProcessError as failed:
        done = failed
    return {"exit": done.returncode, "output": (done.stdout + done.stderr).strip()}


def lookup_sample(tranches: list[Tranche], n: int, rng: random.Random
                  ) -> list[tuple[int, date]]:
    """Random (serial, day): serials drawn from the procured ranges, days across 2025-26."""
    ranges = [r for t in tranches for r in t.ranges]
    weights = [b - a + 1 for a, b in ranges]
    first_day, span = date(2025, 1, 1), (date(2026, 1, 31) - date(2025, 1, 1)).days
    sample = []
    for _ in range(n):
        a, b = rng.choices(ranges, weights=weights)[0]
        sample.append((rng.randint(a, b), first_day + timedelta(days=rng.randint(0, span))))
    return sample


async def custody_rows() -> int:
    from blanko_tracker.db.tables import SerialCustody

    return await SerialCustody.count()


async def time_where_was(sample: list[tuple[int, date]], warmup: int = 50,
                         tranches: list[Tranche] | None = None) -> dict[str, Any]:
    """where_was over the sample; with `tranches`, also the median per tranche of the serial
    (early tranches hold the oldest rows, the ones a backward scan of the ids reaches last)."""
    from blanko_tracker.db import serials

    for serial, day in sample[:warmup]:
        await serials.where_was(serial, day)
    times, hits = [], 0
    by_tranche: dict[int, list[float]] = {}
    found_t, missed_t = [], []
    for serial, day in sample:
        t0 = time.perf_counter()
        row = await serials.where_was(serial, day)
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        hits += row is not None
        (found_t if row is not None else missed_t).append(elapsed)
        if tranches:
            k = next(i for i, t in enumerate(tranches)
                     if any(a <= serial <= b for a, b in t.ranges))
            by_tranche.setdefault(k, []).append(elapsed)
    out = {**stats_ms(times), "found": hits, "custody_rows": await custody_rows()}
    if found_t:
        out["found_only"] = stats_ms(found_t)
    if missed_t:
        out["not_found_only"] = stats_ms(missed_t)
    if by_tranche:
        out["median_ms_by_tranche"] = {k + 1: statistics.median(v) * 1000
                                       for k, v in sorted(by_tranche.items())}
    return out


async def open_rows(region: str, min_size: int) -> list[dict[str, Any]]:
    from blanko_tracker.db.tables import SerialCustody

    rows = await SerialCustody.select().where(
        (SerialCustody.region == region) & (SerialCustody.status == "in_stock")
        & SerialCustody.valid_to.is_null()
    ).order_by(SerialCustody.first_serial)
    return [r for r in rows if r["last_serial"] - r["first_serial"] + 1 >= min_size]


async def hundred_ranges(region: str, rng: random.Random, used: list[Range]) -> list[Range]:
    """100 disjoint, non-adjacent runs of 5 serials held by `region` in stock (a span of
    1,000 serials), clear of the spans claimed by earlier repetitions."""
    from blanko_tracker.domain.serials import overlap

    for row in await open_rows(region, 1_000):
        a, b = row["first_serial"], row["last_serial"]
        for _ in range(20):
            start = rng.randint(a, b - 999)
            ranges = [(start + 10 * i, start + 10 * i + 4) for i in range(100)]
            span = (start, start + 999)
            if not any(overlap(span, u) for u in used):
                used.append(span)
                return ranges
    raise RuntimeError(f"{region} has no free run of 1,000 serials left")


def http_locate(client: Any, headers: dict[str, str], sample: list[tuple[int, date]],
                warmup: int = 20) -> dict[str, Any]:
    for serial, day in sample[:warmup]:
        client.get(f"/api/v1/serials/{serial}", params={"on": day.isoformat()}, headers=headers)
    times, statuses = [], {}
    by_status: dict[int, list[float]] = {}
    for serial, day in sample:
        t0 = time.perf_counter()
        r = client.get(f"/api/v1/serials/{serial}", params={"on": day.isoformat()},
                       headers=headers)
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        by_status.setdefault(r.status_code, []).append(elapsed)
    return {**stats_ms(times), "statuses": statuses,
            "by_status": {k: stats_ms(v) for k, v in sorted(by_status.items())}}


async def big_shipments(source: str, destinations: list[str], reps: int, actors: dict,
                        client: Any, headers: dict[str, dict[str, str]], capture: Capture,
                        rng: random.Random, used: list[Range]) -> dict[str, Any]:
    """(c) and (d): shipments carrying 100 serial ranges, by service call and over HTTP."""
    from blanko_tracker.schemas import CreateShipment, ReceiveShipment
    from blanko_tracker.services.shipments import create_shipment, receive_shipment

    out: dict[str, Any] = {}
    made: list[tuple[int, list[Range]]] = []
    create_t, create_n = [], []
    for i in range(reps):
        ranges = await hundred_ranges(source, rng, used)
        cmd = CreateShipment(source=source, destination=destinations[i % len(destinations)],
                             quantity=size(ranges), serial_ranges=ranges, status="dispatched",
                             note="bench: 100 ranges")
        before = capture.count
        t0 = time.perf_counter()
        row = await create_shipment(cmd, actor=actors["bench-officer"])
        create_t.append(time.perf_counter() - t0)
        create_n.append(capture.count - before)
        made.append((row.id, ranges))
    out["create_service"] = {**stats_ms(create_t), "statements": create_n}
    receive_t, receive_n = [], []
    for shipment_id, ranges in made:
        damaged = [ranges[3], (ranges[60][0] + 2, ranges[60][0] + 3)]
        cmd = ReceiveShipment(received=size(ranges) - size(damaged), damaged=size(damaged),
                              damaged_ranges=damaged, note="bench")
        before = capture.count
        t0 = time.perf_counter()
        await receive_shipment(shipment_id, cmd, actor=actors["bench-admin"])
        receive_t.append(time.perf_counter() - t0)
        receive_n.append(capture.count - before)
    out["receive_service"] = {**stats_ms(receive_t), "statements": receive_n}
    if client is None:
        return out
    made = []
    create_t, receive_t, statuses = [], [], []
    for i in range(reps):
        ranges = await hundred_ranges(source, rng, used)
        body = {"source": source, "destination": destinations[(i + 1) % len(destinations)],
                "quantity": size(ranges), "serial_ranges": [list(r) for r in ranges],
                "status": "dispatched", "note": "bench: 100 ranges over HTTP"}
        t0 = time.perf_counter()
        r = client.post("/api/v1/shipments", json=body, headers=headers["bench-officer"])
        create_t.append(time.perf_counter() - t0)
        statuses.append(r.status_code)
        if r.status_code == 201:
            made.append((r.json()["id"], ranges))
        else:
            print(f"      POST /api/v1/shipments → {r.status_code}: {r.text[:300]}")
    out["create_http"] = {**stats_ms(create_t), "statuses": statuses}
    statuses = []
    for shipment_id, ranges in made:
        damaged = [ranges[3], (ranges[60][0] + 2, ranges[60][0] + 3)]
        body = {"received": size(ranges) - size(damaged), "damaged": size(damaged),
                "damaged_ranges": [list(d) for d in damaged], "note": "bench"}
        t0 = time.perf_counter()
        r = client.post(f"/api/v1/shipments/{shipment_id}/receive", json=body,
                        headers=headers["bench-admin"])
        receive_t.append(time.perf_counter() - t0)
        statuses.append(r.status_code)
        if r.status_code != 200:
            print(f"      POST …/receive → {r.status_code}: {r.text[:300]}")
    if receive_t:
        out["receive_http"] = {**stats_ms(receive_t), "statuses": statuses}
    return out


# ---- the proposed fix for `db.serials.move`, to measure it (never installed in src/) -------


async def _move_batched(
    ranges: list[Range], *, holder: str, status: str, to_region: str, to_status: str,
    on: date, shipment_id: int | None = None,
) -> None:
    """`db.serials.move` with its two loops batched: one SELECT for the open rows touching all
    the ranges (bounded by their span, filtered exactly in Python) and one INSERT for every
    piece left behind. Same checks, same rows written."""
    from blanko_tracker.db import serials as db_serials
    from blanko_tracker.db.tables import SerialCustody
    from blanko_tracker.domain import serials as rules
    from blanko_tracker.domain.errors import SerialConflict

    if not ranges:
        return
    merged = rules.merge(ranges)
    candidates = await SerialCustody.select().where(
        (SerialCustody.region == holder) & (SerialCustody.status == status)
        & SerialCustody.valid_to.is_null()
        & (SerialCustody.first_serial <= merged[-1][1])
        & (SerialCustody.last_serial >= merged[0][0])
    )
    rows = [r for r in candidates
            if any(rules.overlap((r["first_serial"], r["last_serial"]), m) for m in merged)]
    held = [(row["id"], (row["first_serial"], row["last_serial"])) for row in rows]
    touched, left = rules.carve(held, ranges, holder=holder)
    if late := [row for row in rows if row["id"] in touched and row["valid_from"] > on]:
        raise SerialConflict(
            f"Serials {late[0]['first_serial']}–{late[0]['last_serial']} reached {holder} on "
            f"{late[0]['valid_from']}; they cannot move on {on}, before that."
        )
    since_of = {row["id"]: row["since"] for row in rows}
    await SerialCustody.update({SerialCustody.valid_to: on}).where(
        SerialCustody.id.is_in(touched)
    )
    await db_serials.hold([piece for _, piece in left], region=holder, status=status, on=on,
                          since={piece: since_of[key] for key, piece in left})
    await db_serials.hold(merged, region=to_region, status=to_status, on=on,
                          shipment_id=shipment_id)


@contextlib.contextmanager
def batched_move():
    from blanko_tracker.db import serials as db_serials

    original = db_serials.move
    db_serials.move = _move_batched
    try:
        yield
    finally:
        db_serials.move = original


# ---- plans ---------------------------------------------------------------------------------


async def captured_queries(capture: Capture, sample_serial: int, sample_day: date,
                           ranges: list[Range], region: str) -> dict[str, tuple[str, list]]:
    from blanko_tracker.db import serials

    with capture.record() as calls:
        await serials.where_was(sample_serial, sample_day)
    where_was = calls[0]
    with capture.record() as calls:
        await serials._open_rows_touching(ranges, region=region, status="in_stock")
    return {"where_was": where_was, "open_rows_touching": calls[0],
            "open_rows_touching_statements": len(calls)}


def substitute(args: list[Any], ints: list[int], day: date | None,
               region: str | None = None) -> list[Any]:
    """The captured arguments with their integers (in order), dates and region replaced."""
    out, ints = [], list(ints)
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool):
            out.append(ints.pop(0))
        elif isinstance(a, date) and day is not None:
            out.append(day)
        elif region is not None and isinstance(a, str) and a not in ("in_stock", "void"):
            out.append(region)
        else:
            out.append(a)
    return out


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "ARRAY[" + ",".join(str(v) for v in value) + "]::bigint[]"
    return "'" + str(value).replace("'", "''") + "'"


async def explain_pg(url: str, sql: str, args: list[Any], *, generic: bool = False) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a prepared statement: the custom plan for these values,
    or the generic plan asyncpg's cached statement may fall back to after 5 runs."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"SET plan_cache_mode = "
                           f"{'force_generic_plan' if generic else 'force_custom_plan'}")
        await conn.execute(f"PREPARE bench_q AS {sql}")
        values = ", ".join(_literal(a) for a in args)
        rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q({values})")
        return "\n".join(r[0] for r in rows)
    finally:
        await conn.close()


async def time_sql_pg(url: str, sql: str, arg_list: list[list[Any]]) -> dict[str, Any]:
    """The same statement through one asyncpg connection (prepared, as the app sends it)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        stmt = await conn.prepare(sql)
        for args in arg_list[:50]:
            await stmt.fetch(*args)
        times, found = [], 0
        for args in arg_list:
            t0 = time.perf_counter()
            rows = await stmt.fetch(*args)
            times.append(time.perf_counter() - t0)
            found += bool(rows)
        return {**stats_ms(times), "found": found}
    finally:
        await conn.close()


async def time_open_rows_in_process(ranges: list[Range], reps: int = 7) -> dict[str, Any]:
    """The app's `_open_rows_touching` for 100 ranges of `00`, inside a transaction as in a
    dispatch (read only: nothing is written)."""
    from blanko_tracker.db import serials
    from blanko_tracker.db.transaction import write_transaction

    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        async with write_transaction():
            await serials._open_rows_touching(ranges, region="00", status="in_stock")
        times.append(time.perf_counter() - t0)
    return stats_ms(times)


async def prepared_plan_counts(engine: Any) -> dict[str, Any]:
    """How often PostgreSQL used a generic vs a custom plan for the custody reads the app has
    prepared on one pooled connection (asyncpg caches every statement)."""
    async with engine.pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE 'SELECT%serial_custody%'")
    out: dict[str, Any] = {}
    for r in rows:
        text = r["statement"]
        if '"valid_from" <=' in text:
            name = "where_was"
        elif '"valid_to" IS NULL' in text and '"region" =' in text:
            name = "_open_rows_touching"
        else:
            continue
        out[name] = {"generic_plans": r["generic_plans"], "custom_plans": r["custom_plans"]}
    return out


# Candidate rewrites, for comparison only (the app is not changed).
WHERE_WAS_RANGE_LIMIT = """
SELECT * FROM serial_custody
WHERE int8range(first_serial, last_serial, '[]') @> $1::bigint
  AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) AND status <> 'void'
ORDER BY id DESC LIMIT 1
"""

WHERE_WAS_RANGE_CTE = """
WITH history AS MATERIALIZED (
  SELECT * FROM serial_custody
  WHERE int8range(first_serial, last_serial, '[]') @> $1::bigint AND status <> 'void'
)
SELECT * FROM history
WHERE valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
ORDER BY id DESC LIMIT 1
"""

OPEN_ROWS_BATCHED = """
SELECT * FROM serial_custody c
WHERE c.region = $1 AND c.status = $2 AND c.valid_to IS NULL
  AND c.first_serial <= $4 AND c.last_serial >= $3
  AND EXISTS (SELECT 1 FROM unnest($5::bigint[], $6::bigint[]) AS r(first, last)
              WHERE c.first_serial <= r.last AND c.last_serial >= r.first)
"""

STAGES = [
    ("as migrated", None),
    ("+ btree (first_serial, last_serial)",
     "CREATE INDEX bench_custody_first_last ON serial_custody (first_serial, last_serial)"),
    ("+ gist int8range(first_serial, last_serial, '[]')",
     "CREATE INDEX bench_custody_range ON serial_custody "
     "USING gist (int8range(first_serial, last_serial, '[]'))"),
    ("+ partial (region, status, first_serial) WHERE valid_to IS NULL",
     "CREATE INDEX bench_custody_open ON serial_custody (region, status, first_serial) "
     "WHERE valid_to IS NULL"),
]


async def pg_ddl(url: str, sql: str) -> float:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        t0 = time.perf_counter()
        await conn.execute(sql)
        await conn.execute("ANALYZE serial_custody")
        return time.perf_counter() - t0
    finally:
        await conn.close()


def key_lines(plan: str) -> str:
    keep = ("Scan", "Filter", "Rows Removed", "Index Cond", "Recheck", "Limit", "Sort",
            "Buffers", "Execution Time", "Planning Time", "Heap Blocks", "BitmapAnd",
            "BitmapOr")
    return "\n".join(line for line in plan.splitlines() if any(k in line for k in keep))


# ---- the driver ----------------------------------------------------------------------------


async def run_engine(kind: str, url: str, args: argparse.Namespace,
                     load_budget: float, plans_out: list[str]) -> dict[str, Any]:
    from blanko_tracker.db.engine import connected
    from blanko_tracker.services.auth import use_fast_hashing

    use_fast_hashing()
    result: dict[str, Any] = {"engine": kind, "url": url,
                              "migrate_seconds": benchlib.migrate(url)}
    print(f"  migrated in {result['migrate_seconds']:.1f} s")
    async with connected(url) as engine:
        capture = Capture(engine)
        try:
            return await _run_connected(kind, url, args, load_budget, plans_out, engine,
                                        capture, result)
        finally:
            capture.close()


async def _run_connected(kind: str, url: str, args: argparse.Namespace,
                         load_budget: float, plans_out: list[str], engine: Any,
                         capture: Capture, result: dict[str, Any]) -> dict[str, Any]:
    from blanko_tracker.db import regions

    rng = random.Random(args.seed)
    regencies = await regions.subtree("00", ("regency",))
    provinces = await regions.subtree("00", ("province",))
    events, ships = plan_year(regencies, provinces, rounds=args.rounds,
                              tranches=args.tranches, reserve=args.reserve, rng=rng)
    tranches = [e[2] for e in events if e[0] == "procure"]
    result["plan"] = {
        "regencies": len(regencies), "provinces": len(provinces),
        "tranches": [{"day": t.day.isoformat(), "quantity": t.quantity,
                      "ranges": [list(r) for r in t.ranges]} for t in tranches],
        "serials_procured": sum(t.quantity for t in tranches),
        "shipments": len(ships),
        "serials_shipped": sum(s.quantity for s in ships),
        "ranges_per_shipment": statistics.mean(len(s.ranges) for s in ships),
        "max_ranges_per_shipment": max(len(s.ranges) for s in ships),
        "receipts": sum(1 for e in events if e[0] == "receive"),
        "receipts_with_damage": sum(1 for s in ships if s.damaged),
        "receipts_with_missing": sum(1 for s in ships if s.missing),
    }
    p = result["plan"]
    print(f"  plan: {p['serials_procured']:,} serials in {len(tranches)} tranches; "
          f"{p['shipments']:,} shipments ({p['serials_shipped']:,} serials, "
          f"{p['ranges_per_shipment']:.2f} ranges each, max {p['max_ranges_per_shipment']}), "
          f"{p['receipts']:,} receipts ({p['receipts_with_damage']} with damage, "
          f"{p['receipts_with_missing']} with missing)")
    actors = await make_actors()
    print(f"  loading (budget {load_budget:.0f} s) …", flush=True)
    meter = CpuMeter()
    loaded = await load(events, actors, load_budget, capture)
    loaded["cpu"] = meter.stop()
    loaded.pop("shipment_ids")
    result["load"] = loaded
    print(f"  load: {loaded['seconds']:.1f} s, {loaded['events_done']}/"
          f"{loaded['events_total']} events"
          + ("" if loaded["completed"] else "  (ABANDONED: over budget)"))
    for k, v in loaded["per_kind"].items():
        if v["count"]:
            print(f"    {k:<8} {fmt(v)}  {v['statements_per_call']:.1f} statements/call")
    print(f"    {cpu_line(loaded['cpu'])}")
    print("    dispatch median ms by decile of the year: "
          + " ".join(f"{m:.1f}" for m in loaded["dispatch_median_ms_by_decile"] if m))
    result["counts"] = await row_counts()
    c = result["counts"]
    print(f"  rows: serial_custody {c['serial_custody']:,} ({c['serial_custody_open']:,} "
          f"open), shipment {c['shipment']:,}, shipment_range {c['shipment_range']:,}, "
          f"stock_movement {c['stock_movement']:,}, audit_entry {c['audit_entry']:,}; "
          f"ministry rows {c['ministry_rows']:,} "
          f"({c['ministry_open_in_stock_rows']} open in stock)")
    if kind == "postgresql":
        # What autovacuum would have done by now; every plan below sees fresh statistics.
        await analyze_tables()
    result["consistency_after_load"] = await custody_consistency()
    print(f"  consistency after load: {result['consistency_after_load']}")
    if not loaded["completed"]:
        result["note"] = "load abandoned over budget; measurements skipped"
        return result

    # (a) where_was in process
    sample = lookup_sample(tranches, args.lookups, random.Random(args.seed + 1))
    meter = CpuMeter()
    result["where_was"] = await time_where_was(sample, tranches=tranches)
    result["where_was"]["cpu"] = meter.stop()
    print(f"  (a) where_was in process: {fmt(result['where_was'])}  "
          f"found {result['where_was']['found']}/{len(sample)}")
    print_where_was_split(result["where_was"])
    print(f"      {cpu_line(result['where_was']['cpu'])}")
    by_tranche = result["where_was"]["median_ms_by_tranche"]
    print("      median ms by tranche of the serial: "
          + ", ".join(f"{k}: {v:.2f}" for k, v in by_tranche.items()))
    if kind == "postgresql":
        result["prepared_statements"] = await prepared_plan_counts(engine)
        print(f"      plan cache on one pooled connection: {result['prepared_statements']}")

    # (b), (c), (d): the server
    import httpx

    log_path = RESULTS / f"serial_custody_{kind}_server.log"
    try:
        server: benchlib.Server | None = benchlib.start_server(url, log=log_path)
    except RuntimeError as error:  # e.g. the app does not import: measure in process only
        server = None
        result["server_error"] = str(error)[-2000:]
        print(f"  SERVER DID NOT START; HTTP measurements skipped:\n{str(error)[-600:]}")
    client = httpx.Client(base_url=server.base_url, timeout=60) if server else None
    try:
        headers: dict[str, dict[str, str]] = {}
        if server is not None:
            headers = {n: benchlib.bearer(benchlib.sign_in(server.base_url, n))
                       for n in ("bench-admin", "bench-officer")}
            http_sample = sample[: args.http_lookups]
            meter = CpuMeter(server.pid if server else None)
            result["locate_http"] = http_locate(client, headers["bench-admin"], http_sample)
            result["locate_http"]["cpu"] = meter.stop()
            print(f"  (b) GET /api/v1/serials/{{serial}}?on=: {fmt(result['locate_http'])}  "
                  f"statuses {result['locate_http']['statuses']}")
            for status, st in result["locate_http"]["by_status"].items():
                print(f"      {status}:{' ' * 31}{fmt(st)}")
            print(f"      {cpu_line(result['locate_http']['cpu'])}")
        used: list[Range] = []
        srng = random.Random(args.seed + 2)
        province = "31"
        province_regencies = [c for c in regencies if c.startswith(province + ".")]
        result["big_shipments"] = {}
        meter = CpuMeter(server.pid if server else None)
        for source, dests in (("00", srng.sample(regencies, 10)),
                              (province, province_regencies)):
            res = await big_shipments(source, dests, args.ship_reps, actors, client,
                                      headers, capture, srng, used)
            result["big_shipments"][source] = res
            for name, v in res.items():
                extra = (f"  statements {v['statements']}" if "statements" in v
                         else f"  statuses {v['statuses']}")
                print(f"  (c/d) from {source:<2} {name:<16} {fmt(v)}{extra}")
        result["big_shipments"]["cpu"] = meter.stop()
        print(f"      {cpu_line(result['big_shipments']['cpu'])}")
        # What-if: the same calls with the batched `move` proposed in the README (patched in
        # this process only; src/ is unchanged).
        result["big_shipments_batched_move"] = {}
        meter = CpuMeter()
        with batched_move():
            for source, dests in (("00", srng.sample(regencies, 10)),
                                  (province, province_regencies)):
                res = await big_shipments(source, dests, args.ship_reps, actors, None, {},
                                          capture, srng, used)
                result["big_shipments_batched_move"][source] = res
                for name, v in res.items():
                    print(f"  (c/d, batched move) from {source:<2} {name:<16} {fmt(v)}  "
                          f"statements {v['statements']}")
        result["big_shipments_batched_move"]["cpu"] = meter.stop()
        print(f"      {cpu_line(result['big_shipments_batched_move']['cpu'])}")
    finally:
        if client is not None:
            client.close()
        if server is not None:
            result["server_stopped_cleanly"] = server.stop()
    if server is not None:
        result["server_tracebacks"] = server.tracebacks()

    # Plans
    probe_serial, probe_day = sample[0]
    ministry_ranges = await hundred_ranges("00", random.Random(args.seed + 3), [])
    queries = await captured_queries(capture, probe_serial, probe_day, ministry_ranges, "00")
    result["open_rows_touching_statements_for_100_ranges"] = (
        queries["open_rows_touching_statements"])
    result["sql"] = {k: queries[k][0] for k in ("where_was", "open_rows_touching")}
    if kind == "postgresql":
        await pg_plans(url, engine, queries, sample, ministry_ranges, regencies, result,
                       plans_out, args, actors, capture, tranches)
    else:
        await sqlite_plans(url, queries, sample[: args.index_lookups], result, plans_out,
                           tranches, ministry_ranges)
    result["consistency_at_end"] = await custody_consistency()
    result["blanko_check"] = blanko_check(url)
    print(f"  consistency at end: {result['consistency_at_end']}; "
          f"blanko-tracker check: exit {result['blanko_check']['exit']}, "
          f"{result['blanko_check']['output']}")
    return result


async def pg_plans(url: str, engine: Any, queries: dict, sample: list[tuple[int, date]],
                   ministry_ranges: list[Range], regencies: list[str], result: dict,
                   plans_out: list[str], args: argparse.Namespace, actors: dict,
                   capture: Capture, tranches: list[Tranche]) -> None:
    """EXPLAIN and time the two reads, as migrated and then with candidate indexes added by
    hand one at a time (plus candidate rewrites), then (a) and (c)/(d) again with all of them."""
    from blanko_tracker.domain.serials import merge

    ww_sql, ww_args = queries["where_was"]
    or_sql, or_args = queries["open_rows_touching"]
    regency = regencies[100]
    regency_row = (await open_rows(regency, 20))[0]
    regency_args = substitute(or_args, [regency_row["first_serial"] + 10,
                                        regency_row["first_serial"]], None, regency)
    # An early serial (low ids) asked about late in the year: the worst case for a scan that
    # walks the primary key backwards.
    early_serial = result["plan"]["tranches"][0]["ranges"][0][0] + 1_000
    early_day = date(2025, 12, 20)
    early_args = substitute(ww_args, [early_serial, early_serial], early_day)
    firsts = [a for a, _ in merge(ministry_ranges)]
    lasts = [b for _, b in merge(ministry_ranges)]
    batched_args = ["00", "in_stock", min(firsts), max(lasts), firsts, lasts]
    # Engine-neutral candidate: the same WHERE, no ORDER BY/LIMIT (pick the highest id in
    # Python; a serial has a handful of custody rows).
    ww_unordered = ww_sql.split(" ORDER BY")[0]
    explain_cases = [
        ("where_was (app SQL), random serial/day", ww_sql, ww_args),
        ("where_was without ORDER BY/LIMIT, early serial", ww_unordered, early_args),
        ("where_was (app SQL), early serial on 2025-12-20", ww_sql, early_args),
        ("where_was rewrite: int8range @> + ORDER BY id DESC LIMIT 1, early serial",
         WHERE_WAS_RANGE_LIMIT, [early_serial, early_day]),
        ("where_was rewrite: int8range @> in a MATERIALIZED CTE, early serial",
         WHERE_WAS_RANGE_CTE, [early_serial, early_day]),
        ("_open_rows_touching (app SQL), one range, region 00", or_sql, or_args),
        (f"_open_rows_touching (app SQL), one range, regency {regency}", or_sql, regency_args),
        ("_open_rows_touching rewrite: 100 ranges in one statement, region 00",
         OPEN_ROWS_BATCHED, batched_args),
    ]
    ww_sample = sample[: args.index_lookups]
    timing_cases = [
        ("where_was (app SQL)", ww_sql,
         [substitute(ww_args, [s, s], d) for s, d in ww_sample]),
        ("where_was without ORDER BY/LIMIT", ww_unordered,
         [substitute(ww_args, [s, s], d) for s, d in ww_sample]),
        ("where_was rewrite int8range + LIMIT", WHERE_WAS_RANGE_LIMIT,
         [[s, d] for s, d in ww_sample]),
        ("where_was rewrite int8range + CTE", WHERE_WAS_RANGE_CTE,
         [[s, d] for s, d in ww_sample]),
        ("_open_rows_touching (app SQL), 1 range of 00", or_sql,
         [substitute(or_args, [b, a], None) for a, b in ministry_ranges]),
        ("_open_rows_touching rewrite, 100 ranges of 00", OPEN_ROWS_BATCHED,
         [batched_args] * 100),
    ]
    plans: dict[str, Any] = {}
    timings: dict[str, Any] = {}
    result["index_build_seconds"] = {}
    for stage, ddl in STAGES:
        if ddl:
            result["index_build_seconds"][stage] = await pg_ddl(url, ddl)
        print(f"  -- stage: {stage}")
        plans[stage] = {}
        for name, sql, qargs in explain_cases:
            for generic in (False, True):
                plan = await explain_pg(url, sql, qargs, generic=generic)
                label = f"{name} ({'generic' if generic else 'custom'} plan)"
                plans_out.append(f"=== [{stage}] {label}\n-- args {qargs}\n{plan}\n")
                plans[stage][label] = key_lines(plan)
                lines = key_lines(plan).splitlines()
                top = next((ln.strip() for ln in lines if "Scan" in ln), "?")
                took = next((ln.strip() for ln in lines if "Execution Time" in ln), "?")
                print(f"     {label}: {top[:110]} | {took}")
        timings[stage] = {}
        for name, sql, arg_list in timing_cases:
            timings[stage][name] = await time_sql_pg(url, sql, arg_list)
            print(f"     time {name:<48} {fmt(timings[stage][name])}")
        name = "in process: _open_rows_touching(100 ranges of 00) in a transaction"
        timings[stage][name] = await time_open_rows_in_process(ministry_ranges)
        print(f"     time {name:<48} {fmt(timings[stage][name])}")
    result["plans"] = plans
    result["query_timings"] = timings
    # (a) and (c)/(d) again in process, every hand index in place (app code unchanged).
    result["where_was_with_hand_indexes"] = await time_where_was(ww_sample, tranches=tranches)
    print("  (a') where_was in process, hand indexes: "
          f"{fmt(result['where_was_with_hand_indexes'])}")
    print_where_was_split(result["where_was_with_hand_indexes"])
    srng = random.Random(args.seed + 4)
    used: list[Range] = []
    province_regencies = [c for c in regencies if c.startswith("31.")]
    for key, patched in (("big_shipments_with_hand_indexes", False),
                         ("big_shipments_with_hand_indexes_and_batched_move", True)):
        result[key] = {}
        meter = CpuMeter()
        with batched_move() if patched else contextlib.nullcontext():
            for source, dests in (("00", srng.sample(regencies, 10)),
                                  ("31", province_regencies)):
                res = await big_shipments(source, dests, args.ship_reps, actors, None, {},
                                          capture, srng, used)
                result[key][source] = res
                for name, v in res.items():
                    print(f"  (c/d, hand indexes{', batched move' if patched else ''}) from "
                          f"{source:<2} {name:<16} {fmt(v)}  statements {v['statements']}")
        result[key]["cpu"] = meter.stop()
        print(f"      {cpu_line(result[key]['cpu'])}")


SQLITE_HAND_INDEXES = [
    "CREATE INDEX bench_custody_first_last ON serial_custody (first_serial, last_serial)",
    "CREATE INDEX bench_custody_open ON serial_custody (region, status, first_serial) "
    "WHERE valid_to IS NULL",
]


async def sqlite_plans(url: str, queries: dict, sample: list[tuple[int, date]], result: dict,
                       plans_out: list[str], tranches: list[Tranche],
                       ministry_ranges: list[Range]) -> None:
    """EXPLAIN QUERY PLAN of both reads, as migrated and with hand indexes (no ANALYZE: the
    app never runs it), and where_was timed again with them."""
    import sqlite3

    path = url[len("sqlite:///"):]
    plans: dict[str, dict[str, str]] = {}

    def explain(stage: str) -> None:
        plans[stage] = {}
        with contextlib.closing(sqlite3.connect(path)) as conn:
            for name in ("where_was", "open_rows_touching"):
                sql, qargs = queries[name]
                qargs = [a.isoformat() if isinstance(a, date) else a for a in qargs]
                rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", qargs).fetchall()
                text = " / ".join(str(r[-1]) for r in rows)
                plans[stage][name] = text
                plans_out.append(f"=== [sqlite, {stage}] {name}\n-- {sql}\n-- args {qargs}\n"
                                 f"{text}\n")
                print(f"    -- sqlite [{stage}] {name}: {text}")

    explain("as migrated")
    timings = {"as migrated": await time_open_rows_in_process(ministry_ranges)}
    print(f"    in process: _open_rows_touching(100 ranges of 00), as migrated: "
          f"{fmt(timings['as migrated'])}")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for ddl in SQLITE_HAND_INDEXES:
            conn.execute(ddl)
        conn.commit()
    explain("with hand indexes")
    timings["with hand indexes"] = await time_open_rows_in_process(ministry_ranges)
    print(f"    in process: _open_rows_touching(100 ranges of 00), hand indexes: "
          f"{fmt(timings['with hand indexes'])}")
    result["open_rows_touching_timings"] = timings
    result["plans"] = plans
    result["where_was_with_hand_indexes"] = await time_where_was(sample, tranches=tranches)
    print("  (a') where_was in process, hand indexes: "
          f"{fmt(result['where_was_with_hand_indexes'])}")
    print_where_was_split(result["where_was_with_hand_indexes"])


def machine() -> dict[str, Any]:
    import asyncpg

    async def pg_version() -> str:
        conn = await asyncpg.connect(PG_ADMIN_URL)
        try:
            return await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()

    import sqlite3

    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "postgresql": asyncio.run(pg_version()), "sqlite": sqlite3.sqlite_version,
            "kernel": platform.release()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", default="blanko_bench_serials")
    parser.add_argument("--rounds", type=int, default=5, help="installments per regency")
    parser.add_argument("--tranches", type=int, default=4)
    parser.add_argument("--reserve", type=float, default=0.04,
                        help="share procured beyond what is shipped")
    parser.add_argument("--lookups", type=int, default=5000, help="(a) where_was calls")
    parser.add_argument("--http-lookups", type=int, default=500, help="(b) GET requests")
    parser.add_argument("--ship-reps", type=int, default=5,
                        help="(c)/(d) repetitions per source and per path")
    parser.add_argument("--index-lookups", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--budget", type=float, default=840,
                        help="whole-run budget in seconds; the SQLite pass needs room left")
    parser.add_argument("--pg-load-budget", type=float, default=420)
    parser.add_argument("--sqlite-load-budget", type=float, default=300)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    args = parser.parse_args()

    benchlib.leave_nothing_behind()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                              "args": vars(args), "machine": machine(), "runs": []}
    print(f"machine: {report['machine']}")
    plans_out: list[str] = []

    print(f"== PostgreSQL: database {args.db_name}")
    url = benchlib.fresh_postgres(args.db_name, keep=args.keep)
    pg = asyncio.run(run_engine("postgresql", url, args, args.pg_load_budget, plans_out))
    report["runs"].append(pg)
    if not args.keep:
        benchlib.drop_postgres(args.db_name)
        print(f"  dropped {args.db_name}")

    elapsed = time.perf_counter() - started
    left = args.budget - elapsed
    if args.no_sqlite:
        report["sqlite_skipped"] = "--no-sqlite"
    elif left < args.sqlite_load_budget + 90:
        report["sqlite_skipped"] = (f"only {left:.0f} s of the {args.budget:.0f} s budget left "
                                    f"after PostgreSQL ({elapsed:.0f} s)")
    else:
        print("== SQLite")
        sqlite_url = benchlib.fresh_sqlite("blanko-bench-sqlite-")
        budget = min(args.sqlite_load_budget, left - 90)
        report["runs"].append(asyncio.run(
            run_engine("sqlite", sqlite_url, args, budget, plans_out)))
        with contextlib.suppress(OSError):
            report["runs"][-1]["file_mb"] = os.path.getsize(
                benchlib.sqlite_path(sqlite_url)) / 1e6
    if "sqlite_skipped" in report:
        print(f"== SQLite skipped: {report['sqlite_skipped']}")
    report["total_seconds"] = time.perf_counter() - started
    (RESULTS / "serial_custody.json").write_text(json.dumps(report, indent=2, default=str))
    (RESULTS / "serial_custody_plans.txt").write_text("\n".join(plans_out))
    print(f"total {report['total_seconds']:.0f} s; results in "
          f"{(RESULTS / 'serial_custody.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
