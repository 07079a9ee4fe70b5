"""A province or the nation as the sum of its regencies' paths.

Above regency level a forecast is the sum of its regencies' own simulations: path i of
the pool is path i of every regency added up, each regency with its own luck. Printers
never print another regency's cards and stock never moves between regencies unless a
caller says so (stock held above the regencies is forwarded by need by the service, as
arrivals, before this is called; what no regency needs is passed as `held`).

The national pool is 514 regencies × 1,000 paths × ~250 working days, so the pool has
its own engine, built for speed (bench/README.md, "Forecast: speed and memory"):
- the same day-by-day rule as `simulate`, written as a loop over the working days on
  arrays of (regencies of a chunk, paths) in float32, chunk by chunk, so memory stays
  bounded (no (regencies, paths, days) array is ever held) and the pool sum is
  accumulated as the chunks finish; chunks run on two threads (numpy releases the GIL);
- the daily noise is uniform, not normal: mean ± sd·√3 in 256 steps, from raw random
  bytes (SFC64), since normal draws alone would take 2 s here. Over the weeks a
  repayment takes, sums of uniform days are normal to the eye (central limit); the
  per-path uncertainty of the means (capacity_se, inflow_se) is still drawn normal;
- regency r's draws come from its own stream, seeded by (seed, crc32(region code)):
  a regency has the same luck in every pool it is part of and whatever the chunking, so
  a pool's paths are exactly the sum of its regencies' paths simulated alone.
Its answers are therefore not bit-identical to `forecast` of the same regency (other
draws, other noise shape, float32); they agree in distribution.
"""

from __future__ import annotations

import math
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from blanko_tracker.domain.forecast.answers import band, describe, lead_time_need, whole
from blanko_tracker.domain.forecast.model import (
    REPAID_BELOW,
    Arrival,
    Forecast,
    ForecastInputs,
    Paths,
    arrivals_by_day,
    simulated_days,
)

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
    repaid_on, stockout_on, series = describe(paths)
    return Forecast(
        repaid_on=repaid_on,
        stockout_on=stockout_on,
        shortfall=sum(shortfalls.values()),
        recommended_request=sum(
            shortfall + lead_time_need(regencies[code]) for code, shortfall in shortfalls.items()
        ),
        series=series,
        band=band(paths.debt.T),
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
    days, seen = simulated_days(as_of, horizon)
    n_working = int(seen[-1])
    working_at = np.flatnonzero(np.diff(seen, prepend=0))  # calendar index of each working day
    # Chunks group the regencies whose noise must be clipped at 0 (a spread above 58 % of
    # the mean) and those without inflow (which may stop early): whole chunks skip that
    # work. Each regency's draws are its own, so the grouping changes no answer.
    codes = sorted(regencies, key=lambda code: (_clipped(regencies[code]),
                                                _without_inflow(regencies[code]), code))
    arrived = {code: arrivals_by_day(regencies[code], days)[:, 0] for code in codes}  # cumulative
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
    held_by_day = arrivals_by_day(replace(first, arrivals=held), days)[:, 0]
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
    days, seen = simulated_days(inputs.as_of, inputs.horizon_days)
    working = int(seen[-1])
    needed = (inputs.print_debt + inputs.daily_inflow * working) / (1.0 - inputs.spoilage_rate)
    arrived = int(arrivals_by_day(inputs, days)[-1, 0])
    return max(0, whole(needed) - inputs.on_hand - arrived)
