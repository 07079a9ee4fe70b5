"""Request queries: the request rows and what their shipments delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Shipment, StockRequest
from blanko_tracker.domain.stock_requests import RequestStatus


@dataclass(frozen=True, slots=True)
class StockRequestRow:
    """A request as stored (*permintaan blanko*): a region asks its supplier for blanks."""

    id: int
    region: str
    supplier: str
    quantity: int
    approved_quantity: int | None
    status: RequestStatus
    needed_by: date | None
    note: str
    decision_note: str
    created_at: datetime
    created_by: str
    decided_at: datetime | None
    decided_by: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> StockRequestRow:
        return cls(
            id=row["id"], region=row["region"], supplier=row["supplier"],
            quantity=row["quantity"], approved_quantity=row["approved_quantity"],
            status=RequestStatus(row["status"]), needed_by=row["needed_by"], note=row["note"],
            decision_note=row["decision_note"], created_at=row["created_at"],
            created_by=row["created_by"], decided_at=row["decided_at"],
            decided_by=row["decided_by"],
        )


@dataclass(frozen=True, slots=True)
class Fulfilment:
    """What a request's shipments delivered so far."""

    received: int  # good blanks counted on receipt
    in_flight: int  # planned or dispatched, not yet received
    shipped: int  # every shipment not cancelled


async def get(request_id: int, *, lock: bool = False) -> StockRequestRow | None:
    return await rows.by_id(StockRequest, StockRequestRow, request_id, lock=lock)


async def insert(**values: Any) -> StockRequestRow:
    return await rows.insert(StockRequest, StockRequestRow, **values)


async def update(request_id: int, **values: Any) -> StockRequestRow:
    return await rows.update(StockRequest, StockRequestRow, request_id, **values)


async def fulfilment(request_ids: list[int]) -> dict[int, Fulfilment]:
    """Per request: what its shipments delivered (`Fulfilment`)."""
    totals = {rid: [0, 0, 0] for rid in request_ids}  # received, in flight, shipped
    if request_ids:
        found = await Shipment.select(
            Shipment.request_id, Shipment.status, Shipment.quantity, Shipment.received
        ).where(Shipment.request_id.is_in(request_ids) & (Shipment.status != "cancelled"))
        for row in found:
            total = totals[row["request_id"]]
            total[2] += row["quantity"]
            if row["status"] == "received":
                total[0] += row["received"] or 0
            else:
                total[1] += row["quantity"]
    return {rid: Fulfilment(received=received, in_flight=in_flight, shipped=shipped)
            for rid, (received, in_flight, shipped) in totals.items()}


async def listing(
    *, scope: str, region: str | None, status: str | None, limit: int, offset: int
) -> tuple[list[StockRequestRow], int]:
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
    return [StockRequestRow.of(row) for row in found], await count
