"""Request queries: the request rows and what their shipments delivered."""

from __future__ import annotations

from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Shipment, StockRequest


async def get(request_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    return await rows.by_id(StockRequest, request_id, lock=lock)


async def insert(**values: Any) -> dict[str, Any]:
    return await rows.insert(StockRequest, **values)


async def update(request_id: int, **values: Any) -> dict[str, Any]:
    return await rows.update(StockRequest, request_id, **values)


async def fulfilment(request_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per request: good blanks `received`, blanks `in_flight` (planned or dispatched) and
    `shipped` (every shipment not cancelled)."""
    totals = {rid: {"received": 0, "in_flight": 0, "shipped": 0} for rid in request_ids}
    if not request_ids:
        return totals
    found = await Shipment.select(
        Shipment.request_id, Shipment.status, Shipment.quantity, Shipment.received
    ).where(Shipment.request_id.is_in(request_ids) & (Shipment.status != "cancelled"))
    for row in found:
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
    if (condition := under(StockRequest.region, root)) is not None:
        conditions.append(condition)
    if status:
        conditions.append(StockRequest.status == status)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(StockRequest.id, ascending=False).limit(limit).offset(offset)
    return found, await count
