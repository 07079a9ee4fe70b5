"""Stock: procurements, adjustments, reversals, balances and the stock card."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import (
    CurrentActor,
    Limit,
    Offset,
    RegionQuery,
    check_period,
)
from blanko_tracker.api.problems import responses
from blanko_tracker.db import regions, stock
from blanko_tracker.db.tables import MAX_ID
from blanko_tracker.domain.access import Actor
from blanko_tracker.schemas import (
    AdjustStock,
    MovementOut,
    MovementPage,
    RecordProcurement,
    ReverseMovement,
    StockLevel,
    StockPage,
)
from blanko_tracker.services import stock as stock_actions
from blanko_tracker.services.stock_levels import stock_level, stock_levels
from blanko_tracker.services.wire import movement_out


async def read_stock_level(actor: Actor, code: str) -> StockLevel:
    """`GET /api/v1/stock/{code}`; also answered ahead of the router (api/hot_reads.py)."""
    readable(actor, code)
    await regions.known(code)
    return await stock_level(code)


class StockController(Controller):
    path = "/api/v1"
    tags = ["stock"]

    @post("/procurements", operation_id="record_procurement",
          responses=responses(400, 401, 403, 409, 422))
    async def record_procurement(
        self, data: JSONBody[RecordProcurement], actor: CurrentActor
    ) -> MovementOut:
        """Blanks delivered by the card maker to the national warehouse `00`."""
        return movement_out(await stock_actions.record_procurement(data, actor=actor))

    @post("/adjustments", operation_id="adjust_stock",
          responses=responses(400, 401, 403, 409, 422))
    async def adjust_stock(self, data: JSONBody[AdjustStock], actor: CurrentActor) -> MovementOut:
        return movement_out(await stock_actions.adjust_stock(data, actor=actor))

    @post("/movements/{movement_id:int}/reverse", operation_id="reverse_movement",
          responses=responses(400, 401, 403, 404, 409, 422))
    async def reverse_movement(
        self, movement_id: FromPath[int], data: JSONBody[ReverseMovement], actor: CurrentActor
    ) -> MovementOut:
        reversal = await stock_actions.reverse_movement(movement_id, data, actor=actor)
        return movement_out(reversal)

    @get("/stock", operation_id="list_stock", responses=responses(400, 401, 403, 404))
    async def list_stock(
        self, actor: CurrentActor, parent: RegionQuery, limit: Limit = 100, offset: Offset = 0
    ) -> StockPage:
        """One row per child region of `parent` with its on-hand and incoming."""
        readable(actor, parent)
        await regions.known(parent)
        rows, total = await regions.children(parent, limit=limit, offset=offset)
        return StockPage(items=await stock_levels([row.code for row in rows]), total=total)

    @get("/stock/{code:str}", operation_id="get_stock", responses=responses(401, 403, 404))
    async def get_stock(self, code: FromPath[str], actor: CurrentActor) -> StockLevel:
        return await read_stock_level(actor, code)

    @get("/stock/{code:str}/movements", operation_id="list_movements",
         responses=responses(400, 401, 403, 404))
    async def list_movements(
        self, code: FromPath[str], actor: CurrentActor,
        start: Annotated[date | None, QueryParameter(name="from")] = None,
        end: Annotated[date | None, QueryParameter(name="to")] = None,
        after_id: Annotated[int | None, QueryParameter(ge=0, le=MAX_ID,
                                                       description="keyset: ids after this")]
        = None,
        limit: Limit = 100, offset: Offset = 0,
    ) -> MovementPage:
        """The stock card, oldest first; `from`/`to` select by the day movements happened.
        Long cards page by key: `after_id` = the previous page's `next_after_id`."""
        readable(actor, code)
        check_period(start, end)
        await regions.known(code)
        rows, total = await stock.movements(
            code, start=start, end=end, limit=limit, offset=offset, after_id=after_id
        )
        return MovementPage(items=[movement_out(row) for row in rows], total=total,
                            next_after_id=rows[-1].id if len(rows) == limit else None)
