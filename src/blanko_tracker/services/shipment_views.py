"""Shipments as the API and the pages show them: each with the serial ranges it carries.

Reads own no transaction and write nothing; `visible_shipment` checks that the reader may
see the shipment, the others leave that to the caller.
"""

from __future__ import annotations

from blanko_tracker.db import serials, shipments
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import NotFound, OutOfScope
from blanko_tracker.schemas import ShipmentOut
from blanko_tracker.services.wire import shipment_out


async def shipment_views(rows: list[ShipmentRow]) -> list[ShipmentOut]:
    ranges = await serials.of_shipments([row.id for row in rows])
    return [shipment_out(row, ranges.get(row.id, [])) for row in rows]


async def shipment_view(row: ShipmentRow) -> ShipmentOut:
    return (await shipment_views([row]))[0]


async def visible_shipment(shipment_id: int, actor: Actor) -> ShipmentOut:
    """A shipment from or to the caller's scope (403 otherwise, 404 if there is none)."""
    row = await shipments.get(shipment_id)
    if row is None:
        raise NotFound("shipment", shipment_id)
    if not shipments.touches(actor.region, row):
        raise OutOfScope(actor.region, row.destination)
    return await shipment_view(row)
