"""What anyone may read without signing in: public figures, no personal data, cacheable."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.openapi.spec import Example
from litestar.params import FromPath, QueryParameter

from blanko_tracker.api.params import CODE_PATTERN
from blanko_tracker.api.problems import responses
from blanko_tracker.schemas import (
    PublicStockItem,
    PublicStockOut,
    QueueEstimateOut,
    RepaidOn,
)
from blanko_tracker.services import public_queue
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.public_stock import public_stock

# Figures a resident checks on a phone: kept by browsers and proxies for minutes, as the
# estimate itself is simulated at most that often.
PUBLIC_CACHE = CacheControlHeader(public=True, max_age=300)
Position = Annotated[int, QueryParameter(
    ge=1, le=2_000_000_000,
    description="the place in the regency's queue: 1 is the oldest record waiting")]
Parent = Annotated[str, QueryParameter(
    pattern=CODE_PATTERN, examples=[Example(value="75"), Example(value="00")],
    description="00 (the nation), a province (75) or a regency (75.05, itself alone)")]


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

    @get("/stock", operation_id="get_public_stock", cache_control=PUBLIC_CACHE,
         responses=responses(400, 404), security=[{}])
    async def stock(self, parent: Parent) -> PublicStockOut:
        """Each regency under `parent`: blanks on hand, days of cover at the last 30 days'
        printing (null: it printed nothing) and print debt, as of the office's day. The
        stock every office announces daily; no sign-in, no personal data."""
        found = await public_stock(parent, utcnow())
        return PublicStockOut(as_of=found.as_of, items=[
            PublicStockItem(region=s.code, name=s.name, on_hand=s.on_hand,
                            days_of_cover=s.days_of_stock, print_debt=s.print_debt)
            for s in found.regencies])
