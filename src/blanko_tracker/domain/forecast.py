"""The forecast: when a regency's print debt (*hutang cetak*) is repaid, when its stock runs
out, and how many blanks it still needs.

Rules held here:
- a Monte Carlo over the calendar days after `as_of`, every path at once (numpy). Each day,
  the blanks due that day arrive first (any dated on or before `as_of` arrive on the first
  day); on working days only (calendar.py) new print-ready records ~ Normal(inflow, sd) ≥ 0
  join the debt, then printed = min(capacity ~ Normal(capacity, sd) ≥ 0, debt, on hand ×
  (1 − spoilage)), using printed / (1 − spoilage) blanks. Debt and stock never go below 0;
- the random draws depend only on the seed, the number of paths and the calendar, never on
  stock, debt or the means: re-simulating with the same seed and more blanks (or more
  capacity) is the same world with more of them, so it never repays later;
- quantities are floats inside; a debt below half a card counts as repaid and a stock below
  one blank as exhausted; reported figures are whole;
- percentiles over paths are inverted-CDF: pX is the first day by which at least X % of the
  paths got there; a path that never does counts as never, and a percentile that falls on
  never is None (not within the horizon);
- shortfall: the fewest extra blanks, on hand today, for the P50 path to repay within the
  horizon; recommended request: the shortfall plus the inflow (as blanks, with spoilage)
  over the working days until a new request could be delivered;
- the daily series carries the P50 debt and on-hand and the debt's P10–P90 band;
- above regency level (`forecast_pool`, section "pools" below) a forecast is the sum of its
  regencies' own paths — the same rule, simulated in batches for speed.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from blanko_tracker.domain.calendar import is_working_day, working_days
from blanko_tracker.domain.errors import InvalidInput

REPAID_BELOW = 0.5  # debt (people) under half a card is nobody waiting
EMPTY_BELOW = 1.0  # stock under one whole blank prints nothing
MAX_HORIZON_DAYS = 730
MAX_SPOILAGE = 0.99
PERCENTILES = {"p10": 10, "p50": 50, "p90": 90}


@dataclass(frozen=True, slots=True)
class Arrival:
    """Blanks expected on a day: a planned or dispatched shipment, or a what-if extra."""

    on: date
    quantity: int
    shipment_id: int | None = None


@dataclass(frozen=True, slots=True)
class ForecastInputs:
    """Everything one regency's forecast depends on; rates are observed by the caller."""

    as_of: date
    horizon_days: int  # calendar days simulated after as_of (1..730)
    print_debt: int  # people waiting for a card today
    on_hand: int  # blanks on hand today
    arrivals: tuple[Arrival, ...]
    daily_capacity: float  # mean cards printed per working day
    capacity_sd: float  # day-to-day standard deviation (0 = deterministic)
    daily_inflow: float  # mean new print-ready records per working day
    inflow_sd: float
    spoilage_rate: float  # spoiled / (printed + spoiled), 0..0.99
    lead_time_days: int = 14  # calendar days until a new request could be delivered
    # How uncertain the observed means themselves are (standard errors, σ/√n): each path
    # draws its own mean capacity and inflow around the estimate, so the P10–P90 band also
    # covers "we measured 60 days, not forever" (bench/backtest.py: 56 % → ~80 % coverage).
    capacity_se: float = 0.0
    inflow_se: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.horizon_days <= MAX_HORIZON_DAYS:
            raise InvalidInput("horizon_days", f"must be 1..{MAX_HORIZON_DAYS}")
        for name in (
            "print_debt",
            "on_hand",
            "lead_time_days",
            "daily_capacity",
            "capacity_sd",
            "daily_inflow",
            "inflow_sd",
            "spoilage_rate",
            "capacity_se",
            "inflow_se",
        ):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise InvalidInput(name, "must be a finite number, 0 or more")
        if self.spoilage_rate > MAX_SPOILAGE:
            raise InvalidInput("spoilage_rate", f"must be at most {MAX_SPOILAGE}")
        if any(arrival.quantity < 0 for arrival in self.arrivals):
            raise InvalidInput("arrivals", "a quantity must be 0 or more")


