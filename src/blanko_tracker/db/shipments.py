"""Shipment queries."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.tables import Shipment


async def incoming_of(regions: list[str]) -> dict[str, tuple[int, int]]:
    """Per destination: (blanks dispatched to it and not yet received, blanks planned for it)."""
    if not regions:
        return {}
    rows = await Shipment.select(
        Shipment.destination, Shipment.status, Sum(Shipment.quantity, alias="quantity")
    ).where(
        Shipment.destination.is_in(regions) & Shipment.status.is_in(["dispatched", "planned"])
    ).group_by(Shipment.destination, Shipment.status)
    totals: dict[str, list[int]] = {}
    for row in rows:
        pair = totals.setdefault(row["destination"], [0, 0])
        pair[0 if row["status"] == "dispatched" else 1] += row["quantity"]
    return {region: (pair[0], pair[1]) for region, pair in totals.items()}
