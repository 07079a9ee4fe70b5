"""The queue estimate residents can see without signing in: when the N-th oldest waiting
print-ready record of a regency is likely printed (`domain/forecast/queue.py`).

Anyone may ask, as often as they like, so each regency's forecast is simulated at most once
every few minutes per worker and every position is answered from it; the answer says so
(`Cache-Control`) to browsers and proxies too. The register holds one entry per regency, so
it never grows past the country's regencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from blanko_tracker.db import regions
from blanko_tracker.domain import forecast as engine
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import queue
from blanko_tracker.domain.forecast.queue import QueueAnswer, QueueCurves
from blanko_tracker.domain.forecast.scenarios import inputs_for
from blanko_tracker.domain.regions import Level, local_date
from blanko_tracker.services import forecasting

KEPT_FOR = timedelta(minutes=5)
SEED = 2023  # the forecast's own seed: the same paths its pages show
_kept: dict[str, tuple[datetime, QueueCurves]] = {}


@dataclass(frozen=True, slots=True)
class QueueEstimate:
    region: str
    as_of: date
    position: int
    waiting: int
    answer: QueueAnswer


async def queue_estimate(code: str, position: int, now: datetime) -> QueueEstimate:
    """When the `position`-th oldest record waiting at regency `code` is likely printed."""
    region = await regions.known(code)
    if region.level is not Level.REGENCY:
        raise InvalidInput("code", "the queue is a regency's: its office prints the cards",
                           rule="queue_of_regency", values={"code": code})
    curves = await _curves(code, local_date(code, now), now)
    return QueueEstimate(region=code, as_of=curves.as_of, position=position,
                         waiting=curves.waiting, answer=queue.printed_on(curves, position))


async def _curves(code: str, today: date, now: datetime) -> QueueCurves:
    kept = _kept.get(code)
    if kept is not None and kept[1].as_of == today and now - kept[0] < KEPT_FOR:
        return kept[1]
    observed = await forecasting.observations_of(code, today)
    inputs = inputs_for(observed.total, today, engine.MAX_HORIZON_DAYS, forecasting.AS_OBSERVED)
    paths = engine.simulate(inputs, np.random.default_rng(SEED),
                            n_paths=forecasting.REGENCY_PATHS)
    curves = queue.curves(inputs, paths)
    _kept[code] = (now, curves)
    return curves
