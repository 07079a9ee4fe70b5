"""Forecasts people can plan on: the inputs observed for a region, what-if overrides, and the
installment plan. Reads only: nothing here writes.

A regency is simulated on its own figures. A province or the nation pools its subtree: every
regency under it is simulated on its own figures and the pool is the sum of their paths
(`domain.forecast.forecast_pool`). Stock above the regencies — on hand at a province's or the
national warehouse, less what planned shipments out of it have promised, and shipments
arriving there — is forwarded to the regencies under that warehouse in proportion to need
(`domain.allocation.forward_by_need`) on the day it is on hand: today for stock on hand, the
expected day for a shipment. What no regency needs stays at the warehouse and counts as the
pool's on-hand. A scenario's capacity and inflow for a pool are the pool's totals, split among
its regencies in proportion to what each was observed to do (evenly when none was).
"""

from __future__ import annotations

import asyncio
import math
import statistics
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from blanko_tracker.db import observations, print_debt, regions
from blanko_tracker.domain import allocation, calendar
from blanko_tracker.domain import forecast as engine
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import Arrival, ForecastInputs
from blanko_tracker.domain.regions import Level, regency_of, within

WINDOW_DAYS = 60  # how far back printing, spoilage and inflow are observed
MIN_DAYS = 5  # fewer observed days than this: use the stated defaults
DEFAULT_CAPACITY = 100.0  # cards a working day: one printer's low end (DESIGN.md)
DEFAULT_SPOILAGE = 0.02
DEFAULT_INFLOW = 0.0
REGENCY_PATHS = 500  # one regency: the engine's default (≤ 50 ms, bench/README.md)


@dataclass
class Observed:
    """One region's (or pool's) observed parameters and what was assumed instead."""

    debt: int = 0
    on_hand: int = 0
    arrivals: list[Arrival] = field(default_factory=list)
    capacity: float = 0.0
    capacity_sd: float = 0.0
    inflow: float = 0.0
    inflow_sd: float = 0.0
    printed: int = 0
    spoiled: int = 0
    capacity_se: float = 0.0  # standard errors of the two means (σ/√days observed)
    inflow_se: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def spoilage(self) -> float:
        used = self.printed + self.spoiled
        return self.spoiled / used if used else DEFAULT_SPOILAGE


async def observe(code: str, as_of: date) -> Observed:
    """Everything the forecast of `code` starts from, as of the end of `as_of`; above
    regency level, the subtree's figures added up (what a pool's forecast shows)."""
    return (await _observe(code, as_of)).total


@dataclass
class _Subtree:
    """A region's observations: the pool's totals, each regency's own, and the blanks held
    above the regencies (warehouse stock free to forward, shipments arriving there)."""

    code: str
    as_of: date
    total: Observed
    regencies: dict[str, Observed]
    incoming: list[allocation.Held]  # shipments to a warehouse in the pool
    stock: dict[str, int]  # on hand at each warehouse in the pool
    promised: dict[str, int]  # of which held back for shipments not yet dispatched

    def held(self, *, ignore_planned: bool) -> list[allocation.Held]:
        """The blanks above the regencies: free warehouse stock today, and (unless a
        scenario ignores shipments — then the blanks promised to them are free) what
        arrives at a warehouse."""
        promised = {} if ignore_planned else self.promised
        lots = [allocation.Held(self.as_of, code, quantity - promised.get(code, 0))
                for code, quantity in sorted(self.stock.items())
                if quantity - promised.get(code, 0) > 0]
        return lots + ([] if ignore_planned else list(self.incoming))


