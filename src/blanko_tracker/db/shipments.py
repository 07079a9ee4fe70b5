"""Shipment queries."""

from __future__ import annotations

from typing import Any

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Shipment
from blanko_tracker.domain.regions import within


async def incoming_of(regions: list[str]) -> dict[str, tuple[int, int]]:
    """Per destination: (blanks dispatched to it and not yet received, blanks planned for it)."""
    if not regions:
        return {}
    found = await Shipment.select(
        Shipment.destination, Shipment.status, Sum(Shipment.quantity, alias="quantity")
    ).where(
        Shipment.destination.is_in(regions) & Shipment.status.is_in(["dispatched", "planned"])
    ).group_by(Shipment.destination, Shipment.status)
    totals: dict[str, list[int]] = {}
    for row in found:
        pair = totals.setdefault(row["destination"], [0, 0])
        pair[0 if row["status"] == "dispatched" else 1] += row["quantity"]
    return {region: (pair[0], pair[1]) for region, pair in totals.items()}


async def get(shipment_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    return await rows.by_id(Shipment, shipment_id, lock=lock)


async def insert(**values: Any) -> dict[str, Any]:
    return await rows.insert(Shipment, **values)


async def update(shipment_id: int, **values: Any) -> dict[str, Any]:
    return await rows.update(Shipment, shipment_id, **values)


async def for_request(request_id: int) -> list[dict[str, Any]]:
    return await Shipment.select().where(Shipment.request_id == request_id)


async def listing(
    *, scope: str, source: str | None, destination: str | None, status: str | None,
    limit: int, offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """Shipments touching `scope` (from or to it), newest first, with the total."""
    query = Shipment.select()
    count = Shipment.count()
    conditions = []
    if scope != "00":
        conditions.append(under(Shipment.source, scope) | under(Shipment.destination, scope))
    if source:
        conditions.append(Shipment.source == source)
    if destination:
        conditions.append(Shipment.destination == destination)
    if status:
        conditions.append(Shipment.status == status)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(Shipment.id, ascending=False).limit(limit).offset(offset)
    return found, await count


def touches(scope: str, row: dict[str, Any]) -> bool:
    return within(scope, row["source"]) or within(scope, row["destination"])




async def open_into(code: str) -> list[dict[str, Any]]:
    """Planned and dispatched shipments to regions at or under `code`."""
    query = Shipment.select(Shipment.source, Shipment.destination, Shipment.status,
                            Shipment.quantity).where(
        Shipment.status.is_in(["dispatched", "planned"]))
    if (condition := under(Shipment.destination, code)) is not None:
        query = query.where(condition)
    return await query
