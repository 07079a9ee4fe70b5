#!/usr/bin/env python3
"""Backtest of the repayment forecast on synthetic regencies whose parameters are known.

    .venv/bin/python bench/backtest.py                          # 200 regencies, 500 paths
    .venv/bin/python bench/backtest.py --regencies 1000 --futures 2 # the figures of record

Run it with the project's virtualenv: it imports blanko_tracker. No database, no server.

For each synthetic regency (seeded: regency i draws from numpy streams [seed, i, …]):

1. **Truth.** Capacity 50–1,000 cards a working day (uniform) with day-to-day sd 5–30 % of it;
   inflow of new print-ready records 10–80 % of capacity with sd 10–50 % of the inflow;
   spoilage 0–5 %; an opening debt sized so that, at the true net rate (capacity − inflow),
   5–260 working days of debt are left at the cut-off; regular deliveries every 15–40
   working days (a day or two late, any day of the week) and an opening stock of 0.7–1.3
   such intervals' use, in one of five regimes: *ample* (30 %: deliveries 1.15–1.5 ×
   the blanks the printer uses), *tight* (20 %: 0.95–1.1 ×, stock sometimes binds),
   *short* (20 %: 0.6–0.85 ×, the stock, not the printer, sets the pace), *stockout* (15 %:
   as tight, but the first delivery due inside the observed window comes 10–25 working days
   late, so the regency stands without blanks on the record the forecast learns from) and
   *printers* (15 %: ample supply, but at the cut-off printers break and the active ones'
   rating, between the inflow and the capacity, caps every later day's printing; the
   forecast is told that rating, as `printers.capacity_of` tells the service).
2. **History.** The first 60 working days from a start between 2022-07 and 2025-03, day by day
   on the real calendar (`domain.calendar`: weekends, public holidays, cuti bersama). The
   world is in whole cards: each working day new records ~ round(Normal(inflow, sd)) ≥ 0
   join the debt first, then the printer attempts min(round(Normal(capacity, sd)) ≥ 0, debt)
   good cards, spoiling NegativeBinomial(good, 1 − spoilage) blanks on the way; if the stock
   cannot cover that, it uses all its stock, Binomial(stock, spoilage) of it spoiled. This
   is the engine's model (domain/forecast/regency.py) in integers, written separately.
3. **Observation, as the service does it**: the rows the service reads from the database
   (a print run per day with printed + spoiled > 0, a print_debt_day per day with a
   recording or a printed entry, the stock card) are rebuilt from the log, and the service's
   own pure functions turn them into figures (`days_without_blanks`, `days_blanks_ran_out`,
   `domain.forecast.observations.observe_regency`, then
   `domain.forecast.scenarios.inputs_for`; `forecast_speed.py` checks the rebuilt rows
   against `services.forecasting.observations_of` on PostgreSQL): the window is the WINDOW_DAYS (60)
   *calendar* days ending at the cut-off, i.e. about 42 of the 60 working days of history;
   capacity = mean and population sd of the daily printed over days with a print run and
   blanks all day, a day whose blanks ran out counting as "at least what it printed" (fewer
   than MIN_DAYS such days: the stated defaults); spoilage = Σspoiled / Σ(printed +
   spoiled) over those days; inflow = mean and population sd of the recorded count over the
   window's working days (0 for a day without a recording), provided MIN_DAYS days have a
   print_debt_day row. Every delivery after the cut-off is passed as a planned shipment with
   its true date (the forecast knows the deliveries exactly).
4. **Forecast** from the cut-off with `domain.forecast.forecast` (default 500 paths and seed
   2023, as the service calls it; `--paths`), horizon 365 calendar days.
5. **What really happened**: the same world continued from the cut-off state with the true
   parameters and a different random stream (`--futures` continuations per regency).
6. **Compare**: the share of cases whose real repayment date lies in [P10, P90] (goal
   80 ± 5 %), the P50's absolute error in working and calendar days, and the same error for
   the spreadsheet rule "repaid in ceil(debt ÷ average daily printed) working days" with the
   average (A) over the window's days with a print run (the service's capacity estimate) and
   (B) Σprinted ÷ the window's working days. Cases never repaid within the horizon are
   reported separately; a "not within the horizon" percentile counts as later than any date.

A control, **oracle**, is `domain.forecast.forecast` given the *true* parameters (same
stock, debt and deliveries): it shows what the engine's model does when nothing has to be
estimated (no standard errors). A third, **pool**, is `domain.forecast.forecast_pool` on
the regency alone: the engine a province's or the nation's forecast sums (uniform float32
daily noise, its own streams), so that its band is scored on the same cases as the regency
engine's.

Output: tables on stdout, bench/results/backtest.json and bench/results/backtest_cases.csv.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from blanko_tracker.domain import calendar
from blanko_tracker.domain.forecast import Arrival, pools
from blanko_tracker.domain.forecast import regency as engine
from blanko_tracker.domain.forecast.observations import (
    WINDOW_DAYS,
    Observed,
    at_most,
    days_blanks_ran_out,
    days_without_blanks,
    observe_regency,
)
from blanko_tracker.domain.forecast.scenarios import Overrides, inputs_for

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HISTORY_WORKING_DAYS = 60
FIRST_START, LAST_START = date(2022, 7, 1), date(2025, 3, 31)
SERVICE_SEED = 2023  # engine.forecast's default, which the service uses
# (name, share of regencies, deliveries ÷ the blanks the printer uses); the regimes are in
# the module docstring.
REGIMES = (("ample", 0.30, (1.15, 1.50)), ("tight", 0.20, (0.95, 1.10)),
           ("short", 0.20, (0.60, 0.85)), ("stockout", 0.15, (0.95, 1.10)),
           ("printers", 0.15, (1.15, 1.50)))
STOCKOUT_LATE = (10, 26)  # working days a delivery inside the window comes late (stockout)
# printers: the active printers' rating after the cut-off, as a share of the way from the
# inflow to the capacity (below the inflow the debt would only grow)
PRINTERS_LEFT = (0.30, 0.80)


# ---- the synthetic world --------------------------------------------------------------------


@dataclass
class Truth:
    index: int
    start: date  # first day of history (a working day)
    cutoff: date  # the 60th working day: the forecast's as_of
    capacity: float
    capacity_sd: float
    inflow: float
    inflow_sd: float
    spoilage: float
    debt0: int
    stock0: int
    regime: str
    supply_factor: float
    deliveries: dict[date, int] = field(default_factory=dict)
    # printers: the active printers' rated cards a day from the day after the cut-off (they
    # print at most that); None: no printer on record, nothing changes at the cut-off.
    printers_after: int | None = None


@dataclass
class Log:
    """Per calendar day, in order: what happened and how the day closed."""

    days: list[date] = field(default_factory=list)
    recorded: list[int] = field(default_factory=list)
    printed: list[int] = field(default_factory=list)
    spoiled: list[int] = field(default_factory=list)
    debt: list[int] = field(default_factory=list)  # at the end of the day
    stock: list[int] = field(default_factory=list)  # at the end of the day


def _working_after(day: date, count: int) -> list[date]:
    """The first `count` working days after `day`."""
    out: list[date] = []
    while len(out) < count:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            out.append(day)
    return out


def make_truth(index: int, seed: int, horizon_days: int, start: date | None = None) -> Truth:
    """Regency `index`'s true parameters and deliveries; `start` fixes the first day of
    history (forecast_speed.py gives all 514 regencies the same one)."""
    rng = np.random.default_rng([seed, index, 0])
    drawn = FIRST_START + timedelta(days=int(rng.integers(0, (LAST_START - FIRST_START).days)))
    start = start or drawn
    while not calendar.is_working_day(start):
        start += timedelta(days=1)
    history = [start, *_working_after(start, HISTORY_WORKING_DAYS - 1)]
    capacity = float(rng.uniform(50, 1000))
    capacity_sd = capacity * float(rng.uniform(0.05, 0.30))
    inflow = capacity * float(rng.uniform(0.10, 0.80))
    inflow_sd = inflow * float(rng.uniform(0.10, 0.50))
    spoilage = float(rng.uniform(0.0, 0.05))
    left = float(rng.uniform(5, 260))  # working days of debt left at the cut-off, true rates
    debt0 = round((capacity - inflow) * (HISTORY_WORKING_DAYS + left))
    shares = np.cumsum([share for _, share, _ in REGIMES])
    which = min(int(np.searchsorted(shares, rng.uniform(), side="right")), len(REGIMES) - 1)
    regime, _, (low, high) = REGIMES[which]
    factor = float(rng.uniform(low, high))
    use = capacity / (1.0 - spoilage)  # blanks a working day while there is debt
    every = int(rng.integers(15, 41))
    # Opening stock: about what the printer uses until the first delivery, in the regime.
    stock0 = round(factor * use * every * rng.uniform(0.7, 1.3))
    truth = Truth(index, start, history[-1], capacity, capacity_sd, inflow, inflow_sd,
                  spoilage, debt0, stock0, regime, factor)
    span = _working_after(start, HISTORY_WORKING_DAYS + 400)  # beyond cut-off + horizon
    end = truth.cutoff + timedelta(days=horizon_days)
    for k in range(every - 1, len(span), every):
        on = span[k] + timedelta(days=int(rng.integers(0, 3)))  # a day or two late, any day
        if on > end:
            break
        quantity = round(factor * use * every * rng.uniform(0.9, 1.1))
        truth.deliveries[on] = truth.deliveries.get(on, 0) + quantity
    if regime == "stockout":
        # The first delivery due in the observed window comes weeks late: the stock runs out
        # and the printer waits, on the record the forecast learns from.
        window = (truth.cutoff - timedelta(days=WINDOW_DAYS - 1), truth.cutoff - timedelta(days=7))
        due = min((d for d in truth.deliveries if window[0] <= d <= window[1]), default=None)
        if due is not None:
            late = _working_after(due, int(rng.integers(*STOCKOUT_LATE)))[-1]
            quantity = truth.deliveries.pop(due)
            truth.deliveries[late] = truth.deliveries.get(late, 0) + quantity
    elif regime == "printers":
        # Printers break at the cut-off: those still active can print less than the staff
        # did, and the forecast knows their rating (the service's `printers.capacity_of`).
        truth.printers_after = round(inflow + (capacity - inflow) * rng.uniform(*PRINTERS_LEFT))
    return truth


def live(truth: Truth, days: list[date], debt: int, stock: int,
         rng: np.random.Generator, *, printers: int | None = None) -> Log:
    """The world day by day from (debt, stock) at the end of the day before days[0];
    `printers`: the most the active printers print in a day."""
    z_capacity = rng.standard_normal(len(days))
    z_inflow = rng.standard_normal(len(days))
    keep = 1.0 - truth.spoilage
    log = Log()
    for i, day in enumerate(days):
        stock += truth.deliveries.get(day, 0)
        recorded = printed = spoiled = 0
        if calendar.is_working_day(day):
            recorded = max(0, round(truth.inflow + truth.inflow_sd * z_inflow[i]))
            debt += recorded
            want = min(max(0, round(truth.capacity + truth.capacity_sd * z_capacity[i])), debt)
            if printers is not None:
                want = min(want, printers)
            if want > 0 and stock > 0:
                extra = int(rng.negative_binomial(want, keep)) if truth.spoilage > 0 else 0
                if want + extra <= stock:
                    printed, spoiled = want, extra
                else:  # the stock runs out today: every blank is tried
                    spoiled = int(rng.binomial(stock, truth.spoilage)) if truth.spoilage else 0
                    printed = min(want, stock - spoiled)
            debt -= printed
            stock -= printed + spoiled
        log.days.append(day)
        log.recorded.append(recorded)
        log.printed.append(printed)
        log.spoiled.append(spoiled)
        log.debt.append(debt)
        log.stock.append(stock)
    return log


def history_of(truth: Truth, seed: int) -> Log:
    days = [truth.start + timedelta(days=i) for i in range((truth.cutoff - truth.start).days + 1)]
    return live(truth, days, truth.debt0, truth.stock0, np.random.default_rng([seed, truth.index,
                                                                                1]))


def future_of(truth: Truth, history: Log, seed: int, k: int, horizon_days: int) -> Log:
    days = [truth.cutoff + timedelta(days=i) for i in range(1, horizon_days + 1)]
    return live(truth, days, history.debt[-1], history.stock[-1],
                np.random.default_rng([seed, truth.index, 2 + k]),
                printers=truth.printers_after)


# ---- observation, as the service does it ---------------------------------------------------


@dataclass
class Seen:
    observed: Observed
    run_days: int  # days with a print run in the window
    working: int  # working days in the window
    without_blanks: int  # days of the window without blanks all day (`days_without_blanks`)
    sheet_a: float  # mean printed over the days with a run
    sheet_b: float  # Σprinted ÷ working days in the window


def observe(truth: Truth, history: Log, horizon_days: int) -> Seen:
    """What `services.forecasting.observations_of` sees of one regency, from the log.

    The database holds a print_run row per day with printed + spoiled > 0, a print_debt_day
    row per day with a recording or a printed entry, and the stock card (deliveries in, print
    runs out); all three are rebuilt here and given to the service's own
    `days_without_blanks` and `observe_regency`, with the active printers' rating where
    printers are on record.
    """
    as_of = truth.cutoff
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    working = calendar.working_days(start, as_of)
    runs, recorded, moved = [], {}, {}
    opening, before = 0, truth.stock0
    for day, rec, prt, spl, stock in zip(history.days, history.recorded, history.printed,
                                         history.spoiled, history.stock, strict=True):
        if day < start:
            opening = before = stock
            continue
        moved[day], before = stock - before, stock
        if prt + spl > 0:
            runs.append((day, prt, spl))
        if rec > 0 or prt > 0:
            recorded[day] = rec
    window = [start + timedelta(days=i) for i in range(WINDOW_DAYS)]
    short = days_without_blanks(opening, moved, window)
    seen = observe_regency(debt=history.debt[-1], runs=runs, recorded=recorded,
                           working=working, printers=truth.printers_after,
                           without_blanks=short,
                           ran_out=days_blanks_ran_out(opening, moved, window))
    seen.on_hand = max(0, history.stock[-1])
    seen.arrivals = [Arrival(on=on, quantity=q, shipment_id=n + 1) for n, (on, q) in
                     enumerate(sorted(truth.deliveries.items()))
                     if as_of < on <= as_of + timedelta(days=horizon_days)]
    printed = sum(r[1] for r in runs)
    return Seen(seen, len(runs), len(working), len(short),
                printed / len(runs) if runs else 0.0,
                printed / len(working) if working else 0.0)


# ---- scoring --------------------------------------------------------------------------------


class WorkingIndex:
    """Working-day positions after a cut-off: day → n (1 = first working day after it)."""

    def __init__(self, cutoff: date) -> None:
        self.cutoff = cutoff
        self.days: list[date] = []
        self.position: dict[date, int] = {}

    def _extend(self, count: int) -> None:
        last = self.days[-1] if self.days else self.cutoff
        for day in _working_after(last, count - len(self.days)):
            self.days.append(day)
            self.position[day] = len(self.days)

    def nth(self, n: int) -> date:
        if n > len(self.days):
            self._extend(max(n, len(self.days) + 260))
        return self.days[n - 1]

    def of(self, day: date) -> int:
        """Working days after the cut-off up to and including `day`."""
        if day in self.position:
            return self.position[day]
        while not self.days or self.days[-1] < day:
            self._extend(len(self.days) + 260)
        return bisect.bisect_right(self.days, day)


NEVER = date.max


def sheet_day(debt: int, per_day: float, index: WorkingIndex, cap: int = 5000) -> date | None:
    """The spreadsheet's date: ceil(debt ÷ per_day) working days after the cut-off."""
    if per_day <= 0:
        return None
    n = max(1, math.ceil(debt / per_day)) if debt > 0 else 0
    if n == 0:
        return index.cutoff
    return index.nth(min(n, cap))


