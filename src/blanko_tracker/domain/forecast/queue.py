"""The queue estimate residents can see (*perkiraan antrean cetak*): when the N-th oldest
print-ready record still waiting at a regency is likely printed.

Rules held here:
- first in, first out: the N-th oldest waiting record is printed on the day the regency has
  printed N cards since today, on each simulated path of its forecast; records recorded
  later queue behind it and do not delay it;
- pX is the first day by which at least X % of the paths printed N cards (the forecast's
  inverted-CDF percentiles), so P10 ≤ P50 ≤ P90 and a later position is never earlier;
- never a guess: a position past the records waiting today, or past what the blanks on hand
  and every expected shipment can print (after spoilage), has no dates and says why; a
  percentile not reached within the forecast's horizon is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from blanko_tracker.domain.forecast.model import (
    PERCENTILES,
    ForecastInputs,
    Paths,
    arrivals_by_day,
)

BEYOND_QUEUE = "beyond_queue"  # fewer records are waiting than the position
NOT_ENOUGH_BLANKS = "not_enough_blanks"  # the coming blanks cannot print that many cards


@dataclass(frozen=True, slots=True)
class QueueCurves:
    """A regency's forecast folded for any position: per percentile, the cards printed by
    the end of each day on the path that pX falls on."""

    as_of: date
    waiting: int  # print-ready records waiting at the end of `as_of`
    printable: int  # cards the blanks on hand and expected can make, after spoilage
    days: tuple[date, ...]  # the simulated days, as_of + 1 on
    printed: dict[str, np.ndarray]  # percentile name → cards printed by the end of each day


@dataclass(frozen=True, slots=True)
class QueueAnswer:
    printed_on: dict[str, date | None]  # p10/p50/p90
    reason: str | None  # why there are no dates (BEYOND_QUEUE, NOT_ENOUGH_BLANKS)


def curves(inputs: ForecastInputs, paths: Paths) -> QueueCurves:
    """`paths`, simulated from `inputs`, folded per percentile. A path's cards printed by a
    day are the blanks it used (on hand + arrived − left) less those spoiled."""
    keep = 1.0 - inputs.spoilage_rate
    arrived = arrivals_by_day(inputs, paths.days)  # (n_days, 1), cumulative
    printed = (inputs.on_hand + arrived - paths.on_hand.T) * keep  # day-major
    np.maximum.accumulate(np.maximum(printed, 0.0), axis=0, out=printed)  # float noise
    most_first = -np.sort(-printed, axis=1)
    n_paths = printed.shape[1]
    by_pct = {name: most_first[:, max(1, -(-pct * n_paths // 100)) - 1]
              for name, pct in PERCENTILES.items()}
    total = inputs.on_hand + sum(a.quantity for a in inputs.arrivals)
    return QueueCurves(as_of=inputs.as_of, waiting=inputs.print_debt,
                       printable=int(total * keep + 1e-6), days=paths.days, printed=by_pct)


def printed_on(queue: QueueCurves, position: int) -> QueueAnswer:
    """When the `position`-th oldest waiting record is likely printed (position ≥ 1)."""
    never = dict.fromkeys(PERCENTILES)
    if position > queue.waiting:
        return QueueAnswer(never, BEYOND_QUEUE)
    if position > queue.printable:
        return QueueAnswer(never, NOT_ENOUGH_BLANKS)
    # A whole card: N printed once the path's total reaches N (less half a card of noise).
    found = {name: int(np.searchsorted(curve, position - 0.5))
             for name, curve in queue.printed.items()}
    return QueueAnswer({name: queue.days[index] if index < len(queue.days) else None
                        for name, index in found.items()}, None)
