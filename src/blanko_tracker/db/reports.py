"""Queries of the monthly report: stock card sums by region, kind and reason, by day happened."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.tables import StockMovement


async def opening_balances(regions: list[str], first: date) -> dict[str, int]:
    if not regions:  # a district holds no stock (and Piccolo refuses an empty IN list)
        return {}
    rows = await StockMovement.select(
        StockMovement.region, Sum(StockMovement.quantity, alias="quantity")
    ).where(
        StockMovement.region.is_in(regions) & (StockMovement.occurred_on < first)
    ).group_by(StockMovement.region)
    return {row["region"]: row["quantity"] or 0 for row in rows}


async def month_movements(regions: list[str], first: date, last: date) -> list[dict[str, Any]]:
    """(region, kind, reason, quantity) summed over the month."""
    if not regions:
        return []
    return await StockMovement.select(
        StockMovement.region, StockMovement.kind, StockMovement.reason,
        Sum(StockMovement.quantity, alias="quantity"),
    ).where(
        StockMovement.region.is_in(regions) & (StockMovement.occurred_on >= first)
        & (StockMovement.occurred_on <= last)
    ).group_by(StockMovement.region, StockMovement.kind, StockMovement.reason)
