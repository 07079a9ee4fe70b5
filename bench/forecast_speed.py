#!/usr/bin/env python3
"""Forecast speed and memory: one regency, and the nation (514 regencies × 1,000 paths × 365 days).

    .venv/bin/python bench/forecast_speed.py                 # everything (about 5 minutes)
    .venv/bin/python bench/forecast_speed.py --no-db         # (a), (c)'s pool, synthetic inputs

Run it with the project's virtualenv: it imports blanko_tracker and bench/backtest.py (whose
synthetic regencies it reuses). Every heavy measurement of (c) runs in a fresh child process
(`--worker …`), so that its peak RSS (ru_maxrss) is its own.

(a) **Engine, one regency**: `domain.forecast.forecast` with 500 and 1,000 paths × 365 days,
    `--runs` (≥ 30) timed calls each after one untimed call, for a regency whose P50 repays
    within the horizon and for the same regency without its planned deliveries (P50 never
    repays, so `forecast` also searches the shortfall). The very first call of the process
    (the holiday calendar is built then) is reported separately, and so is a split of one
    call into its steps (draws, paths, percentiles, shortfall). A bench-only prototype then
    swaps the engine's axis-0 `cumsum`/`minimum.accumulate` for row-by-row loops (the same
    values bit for bit; it checks that the answers are identical) and times it again.
(b) **Service, one regency, PostgreSQL**: a fresh database (`--db-name`, default
    blanko_bench_fc_<pid>), `blanko-tracker migrate`, then one synthetic regency's 60 working
    days of history written through the services (record_print_run, record_recordings,
    take_debt_snapshot, adjust_stock for deliveries, create_shipment for the planned ones).
    It checks that `services.forecasting.observations_of` sees what bench/backtest.py's replica of
    it computes from the same history, then times `forecast_region(code, as_of, 365)` inside
    `db.engine.connected(url)`; again after the other 513 regencies are loaded.
(c) **The nation**: 513 more regencies bulk-loaded with COPY (60 working days each, the same
    generator; rows as the app writes them, print_debt_day replayed by the domain code), the
    blanks behind every planned shipment procured into the national warehouse `00`. Then, in
    child processes, each with wall time, ru_maxrss and the tracemalloc peak:
    * **service**: `forecast_region("00", as_of, 365)`: every regency observed, the national
      warehouse's free stock forwarded by need, then `domain.forecast.forecast_pool` (the
      sum of the 514 regencies' paths, 1,000 paths); its engine part timed apart;
    * **pool**: `domain.forecast.forecast_pool` on the 514 regencies' inputs, on 2 and 1
      threads (1,000 paths) and with `--alt-paths`;
    * with `--prototypes`, the earlier measurements that led to it:
    * **literal**: the per-regency inputs observed in bulk (as `plan_allocation` does), then
      514 × `simulate(n_paths=1000)`, each regency with its own seed, `pool` and
      `summarise_pooled` — as the API is built (`list` of Paths, then pool) and streaming
      (summed as they come);
    * **batched** (bench-only): the same model as `domain.forecast.simulate` in chunks of
      regencies, shape (chunk, working days, paths): `exact64` draws exactly what `simulate`
      draws (PCG64, float64, the same seeds) and must give the literal's pooled paths bit for
      bit; `fast32` uses SFC64 float32 draws and float32 arithmetic (different random
      numbers, the same model), on 1 and 2 threads; plus the cost of the random draws alone.
    It also runs observations.daily_printing's statement for the 514 regencies 10 times on one
    prepared statement, as Piccolo builds it and with one array parameter, with both plans
    EXPLAINed (the service's national observe slows down from the 6th call; this is why).
    For comparison, each of the 514 regencies' own forecast (500 paths), counted: how many
    are not repaid within the horizon on their P50, and the latest P50.
    Finally `GET /api/v1/forecast/{code}` and `GET /api/v1/forecast/00` through a served
    instance (`blanko-tracker serve`, 1 worker).

Output: stdout and bench/results/forecast_speed.json. The server is stopped and the database
dropped on exit, whatever happens (bench/benchlib.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

import backtest  # noqa: E402  (bench/backtest.py: the synthetic regencies)
import benchlib  # noqa: E402
from benchlib import PASSWORD  # noqa: E402

from blanko_tracker.domain.forecast import ForecastInputs, Paths, answers, model, pools  # noqa: E402  # noqa: E402
from blanko_tracker.domain.forecast import regency as engine  # noqa: E402

LOADER = "bench-loader"
SAMPLE_REGENCY = "75.05"  # Gorontalo Utara: loaded through the services
SAMPLE_INDEX = 1  # its synthetic regency (an 'ample' one whose debt is repaid in the horizon)
HISTORY_START = date(2025, 3, 3)  # 60 working days, over Idul Fitri 2025, to early June
HORIZON = 365

# ---- measuring ------------------------------------------------------------------------------


def stats_ms(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) == 1:
        return {"n": 1, "median": round(ms[0], 2), "p95": round(ms[0], 2),
                "min": round(ms[0], 2), "max": round(ms[0], 2)}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"n": len(ms), "median": round(statistics.median(ms), 2), "p95": round(q[94], 2),
            "min": round(ms[0], 2), "max": round(ms[-1], 2)}


def fmt(s: dict[str, float]) -> str:
    return (f"median {s['median']:9.2f} ms  p95 {s['p95']:9.2f}  min {s['min']:9.2f}  "
            f"max {s['max']:9.2f}  (n={s['n']})")


def maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_now_mb() -> float:
    """The current resident set (VmRSS), not the peak."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as handle:
        parts = [int(x) for x in handle.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


class Busy:
    """How many of the machine's cores were busy (anyone's work) between start and stop."""

    def __enter__(self) -> Busy:
        self.b0, self.t0 = machine_busy()
        return self

    def __exit__(self, *exc: object) -> None:
        b1, t1 = machine_busy()
        self.cores = round((b1 - self.b0) / max(1, t1 - self.t0) * (os.cpu_count() or 1), 2)


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# ---- the synthetic regencies ----------------------------------------------------------------


def regency_world(index: int, seed: int) -> tuple[backtest.Truth, backtest.Log]:
    truth = backtest.make_truth(index, seed, HORIZON, start=HISTORY_START)
    return truth, backtest.history_of(truth, seed)


def sample_inputs(seed: int) -> ForecastInputs:
    from blanko_tracker.services.forecasting import Overrides, inputs_for

    truth, history = regency_world(SAMPLE_INDEX, seed)
    seen = backtest.observe(truth, history, HORIZON)
    return inputs_for(seen.observed, truth.cutoff, HORIZON, Overrides())


# ---- (a) the engine -------------------------------------------------------------------------


def engine_timings(seed: int, runs: int) -> dict[str, Any]:
    repaid = sample_inputs(seed)
    stranded = replace(repaid, arrivals=())  # no deliveries: P50 never repays, shortfall
    out: dict[str, Any] = {"inputs": {
        "as_of": repaid.as_of, "debt": repaid.print_debt, "on_hand": repaid.on_hand,
        "arrivals": len(repaid.arrivals), "capacity": round(repaid.daily_capacity, 1),
        "capacity_sd": round(repaid.capacity_sd, 1), "inflow": round(repaid.daily_inflow, 1),
        "inflow_sd": round(repaid.inflow_sd, 1), "spoilage": round(repaid.spoilage_rate, 4)}}
    model.simulated_days.cache_clear()
    t0 = time.perf_counter()
    first = engine.forecast(repaid, n_paths=500)
    out["first_call_of_process_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    for label, inputs in (("repaid", repaid), ("shortfall", stranded)):
        for n_paths in (500, 1000):
            result = engine.forecast(inputs, n_paths=n_paths)  # untimed
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                engine.forecast(inputs, n_paths=n_paths)
                times.append(time.perf_counter() - t0)
            out[f"{label}_{n_paths}"] = {**stats_ms(times), "repaid_on": result.repaid_on,
                                         "shortfall": result.shortfall}
            print(f"  (a) forecast, {label:<9} {n_paths:>4} paths × {HORIZON} days: "
                  f"{fmt(out[f'{label}_{n_paths}'])}  P50 {result.repaid_on['p50']}, "
                  f"shortfall {result.shortfall}")
    out["steps_1000_shortfall"] = engine_steps(stranded, 1000, runs)
    print(f"  (a) steps, shortfall case, 1000 paths (median ms): {out['steps_1000_shortfall']}")
    out["first_forecast"] = {"repaid_on": first.repaid_on, "shortfall": first.shortfall}
    return out


def _cummin_rows(x: np.ndarray) -> np.ndarray:
    """np.minimum.accumulate(x, axis=0, out=x) for a day-major array, row by row."""
    for w in range(1, x.shape[0]):
        np.minimum(x[w - 1], x[w], out=x[w])
    return x


def _totals_rows(daily: np.ndarray, *, start: float = 0.0) -> np.ndarray:
    """engine._totals with the running sum row by row (the same values, bit for bit)."""
    totals = np.empty((daily.shape[0] + 1, daily.shape[1]))
    totals[0] = start
    body = totals[1:]
    if daily.shape[0]:
        body[0] = daily[0]
        for w in range(1, daily.shape[0]):
            np.add(body[w - 1], daily[w], out=body[w])
    totals[1:] += start
    return totals


def _run_rows(inputs: ForecastInputs, world: Any, *, extra: int) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """engine._run, with its running minimum row by row."""
    keep = 1.0 - inputs.spoilage_rate
    stock = inputs.on_hand + extra + world.arrived
    printed = np.minimum(world.demand, stock * keep)
    printed -= world.capacity
    _cummin_rows(printed)
    np.minimum(printed, 0.0, out=printed)
    printed += world.capacity
    debt = world.demand - printed
    np.maximum(debt, 0.0, out=debt)
    printed /= keep
    on_hand = np.subtract(stock, printed, out=printed)
    np.maximum(on_hand, 0.0, out=on_hand)
    return debt, on_hand


def _solve_rows(inputs: ForecastInputs, world: Any) -> int | None:
    """engine._solve, with its two running minima row by row."""
    keep = 1.0 - inputs.spoilage_rate
    capacity, demand = world.capacity, world.demand
    target = demand - engine.REPAID_BELOW
    allowed = (capacity > target) & (_cummin_rows(demand - capacity) + capacity > target)
    cards = (inputs.on_hand + world.arrived) * keep
    need = target - capacity - _cummin_rows(cards - capacity)
    threshold = float(answers.percentile(np.where(allowed, need, np.inf).min(axis=0), 50))
    if not math.isfinite(threshold):
        return None
    return 0 if threshold < 0 else math.floor(threshold / keep) + 1


@contextlib.contextmanager
def rows_prototype():
    """Bench-only: swap the engine's axis-0 accumulations for row loops, then restore."""
    saved = engine._totals, engine._run, engine._solve
    engine._totals, engine._run, engine._solve = _totals_rows, _run_rows, _solve_rows
    try:
        yield
    finally:
        engine._totals, engine._run, engine._solve = saved


def prototype_timings(seed: int, runs: int) -> dict[str, Any]:
    repaid = sample_inputs(seed)
    stranded = replace(repaid, arrivals=())
    out: dict[str, Any] = {}
    for label, inputs in (("repaid", repaid), ("shortfall", stranded)):
        for n_paths in (500, 1000):
            want = engine.forecast(inputs, n_paths=n_paths)
            with rows_prototype():
                got = engine.forecast(inputs, n_paths=n_paths)
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    engine.forecast(inputs, n_paths=n_paths)
                    times.append(time.perf_counter() - t0)
            out[f"{label}_{n_paths}"] = {**stats_ms(times), "identical_answer": got == want}
            print(f"  (a) prototype, row-loop accumulations, {label:<9} {n_paths:>4} paths: "
                  f"{fmt(out[f'{label}_{n_paths}'])}  same answer: {got == want}")
    return out


def engine_steps(inputs: ForecastInputs, n_paths: int, runs: int) -> dict[str, float]:
    steps: dict[str, list[float]] = {"draws (_world)": [], "paths (_run)": [],
                                     "percentiles (_describe)": [], "shortfall": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        world = engine._world(inputs, np.random.default_rng(2023), n_paths)
        t1 = time.perf_counter()
        paths = engine._paths(inputs, world)
        t2 = time.perf_counter()
        answers.describe(paths)
        t3 = time.perf_counter()
        engine._shortfall(inputs, world)
        t4 = time.perf_counter()
        for key, value in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            value and steps[key].append(value)
    return {key: round(statistics.median(v) * 1000, 2) for key, v in steps.items()}


# ---- loading: the sample regency through the services --------------------------------------


async def load_through_services(code: str, truth: backtest.Truth, history: backtest.Log
                                ) -> dict[str, Any]:
    from blanko_tracker.domain.access import Actor, Role
    from blanko_tracker.domain.ledger import AdjustmentReason, SpoiledReason
    from blanko_tracker.domain.print_debt import DebtClass
    from blanko_tracker.schemas import (
        AdjustStock,
        CreateShipment,
        CreateUser,
        RecordPrintRun,
        RecordRecordings,
        TakeDebtSnapshot,
    )
    from blanko_tracker.services.auth import use_fast_hashing
    from blanko_tracker.services.printing import (
        record_print_run,
        record_recordings,
        take_debt_snapshot,
    )
    from blanko_tracker.services.shipments import create_shipment
    from blanko_tracker.services.stock import adjust_stock
    from blanko_tracker.services.users import create_user

    use_fast_hashing()
    user = await create_user(CreateUser(username="bench-loader", password=PASSWORD,
                                        role=Role.ADMIN, region="00"), actor=None)
    actor = Actor(id=user.id, username=user.username, role=user.role, region=user.region)
    t0 = time.perf_counter()
    calls = 0
    await take_debt_snapshot(code, TakeDebtSnapshot(date=truth.start, pending=truth.debt0),
                             actor=actor)
    if truth.stock0:
        await adjust_stock(AdjustStock(region=code, quantity=truth.stock0,
                                       reason=AdjustmentReason.COUNT_CORRECTION,
                                       note="bench: opening stock", on=truth.start), actor=actor)
    calls += 2
    for i, day in enumerate(history.days):
        delivered = truth.deliveries.get(day, 0)
        if delivered:
            await adjust_stock(AdjustStock(region=code, quantity=delivered,
                                           reason=AdjustmentReason.COUNT_CORRECTION,
                                           note="bench: delivery", on=day), actor=actor)
            calls += 1
        if history.recorded[i]:
            await record_recordings(code, RecordRecordings(date=day, count=history.recorded[i],
                                                           kind=DebtClass.NEW), actor=actor)
            calls += 1
        if history.printed[i] + history.spoiled[i]:
            await record_print_run(RecordPrintRun(
                region=code, date=day, printed=history.printed[i], spoiled=history.spoiled[i],
                spoiled_reason=SpoiledReason.PRINT_FAILURE if history.spoiled[i] else None),
                actor=actor)
            calls += 1
    planned = 0
    for on, quantity in sorted(truth.deliveries.items()):
        if truth.cutoff < on <= truth.cutoff + timedelta(days=HORIZON):
            await create_shipment(CreateShipment(destination=code, quantity=quantity,
                                                 expected_on=on, note="bench: planned"),
                                  actor=actor)
            planned += 1
            calls += 1
    return {"service_calls": calls, "planned_shipments": planned,
            "seconds": round(time.perf_counter() - t0, 2)}


def compare_observed(service: Any, replica: Any) -> list[str]:
    problems = []
    for name in ("debt", "on_hand", "printed", "spoiled"):
        if getattr(service, name) != getattr(replica, name):
            problems.append(f"{name}: service {getattr(service, name)}, "
                            f"replica {getattr(replica, name)}")
    for name in ("capacity", "capacity_sd", "inflow", "inflow_sd", "spoilage"):
        a, b = getattr(service, name), getattr(replica, name)
        if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
            problems.append(f"{name}: service {a!r}, replica {b!r}")
    arrivals = sorted((a.on, a.quantity) for a in service.arrivals)
    expected = sorted((a.on, a.quantity) for a in replica.arrivals)
    if arrivals != expected:
        problems.append(f"arrivals: service {arrivals}, replica {expected}")
    if service.notes != [] or replica.notes != []:
        problems.append(f"notes: service {service.notes}, replica {replica.notes}")
    return problems


# ---- loading: everyone else in bulk ---------------------------------------------------------


def bulk_rows(code: str, truth: backtest.Truth, history: backtest.Log, stamp: datetime
              ) -> dict[str, list[tuple]]:
    from blanko_tracker.domain.print_debt import NO_CLASSES, Entry, EntryKind, replay

    rows: dict[str, list[tuple]] = {k: [] for k in (
        "print_run", "print_debt_entry", "print_debt_day", "print_debt", "stock_movement",
        "stock_balance", "shipment")}
    entries = [Entry(truth.start, EntryKind.SNAPSHOT, truth.debt0)]
    rows["print_debt_entry"].append((code, truth.start, "snapshot", truth.debt0, None,
                                     truth.debt0, "", LOADER, stamp, truth.debt0))
    balance = 0

    def move(kind: str, quantity: int, on: date, reference: str, reason: str | None) -> None:
        nonlocal balance
        balance += quantity
        rows["stock_movement"].append((code, kind, quantity, balance, on, stamp, reference,
                                       LOADER, None, reason, ""))

    if truth.stock0:
        move("adjustment", truth.stock0, truth.start, "adjustment:count_correction",
             "count_correction")
    for i, day in enumerate(history.days):
        if truth.deliveries.get(day):
            move("adjustment", truth.deliveries[day], day, "adjustment:count_correction",
                 "count_correction")
        if history.recorded[i]:
            entries.append(Entry(day, EntryKind.RECORDING, history.recorded[i]))
            rows["print_debt_entry"].append((code, day, "recording", history.recorded[i],
                                             "new", None, "", LOADER, stamp,
                                             history.recorded[i]))
        if history.printed[i] + history.spoiled[i]:
            reference = f"print_run:bench-{code}-{i}"
            rows["print_run"].append((code, day, history.printed[i], history.spoiled[i],
                                      "print_failure" if history.spoiled[i] else None, "", "",
                                      stamp, LOADER))
            if history.printed[i]:
                move("print_use", -history.printed[i], day, reference, None)
                entries.append(Entry(day, EntryKind.PRINTED, history.printed[i]))
                rows["print_debt_entry"].append((code, day, "printed", history.printed[i],
                                                 None, None, reference, LOADER, stamp,
                                                 history.printed[i]))
            if history.spoiled[i]:
                move("spoiled", -history.spoiled[i], day, reference, "print_failure")
    assert balance == history.stock[-1], (code, balance, history.stock[-1])
    days = replay(NO_CLASSES, entries)
    assert days[-1].pending == history.debt[-1], (code, days[-1], history.debt[-1])
    # Everything here is owed as first cards (class_new), as the app's own replay says.
    rows["print_debt_day"] = [(code, d.day, d.recorded, d.printed, d.pending, d.pending)
                              for d in days]
    rows["print_debt"] = [(code, days[-1].pending, days[-1].day, days[-1].pending)]
    rows["stock_balance"] = [(code, balance)]
    for on, quantity in sorted(truth.deliveries.items()):
        if truth.cutoff < on <= truth.cutoff + timedelta(days=HORIZON):
            rows["shipment"].append(("00", code, quantity, "planned", on, "bench: planned",
                                     stamp, LOADER))
    return rows


COLUMNS = {
    "print_run": ["region", "run_on", "printed", "spoiled", "spoiled_reason", "station", "note",
                  "created_at", "created_by"],
    "print_debt_entry": ["region", "occurred_on", "kind", "quantity", "recording_kind",
                         "reconciliation", "reference", "actor", "recorded_at", "class_new"],
    "print_debt_day": ["region", "day", "recorded", "printed", "pending", "class_new"],
    "print_debt": ["region", "pending", "as_of", "class_new"],
    "stock_movement": ["region", "kind", "quantity", "balance_after", "occurred_on",
                       "recorded_at", "reference", "actor", "reverses", "reason", "note"],
    "stock_balance": ["region", "on_hand"],
    "shipment": ["source", "destination", "quantity", "status", "expected_on", "note",
                 "created_at", "created_by"],
}


async def bulk_load(url: str, codes: list[str], seed: int) -> dict[str, Any]:
    import asyncpg

    stamp = datetime.now(UTC)
    t0 = time.perf_counter()
    tables: dict[str, list[tuple]] = {k: [] for k in COLUMNS}
    planned_total = 0
    cutoffs = set()
    for offset, code in enumerate(codes):
        index = 1000 + offset  # the sample regency is SAMPLE_INDEX; these are others
        truth, history = regency_world(index, seed)
        cutoffs.add(truth.cutoff)
        for table, rows in bulk_rows(code, truth, history, stamp).items():
            tables[table].extend(rows)
        planned_total += sum(q for on, q in truth.deliveries.items()
                             if truth.cutoff < on <= truth.cutoff + timedelta(days=HORIZON))
    generated_s = time.perf_counter() - t0
    conn = await asyncpg.connect(url)
    try:
        # The blanks behind every planned shipment, in the national warehouse now.
        national = await conn.fetchval("SELECT COALESCE(SUM(quantity), 0) FROM shipment "
                                       "WHERE source = '00' AND status = 'planned'")
        procured = planned_total + national
        t1 = time.perf_counter()
        async with conn.transaction():
            for table, rows in tables.items():
                await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
            await conn.execute(
                "INSERT INTO stock_balance (region, on_hand) VALUES ('00', $1) "
                "ON CONFLICT (region) DO UPDATE SET on_hand = stock_balance.on_hand + $1",
                procured)
            before = await conn.fetchval("SELECT on_hand FROM stock_balance WHERE region='00'")
            await conn.execute(
                "INSERT INTO stock_movement (region, kind, quantity, balance_after, "
                "occurred_on, recorded_at, reference, actor, note) VALUES "
                "('00', 'procurement', $1, $2, $3, $4, 'procurement', $5, "
                "'bench: blanks for the planned shipments')",
                procured, before, HISTORY_START, stamp, LOADER)
        await conn.execute("ANALYZE")
        copied_s = time.perf_counter() - t1
    finally:
        await conn.close()
    assert len(cutoffs) == 1, cutoffs
    return {"regencies": len(codes), "rows": {k: len(v) for k, v in tables.items()},
            "national_procurement": procured, "generate_s": round(generated_s, 2),
            "copy_s": round(copied_s, 2)}


# ---- in-process service timings -------------------------------------------------------------


async def in_list_check(url: str, codes: list[str], as_of: date, runs: int = 10
                        ) -> dict[str, Any]:
    """observations.daily_printing's statement for all 514 regencies, run `runs` times on one
    prepared statement as asyncpg does: as Piccolo builds it (`region IN ($1 … $514)`), and
    with the list as one array parameter (`region = ANY($1::varchar[])`). From the 6th run
    PostgreSQL may switch to its generic plan."""
    import asyncpg
    from piccolo.query.functions.aggregate import Sum

    from blanko_tracker.db.tables import PrintRun
    from blanko_tracker.services.forecasting import WINDOW_DAYS

    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    query = PrintRun.select(
        PrintRun.region, PrintRun.run_on, Sum(PrintRun.printed, alias="printed"),
        Sum(PrintRun.spoiled, alias="spoiled"),
    ).where(
        PrintRun.region.is_in(codes) & (PrintRun.run_on >= start) & (PrintRun.run_on <= as_of)
    ).group_by(PrintRun.region, PrintRun.run_on)
    sql, args = query.querystrings[0].compile_string(engine_type="postgres")
    variants = {
        "piccolo IN ($1..$514)": (sql, list(args)),
        "= ANY($1::varchar[])": (
            "SELECT region, run_on, SUM(printed) AS printed, SUM(spoiled) AS spoiled "
            "FROM print_run WHERE region = ANY($1::varchar[]) AND run_on >= $2 "
            "AND run_on <= $3 GROUP BY region, run_on", [codes, start, as_of]),
    }
    out: dict[str, Any] = {}
    conn = await asyncpg.connect(url)
    try:
        for label, (text, values) in variants.items():
            statement = await conn.prepare(text)
            times, rows = [], 0
            for _ in range(runs):
                t0 = time.perf_counter()
                rows = len(await statement.fetch(*values))
                times.append(round((time.perf_counter() - t0) * 1000, 1))
            out[label] = {"ms_per_run": times, "rows": rows}
            print(f"  (c) daily_printing for 514 regencies, {label:<24} {rows} rows, ms per run: "
                  f"{times}")
        explained = {}
        literals = ", ".join(f"'{a.isoformat()}'::date" if isinstance(a, date) else f"'{a}'"
                             for a in args)
        await conn.execute(f"PREPARE bench_q AS {sql}")
        for mode in ("force_custom_plan", "force_generic_plan"):
            await conn.execute(f"SET plan_cache_mode = {mode}")
            call = f"EXPLAIN (ANALYZE) EXECUTE bench_q({literals})"
            plan = [r[0] for r in await conn.fetch(call)]
            explained[mode] = [line[:160] for line in plan
                               if "Scan" in line or "Execution Time" in line]
            print(f"      {mode}: {' | '.join(explained[mode])}")
        await conn.execute("RESET plan_cache_mode")
        await conn.execute("DEALLOCATE bench_q")
        out["explain"] = explained
    finally:
        await conn.close()
    return out


async def time_service(code: str, as_of: date, runs: int) -> dict[str, Any]:
    from blanko_tracker.services import forecasting

    await forecasting.forecast_region(code, as_of, HORIZON)  # untimed
    total, seen = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        answer = await forecasting.forecast_region(code, as_of, HORIZON)
        total.append(time.perf_counter() - t0)
    for _ in range(runs):
        t0 = time.perf_counter()
        await forecasting.observations_of(code, as_of)
        seen.append(time.perf_counter() - t0)
    result = answer["result"]
    return {"forecast_region": stats_ms(total), "observe": stats_ms(seen),
            "repaid_on": result.repaid_on, "stockout_on": result.stockout_on,
            "shortfall": result.shortfall, "notes": answer["notes"]}


async def observe_all_regencies(codes: list[str], as_of: date) -> tuple[list[ForecastInputs],
                                                                        float]:
    """Each regency's own inputs, in bulk: the service's own `regency_inputs`."""
    from blanko_tracker.services.forecasting import regency_inputs

    t0 = time.perf_counter()
    by_code = await regency_inputs("00", as_of, HORIZON)
    return [by_code[code] for code in codes], time.perf_counter() - t0


# ---- (c) the national variants, each in its own process -------------------------------------


def literal_national(inputs: list[ForecastInputs], seeds: list[np.random.SeedSequence],
                     n_paths: int, stream: bool) -> tuple[Paths, dict]:
    """514 × simulate, pooled: as a list then `pool` (stream=False), or summed as they come."""
    if stream:  # pool's arithmetic (copy the first, add the others in order), as they come
        total: Paths | None = None
        for item, seed in zip(inputs, seeds, strict=True):
            paths = engine.simulate(item, np.random.default_rng(seed), n_paths=n_paths)
            if total is None:
                total = engine.pool([paths])
            else:
                total.debt.__iadd__(paths.debt)
                total.on_hand.__iadd__(paths.on_hand)
    else:
        many = [engine.simulate(item, np.random.default_rng(seed), n_paths=n_paths)
                for item, seed in zip(inputs, seeds, strict=True)]
        total = engine.pool(many)
        del many
    return total, engine.summarise_pooled(total, as_of=inputs[0].as_of)


def _cumulate(x: np.ndarray, op: np.ufunc) -> None:
    """x[:, w] = op(x[:, w-1], x[:, w]) for w = 1.. in place: the running sum or minimum
    over axis 1, row by row (for this layout faster than ufunc.accumulate, same values)."""
    for w in range(1, x.shape[1]):
        op(x[:, w - 1], x[:, w], out=x[:, w])


def batched_national(inputs: list[ForecastInputs], seeds: list[np.random.SeedSequence], *,
                     n_paths: int, mode: str, threads: int = 1, chunk: int = 4
                     ) -> tuple[Paths, dict]:
    """The nation's pooled paths with domain.forecast's model, many regencies per numpy call.

    Only working days are simulated (a day off changes neither debt nor printing: the running
    minimum in `_run` cannot fall on it), on arrays (chunk, working days, paths); the pooled
    debt and blanks used are then spread over the calendar as `_world` does. `mode`:
    * "exact64": PCG64 float64 draws exactly as `simulate` makes them, the same operations,
      and the pool summed regency by regency in order: bit-identical to the literal pool;
    * "fast32": SFC64 float32 draws and float32 arithmetic per regency, float64 pool sums.
    """
    as_of, horizon = inputs[0].as_of, inputs[0].horizon_days
    assert all(x.as_of == as_of and x.horizon_days == horizon for x in inputs)
    days, seen = model.simulated_days(as_of, horizon)
    n_days, n_working = len(days), int(seen[-1])
    working = np.flatnonzero(np.diff(seen, prepend=0))  # calendar index of each working day
    exact = mode == "exact64"
    dtype = np.float64 if exact else np.float32
    count = len(inputs)
    keep = np.array([1.0 - x.spoilage_rate for x in inputs])
    stock_cal = np.stack([x.on_hand + model.arrivals_by_day(x, days)[:, 0] for x in inputs])
    cards_w = (stock_cal * keep[:, None])[:, working]  # (R, W): what the blanks can make
    par = {name: np.array([getattr(x, name) for x in inputs], dtype=np.float64)
           for name in ("daily_capacity", "capacity_sd", "daily_inflow", "inflow_sd",
                        "print_debt")}
    chunks = [(a, min(count, a + chunk)) for a in range(0, count, chunk)]

    def generator(seed: np.random.SeedSequence) -> np.random.Generator:
        return np.random.Generator(np.random.PCG64(seed) if exact else np.random.SFC64(seed))

    def column(name: str, a: int, b: int) -> np.ndarray:
        return par[name][a:b, None, None].astype(dtype)

    def work(my_chunks: list[tuple[int, int]], acc: dict[str, np.ndarray]) -> None:
        size = (min(chunk, count), n_working, n_paths)
        zc_all, zi_all, t_all = (np.empty(size, dtype) for _ in range(3))
        for a, b in my_chunks:
            r = b - a
            zc, zi, t = zc_all[:r], zi_all[:r], t_all[:r]
            for k in range(r):
                rng = generator(seeds[a + k])
                rng.standard_normal(out=zc[k], dtype=dtype)  # capacity first, as _world
                rng.standard_normal(out=zi[k], dtype=dtype)
            # demand D[w] = debt + inflow so far (after w+1 working days)
            np.multiply(zi, column("inflow_sd", a, b), out=zi)
            np.add(zi, column("daily_inflow", a, b), out=zi)
            np.maximum(zi, 0.0, out=zi)
            _cumulate(zi, np.add)
            np.add(zi, column("print_debt", a, b), out=zi)
            # capacity so far C[w]
            np.multiply(zc, column("capacity_sd", a, b), out=zc)
            np.add(zc, column("daily_capacity", a, b), out=zc)
            np.maximum(zc, 0.0, out=zc)
            np.minimum(zc, zi[:, -1:, :], out=zc)
            _cumulate(zc, np.add)
            # printed so far P = C + min(0, running min of (min(D, cards) − C))
            np.minimum(zi, cards_w[a:b, :, None].astype(dtype), out=t)
            np.subtract(t, zc, out=t)
            _cumulate(t, np.minimum)
            np.minimum(t, 0.0, out=t)
            np.add(t, zc, out=t)
            np.subtract(zi, t, out=zi)  # debt
            np.maximum(zi, 0.0, out=zi)
            np.divide(t, keep[a:b, None, None].astype(dtype), out=t)  # blanks used
            if exact:
                for k in range(r):  # as pool: regency by regency, on the calendar
                    debt = np.concatenate([np.full((1, n_paths), par["print_debt"][a + k]),
                                           zi[k]])[seen]
                    used = np.concatenate([np.zeros((1, n_paths)), t[k]])[seen]
                    on_hand = np.subtract(stock_cal[a + k][:, None], used)
                    np.maximum(on_hand, 0.0, out=on_hand)
                    if "debt" not in acc:
                        acc["debt"], acc["on_hand"] = debt, on_hand
                    else:
                        acc["debt"] += debt
                        acc["on_hand"] += on_hand
            else:
                acc["debt_w"][1:] += zi.sum(axis=0, dtype=np.float64)
                acc["used_w"][1:] += t.sum(axis=0, dtype=np.float64)

    def fresh() -> dict[str, np.ndarray]:
        if exact:
            return {}
        return {"debt_w": np.zeros((n_working + 1, n_paths)),
                "used_w": np.zeros((n_working + 1, n_paths))}

    if exact and threads != 1:
        raise ValueError("exact64 sums in order: one thread")
    accs = [fresh() for _ in range(threads)]
    if threads == 1:
        work(chunks, accs[0])
    else:
        pool = [threading.Thread(target=work, args=(chunks[i::threads], accs[i]))
                for i in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    if exact:
        debt, on_hand = accs[0]["debt"], accs[0]["on_hand"]
    else:
        debt_w = sum(acc["debt_w"] for acc in accs)
        used_w = sum(acc["used_w"] for acc in accs)
        debt_w[0] = par["print_debt"].sum()
        debt = debt_w[seen]
        on_hand = np.subtract(stock_cal.sum(axis=0)[:, None], used_w[seen])
        np.maximum(on_hand, 0.0, out=on_hand)
    paths = Paths(days, debt.T, on_hand.T)  # day-major in memory, as simulate returns them
    assert paths.debt.shape == (n_paths, n_days)
    return paths, engine.summarise_pooled(paths, as_of=as_of)


def draws_only(count: int, n_working: int, n_paths: int, seeds: list, mode: str,
               chunk: int) -> None:
    """Just the random numbers the batched variant needs: the floor of any numpy version."""
    exact = mode == "exact64"
    dtype = np.float64 if exact else np.float32
    buf = np.empty((2, n_working, n_paths), dtype)
    for i in range(count):
        rng = np.random.Generator(np.random.PCG64(seeds[i]) if exact
                                  else np.random.SFC64(seeds[i]))
        rng.standard_normal(out=buf[0], dtype=dtype)
        rng.standard_normal(out=buf[1], dtype=dtype)


def summary_of(pooled: dict) -> dict[str, Any]:
    series = pooled["series"]
    out = {"repaid_on": pooled["repaid_on"], "stockout_on": pooled["stockout_on"],
           "first_day": series[0], "day_90": series[89] if len(series) > 89 else None,
           "day_180": series[179] if len(series) > 179 else None,
           "last_day": series[-1]}
    for key in ("shortfall", "recommended_request"):
        if key in pooled:
            out[key] = pooled[key]
    if "band" in pooled:
        band = pooled["band"]
        out["band_day_90"] = band[89] if len(band) > 89 else None
        out["band_day_180"] = band[179] if len(band) > 179 else None
    return out


def worker(kind: str, arg_path: str) -> None:
    """One measurement in this fresh process; prints one JSON line."""
    with open(arg_path, "rb") as handle:
        args = pickle.load(handle)
    out: dict[str, Any] = {"kind": kind, "rss_before_mb": maxrss_mb(),
                           "rss_now_before_mb": rss_now_mb()}
    if kind == "service-national":
        from blanko_tracker.db.engine import connected
        from blanko_tracker.services import forecasting

        async def run() -> None:
            async with connected(args["url"]):
                await forecasting.forecast_region("00", args["as_of"], HORIZON)  # untimed
                out["rss_after_first_mb"] = maxrss_mb()
                times, seen_t = [], []
                with Busy() as busy:
                    for _ in range(args["runs"]):
                        t0 = time.perf_counter()
                        answer = await forecasting.forecast_region("00", args["as_of"],
                                                                   HORIZON)
                        times.append(time.perf_counter() - t0)
                out["busy_cores"] = busy.cores
                for _ in range(args["runs"]):
                    t0 = time.perf_counter()
                    seen = (await forecasting.observations_of("00", args["as_of"])).total
                    seen_t.append(time.perf_counter() - t0)
                inputs = forecasting.inputs_for(seen, args["as_of"], HORIZON,
                                                forecasting.Overrides())
                # The pool's own parts: every regency observed, stock forwarded by need
                # (in `_observe` and `pool_inputs`), then the engine.
                subtree = await forecasting.observations_of("00", args["as_of"])
                members, kept = forecasting.pool_inputs(subtree, args["as_of"], HORIZON,
                                                        forecasting.Overrides())
                engine_t = []
                for _ in range(args["runs"]):
                    t0 = time.perf_counter()
                    pools.forecast_pool(members, held=kept)
                    engine_t.append(time.perf_counter() - t0)
                out["wall"] = stats_ms(times)
                out["observe"] = stats_ms(seen_t)
                out["engine_forecast"] = stats_ms(engine_t)
                out["rss_after_mb"] = maxrss_mb()
                tracemalloc.start()
                await forecasting.forecast_region("00", args["as_of"], HORIZON)
                out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
                result = answer["result"]
                out["result"] = {"repaid_on": result.repaid_on,
                                 "series_day_180": result.series[179],
                                 "stockout_on": result.stockout_on,
                                 "shortfall": result.shortfall, "notes": answer["notes"],
                                 "first_day": result.series[0], "day_90": result.series[89],
                                 "last_day": result.series[-1]}
                out["inputs"] = {"debt": inputs.print_debt, "on_hand": inputs.on_hand,
                                 "arrivals": len(inputs.arrivals),
                                 "capacity": round(inputs.daily_capacity, 1),
                                 "capacity_sd": round(inputs.capacity_sd, 1),
                                 "inflow": round(inputs.daily_inflow, 1),
                                 "inflow_sd": round(inputs.inflow_sd, 1),
                                 "spoilage": round(inputs.spoilage_rate, 4)}

        asyncio.run(run())
    else:
        inputs: list[ForecastInputs] = args["inputs"]
        seeds = np.random.SeedSequence(args["seed"]).spawn(len(inputs))
        n_paths = args["n_paths"]
        codes = args.get("codes") or [f"{11 + i // 20}.{i % 20 + 1:02d}"
                                      for i in range(len(inputs))]
        members = dict(zip(codes, inputs, strict=True))

        def call() -> tuple[Paths, dict]:
            if kind == "pool":
                result = pools.forecast_pool(members, n_paths=n_paths,
                                              threads=args["threads"])
                return None, {"repaid_on": result.repaid_on,
                              "stockout_on": result.stockout_on,
                              "series": result.series, "band": result.band,
                              "shortfall": result.shortfall,
                              "recommended_request": result.recommended_request}
            if kind == "literal-list":
                return literal_national(inputs, seeds, n_paths, stream=False)
            if kind == "literal-stream":
                return literal_national(inputs, seeds, n_paths, stream=True)
            if kind == "draws-only":
                _, seen = model.simulated_days(inputs[0].as_of, HORIZON)
                draws_only(len(inputs), int(seen[-1]), n_paths, seeds, args["mode"],
                           args["chunk"])
                return None, {}
            return batched_national(inputs, seeds, n_paths=n_paths, mode=args["mode"],
                                    threads=args["threads"], chunk=args["chunk"])

        model.simulated_days(inputs[0].as_of, HORIZON)  # the calendar, as a server has it cached
        times, cpus, busy_list = [], [], []
        for _ in range(args["repeat"]):
            gc.collect()
            c0 = cpu_s()
            with Busy() as busy:
                t0 = time.perf_counter()
                paths, pooled = call()
                times.append(time.perf_counter() - t0)
            cpus.append(cpu_s() - c0)
            busy_list.append(busy.cores)
            if args.get("save") and paths is not None:
                np.save(args["save"] + "_debt.npy", np.ascontiguousarray(paths.debt))
                np.save(args["save"] + "_on_hand.npy", np.ascontiguousarray(paths.on_hand))
            del paths
        out["wall_s"] = [round(t, 3) for t in times]
        out["cpu_s"] = [round(c, 3) for c in cpus]
        out["busy_cores"] = busy_list
        out["rss_after_mb"] = maxrss_mb()
        if pooled:
            out["result"] = summary_of(pooled)
        if args.get("tracemalloc"):
            gc.collect()
            tracemalloc.start()
            paths, _ = call()
            del paths
            out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
    print("WORKER_RESULT " + json.dumps(out, default=str))


def run_worker(kind: str, args: dict[str, Any], tmp: str, timeout: float = 900
               ) -> dict[str, Any]:
    path = os.path.join(tmp, f"args-{kind}-{time.monotonic_ns()}.pickle")
    with open(path, "wb") as handle:
        pickle.dump(args, handle)
    proc = benchlib.track(subprocess.Popen(
        [sys.executable, __file__, "--worker", kind, path], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True))
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        benchlib.kill_group(proc)
        benchlib.untrack(proc)
        return {"kind": kind, "error": f"timed out after {timeout} s"}
    benchlib.untrack(proc)
    for line in stdout.splitlines():
        if line.startswith("WORKER_RESULT "):
            return json.loads(line[len("WORKER_RESULT "):])
    return {"kind": kind, "error": f"exit {proc.returncode}: {stderr[-2000:]}"}


# ---- HTTP -----------------------------------------------------------------------------------


def http_timings(url: str, as_of: date, runs: int, national_runs: int,
                 expect: dict[str, Any]) -> dict[str, Any]:
    import httpx

    benchlib.create_user(url, "bench-officer", role="ministry_officer", region="00")
    server = benchlib.start_server(url, log=RESULTS / "forecast_speed_server.log")
    out: dict[str, Any] = {}
    try:
        headers = benchlib.bearer(benchlib.sign_in(server.base_url, "bench-officer"))
        with httpx.Client(base_url=server.base_url, timeout=120) as client:
            for label, code, horizon, n in (
                    (f"GET /forecast/{SAMPLE_REGENCY}?horizon_days=365", SAMPLE_REGENCY, 365,
                     runs),
                    (f"GET /forecast/{SAMPLE_REGENCY} (default 90 days)", SAMPLE_REGENCY, None,
                     runs),
                    ("GET /forecast/00?horizon_days=365", "00", 365, national_runs)):
                params = {"as_of": as_of.isoformat()}
                if horizon:
                    params["horizon_days"] = str(horizon)
                path = f"/api/v1/forecast/{code}"
                for _ in range(3):
                    client.get(path, params=params, headers=headers)
                times, statuses, body = [], set(), None
                for _ in range(n):
                    t0 = time.perf_counter()
                    r = client.get(path, params=params, headers=headers)
                    times.append(time.perf_counter() - t0)
                    statuses.add(r.status_code)
                    body = r
                out[label] = {**stats_ms(times), "statuses": sorted(statuses),
                              "bytes": len(body.content)}
                answer = body.json()
                out[label]["repaid_on"] = answer.get("repaid_on")
                if horizon == 365 and code in expect:
                    want = jsonable(expect[code])
                    out[label]["agrees_with_in_process"] = (answer.get("repaid_on") == want)
                print(f"  (b/c) HTTP {label:<44} {fmt(out[label])}  {sorted(statuses)} "
                      f"{len(body.content)} B")
    finally:
        out["server_stopped_cleanly"] = server.stop()
    out["server_tracebacks"] = server.tracebacks()
    return out


# ---- main -----------------------------------------------------------------------------------


async def db_phase(url: str, args: argparse.Namespace, report: dict[str, Any]
                   ) -> tuple[list[ForecastInputs], date]:
    from blanko_tracker.db import regions
    from blanko_tracker.db.engine import connected
    from blanko_tracker.services import forecasting

    truth, history = regency_world(SAMPLE_INDEX, args.seed)
    as_of = truth.cutoff
    out: dict[str, Any] = {"as_of": as_of}
    async with connected(url):
        codes = await regions.subtree("00", ("regency",))
        out["regencies"] = len(codes)
        out["load_sample"] = await load_through_services(SAMPLE_REGENCY, truth, history)
        print(f"  (b) {SAMPLE_REGENCY}: {out['load_sample']['service_calls']} service calls "
              f"in {out['load_sample']['seconds']} s; as_of {as_of}")
        service_seen = (await forecasting.observations_of(SAMPLE_REGENCY, as_of)).total
        replica = backtest.observe(truth, history, HORIZON).observed
        out["observe_replica_problems"] = compare_observed(service_seen, replica)
        print(f"  (b) services.forecasting.observations_of vs bench/backtest.py replica: "
              f"{out['observe_replica_problems'] or 'identical'}")
        out["sample_alone"] = await time_service(SAMPLE_REGENCY, as_of, args.runs)
        print(f"  (b) forecast_region({SAMPLE_REGENCY}), only it loaded: "
              f"{fmt(out['sample_alone']['forecast_region'])}; observe "
              f"{fmt(out['sample_alone']['observe'])}")
        if not args.no_national:
            others = [c for c in codes if c != SAMPLE_REGENCY]
            out["bulk"] = await bulk_load(url, others, args.seed)
            print(f"  (c) bulk load: {out['bulk']['rows']} in "
                  f"{out['bulk']['generate_s']} + {out['bulk']['copy_s']} s")
            out["sample_full_db"] = await time_service(SAMPLE_REGENCY, as_of, args.runs)
            print(f"  (b) forecast_region({SAMPLE_REGENCY}), 514 regencies loaded: "
                  f"{fmt(out['sample_full_db']['forecast_region'])}; observe "
                  f"{fmt(out['sample_full_db']['observe'])}")
            out["in_list_check"] = await in_list_check(url, codes, as_of)
            observe_times = []
            for _ in range(5):
                inputs, seconds = await observe_all_regencies(codes, as_of)
                observe_times.append(seconds)
            out["observe_all_regencies"] = stats_ms(observe_times)
            print(f"  (c) observing the 514 regencies one by one, in bulk (as "
                  f"plan_allocation): {fmt(out['observe_all_regencies'])}")
        else:
            inputs = []
    report["db"] = out
    return inputs, as_of


def national_phase(inputs: list[ForecastInputs], url: str | None, as_of: date,
                   args: argparse.Namespace, tmp: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    n = args.national_paths
    base = {"inputs": inputs, "seed": args.seed, "n_paths": n}
    if url:
        r = run_worker("service-national", {"url": url, "as_of": as_of,
                                            "runs": args.national_runs}, tmp)
        out["service"] = r
        if "error" in r:
            print(f"  (c) service national: {r['error']}")
        else:
            print(f"  (c) service forecast_region('00', 365 days, 500 paths, one pooled "
                  f"simulation): {fmt(r['wall'])}; observe {r['observe']['median']} ms, "
                  f"engine {r['engine_forecast']['median']} ms; maxrss {r['rss_after_mb']} MB "
                  f"(RSS at start {r['rss_now_before_mb']}, peak at start "
                  f"{r['rss_before_mb']}), tracemalloc peak "
                  f"{r['tracemalloc_peak_mb']} MB; P10/50/90 {r['result']['repaid_on']}")
    save = os.path.join(tmp, "pool")
    pools = [
        ("pool-2t", "pool", {"threads": 2, "repeat": args.national_runs, "tracemalloc": True}),
        ("pool-1t", "pool", {"threads": 1, "repeat": args.national_runs, "tracemalloc": True}),
        (f"pool-2t-{args.alt_paths}paths", "pool",
         {"threads": 2, "repeat": args.national_runs, "n_paths": args.alt_paths}),
    ]
    prototypes = [
        ("literal-stream", "literal-stream",
         {"repeat": 1, "tracemalloc": True, "save": save + "_literal"}),
        ("literal-list", "literal-list", {"repeat": 1, "tracemalloc": True}),
        ("batched-exact64", "batched", {"mode": "exact64", "threads": 1, "chunk": args.chunk,
                                        "repeat": 1, "tracemalloc": True,
                                        "save": save + "_exact"}),
        ("batched-fast32-1t", "batched", {"mode": "fast32", "threads": 1, "chunk": args.chunk,
                                          "repeat": 3, "tracemalloc": True}),
        ("batched-fast32-2t", "batched", {"mode": "fast32", "threads": 2, "chunk": args.chunk,
                                          "repeat": 3, "tracemalloc": True}),
        ("draws-only-fast32", "draws-only", {"mode": "fast32", "chunk": args.chunk,
                                             "repeat": 3}),
        ("draws-only-exact64", "draws-only", {"mode": "exact64", "chunk": args.chunk,
                                              "repeat": 1}),
        (f"batched-fast32-2t-{args.alt_paths}paths", "batched",
         {"mode": "fast32", "threads": 2, "chunk": args.chunk, "repeat": 3,
          "n_paths": args.alt_paths}),
    ]
    plan = [*pools, *(prototypes if args.prototypes else [])]
    for label, kind, extra in plan:
        if args.skip_literal_list and label == "literal-list":
            continue
        r = run_worker(kind, {**base, **extra}, tmp)
        out[label] = r
        if "error" in r:
            print(f"  (c) {label}: {r['error']}")
            continue
        wall = min(r["wall_s"])
        print(f"  (c) {label:<28} {extra.get('n_paths', n)} paths: wall {r['wall_s']} s "
              f"(best {wall}, median {statistics.median(r['wall_s'])}), cpu {r['cpu_s']} s, "
              f"machine busy {r['busy_cores']} cores, "
              f"maxrss {r['rss_after_mb']} MB (RSS at start {r['rss_now_before_mb']}, "
              f"peak at start {r['rss_before_mb']}), tracemalloc peak "
              f"{r.get('tracemalloc_peak_mb', '–')} MB; "
              f"P10/50/90 {r.get('result', {}).get('repaid_on')}; "
              f"{ {k: v for k, v in r.get('result', {}).items() if k != 'repaid_on'} }")
    # Each regency on its own (the service's own regency forecast: 500 paths, seed 2023).
    t0 = time.perf_counter()
    own = [engine.forecast(x) for x in inputs]
    never = [(x, f) for x, f in zip(inputs, own, strict=True) if f.repaid_on["p50"] is None]
    dated = [f.repaid_on["p50"] for f in own if f.repaid_on["p50"] is not None]
    out["per_regency"] = {
        "seconds": round(time.perf_counter() - t0, 1),
        "p50_not_within_horizon": len(never),
        "their_debt_today": sum(x.print_debt for x, _ in never),
        "their_shortfall": sum(f.shortfall for _, f in never),
        "latest_p50": max(dated) if dated else None,
        "median_p50": sorted(dated)[len(dated) // 2] if dated else None,
        "with_stockout": sum(f.stockout_on is not None for f in own),
        "national_debt_today": sum(x.print_debt for x in inputs),
    }
    print(f"  (c) the 514 regencies' own forecasts: {out['per_regency']}")
    a, b = save + "_literal", save + "_exact"
    if os.path.exists(a + "_debt.npy") and os.path.exists(b + "_debt.npy"):
        same = {part: bool(np.array_equal(np.load(f"{a}_{part}.npy"), np.load(f"{b}_{part}.npy")))
                for part in ("debt", "on_hand")}
        diff = {part: float(np.max(np.abs(np.load(f"{a}_{part}.npy")
                                          - np.load(f"{b}_{part}.npy"))))
                for part in ("debt", "on_hand")}
        out["exact64_vs_literal"] = {"bit_identical": same, "max_abs_diff": diff}
        print(f"  (c) batched exact64 vs literal pooled paths: bit-identical {same}, "
              f"max |diff| {diff}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "ARGS"), help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=40, help="timed calls per measurement")
    parser.add_argument("--national-runs", type=int, default=10)
    parser.add_argument("--national-paths", type=int, default=1000)
    parser.add_argument("--alt-paths", type=int, default=250)
    parser.add_argument("--chunk", type=int, default=4, help="regencies per batched array")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--db-name", default=f"blanko_bench_fc_{os.getpid()}")
    parser.add_argument("--no-db", action="store_true",
                        help="skip (b) and the database: (c) on synthetic inputs only")
    parser.add_argument("--no-national", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--prototypes", action="store_true",
                        help="also the earlier literal and batched prototypes of (c) "
                             "(about a minute, 3 GB for the literal list)")
    parser.add_argument("--skip-literal-list", action="store_true",
                        help="skip the 3 GB list-then-pool literal run")
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0

    benchlib.leave_nothing_behind()
    RESULTS.mkdir(parents=True, exist_ok=True)
    tmp = benchlib.temp_dir("blanko-bench-forecast-")
    started = time.perf_counter()
    report: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "args": vars(args),
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "cpus": os.cpu_count(), "kernel": platform.release(),
                    "loadavg_at_start": os.getloadavg()}}
    print(f"machine: {report['machine']}")
    print("(a) domain.forecast.forecast, one regency, in process")
    report["engine"] = engine_timings(args.seed, args.runs)
    report["engine_rows_prototype"] = prototype_timings(args.seed, args.runs)
    inputs: list[ForecastInputs] = []
    url = None
    as_of = sample_inputs(args.seed).as_of
    if not args.no_db:
        print(f"(b) PostgreSQL database {args.db_name}")
        url = benchlib.fresh_postgres(args.db_name)
        report["migrate_s"] = round(benchlib.migrate(url), 2)
        inputs, as_of = asyncio.run(db_phase(url, args, report))
    elif not args.no_national:
        from blanko_tracker.services.forecasting import Overrides, inputs_for

        for i in range(514):
            truth, history = regency_world(SAMPLE_INDEX if i == 0 else 999 + i, args.seed)
            seen = backtest.observe(truth, history, HORIZON)
            inputs.append(inputs_for(seen.observed, truth.cutoff, HORIZON, Overrides()))
    if not args.no_national:
        print(f"(c) the nation: {len(inputs)} regencies × {args.national_paths} paths × "
              f"{HORIZON} days")
        report["national"] = national_phase(inputs, url, as_of, args, tmp)
    if url and not args.no_http:
        print("(b/c) HTTP, 1 server worker")
        expect = {SAMPLE_REGENCY: report["db"]["sample_full_db"]["repaid_on"]
                  if "sample_full_db" in report["db"] else report["db"]["sample_alone"][
                      "repaid_on"]}
        if "service" in report.get("national", {}):
            expect["00"] = report["national"]["service"].get("result", {}).get("repaid_on")
        report["http"] = http_timings(url, as_of, args.runs, args.national_runs, expect)
    if url:
        benchlib.drop_postgres(args.db_name)
        print(f"dropped {args.db_name}")
    report["machine"]["loadavg_at_end"] = os.getloadavg()
    report["total_s"] = round(time.perf_counter() - started, 1)
    (RESULTS / "forecast_speed.json").write_text(json.dumps(report, indent=2, default=str))
    print(f"total {report['total_s']} s; results in bench/results/forecast_speed.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