async def _observe(code: str, as_of: date) -> _Subtree:
    region = await regions.known(code)
    if Level(region["level"]) == Level.DISTRICT:
        raise InvalidInput("code", "forecasts are per regency or above; districts print with "
                           "their regency's stock", rule="forecast_of_district")
    pooled = Level(region["level"]) != Level.REGENCY
    regencies = await regions.subtree(code, ("regency",)) if pooled else [code]
    per_regency = await _observe_regencies(code, regencies, as_of)
    stock = await observations.on_hand_on(code, as_of)
    rows = await observations.arrivals(code, as_of)
    pool = Observed(
        debt=sum(o.debt for o in per_regency.values()),
        on_hand=sum(stock.values()),
        capacity=sum(o.capacity for o in per_regency.values()),
        capacity_sd=math.sqrt(sum(o.capacity_sd ** 2 for o in per_regency.values())),
        inflow=sum(o.inflow for o in per_regency.values()),
        inflow_sd=math.sqrt(sum(o.inflow_sd ** 2 for o in per_regency.values())),
        capacity_se=math.sqrt(sum(o.capacity_se ** 2 for o in per_regency.values())),
        inflow_se=math.sqrt(sum(o.inflow_se ** 2 for o in per_regency.values())),
        printed=sum(o.printed for o in per_regency.values()),
        spoiled=sum(o.spoiled for o in per_regency.values()),
    )
    pool.arrivals = [_arrival(row) for row in rows
                     if not (pooled and within(code, row["source"]))]
    defaults = sorted({note for o in per_regency.values() for note in o.notes})
    if not pooled:
        pool.notes = defaults
        return _Subtree(code=code, as_of=as_of, total=pool, regencies={code: pool},
                        incoming=[], stock={}, promised={})
    if defaults:
        pool.notes = [f"{sum(1 for o in per_regency.values() if o.notes)} of "
                      f"{len(per_regency)} regencies have too little history; stated defaults "
                      "used for them"]
    # Each regency's own stock (its districts' included, as for its own forecast) and the
    # shipments to it; the rest is held above the regencies.
    incoming: list[allocation.Held] = []
    promised: dict[str, int] = {}
    for row in rows:
        destination = regency_of(row["destination"])
        if destination in per_regency:
            per_regency[destination].arrivals.append(_arrival(row))
        else:
            incoming.append(allocation.Held(row["arrives_on"], row["destination"],
                                            row["quantity"]))
        # A shipment not yet dispatched out of a warehouse in the pool still sits in its
        # stock: those blanks are promised to the shipment, not free to forward.
        if (within(code, row["source"]) and regency_of(row["source"]) is None
                and (row["dispatched_on"] is None or row["dispatched_on"] > as_of)):
            promised[row["source"]] = promised.get(row["source"], 0) + row["quantity"]
    warehouses: dict[str, int] = {}
    for region_code, quantity in stock.items():
        regency = regency_of(region_code)
        if regency in per_regency:
            per_regency[regency].on_hand += quantity
        elif regency is None:
            warehouses[region_code] = quantity
    return _Subtree(code=code, as_of=as_of, total=pool, regencies=per_regency,
                    incoming=incoming, stock=warehouses, promised=promised)


def _arrival(row: dict[str, Any]) -> Arrival:
    return Arrival(on=row["arrives_on"], quantity=row["quantity"], shipment_id=row["id"])


async def _observe_regencies(root: str, codes: list[str], as_of: date
                             ) -> dict[str, Observed]:
    """Each regency's own figures; `root` is the region they all lie under."""
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    working = calendar.working_days(start, as_of)
    printing = await observations.daily_printing(root, start, as_of)
    inflow = await observations.daily_inflow(root, start, as_of)
    debts = {code: pending for code, (pending, _) in
             (await print_debt.pending_of_regencies(root, as_of)).items()}
    found = {}
    for code in codes:
        days = printing.get(code, [])
        seen = Observed(debt=debts.get(code, 0), printed=sum(d[1] for d in days),
                        spoiled=sum(d[2] for d in days))
        if len(days) >= MIN_DAYS:
            counts = [d[1] for d in days]
            seen.capacity, seen.capacity_sd = statistics.fmean(counts), statistics.pstdev(counts)
            seen.capacity_se = seen.capacity_sd / math.sqrt(len(counts))
        else:
            seen.capacity, seen.capacity_sd = DEFAULT_CAPACITY, DEFAULT_CAPACITY * 0.2
            seen.notes.append(f"fewer than {MIN_DAYS} days of print runs in the last "
                              f"{WINDOW_DAYS} days: capacity assumed {DEFAULT_CAPACITY:g} cards "
                              f"a working day, spoilage {DEFAULT_SPOILAGE:.0%}")
            seen.printed = seen.spoiled = 0
        recorded = inflow.get(code, {})
        if len(recorded) >= MIN_DAYS:
            series = [recorded.get(day, 0) for day in working] or [0]
            seen.inflow, seen.inflow_sd = statistics.fmean(series), statistics.pstdev(series)
            seen.inflow_se = seen.inflow_sd / math.sqrt(len(series))
        else:
            seen.inflow = seen.inflow_sd = DEFAULT_INFLOW
            seen.notes.append(f"fewer than {MIN_DAYS} days of recordings in the last "
                              f"{WINDOW_DAYS} days: inflow assumed {DEFAULT_INFLOW:g}")
        found[code] = seen
    return found


