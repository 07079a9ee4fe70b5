"""One regency's forecast: every path at once in numpy, the shortfall solved then confirmed
(the rules are in the package's docstring)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from blanko_tracker.domain.calendar import working_days
from blanko_tracker.domain.forecast.answers import (
    band,
    describe,
    lead_time_need,
    p50_repaid,
    percentile,
    whole,
)
from blanko_tracker.domain.forecast.model import (
    REPAID_BELOW,
    Forecast,
    ForecastInputs,
    Paths,
    arrivals_by_day,
    simulated_days,
)


@dataclass(frozen=True, slots=True)
class _World:
    """One seed's luck laid on the calendar; stock is applied to it separately.

    Arrays are day-major, (n_days, n_paths), as are all the internals below.
    """

    days: tuple[date, ...]
    capacity: np.ndarray  # cards printable by the end of each day, cumulative
    demand: np.ndarray  # debt today + new print-ready records by the end of each day
    arrived: np.ndarray  # (n_days, 1) blanks arrived by the end of each day, cumulative


def simulate(inputs: ForecastInputs, rng: np.random.Generator, *, n_paths: int = 500) -> Paths:
    return _paths(inputs, _world(inputs, rng, n_paths))


def summarise(
    inputs: ForecastInputs, paths: Paths, rng_seed: int, *, n_paths: int = 500
) -> Forecast:
    """The answers from `paths`, which `simulate` drew with `rng_seed` and `n_paths`.

    The shortfall re-simulates with that same seed (see `_shortfall`), so it must be the seed
    and path count `paths` came from.
    """
    if paths.debt.shape[0] != n_paths:
        raise ValueError(f"paths hold {paths.debt.shape[0]} paths, not n_paths={n_paths}")
    return _summarise(
        inputs, paths, lambda: _world(inputs, np.random.default_rng(rng_seed), n_paths)
    )


def forecast(inputs: ForecastInputs, *, seed: int = 2023, n_paths: int = 500) -> Forecast:
    world = _world(inputs, np.random.default_rng(seed), n_paths)
    return _summarise(inputs, _paths(inputs, world), lambda: world)  # drawn once, not twice


def _summarise(inputs: ForecastInputs, paths: Paths, world: Callable[[], _World]) -> Forecast:
    repaid_on, stockout_on, series = describe(paths)
    shortfall = 0 if repaid_on["p50"] is not None else _shortfall(inputs, world())
    return Forecast(
        repaid_on=repaid_on,
        stockout_on=stockout_on,
        shortfall=shortfall,
        recommended_request=shortfall + lead_time_need(inputs),
        series=series,
        band=band(paths.debt.T),
    )


def pool(many: list[Paths]) -> Paths:
    """A province's or the nation's paths: the element-wise sum of its regencies' paths.

    All must share the days and path count. Path i of the sum is path i of every regency,
    so the regencies' luck is independent only if each was simulated with its own seed: with
    one seed for all, every regency has the same good and bad days and the pooled band is
    too wide.
    """
    if not many:
        raise ValueError("nothing to pool")
    first = many[0]
    debt, on_hand = first.debt.copy(order="K"), first.on_hand.copy(order="K")
    for paths in many[1:]:
        if paths.days != first.days or paths.debt.shape != first.debt.shape:
            raise ValueError("pooled paths must share their days and number of paths")
        debt += paths.debt
        on_hand += paths.on_hand
    return Paths(first.days, debt, on_hand)


def summarise_pooled(paths: Paths, *, as_of: date) -> dict:
    """`repaid_on` (p10/p50/p90), `stockout_on` and `series` of a pooled region.

    Pooled, the debt is repaid on a path when every regency's is; stock counts as
    exhausted only when the whole subtree's is, since the sum hides one empty regency
    beside a full one. The shortfall of a pooled region is the sum of its regencies'.
    """
    if paths.days[0] != as_of + timedelta(days=1):
        raise ValueError(f"paths start on {paths.days[0]}, not the day after {as_of}")
    repaid_on, stockout_on, series = describe(paths)
    return {"repaid_on": repaid_on, "stockout_on": stockout_on, "series": series}


# --- simulation -------------------------------------------------------------------------


def _world(inputs: ForecastInputs, rng: np.random.Generator, n_paths: int) -> _World:
    days, seen = simulated_days(inputs.as_of, inputs.horizon_days)
    n_working = int(seen[-1])
    # Standard normals, scaled afterwards: the same seed is the same luck whatever the means
    # and spreads, which is what makes scenarios comparable and the shortfall monotone.
    z_capacity = rng.standard_normal((n_working, n_paths))
    z_inflow = rng.standard_normal((n_working, n_paths))
    # Drawn after the daily luck, so paths with no parameter uncertainty are unchanged.
    z_level = rng.standard_normal((2, n_paths))
    capacity_mean = np.maximum(0.0, inputs.daily_capacity + inputs.capacity_se * z_level[0])
    inflow_mean = np.maximum(0.0, inputs.daily_inflow + inputs.inflow_se * z_level[1])
    # Totals are kept per working day (row w: after w working days) and spread over the
    # calendar by how many working days each day has seen; days off repeat the last row.
    inflow = np.maximum(0.0, inflow_mean + inputs.inflow_sd * z_inflow)
    demand = _totals(inflow, start=inputs.print_debt)
    # A day never prints more than the path's whole demand; capping there changes nothing
    # and keeps huge "ample" capacities from swamping the float arithmetic in `_run`.
    capacity = np.maximum(0.0, capacity_mean + inputs.capacity_sd * z_capacity)
    np.minimum(capacity, demand[-1], out=capacity)
    return _World(days, _totals(capacity)[seen], demand[seen], arrivals_by_day(inputs, days))


def _totals(daily: np.ndarray, *, start: float = 0.0) -> np.ndarray:
    """Running totals of day-major `daily`, with a first row `start` for before day one."""
    totals = np.empty((daily.shape[0] + 1, daily.shape[1]))
    totals[0] = start
    np.cumsum(daily, axis=0, out=totals[1:])
    totals[1:] += start
    return totals


def _paths(inputs: ForecastInputs, world: _World) -> Paths:
    debt, on_hand = _run(inputs, world, extra=0)
    return Paths(world.days, debt.T, on_hand.T)


def _run(inputs: ForecastInputs, world: _World, *, extra: int) -> tuple[np.ndarray, np.ndarray]:
    """Debt and stock at the end of each day with `extra` blanks more on hand today.

    Cumulative printed P obeys P[t] = min(P[t-1] + c[t], D[t], K[t]) with c the day's
    capacity, D the demand so far and K the cards the blanks so far can make; unrolled,
    P[t] = C[t] + min(0, min over j ≤ t of (min(D[j], K[j]) − C[j])), C cumulative capacity:
    one cumulative minimum instead of a Python loop over the days.
    """
    keep = 1.0 - inputs.spoilage_rate
    stock = inputs.on_hand + extra + world.arrived
    printed = np.minimum(world.demand, stock * keep)
    printed -= world.capacity
    np.minimum.accumulate(printed, axis=0, out=printed)
    np.minimum(printed, 0.0, out=printed)
    printed += world.capacity
    debt = world.demand - printed
    np.maximum(debt, 0.0, out=debt)
    printed /= keep  # now the blanks used
    on_hand = np.subtract(stock, printed, out=printed)
    np.maximum(on_hand, 0.0, out=on_hand)
    return debt, on_hand


# --- the shortfall ----------------------------------------------------------------------


def _shortfall(inputs: ForecastInputs, world: _World) -> int:
    """The fewest extra blanks on hand today for the P50 path to repay within the horizon.

    Asked only when the P50 path does not repay as things stand. It is the smallest X for
    which re-simulating `world` (the same seed's draws) with X more blanks repays on the P50
    path; more blanks never repay later, so X is well defined and bisection finds it.
    `_solve` computes it from `_run`'s formula first, so the search usually ends after two
    simulations confirming it (X repays, X − 1 does not); floats can put it a blank off
    (mostly near 0.99 spoilage), and then the search goes on from there.
    When capacity, not blanks, keeps the P50 path from repaying (it does not even with
    endless stock), no number of blanks suffices; the shortfall is then the blanks to cover
    the debt plus the horizon's mean inflow, with spoilage, less what is on hand and
    arriving within the horizon — at least 0.
    """

    def repaid(extra: int) -> bool:
        return p50_repaid(_run(inputs, world, extra=extra)[0])

    solved = _solve(inputs, world)
    bad, good = 0, None  # the bracket: `bad` does not repay, `good` does
    if solved is not None and repaid(solved):
        if solved == 0 or not repaid(solved - 1):
            return solved
        good = solved
    elif solved is not None:
        if repaid(solved + 1):
            return solved + 1
        bad = solved + 1
    if good is None:
        # With this many more blanks no path's stock can bind: it covers its whole demand.
        good = math.ceil(float(world.demand[-1].max()) / (1.0 - inputs.spoilage_rate)) + 1
        if not repaid(good):
            return _cover_estimate(inputs, world)
    return _bisect(repaid, bad, good)


def _solve(inputs: ForecastInputs, world: _World) -> int | None:
    """The shortfall solved rather than searched; None if capacity alone forbids repaying.

    From `_run`, a path is repaid on day t (D[t] − P[t] < ½) exactly when capacity allows
    it — C[t] and every C[t] − C[j] + D[j] exceed D[t] − ½ — and the extra cards X·keep
    exceed need[t] = D[t] − ½ − C[t] − min over j ≤ t of (S[j]·keep − C[j]), S the blanks
    so far. A path is thus repaid within the horizon iff X·keep beats its smallest need
    over the days capacity allows, and the P50 path iff X·keep beats the median of those.
    """
    keep = 1.0 - inputs.spoilage_rate
    capacity, demand = world.capacity, world.demand
    target = demand - REPAID_BELOW
    allowed = (capacity > target) & (
        np.minimum.accumulate(demand - capacity, axis=0) + capacity > target
    )
    cards = (inputs.on_hand + world.arrived) * keep
    need = target - capacity - np.minimum.accumulate(cards - capacity, axis=0)
    threshold = float(percentile(np.where(allowed, need, np.inf).min(axis=0), 50))
    if not math.isfinite(threshold):
        return None
    return 0 if threshold < 0 else math.floor(threshold / keep) + 1


def _bisect(ok: Callable[[int], bool], bad: int, good: int) -> int:
    """The smallest n in (bad, good] with ok(n), for ok monotone, false at bad, true at good."""
    while good - bad > 1:
        middle = (bad + good) // 2
        if ok(middle):
            good = middle
        else:
            bad = middle
    return good


def _cover_estimate(inputs: ForecastInputs, world: _World) -> int:
    working = len(working_days(world.days[0], world.days[-1]))
    needed = (inputs.print_debt + inputs.daily_inflow * working) / (1.0 - inputs.spoilage_rate)
    return max(0, whole(needed) - inputs.on_hand - int(world.arrived[-1, 0]))
