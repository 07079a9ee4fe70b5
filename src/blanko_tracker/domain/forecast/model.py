"""What a forecast takes and gives: its inputs, its paths and answers, and the simulated
calendar they share."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from blanko_tracker.domain.calendar import is_working_day
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
    # covers "we measured 60 days, not forever" (bench/backtest.py scores the band against
    # outcomes known in advance).
    capacity_se: float = 0.0
    inflow_se: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.horizon_days <= MAX_HORIZON_DAYS:
            raise InvalidInput("horizon_days", f"must be 1..{MAX_HORIZON_DAYS}",
                               rule="horizon", values={"limit": MAX_HORIZON_DAYS})
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
                raise InvalidInput(name, "must be a finite number, 0 or more",
                                   rule="non_negative")
        if self.spoilage_rate > MAX_SPOILAGE:
            raise InvalidInput("spoilage_rate", f"must be at most {MAX_SPOILAGE}",
                               rule="spoilage_rate", values={"limit": MAX_SPOILAGE})
        if any(arrival.quantity < 0 for arrival in self.arrivals):
            raise InvalidInput("arrivals", "a quantity must be 0 or more", rule="non_negative")


@dataclass(frozen=True, slots=True)
class Paths:
    """Every simulated path, day by day: arrays of shape (n_paths, n_days), never negative.

    `simulate` returns them as transposed views of day-major arrays (column-major in
    memory): the sums over days it needs then read each day's paths side by side.
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


@lru_cache(maxsize=64)
def simulated_days(as_of: date, horizon_days: int) -> tuple[tuple[date, ...], np.ndarray]:
    """The simulated days and, per day, how many working days it closes (read-only)."""
    days = tuple(as_of + timedelta(days=i) for i in range(1, horizon_days + 1))
    working = np.fromiter((is_working_day(day) for day in days), dtype=bool, count=len(days))
    seen = np.cumsum(working)
    seen.flags.writeable = False
    return days, seen


def arrivals_by_day(inputs: ForecastInputs, days: tuple[date, ...]) -> np.ndarray:
    daily = np.zeros((len(days), 1))
    for arrival in inputs.arrivals:
        offset = (arrival.on - inputs.as_of).days
        if offset <= len(days):
            daily[max(offset, 1) - 1] += arrival.quantity
    return np.cumsum(daily, axis=0)
