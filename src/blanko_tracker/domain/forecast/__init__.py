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
- above regency level (`forecast_pool`, pools.py) a forecast is the sum of its regencies'
  own paths — the same rule, simulated in batches for speed.

The modules: model.py (inputs, paths, answers, the simulated calendar), regency.py (one
regency's engine and its shortfall), answers.py (percentiles, series, band), pools.py (the
pooled engine); what the engine is given comes from observations.py (a regency's observed
capacity, spoilage and inflow; a pool's totals and the blanks above its regencies) and
scenarios.py (what-if overrides, a pool's inputs per regency, need).
"""


from blanko_tracker.domain.forecast.model import (
    EMPTY_BELOW,
    MAX_HORIZON_DAYS,
    MAX_SPOILAGE,
    PERCENTILES,
    REPAID_BELOW,
    Arrival,
    Forecast,
    ForecastInputs,
    Paths,
)
from blanko_tracker.domain.forecast.pools import (
    POOL_CHUNK,
    POOL_PATHS,
    POOL_THREADS,
    forecast_pool,
    simulate_pool,
)
from blanko_tracker.domain.forecast.regency import (
    forecast,
    pool,
    simulate,
    summarise,
    summarise_pooled,
)

__all__ = [
    "EMPTY_BELOW", "MAX_HORIZON_DAYS", "MAX_SPOILAGE", "PERCENTILES", "POOL_CHUNK",
    "POOL_PATHS", "POOL_THREADS", "REPAID_BELOW", "Arrival", "Forecast", "ForecastInputs",
    "Paths", "forecast", "forecast_pool", "pool", "simulate", "simulate_pool", "summarise",
    "summarise_pooled",
]
