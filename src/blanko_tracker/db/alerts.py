"""What needs acting on today: overdue shipments, requests left waiting."""

from __future__ import annotations

from datetime import date, datetime

from blanko_tracker.db.rows import under
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.db.stock_requests import StockRequestRow
from blanko_tracker.db.tables import Shipment, StockRequest


async def overdue_shipments(code: str, before: date) -> list[ShipmentRow]:
    """Dispatched, not received, expected before `before`, to a region at or under `code`."""
    query = Shipment.select().where(
        (Shipment.status == "dispatched") & Shipment.expected_on.is_not_null()
        & (Shipment.expected_on < before)
    )
    if code != "00":
        query = query.where(under(Shipment.destination, code))
    return [ShipmentRow.of(row) for row in await query.order_by(Shipment.expected_on)]


async def waiting_requests(code: str, before: datetime) -> list[StockRequestRow]:
    """Submitted before `before` and still undecided, from or to a region at or under `code`."""
    query = StockRequest.select().where(
        (StockRequest.status == "submitted") & (StockRequest.created_at < before)
    )
    if code != "00":
        query = query.where(under(StockRequest.region, code)
                            | under(StockRequest.supplier, code))
    return [StockRequestRow.of(row) for row in await query.order_by(StockRequest.created_at)]