@dataclass(frozen=True, slots=True)
class Paths:
    """Every simulated path, day by day: arrays of shape (n_paths, n_days), never negative.

    `simulate` returns them as transposed views of day-major arrays (column-major in
    memory): the sums over days it needs run about twice as fast that way.
    """

    days: tuple[date, ...]  # as_of+1 .. as_of+horizon_days (calendar days)
    debt: np.ndarray  # print debt at the end of each day
    on_hand: np.ndarray  # blanks on hand at the end of each day


@dataclass(frozen=True, slots=True)
class Forecast:
    repaid_on: dict[str, date | None]  # p10/p50/p90: first day the debt is 0, None if never
    stockout_on: date | None  # P50: first day stock is exhausted while debt remains
    shortfall: int  # extra blanks, on hand today, for the P50 path to repay in the horizon
    recommended_request: int  # shortfall + the inflow (as blanks) over the lead time
    series: list[tuple[date, int, int]]  # (day, P50 debt, P50 on hand)
    band: list[tuple[int, int]]  # per day of `series`: (P10, P90) of the debt over the paths


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
    repaid_on, stockout_on, series = _describe(paths)
    shortfall = 0 if repaid_on["p50"] is not None else _shortfall(inputs, world())
    return Forecast(
        repaid_on=repaid_on,
        stockout_on=stockout_on,
        shortfall=shortfall,
        recommended_request=shortfall + _lead_time_need(inputs),
        series=series,
        band=_band(paths.debt.T),
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
    repaid_on, stockout_on, series = _describe(paths)
    return {"repaid_on": repaid_on, "stockout_on": stockout_on, "series": series}


# --- simulation -------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _calendar(as_of: date, horizon_days: int) -> tuple[tuple[date, ...], np.ndarray]:
    """The simulated days and, per day, how many working days it closes (read-only)."""
    days = tuple(as_of + timedelta(days=i) for i in range(1, horizon_days + 1))
    working = np.fromiter((is_working_day(day) for day in days), dtype=bool, count=len(days))
    seen = np.cumsum(working)
    seen.flags.writeable = False
    return days, seen


def _world(inputs: ForecastInputs, rng: np.random.Generator, n_paths: int) -> _World:
    days, seen = _calendar(inputs.as_of, inputs.horizon_days)
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
    return _World(days, _totals(capacity)[seen], demand[seen], _arrived(inputs, days))


def _totals(daily: np.ndarray, *, start: float = 0.0) -> np.ndarray:
    """Running totals of day-major `daily`, with a first row `start` for before day one."""
    totals = np.empty((daily.shape[0] + 1, daily.shape[1]))
    totals[0] = start
    np.cumsum(daily, axis=0, out=totals[1:])
    totals[1:] += start
    return totals


def _arrived(inputs: ForecastInputs, days: tuple[date, ...]) -> np.ndarray:
    daily = np.zeros((len(days), 1))
    for arrival in inputs.arrivals:
        offset = (arrival.on - inputs.as_of).days
        if offset <= len(days):
            daily[max(offset, 1) - 1] += arrival.quantity
    return np.cumsum(daily, axis=0)


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


# --- answers ----------------------------------------------------------------------------


def _describe(
    paths: Paths,
) -> tuple[dict[str, date | None], date | None, list[tuple[date, int, int]]]:
    debt, on_hand = paths.debt.T, paths.on_hand.T  # day-major again
    repaid = _first_day(debt < REPAID_BELOW)
    stockout = _first_day((on_hand < EMPTY_BELOW) & (debt >= REPAID_BELOW))
    repaid_on = {name: _day(paths, _percentile(repaid, pct)) for name, pct in PERCENTILES.items()}
    # Debt rounds half up, so it shows 0 exactly when it counts as repaid; stock rounds
    # down (a part of a blank prints nothing), with a hair of tolerance for float noise.
    median_debt = np.floor(_percentile(debt, 50) + 0.5).astype(np.int64).tolist()
    median_on_hand = np.floor(_percentile(on_hand, 50) + 1e-6).astype(np.int64).tolist()
    series = list(zip(paths.days, median_debt, median_on_hand, strict=True))
    return repaid_on, _day(paths, _percentile(stockout, 50)), series


def _band(debt: np.ndarray) -> list[tuple[int, int]]:
    """Per day of day-major `debt`, its P10 and P90 over the paths, whole and never negative.

    Rounded like the P50 series (half up), so that P10 ≤ P50 ≤ P90 holds in whole cards too.
    """
    low, high = (
        np.maximum(np.floor(_percentile(debt, pct) + 0.5), 0).astype(np.int64).tolist()
        for pct in (10, 90)
    )
    return list(zip(low, high, strict=True))


def _first_day(hit: np.ndarray) -> np.ndarray:
    """Per path, the index of the first day `hit` holds; the number of days if never."""
    return np.where(hit.any(axis=0), hit.argmax(axis=0), hit.shape[0])


def _percentile(values: np.ndarray, pct: int) -> np.ndarray:
    """Inverted-CDF percentile over the paths (last axis): the k-th smallest, k = ⌈pct·n/100⌉.

    It is always a value some path took, so a day index stays a whole day and "never"
    stays never; integer arithmetic keeps k exact.
    """
    k = max(1, -(-pct * values.shape[-1] // 100))
    return np.partition(values, k - 1, axis=-1)[..., k - 1]


def _day(paths: Paths, index: np.ndarray) -> date | None:
    index = int(index)
    return paths.days[index] if index < len(paths.days) else None


def _p50_repaid(debt: np.ndarray) -> bool:
    return int(_percentile(_first_day(debt < REPAID_BELOW), 50)) < debt.shape[0]


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
        return _p50_repaid(_run(inputs, world, extra=extra)[0])

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
    threshold = float(_percentile(np.where(allowed, need, np.inf).min(axis=0), 50))
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
    return max(0, _whole(needed) - inputs.on_hand - int(world.arrived[-1, 0]))


def _lead_time_need(inputs: ForecastInputs) -> int:
    first = inputs.as_of + timedelta(days=1)
    working = len(working_days(first, inputs.as_of + timedelta(days=inputs.lead_time_days)))
    return _whole(inputs.daily_inflow * working / (1.0 - inputs.spoilage_rate))


def _whole(blanks: float) -> int:
    """Blanks needed, rounded up, so that float noise (1000.0000001) is not one more blank."""
    return math.ceil(blanks - 1e-6)


# --- pools: a province or the nation as the sum of its regencies' paths -----------------
#
# Above regency level a forecast is the sum of its regencies' own simulations: path i of
# the pool is path i of every regency added up, each regency with its own luck. Printers
# never print another regency's cards and stock never moves between regencies unless a
# caller says so (stock held above the regencies is forwarded by need by the service, as
# arrivals, before this is called; what no regency needs is passed as `held`).
#
# The national pool is 514 regencies × 1,000 paths × ~250 working days, so the pool has
# its own engine, built for speed (bench/README.md, "Forecast: speed and memory"):
# - the same day-by-day rule as `simulate`, written as a loop over the working days on
#   arrays of (regencies of a chunk, paths) in float32, chunk by chunk, so memory stays
#   bounded (no (regencies, paths, days) array is ever held) and the pool sum is
#   accumulated as the chunks finish; chunks run on two threads (numpy releases the GIL);
# - the daily noise is uniform, not normal: mean ± sd·√3 in 256 steps, from raw random
#   bytes (SFC64), since normal draws alone would take 2 s here. Over the weeks a
#   repayment takes, sums of uniform days are normal to the eye (central limit); the
#   per-path uncertainty of the means (capacity_se, inflow_se) is still drawn normal;
# - regency r's draws come from its own stream, seeded by (seed, crc32(region code)):
#   a regency has the same luck in every pool it is part of and whatever the chunking, so
#   a pool's paths are exactly the sum of its regencies' paths simulated alone.
# Its answers are therefore not bit-identical to `forecast` of the same regency (other
# draws, other noise shape, float32); they agree in distribution.

POOL_PATHS = 1000
POOL_CHUNK = 32  # regencies simulated together: big enough to amortise numpy's per-call cost
POOL_THREADS = 2
_NOISE_STEPS = 128.0  # int8 noise: (u + ½) / 128 is uniform on (−1, 1) in 256 steps
_SQRT3 = math.sqrt(3.0)  # a uniform on (−1, 1) has sd 1/√3


def simulate_pool(
    regencies: dict[str, ForecastInputs],
    *,
    held: tuple[Arrival, ...] = (),
    seed: int = 2023,
    n_paths: int = POOL_PATHS,
    threads: int = POOL_THREADS,
) -> Paths:
    """The pool's paths: per path and day the whole-card debt and the blanks on hand, summed
    over `regencies` (region code → inputs, all with the same as_of and horizon), plus the
    blanks `held` above them (never printed from, on hand from their day on)."""
    return _pool(regencies, held, seed, n_paths, threads, with_shortfall=False)[0]


def forecast_pool(
    regencies: dict[str, ForecastInputs],
    *,
    held: tuple[Arrival, ...] = (),
    seed: int = 2023,
    n_paths: int = POOL_PATHS,
    threads: int = POOL_THREADS,
) -> Forecast:
    """A province's or the nation's forecast from its regencies' summed paths.

    - the pool's debt on a path is the sum of its regencies' debts, in whole cards (half
      up); it is repaid on the first day that is 0 — every regency's debt 0 at once (a
      regency's debt is exactly 0 once printed off: fractions left are under a card for a
      day at most). P10/P50/P90 over the paths as for a regency: never earlier than the
      day its last regency is repaid on that path;
    - stock-out: the first day the pool's whole on-hand (regencies and `held`) is below one
      blank while debt remains — the day nothing is left anywhere to print on; P50. One
      empty regency beside a full one is not a pool stock-out: ask the regency's forecast
      (or `stockouts_soon`) for that;
    - shortfall and recommended request: the sums of each regency's own (its fewest extra
      blanks on hand today for its P50 path to repay; plus its inflow over the lead time).
      A regency's shortfall is solved in closed form as `_solve` does, on these paths,
      without `_shortfall`'s confirming re-runs (float32 may put it a blank off);
    - series and band: P50 of the summed debt and on-hand per day; P10/P90 of the debt.
    """
    paths, shortfalls = _pool(regencies, held, seed, n_paths, threads, with_shortfall=True)
    repaid_on, stockout_on, series = _describe(paths)
    return Forecast(
        repaid_on=repaid_on,
        stockout_on=stockout_on,
        shortfall=sum(shortfalls.values()),
        recommended_request=sum(
            shortfall + _lead_time_need(regencies[code]) for code, shortfall in shortfalls.items()
        ),
        series=series,
        band=_band(paths.debt.T),
    )


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Up to POOL_CHUNK regencies' inputs as arrays, one row per regency."""

    codes: tuple[str, ...]
    debt: np.ndarray  # (R,) people waiting today
    cards: np.ndarray  # (R,) cards the stock on hand today can make
    keep: np.ndarray  # (R,) 1 − spoilage
    delivered: np.ndarray  # (W, R) cards arriving before each working day's printing
    capacity: tuple[np.ndarray, np.ndarray, np.ndarray]  # (R,) mean, sd, se
    inflow: tuple[np.ndarray, np.ndarray, np.ndarray]


def _pool(
    regencies: dict[str, ForecastInputs],
    held: tuple[Arrival, ...],
    seed: int,
    n_paths: int,
    threads: int,
    *,
    with_shortfall: bool,
) -> tuple[Paths, dict[str, int]]:
    if not regencies:
        raise ValueError("a pool needs at least one regency")
    first = next(iter(regencies.values()))
    as_of, horizon = first.as_of, first.horizon_days
    if any((i.as_of, i.horizon_days) != (as_of, horizon) for i in regencies.values()):
        raise ValueError("a pool's regencies must share as_of and horizon_days")
    days, seen = _calendar(as_of, horizon)
    n_working = int(seen[-1])
    working_at = np.flatnonzero(np.diff(seen, prepend=0))  # calendar index of each working day
    # Chunks group the regencies whose noise must be clipped at 0 (a spread above 58 % of
    # the mean) and those without inflow (which may stop early): whole chunks skip that
    # work. Each regency's draws are its own, so the grouping changes no answer.
    codes = sorted(regencies, key=lambda code: (_clipped(regencies[code]),
                                                _without_inflow(regencies[code]), code))
    arrived = {code: _arrived(regencies[code], days)[:, 0] for code in codes}  # cumulative
    chunks = [
        _chunk(codes[i : i + POOL_CHUNK], regencies, arrived, working_at)
        for i in range(0, len(codes), POOL_CHUNK)
    ]

    def run(mine: list[_Chunk]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        debt = np.zeros((n_working + 1, n_paths))
        on_hand = np.zeros((n_working + 1, n_paths))
        shortfalls: dict[str, int] = {}
        for chunk in mine:
            shortfalls |= _run_chunk(
                chunk, seed, n_paths, debt, on_hand, regencies, with_shortfall=with_shortfall
            )
        return debt, on_hand, shortfalls

    # Each thread takes every `threads`-th chunk and the parts are added in a fixed order,
    # so the answer does not depend on which thread finished first.
    workers = max(1, min(threads, len(chunks)))
    if workers == 1:
        parts = [run(chunks)]
    else:
        with ThreadPoolExecutor(workers) as pool_:
            parts = list(pool_.map(run, [chunks[i::workers] for i in range(workers)]))
    debt_w, on_hand_w = parts[0][0], parts[0][1]
    shortfalls = dict(parts[0][2])
    for part in parts[1:]:
        debt_w += part[0]
        on_hand_w += part[1]
        shortfalls |= part[2]

    # From working days to calendar days: a day off keeps the last working day's debt; its
    # stock is that day's plus what arrived since (blanks arrive on any day).
    pooled_arrived = np.sum([arrived[code] for code in codes], axis=0)
    last_working = (
        np.where(seen > 0, working_at[np.maximum(seen - 1, 0)], -1)
        if n_working
        else np.full(len(days), -1)
    )
    arrived_since = pooled_arrived - np.where(last_working >= 0, pooled_arrived[last_working], 0)
    held_by_day = _arrived(replace(first, arrivals=held), days)[:, 0]
    debt = np.floor(debt_w[seen] + 0.5)  # whole cards, half up, as a regency's series
    on_hand = on_hand_w[seen] + (arrived_since + held_by_day)[:, None]
    # Whole blanks, with a little tolerance for float32 sums of fractions.
    np.floor(on_hand + 1e-3, out=on_hand)
    return Paths(days, debt.T, on_hand.T), (shortfalls if with_shortfall else {})


def _clipped(inputs: ForecastInputs) -> bool:
    """Whether a day's uniform draw of capacity or inflow can fall below 0 (roughly)."""
    return any(
        sd * _SQRT3 > max(mean - 3 * se, 0.0)
        for mean, sd, se in ((inputs.daily_capacity, inputs.capacity_sd, inputs.capacity_se),
                             (inputs.daily_inflow, inputs.inflow_sd, inputs.inflow_se))
        if sd > 0
    )


def _without_inflow(inputs: ForecastInputs) -> bool:
    return not (inputs.daily_inflow or inputs.inflow_sd or inputs.inflow_se)


def _chunk(
    codes: list[str],
    regencies: dict[str, ForecastInputs],
    arrived: dict[str, np.ndarray],
    working_at: np.ndarray,
) -> _Chunk:
    rows = [regencies[code] for code in codes]
    keep = np.array([1.0 - i.spoilage_rate for i in rows])
    # Blanks arrived by each working day, cumulative, then per working day; any arriving
    # before the first working day are on the shelf when it starts.
    by_working_day = np.stack([arrived[code][working_at] for code in codes], axis=1)
    delivered = np.diff(by_working_day, axis=0, prepend=0.0) * keep

    def column(name: str) -> np.ndarray:
        return np.array([getattr(i, name) for i in rows], dtype=np.float64)

    return _Chunk(
        codes=tuple(codes),
        debt=column("print_debt"),
        cards=column("on_hand") * keep,
        keep=keep,
        delivered=delivered.astype(np.float32),
        capacity=(column("daily_capacity"), column("capacity_sd"), column("capacity_se")),
        inflow=(column("daily_inflow"), column("inflow_sd"), column("inflow_se")),
    )


def _regency_stream(seed: int, code: str) -> np.random.Generator:
    key = np.random.SeedSequence([seed, zlib.crc32(code.encode())])
    return np.random.Generator(np.random.SFC64(key))


def _run_chunk(
    chunk: _Chunk,
    seed: int,
    n_paths: int,
    pooled_debt: np.ndarray,
    pooled_on_hand: np.ndarray,
    regencies: dict[str, ForecastInputs],
    *,
    with_shortfall: bool,
) -> dict[str, int]:
    """Simulate one chunk, add its sums into `pooled_*` ((W + 1, paths), row 0 today) and
    return its regencies' shortfalls (if asked)."""
    n_reg, n_working = len(chunk.codes), chunk.delivered.shape[0]
    # The draws depend only on the seed, the region code, the paths and the calendar.
    noise = np.empty((2, n_reg, n_working, n_paths), dtype=np.int8)
    level = np.empty((2, n_reg, n_paths))
    size = n_working * n_paths
    for r, code in enumerate(chunk.codes):
        rng = _regency_stream(seed, code)
        raw = rng.bit_generator.random_raw(-(-2 * size // 8)).view(np.int8)
        noise[0, r] = raw[:size].reshape(n_working, n_paths)
        noise[1, r] = raw[size : 2 * size].reshape(n_working, n_paths)
        level[:, r] = rng.standard_normal((2, n_paths))
    model = _Model.of(chunk, noise, level)
    state = _simulate_chunk(chunk, noise, model, pooled_debt, pooled_on_hand)
    if not with_shortfall:
        return {}
    k50 = max(1, -(-50 * n_paths // 100))
    repaid_paths = (state * model.unit < REPAID_BELOW).sum(axis=1)
    short = [r for r in range(n_reg) if repaid_paths[r] < k50]
    found = dict.fromkeys(chunk.codes, 0)
    if short:
        for r, threshold in zip(short, _solve_chunk(chunk, noise, model, short), strict=True):
            code, keep = chunk.codes[r], float(chunk.keep[r])
            if not math.isfinite(threshold):
                found[code] = _pool_cover_estimate(regencies[code])
            else:
                found[code] = 0 if threshold < 0 else math.floor(threshold / keep) + 1
    return found


@dataclass(frozen=True, slots=True)
class _Model:
    """A chunk's daily capacity and inflow as cheap operations on the int8 noise u.

    Each regency is simulated in its own unit, the step of its capacity noise (sd·√3/128
    cards; 1 card when the capacity has no spread): the day's capacity is then just
    u + `capacity` (one add per day) and the day's inflow (u + `inflow`)·`inflow_step`.
    A regency without spread has its noise rows zeroed (after drawing them, so its
    neighbours' and its own other draws do not move).
    """

    unit: np.ndarray  # (R, 1) cards per unit
    capacity: np.ndarray  # (R, paths) the path's mean capacity in units, + ½ for u's centre
    inflow: np.ndarray  # (R, paths)
    inflow_step: np.ndarray  # (R, 1) units per step of inflow noise
    clip_capacity: bool  # a day's draw can go below 0: clip it at 0
    clip_inflow: bool

    @classmethod
    def of(cls, chunk: _Chunk, noise: np.ndarray, level: np.ndarray) -> _Model:
        (c_mean, c_sd, c_se), (i_mean, i_sd, i_se) = chunk.capacity, chunk.inflow
        c_path = np.maximum(0.0, c_mean[:, None] + c_se[:, None] * level[0])
        i_path = np.maximum(0.0, i_mean[:, None] + i_se[:, None] * level[1])
        # A spread under a millionth of a card a day is none (and would not fit float32).
        c_step = np.where(c_sd >= 1e-6, c_sd * _SQRT3 / _NOISE_STEPS, 0.0)
        i_step = np.where(i_sd >= 1e-6, i_sd * _SQRT3 / _NOISE_STEPS, 0.0)
        unit = np.where(c_step > 0, c_step, 1.0)[:, None]
        noise[0, c_step == 0] = 0
        noise[1, i_step == 0] = 0
        capacity = c_path / unit + np.where(c_step > 0, 0.5, 0.0)[:, None]
        i_unit = np.where(i_step > 0, i_step, unit[:, 0])[:, None]  # cards per inflow step
        inflow = i_path / i_unit + np.where(i_step > 0, 0.5, 0.0)[:, None]
        return cls(
            unit=unit.astype(np.float32),
            capacity=capacity.astype(np.float32),
            inflow=inflow.astype(np.float32),
            inflow_step=(i_unit / unit).astype(np.float32),
            clip_capacity=bool((capacity < _NOISE_STEPS).any()),
            clip_inflow=bool((inflow < _NOISE_STEPS).any()),
        )

    def capacity_on(self, out: np.ndarray, u: np.ndarray) -> np.ndarray:
        np.add(u, self.capacity, out=out)
        if self.clip_capacity:
            np.maximum(out, 0.0, out=out)
        return out

    def inflow_on(self, out: np.ndarray, u: np.ndarray) -> np.ndarray:
        np.add(u, self.inflow, out=out)
        out *= self.inflow_step
        if self.clip_inflow:
            np.maximum(out, 0.0, out=out)
        return out

    def pick(self, rows: np.ndarray) -> _Model:
        return _Model(
            self.unit[rows], self.capacity[rows], self.inflow[rows], self.inflow_step[rows],
            self.clip_capacity, self.clip_inflow,
        )


def _simulate_chunk(
    chunk: _Chunk,
    noise: np.ndarray,
    model: _Model,
    pooled_debt: np.ndarray,
    pooled_on_hand: np.ndarray,
) -> np.ndarray:
    """The day-by-day rule over the working days for every regency and path of `chunk`;
    adds the summed whole debt and blanks per working day into `pooled_*` and returns each
    path's lowest debt (R, paths, in the regency's unit) on every 4th working day and the
    last: a path that shows no repayment there may still have been repaid in between, so
    this only says which regencies to ask `_solve_chunk` about (which is exact).

    Sums over the chunk are float32 (a relative error around 10⁻⁷ of a chunk's total; the
    pool adds the chunks in float64 and rounds to whole cards at the end).
    """
    n_reg, n_working, n_paths = noise.shape[1:]
    shape = (n_reg, n_paths)
    unit = model.unit
    debt = np.repeat((chunk.debt[:, None] / unit).astype(np.float32), n_paths, axis=1)
    cards = np.repeat((chunk.cards[:, None] / unit).astype(np.float32), n_paths, axis=1)
    delivered = (chunk.delivered / unit[:, 0]).astype(np.float32)
    blanks_per_unit = (unit[:, 0] / chunk.keep).astype(np.float32)[:, None]
    lowest = debt.copy()
    printed, added = (np.empty(shape, dtype=np.float32) for _ in range(2))

    cards_per_unit = unit[:, 0].copy()
    blanks_per_unit_row = blanks_per_unit[:, 0].copy()
    total = np.empty(n_paths, dtype=np.float32)

    def add_sums(row: int) -> None:
        pooled_debt[row] += np.dot(cards_per_unit, debt, out=total)
        pooled_on_hand[row] += np.dot(blanks_per_unit_row, cards, out=total)

    add_sums(0)
    arrivals = delivered.any(axis=1)
    no_inflow = not any(param.any() for param in chunk.inflow)
    for w in range(n_working):
        if arrivals[w]:
            cards += delivered[w][:, None]
        if not no_inflow:
            debt += model.inflow_on(added, noise[1, :, w])
        model.capacity_on(printed, noise[0, :, w])  # the day's capacity ...
        np.minimum(printed, debt, out=printed)  # ... no more than the debt ...
        np.minimum(printed, cards, out=printed)  # ... nor the blanks' cards
        debt -= printed
        cards -= printed
        if w % 4 == 3 or w == n_working - 1:
            np.minimum(lowest, debt, out=lowest)
        add_sums(w + 1)
        if no_inflow and w % 8 == 7 and not debt.any():
            # Repaid on every path with nothing new to print: the rest is stock arriving.
            blanks = np.dot(blanks_per_unit_row, cards).astype(np.float64)
            later = (delivered[w + 1 :] * blanks_per_unit[:, 0]).sum(axis=1)
            pooled_on_hand[w + 2 :] += blanks + np.cumsum(later)[:, None]
            break
    return lowest


def _solve_chunk(chunk: _Chunk, noise: np.ndarray, model: _Model, rows: list[int]) -> list[float]:
    """`_solve`'s threshold (in cards) for the regencies `rows` of `chunk`, on its draws.

    From `_solve`: with X more blanks a path is repaid on day t when printing with endless
    stock would have repaid it (its debt then, `unlimited`, below ½) and X·keep ≥ D − ½ − A,
    D the demand so far and A the cards a printer at full capacity could have printed from
    the blanks so far, K − `idle` (K all cards so far, `idle` what such a printer would
    still have left). So no printing needs simulating: the threshold is the P50 over paths
    of the least D − K + idle − ½ over the days repaying is possible.
    """
    pick = np.array(rows)
    noise, model = noise[:, pick], model.pick(pick)
    n_reg, n_working, n_paths = noise.shape[1:]
    shape = (n_reg, n_paths)
    unit = model.unit
    delivered = (chunk.delivered[:, pick] / unit[:, 0]).astype(np.float32)
    # All cards so far, before each working day's printing (on hand today + arrivals).
    cards_so_far = np.cumsum(delivered, axis=0) + (chunk.cards[pick] / unit[:, 0]).astype(
        np.float32)
    demand = np.repeat((chunk.debt[pick][:, None] / unit).astype(np.float32), n_paths, axis=1)
    unlimited = demand.copy()
    idle = np.zeros(shape, dtype=np.float32)
    best = np.full(shape, np.inf, dtype=np.float32)
    day, added, need = (np.empty(shape, dtype=np.float32) for _ in range(3))
    allowed = np.empty(shape, dtype=bool)
    below = (REPAID_BELOW / unit).astype(np.float32)
    for w in range(n_working):
        model.inflow_on(added, noise[1, :, w])
        demand += added
        unlimited += added
        model.capacity_on(day, noise[0, :, w])
        unlimited -= day
        np.maximum(unlimited, 0.0, out=unlimited)
        if w:  # on the first day every card so far could be printed (A = K)
            idle += delivered[w][:, None]
            idle -= day
            np.maximum(idle, 0.0, out=idle)
        np.subtract(demand, cards_so_far[w][:, None], out=need)
        need += idle
        np.less(unlimited, below, out=allowed)
        np.minimum(best, need, out=best, where=allowed)
    k50 = max(1, -(-50 * n_paths // 100))
    threshold = np.partition(best.astype(np.float64) * unit, k50 - 1, axis=1)[:, k50 - 1]
    return [float(t) - REPAID_BELOW for t in threshold]


def _pool_cover_estimate(inputs: ForecastInputs) -> int:
    """`_cover_estimate` for a pool's regency: capacity, not blanks, stops its P50 path."""
    days, seen = _calendar(inputs.as_of, inputs.horizon_days)
    working = int(seen[-1])
    needed = (inputs.print_debt + inputs.daily_inflow * working) / (1.0 - inputs.spoilage_rate)
    arrived = int(_arrived(inputs, days)[-1, 0])
    return max(0, _whole(needed) - inputs.on_hand - arrived)