def score_case(real: date | None, p: dict[str, date | None], index: WorkingIndex
               ) -> dict[str, Any]:
    lo = p["p10"] or NEVER
    hi = p["p90"] or NEVER
    r = real or NEVER
    out = {"in_band": lo <= r <= hi, "below": r < lo, "above": r > hi}
    if real is not None and p["p50"] is not None:
        out["err_cal"] = (p["p50"] - real).days
        out["err_wd"] = index.of(p["p50"]) - index.of(real)
    return out


def mae(values: list[float]) -> float | None:
    return round(statistics.fmean(abs(v) for v in values), 2) if values else None


def bias(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(100 * (centre - half), 1), round(100 * (centre + half), 1))


MODELS = ("service", "oracle", "pool")
SHEETS = ("sheet_a", "sheet_b")


def summarise(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Coverage and errors over `cases` (one row per regency × future)."""
    repaid = [c for c in cases if c["real"] is not None]
    never = [c for c in cases if c["real"] is None]
    out: dict[str, Any] = {"cases": len(cases), "real_repaid": len(repaid),
                           "real_never": len(never)}
    for model in MODELS:
        k = sum(c[f"{model}_in_band"] for c in repaid)
        both = [c for c in repaid if c[f"{model}_err_wd"] is not None]
        m: dict[str, Any] = {
            "coverage_repaid_pct": round(100 * k / len(repaid), 1) if repaid else None,
            "coverage_repaid_ci95": wilson(k, len(repaid)),
            "coverage_all_pct": round(100 * sum(c[f"{model}_in_band"] for c in cases)
                                      / len(cases), 1) if cases else None,
            "real_before_p10_pct": round(100 * sum(c[f"{model}_below"] for c in repaid)
                                         / len(repaid), 1) if repaid else None,
            "real_after_p90_pct": round(100 * sum(c[f"{model}_above"] for c in repaid)
                                        / len(repaid), 1) if repaid else None,
            "p50_none_but_repaid": len(repaid) - len(both),
            "never_and_p50_none": sum(c[f"{model}_p50"] is None for c in never),
            "never_and_p90_none": sum(c[f"{model}_p90"] is None for c in never),
            "mae_wd": mae([c[f"{model}_err_wd"] for c in both]),
            "mae_cal": mae([c[f"{model}_err_cal"] for c in both]),
            "median_ae_wd": (statistics.median(abs(c[f"{model}_err_wd"]) for c in both)
                             if both else None),
            "bias_wd": bias([c[f"{model}_err_wd"] for c in both]),
            "n_errors": len(both),
        }
        out[model] = m
    # The spreadsheets, on the cases where the service's P50 has a date (same set), and on
    # every really-repaid case.
    both = [c for c in repaid if c["service_err_wd"] is not None]
    for sheet in SHEETS:
        own = [c for c in repaid if c[f"{sheet}_err_wd"] is not None]
        same = [c for c in both if c[f"{sheet}_err_wd"] is not None]
        out[sheet] = {
            "mae_wd": mae([c[f"{sheet}_err_wd"] for c in same]),
            "mae_cal": mae([c[f"{sheet}_err_cal"] for c in same]),
            "median_ae_wd": (statistics.median(abs(c[f"{sheet}_err_wd"]) for c in same)
                             if same else None),
            "bias_wd": bias([c[f"{sheet}_err_wd"] for c in same]),
            "mae_wd_all_repaid": mae([c[f"{sheet}_err_wd"] for c in own]),
            "n_errors": len(same),
            "never_but_dated_in_horizon": sum(
                1 for c in never if c[f"{sheet}_day"] is not None
                and c[f"{sheet}_day"] <= c["horizon_end"]),
        }
    for model in MODELS:
        a = out[model]["mae_wd"]
        b = out["sheet_a"]["mae_wd"] if model == "service" else None
        if a is not None and b:
            out[model]["ratio_to_sheet_a"] = round(a / b, 3)
    if out["service"]["mae_wd"] is not None and out["sheet_b"]["mae_wd"]:
        out["service"]["ratio_to_sheet_b"] = round(out["service"]["mae_wd"]
                                                   / out["sheet_b"]["mae_wd"], 3)
    return out


# ---- the run --------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    cases: list[dict[str, Any]] = []
    estimates: list[dict[str, Any]] = []
    t_world = t_forecast = t_fix = 0.0
    for i in range(args.regencies):
        t0 = time.perf_counter()
        truth = make_truth(i, args.seed, args.horizon)
        history = history_of(truth, args.seed)
        seen = observe(truth, history, args.horizon)
        futures = [future_of(truth, history, args.seed, k, args.horizon)
                   for k in range(args.futures)]
        t1 = time.perf_counter()
        inputs = inputs_for(seen.observed, truth.cutoff, args.horizon, Overrides())
        result = engine.forecast(inputs, seed=SERVICE_SEED, n_paths=args.paths)
        t2 = time.perf_counter()
        # The oracle: the same engine on the true means and spreads, without their standard
        # errors (nothing was estimated); a printer-limited regency's true capacity is the
        # staff's, clipped at its printers' rating.
        capacity, capacity_sd = truth.capacity, truth.capacity_sd
        if truth.printers_after is not None:
            capacity, capacity_sd, _ = at_most(truth.printers_after, capacity, capacity_sd, 0.0)
        oracle_inputs = engine.ForecastInputs(
            **{**{f: getattr(inputs, f) for f in inputs.__dataclass_fields__},
               "daily_capacity": capacity, "capacity_sd": capacity_sd,
               "daily_inflow": truth.inflow, "inflow_sd": truth.inflow_sd,
               "spoilage_rate": truth.spoilage, "capacity_se": 0.0, "inflow_se": 0.0})
        oracle = engine.forecast(oracle_inputs, seed=SERVICE_SEED, n_paths=args.paths)
        # The pooled engine (uniform float32 noise, its own streams) on this regency alone:
        # what a province's or the nation's forecast sums, scored like the service.
        pooled = pools.forecast_pool({f"{10 + i // 20}.{i % 20 + 1:02d}": inputs},
                                      seed=SERVICE_SEED, n_paths=args.paths)
        t3 = time.perf_counter()
        t_world += t1 - t0
        t_forecast += t2 - t1
        t_fix += t3 - t2
        index = WorkingIndex(truth.cutoff)
        horizon_end = truth.cutoff + timedelta(days=args.horizon)
        sheets = {"sheet_a": sheet_day(inputs.print_debt, seen.sheet_a, index),
                  "sheet_b": sheet_day(inputs.print_debt, seen.sheet_b, index)}
        estimates.append({
            "regime": truth.regime, "defaults": bool(seen.observed.defaulted),
            # against the capacity ahead (printers break only after the cut-off)
            "capacity_rel_err": seen.observed.capacity / capacity - 1,
            "capacity_sd_rel_err": (seen.observed.capacity_sd / truth.capacity_sd - 1),
            "inflow_rel_err": seen.observed.inflow / truth.inflow - 1,
            "net_rel_err": ((seen.observed.capacity - seen.observed.inflow)
                            / (capacity - truth.inflow) - 1),
            "spoilage_abs_err": seen.observed.spoilage - truth.spoilage,
            "run_days": seen.run_days, "without_blanks": seen.without_blanks,
        })
        for k, fut in enumerate(futures):
            real = next((d for d, debt in zip(fut.days, fut.debt, strict=True) if debt == 0),
                        None)
            row: dict[str, Any] = {
                "regency": i, "future": k, "regime": truth.regime,
                "start": truth.start, "cutoff": truth.cutoff, "horizon_end": horizon_end,
                "capacity": round(truth.capacity, 1), "capacity_cv": round(
                    truth.capacity_sd / truth.capacity, 3),
                "inflow_share": round(truth.inflow / truth.capacity, 3),
                "spoilage": round(truth.spoilage, 4),
                "debt": inputs.print_debt, "on_hand": inputs.on_hand,
                "arrivals": len(inputs.arrivals),
                "est_capacity": round(inputs.daily_capacity, 1),
                "est_inflow": round(inputs.daily_inflow, 1),
                "real": real, "real_wd": index.of(real) if real else None,
            }
            for model, p in (("service", result.repaid_on), ("oracle", oracle.repaid_on),
                             ("pool", pooled.repaid_on)):
                s = score_case(real, p, index)
                row.update({f"{model}_p10": p["p10"], f"{model}_p50": p["p50"],
                            f"{model}_p90": p["p90"], f"{model}_in_band": s["in_band"],
                            f"{model}_below": s["below"], f"{model}_above": s["above"],
                            f"{model}_err_cal": s.get("err_cal"),
                            f"{model}_err_wd": s.get("err_wd")})
            for sheet, day in sheets.items():
                row[f"{sheet}_day"] = day
                if real is not None and day is not None:
                    row[f"{sheet}_err_cal"] = (day - real).days
                    row[f"{sheet}_err_wd"] = index.of(day) - index.of(real)
                else:
                    row[f"{sheet}_err_cal"] = row[f"{sheet}_err_wd"] = None
            cases.append(row)
    summary = {"all": summarise(cases)}
    for regime, _, _ in REGIMES:
        summary[f"regime={regime}"] = summarise([c for c in cases if c["regime"] == regime])
    for label, low, high in (("≤40", 0, 40), ("41–120", 41, 120), (">120", 121, 10**6)):
        summary[f"real repaid after {label} working days"] = summarise(
            [c for c in cases if c["real_wd"] is not None and low <= c["real_wd"] <= high])
    estimate_summary = {}
    for regime in ("all", *(r for r, _, _ in REGIMES)):
        rows = [e for e in estimates if regime == "all" or e["regime"] == regime]
        estimate_summary[regime] = {
            key: {"mean": round(statistics.fmean(e[key] for e in rows), 4),
                  "mean_abs": round(statistics.fmean(abs(e[key]) for e in rows), 4)}
            for key in ("capacity_rel_err", "capacity_sd_rel_err", "inflow_rel_err", "net_rel_err",
                        "spoilage_abs_err")
        } | {"n": len(rows), "with_defaults": sum(e["defaults"] for e in rows),
             "mean_run_days": round(statistics.fmean(e["run_days"] for e in rows), 1),
             "mean_without_blanks": round(statistics.fmean(e["without_blanks"] for e in rows),
                                          1)}
    return {"summary": summary, "estimates": estimate_summary, "cases": cases,
            "seconds": {"world_and_observe": round(t_world, 2),
                        "service_forecast": round(t_forecast, 2),
                        "oracle_and_pool": round(t_fix, 2)}}


def print_report(report: dict[str, Any]) -> None:
    def line(label: str, s: dict[str, Any]) -> None:
        sv, sa, sb = s["service"], s["sheet_a"], s["sheet_b"]
        print(f"  {label:<34} n={s['cases']:<4} repaid {s['real_repaid']:<4} never "
              f"{s['real_never']:<3}| band {sv['coverage_repaid_pct']}% "
              f"(<P10 {sv['real_before_p10_pct']}%, >P90 {sv['real_after_p90_pct']}%) | "
              f"P50 MAE {sv['mae_wd']} wd / {sv['mae_cal']} cd (bias {sv['bias_wd']}) | "
              f"sheet A {sa['mae_wd']} wd / {sa['mae_cal']} cd (bias {sa['bias_wd']}), "
              f"B {sb['mae_wd']} wd | P50 ÷ sheet A {sv.get('ratio_to_sheet_a')} | "
              f"oracle band {s['oracle']['coverage_repaid_pct']}% "
              f"MAE {s['oracle']['mae_wd']} | pool engine band {s['pool']['coverage_repaid_pct']}% "
              f"MAE {s['pool']['mae_wd']}")

    print("coverage = share of really-repaid cases with P10 ≤ real ≤ P90; MAE in working "
          "days (wd) and calendar days (cd); bias = mean(predicted − real) in wd")
    for label, s in report["summary"].items():
        if s["cases"]:
            line(label, s)
    a = report["summary"]["all"]
    print(f"  never repaid within the horizon: {a['real_never']} cases; service P50 said "
          f"'not within the horizon' for {a['service']['never_and_p50_none']}, its band held "
          f"'never' (P90 none) for {a['service']['never_and_p90_none']}; spreadsheet A dated "
          f"{a['sheet_a']['never_but_dated_in_horizon']} of them inside the horizon")
    print(f"  really repaid but service P50 'not within the horizon': "
          f"{a['service']['p50_none_but_repaid']}")
    print("estimates (relative error, mean / mean |·|):")
    for regime, e in report["estimates"].items():
        print(f"  {regime:<6} n={e['n']:<4} capacity {e['capacity_rel_err']['mean']:+.3f} / "
              f"{e['capacity_rel_err']['mean_abs']:.3f}  capacity sd "
              f"{e['capacity_sd_rel_err']['mean']:+.3f}  inflow "
              f"{e['inflow_rel_err']['mean']:+.3f} / {e['inflow_rel_err']['mean_abs']:.3f}  "
              f"net {e['net_rel_err']['mean']:+.3f} / {e['net_rel_err']['mean_abs']:.3f}  "
              f"spoilage {e['spoilage_abs_err']['mean']:+.4f}  days with runs "
              f"{e['mean_run_days']}  without blanks {e['mean_without_blanks']}  defaults "
              f"{e['with_defaults']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regencies", type=int, default=200)
    parser.add_argument("--futures", type=int, default=1,
                        help="real continuations per regency (different seeds)")
    parser.add_argument("--paths", type=int, default=500, help="Monte Carlo paths per forecast")
    parser.add_argument("--horizon", type=int, default=365, help="calendar days")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--tag", default="", help="suffix for the result files")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report = run(args)
    report["total_s"] = round(time.perf_counter() - started, 1)
    report["args"] = vars(args)
    report["machine"] = {"python": platform.python_version(), "numpy": np.__version__,
                         "cpus": os.cpu_count(), "loadavg_at_end": os.getloadavg()}
    print(f"backtest: {args.regencies} regencies × {args.futures} future(s), {args.paths} paths, "
          f"horizon {args.horizon} days, seed {args.seed}")
    print_report(report)
    print(f"time: {report['seconds']}, total {report['total_s']} s")
    suffix = f"_{args.tag}" if args.tag else ""
    cases = report.pop("cases")
    (RESULTS / f"backtest{suffix}.json").write_text(json.dumps(report, indent=2, default=str))
    with open(RESULTS / f"backtest_cases{suffix}.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cases[0]))
        writer.writeheader()
        writer.writerows(cases)
    print(f"results: bench/results/backtest{suffix}.json, backtest_cases{suffix}.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
