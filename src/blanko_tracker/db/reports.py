"""Queries of the monthly report: stock card sums by region, kind and reason, by day happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.tables import StockMovement
from blanko_tracker.domain.ledger import MovementKind


@dataclass(frozen=True, slots=True)
class MonthMovement:
    """A region's stock-card lines of one kind and reason, summed over a month (signed)."""

    region: str
    kind: MovementKind
    reason: str | None
    quantity: int


async def opening_balances(regions: list[str], first: date) -> dict[str, int]:
    if not regions:  # a district holds no stock (and Piccolo refuses an empty IN list)
        return {}
    rows = await StockMovement.select(
        StockMovement.region, Sum(StockMovement.quantity, alias="quantity")
    ).where(
        StockMovement.region.is_in(regions) & (StockMovement.occurred_on < first)
    ).group_by(StockMovement.region)
    return {row["region"]: row["quantity"] or 0 for row in rows}


async def month_movements(regions: list[str], first: date, last: date
                          ) -> list[MonthMovement]:
    if not regions:
        return []
    rows = await StockMovement.select(
        StockMovement.region, StockMovement.kind, StockMovement.reason,
        Sum(StockMovement.quantity, alias="quantity"),
    ).where(
        StockMovement.region.is_in(regions) & (StockMovement.occurred_on >= first)
        & (StockMovement.occurred_on <= last)
    ).group_by(StockMovement.region, StockMovement.kind, StockMovement.reason)
    return [MonthMovement(region=row["region"], kind=MovementKind(row["kind"]),
                          reason=row["reason"], quantity=row["quantity"] or 0) for row in rows]
