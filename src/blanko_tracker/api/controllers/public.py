"""What anyone may read without signing in: public figures, no personal data, cacheable."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.params import FromPath, QueryParameter

from blanko_tracker.api.problems import responses
from blanko_tracker.schemas import QueueEstimateOut, RepaidOn
from blanko_tracker.services import public_queue
from blanko_tracker.services.common import utcnow

# Figures a resident checks on a phone: kept by browsers and proxies for minutes, as the
# estimate itself is simulated at most that often.
PUBLIC_CACHE = CacheControlHeader(public=True, max_age=300)
Position = Annotated[int, QueryParameter(
    ge=1, le=2_000_000_000,
    description="the place in the regency's queue: 1 is the oldest record waiting")]


class PublicController(Controller):
    path = "/api/v1/public"
    opt = {"exclude_from_auth": True}
    tags = ["public"]

    @get("/queue/{code:str}", operation_id="get_queue_estimate", cache_control=PUBLIC_CACHE,
         responses=responses(400, 404), security=[{}])
    async def queue(self, code: FromPath[str], position: Position) -> QueueEstimateOut:
        """When the `position`-th oldest print-ready record waiting at a regency is likely
        printed (P10–P90), first in first out, by the regency's forecast. No sign-in."""
        estimate = await public_queue.queue_estimate(code, position, utcnow())
        when = estimate.answer.printed_on
        return QueueEstimateOut(region=estimate.region, as_of=estimate.as_of,
                                position=estimate.position, waiting=estimate.waiting,
                                printed_on=RepaidOn(p10=when["p10"], p50=when["p50"],
                                                    p90=when["p90"]),
                                reason=estimate.answer.reason)
