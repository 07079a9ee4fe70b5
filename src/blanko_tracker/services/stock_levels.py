"""Stock levels: what a region's own warehouse holds, and the blanks on their way to it.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from blanko_tracker.db import shipments, stock
from blanko_tracker.schemas import StockLevel


async def stock_levels(codes: list[str]) -> list[StockLevel]:
    """Each region's own warehouse: on hand, and blanks dispatched / planned to it."""
    on_hand = await stock.on_hand_of(codes)
    incoming = await shipments.incoming_of(codes)
    return [
        StockLevel(
            region=code, on_hand=on_hand.get(code, 0),
            incoming_dispatched=incoming.get(code, (0, 0))[0],
            incoming_planned=incoming.get(code, (0, 0))[1],
        )
        for code in codes
    ]


async def stock_level(code: str) -> StockLevel:
    """`stock_levels` of one region, in one statement."""
    on_hand, dispatched, planned = await stock.level(code)
    return StockLevel(region=code, on_hand=on_hand, incoming_dispatched=dispatched,
                      incoming_planned=planned)