@dataclass(frozen=True)
class Overrides:
    """A what-if scenario: any observed input replaced; nothing is written."""

    daily_capacity: float | None = None
    daily_inflow: float | None = None
    spoilage_rate: float | None = None
    extra_shipments: tuple[Arrival, ...] = ()
    ignore_planned: bool = False


def inputs_for(seen: Observed, as_of: date, horizon_days: int, what_if: Overrides
               ) -> ForecastInputs:
    arrivals = tuple(a for a in seen.arrivals
                     if not (what_if.ignore_planned and a.shipment_id is not None))
    capacity = seen.capacity if what_if.daily_capacity is None else what_if.daily_capacity
    inflow = seen.inflow if what_if.daily_inflow is None else what_if.daily_inflow
    return ForecastInputs(
        as_of=as_of, horizon_days=horizon_days, print_debt=seen.debt, on_hand=seen.on_hand,
        arrivals=arrivals + tuple(what_if.extra_shipments),
        daily_capacity=capacity,
        # An overridden mean keeps the observed relative variability.
        capacity_sd=_scaled(seen.capacity_sd, seen.capacity, capacity),
        daily_inflow=inflow, inflow_sd=_scaled(seen.inflow_sd, seen.inflow, inflow),
        spoilage_rate=seen.spoilage if what_if.spoilage_rate is None else what_if.spoilage_rate,
        capacity_se=_scaled(seen.capacity_se, seen.capacity, capacity),
        inflow_se=_scaled(seen.inflow_se, seen.inflow, inflow),
    )


def _scaled(sd: float, mean: float, new_mean: float) -> float:
    return sd * new_mean / mean if mean else 0.0


async def forecast_region(code: str, as_of: date, horizon_days: int,
                          what_if: Overrides = Overrides(), *, paths: int | None = None
                          ) -> dict[str, Any]:
    """The forecast of a regency, or of a province or the nation as the sum of its
    regencies' paths (module docstring). `paths`: Monte Carlo paths (default 500 for a
    regency, 1,000 for a pool). `inputs` are the region's own or the pool's totals."""
    subtree = await _observe(code, as_of)
    inputs = inputs_for(subtree.total, as_of, horizon_days, what_if)
    if list(subtree.regencies) in ([code], []):  # a regency (or a pool with none under it)
        result = engine.forecast(inputs, n_paths=paths or REGENCY_PATHS)
        return {"inputs": inputs, "result": result, "notes": subtree.total.notes}
    members, kept = pool_inputs(subtree, as_of, horizon_days, what_if)
    # Hundreds of regencies take most of a second: off the event loop.
    result = await asyncio.to_thread(engine.forecast_pool, members, held=kept,
                                     n_paths=paths or engine.POOL_PATHS)
    notes = list(subtree.total.notes)
    held = subtree.held(ignore_planned=what_if.ignore_planned)
    if forwarded := sum(lot.quantity for lot in held) + sum(
            a.quantity for a in what_if.extra_shipments):
        stays = sum(a.quantity for a in kept)
        notes.append(f"{forwarded:,} blanks held or arriving above the regencies are forwarded "
                     "to them in proportion to need on the day they are on hand"
                     + (f"; {stays:,} are needed by none and stay at the warehouse"
                        if stays else ""))
    return {"inputs": inputs, "result": result, "notes": notes}


def pool_inputs(subtree: _Subtree, as_of: date, horizon_days: int, what_if: Overrides
                ) -> tuple[dict[str, ForecastInputs], tuple[Arrival, ...]]:
    """Each regency's forecast inputs in a pool, with the blanks forwarded to it, and the
    blanks that stay above the regencies (held at a warehouse, by day)."""
    seen = subtree.regencies
    capacity = _split(what_if.daily_capacity, {c: o.capacity for c, o in seen.items()})
    inflow = _split(what_if.daily_inflow, {c: o.inflow for c, o in seen.items()})
    members = {
        code: inputs_for(o, as_of, horizon_days, replace(
            what_if, daily_capacity=capacity[code], daily_inflow=inflow[code],
            extra_shipments=()))
        for code, o in seen.items()
    }
    held = subtree.held(ignore_planned=what_if.ignore_planned) + [
        allocation.Held(max(a.on, as_of), subtree.code, a.quantity)
        for a in what_if.extra_shipments]
    if not held:
        return members, ()
    horizon_working = len(calendar.working_days(as_of + timedelta(days=1),
                                                as_of + timedelta(days=horizon_days)))
    needs = {code: _need(inputs, horizon_working) for code, inputs in members.items()}
    received, kept = allocation.forward_by_need(held, needs)
    for code, lots in received.items():
        extra = tuple(Arrival(on=max(day, as_of), quantity=q) for day, q in lots)
        members[code] = replace(members[code], arrivals=members[code].arrivals + extra)
    return members, tuple(Arrival(on=day, quantity=q) for day, q in kept)


