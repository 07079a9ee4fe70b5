"""Request queries: the request rows and what their shipments delivered."""

from __future__ import annotations

from typing import Any

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.tables import MAX_ID, Shipment, StockRequest


async def get(request_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    if not 0 < request_id <= MAX_ID:
        return None
    query = StockRequest.select().where(StockRequest.id == request_id)
    if lock and not is_sqlite():
        query = query.lock_rows()
    return await query.first()


async def insert(**values: Any) -> dict[str, Any]:
    rows = await StockRequest.insert(StockRequest(**values)).returning(
        *StockRequest.all_columns()
    )
    return rows[0]


async def update(request_id: int, **values: Any) -> dict[str, Any]:
    changes = {getattr(StockRequest, name): value for name, value in values.items()}
    rows = await StockRequest.update(changes).where(StockRequest.id == request_id).returning(
        *StockRequest.all_columns()
    )
    return rows[0]


async def fulfilment(request_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per request: good blanks `received`, blanks `in_flight` (planned or dispatched) and
    `shipped` (every shipment not cancelled)."""
    totals = {rid: {"received": 0, "in_flight": 0, "shipped": 0} for rid in request_ids}
    if not request_ids:
        return totals
    rows = await Shipment.select(
        Shipment.request_id, Shipment.status, Shipment.quantity, Shipment.received
    ).where(Shipment.request_id.is_in(request_ids) & (Shipment.status != "cancelled"))
    for row in rows:
        total = totals[row["request_id"]]
        total["shipped"] += row["quantity"]
        if row["status"] == "received":
            total["received"] += row["received"] or 0
        else:
            total["in_flight"] += row["quantity"]
    return totals


async def listing(
    *, scope: str, region: str | None, status: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Requests of `region` (default: the scope) and everything under it, newest first."""
    root = region or scope
    query = StockRequest.select()
    count = StockRequest.count()
    conditions = []
    if root != "00":
        conditions.append((StockRequest.region == root) | StockRequest.region.like(f"{root}.%"))
    if status:
        conditions.append(StockRequest.status == status)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(StockRequest.id, ascending=False).limit(limit).offset(offset)
    return rows, await count
