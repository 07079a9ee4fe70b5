"""What a forecast says about its paths: repayment and stock-out days as inverted-CDF
percentiles, the P50 series and the P10–P90 band, and the blanks a lead time needs."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from blanko_tracker.domain.calendar import working_days
from blanko_tracker.domain.forecast.model import (
    EMPTY_BELOW,
    PERCENTILES,
    REPAID_BELOW,
    ForecastInputs,
    Paths,
)


def describe(
    paths: Paths,
) -> tuple[dict[str, date | None], date | None, list[tuple[date, int, int]]]:
    debt, on_hand = paths.debt.T, paths.on_hand.T  # day-major again
    repaid = first_day(debt < REPAID_BELOW)
    stockout = first_day((on_hand < EMPTY_BELOW) & (debt >= REPAID_BELOW))
    repaid_on = {name: day_at(paths, percentile(repaid, pct)) for name, pct in PERCENTILES.items()}
    # Debt rounds half up, so it shows 0 exactly when it counts as repaid; stock rounds
    # down (a part of a blank prints nothing), with a hair of tolerance for float noise.
    median_debt = np.floor(percentile(debt, 50) + 0.5).astype(np.int64).tolist()
    median_on_hand = np.floor(percentile(on_hand, 50) + 1e-6).astype(np.int64).tolist()
    series = list(zip(paths.days, median_debt, median_on_hand, strict=True))
    return repaid_on, day_at(paths, percentile(stockout, 50)), series


def band(debt: np.ndarray) -> list[tuple[int, int]]:
    """Per day of day-major `debt`, its P10 and P90 over the paths, whole and never negative.

    Rounded like the P50 series (half up), so that P10 ≤ P50 ≤ P90 holds in whole cards too.
    """
    low, high = (
        np.maximum(np.floor(percentile(debt, pct) + 0.5), 0).astype(np.int64).tolist()
        for pct in (10, 90)
    )
    return list(zip(low, high, strict=True))


def first_day(hit: np.ndarray) -> np.ndarray:
    """Per path, the index of the first day `hit` holds; the number of days if never."""
    return np.where(hit.any(axis=0), hit.argmax(axis=0), hit.shape[0])


def percentile(values: np.ndarray, pct: int) -> np.ndarray:
    """Inverted-CDF percentile over the paths (last axis): the k-th smallest, k = ⌈pct·n/100⌉.

    It is always a value some path took, so a day index stays a whole day and "never"
    stays never; integer arithmetic keeps k exact.
    """
    k = max(1, -(-pct * values.shape[-1] // 100))
    return np.partition(values, k - 1, axis=-1)[..., k - 1]


def day_at(paths: Paths, index: np.ndarray) -> date | None:
    index = int(index)
    return paths.days[index] if index < len(paths.days) else None


def p50_repaid(debt: np.ndarray) -> bool:
    return int(percentile(first_day(debt < REPAID_BELOW), 50)) < debt.shape[0]


def lead_time_need(inputs: ForecastInputs) -> int:
    first = inputs.as_of + timedelta(days=1)
    working = len(working_days(first, inputs.as_of + timedelta(days=inputs.lead_time_days)))
    return whole(inputs.daily_inflow * working / (1.0 - inputs.spoilage_rate))


def whole(blanks: float) -> int:
    """Blanks needed, rounded up, so that float noise (1000.0000001) is not one more blank."""
    return math.ceil(blanks - 1e-6)


def why_not_repaid(inputs: ForecastInputs, *, stockout_on: date | None) -> str:
    """Why the P50 path leaves debt at the end of the longest horizon, as a catalogue key:

    - `printers_idle`: nothing is printed (no capacity observed or given);
    - `inflow_outpaces`: new print-ready records come in at least as fast as the printers
      print, so the queue never shrinks whatever stock there is;
    - `no_blanks`: printing could keep up, but the blanks on hand and coming run out first.
    """
    if inputs.daily_capacity <= 0:
        return "printers_idle"
    if inputs.daily_inflow >= inputs.daily_capacity:
        return "inflow_outpaces"
    if stockout_on is not None:
        return "no_blanks"
    # Means say printing outruns inflow and stock lasts, yet the median path still owes:
    # the debt is too large for the printers within two years.
    return "too_slow"