def _split(total: float | None, observed: dict[str, float]) -> dict[str, float | None]:
    """A pool's overridden total split in proportion to what was observed (evenly when
    nothing was); None (not overridden) stays None for every regency."""
    if total is None:
        return dict.fromkeys(observed)
    whole = sum(observed.values())
    if whole <= 0:
        return {code: total / len(observed) for code in observed}
    return {code: total * value / whole for code, value in observed.items()}


def _need(inputs: ForecastInputs, horizon_working: int) -> int:
    """print debt + forecast inflow over the horizon − on hand − incoming, at least 0."""
    return max(0, math.ceil(inputs.print_debt + inputs.daily_inflow * horizon_working
                            - inputs.on_hand - sum(a.quantity for a in inputs.arrivals)))


async def regency_inputs(parent: str, as_of: date, horizon_days: int
                         ) -> dict[str, ForecastInputs]:
    """Forecast inputs for every regency under `parent`, from a handful of bulk queries."""
    codes = await regions.subtree(parent, ("regency",))
    observed = await _observe_regencies(parent, codes, as_of)
    stock = await observations.on_hand_on(parent, as_of)
    incoming: dict[str, list[Arrival]] = {}
    for row in await observations.arrivals(parent, as_of):
        incoming.setdefault(row["destination"], []).append(
            Arrival(on=row["arrives_on"], quantity=row["quantity"], shipment_id=row["id"]))
    for code in codes:
        observed[code].on_hand = stock.get(code, 0)
        observed[code].arrivals = incoming.get(code, [])
    return {code: inputs_for(seen, as_of, horizon_days, Overrides())
            for code, seen in observed.items()}


async def plan_allocation(parent: str, quantity: int, as_of: date, horizon_days: int,
                          policy: str) -> dict[str, Any]:
    """Split a tranche among the regencies under `parent` by need; writes nothing."""
    all_inputs = await regency_inputs(parent, as_of, horizon_days)
    horizon_working = len(calendar.working_days(as_of + timedelta(days=1),
                                                as_of + timedelta(days=horizon_days)))
    base: dict[str, ForecastInputs] = {}
    needs: list[allocation.Need] = []
    for code, inputs in all_inputs.items():
        need = _need(inputs, horizon_working)
        if need > 0:
            needs.append(allocation.Need(region=code, need=need))
            base[code] = inputs

    def repaid_after(code: str, extra: int) -> date | None:
        inputs = replace(base[code], on_hand=base[code].on_hand + extra)
        return engine.forecast(inputs, n_paths=PLAN_PATHS).repaid_on["p50"]

    if policy == "earliest_repayment":
        split = allocation.earliest_repayment(quantity, needs, repaid_after)
    else:
        split = allocation.proportional(quantity, needs)
    items = [
        {"region": need.region, "print_debt": base[need.region].print_debt,
         "on_hand": base[need.region].on_hand,
         "incoming": sum(a.quantity for a in base[need.region].arrivals), "need": need.need,
         "quantity": split.get(need.region, 0),
         "repaid_on_before": repaid_after(need.region, 0),
         "repaid_on_after": repaid_after(need.region, split.get(need.region, 0))}
        for need in needs
    ]
    return {"parent": parent, "quantity": quantity, "policy": policy,
            "allocated": sum(item["quantity"] for item in items), "items": items}


PLAN_PATHS = 100  # per-regency planning runs many forecasts: fewer paths, same seed


STOCKOUT_WINDOW_DAYS = 14


async def stockouts_soon(code: str, as_of: date) -> list[tuple[str, date, int]]:
    """(regency, P50 stock-out day, debt) where stock runs out within two weeks while debt
    remains, for the regencies at or under `code`."""
    found = []
    for region, inputs in (await regency_inputs(code, as_of, STOCKOUT_WINDOW_DAYS)).items():
        if inputs.print_debt == 0:
            continue
        stockout = engine.forecast(inputs, n_paths=PLAN_PATHS).stockout_on
        if stockout is not None:
            found.append((region, stockout, inputs.print_debt))
    return found
