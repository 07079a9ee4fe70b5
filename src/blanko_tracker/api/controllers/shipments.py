"""Shipments (installments and transfers alike) and where each serial was."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from blanko_tracker.api.guards import readable
from blanko_tracker.api.openapi import OptionalBody
from blanko_tracker.api.params import (
    CurrentActor,
    Limit,
    Offset,
    OptionalRegionQuery,
)
from blanko_tracker.api.problems import responses
from blanko_tracker.db import serials, shipments
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.domain.regions import local_date
from blanko_tracker.domain.shipments import ShipmentStatus
from blanko_tracker.schemas import (
    CreateShipment,
    DispatchShipment,
    ReceiveShipment,
    SerialLocation,
    ShipmentOut,
    ShipmentPage,
)
from blanko_tracker.services import shipments as actions
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.shipment_views import (
    shipment_view,
    shipment_views,
    visible_shipment,
)
from blanko_tracker.services.wire import serial_location

MAX_SERIAL = 2**63 - 1


class ShipmentController(Controller):
    path = "/api/v1/shipments"
    tags = ["shipments"]

    @post("/", operation_id="create_shipment", responses=responses(400, 401, 403, 409, 422))
    async def create_shipment(self, data: JSONBody[CreateShipment], actor: CurrentActor
                              ) -> ShipmentOut:
        """Plan a shipment, or create it `dispatched` to take the blanks out at once."""
        return await shipment_view(await actions.create_shipment(data, actor=actor))

    @post("/{shipment_id:int}/dispatch", operation_id="dispatch_shipment", status_code=200,
          responses=responses(401, 403, 404, 409), operation_class=OptionalBody)
    async def dispatch_shipment(
        self, shipment_id: FromPath[int], actor: CurrentActor,
        data: JSONBody[DispatchShipment | None] = None,
    ) -> ShipmentOut:
        """Take the blanks out of the source (409 `insufficient_stock` if it lacks them)."""
        row = await actions.dispatch_shipment(shipment_id, data, actor=actor)
        return await shipment_view(row)

    @post("/{shipment_id:int}/receive", operation_id="receive_shipment", status_code=200,
          responses=responses(400, 401, 403, 404, 409, 422))
    async def receive_shipment(self, shipment_id: FromPath[int], data: JSONBody[ReceiveShipment],
                               actor: CurrentActor) -> ShipmentOut:
        row = await actions.receive_shipment(shipment_id, data, actor=actor)
        return await shipment_view(row)

    @post("/{shipment_id:int}/cancel", operation_id="cancel_shipment", status_code=200,
          responses=responses(401, 403, 404, 409))
    async def cancel_shipment(self, shipment_id: FromPath[int], actor: CurrentActor
                              ) -> ShipmentOut:
        return await shipment_view(await actions.cancel_shipment(shipment_id, actor=actor))

    @get("/", operation_id="list_shipments", responses=responses(400, 401, 403))
    async def list_shipments(
        self, actor: CurrentActor, source: OptionalRegionQuery = None,
        destination: OptionalRegionQuery = None,
        status: FromQuery[ShipmentStatus | None] = None, limit: Limit = 100, offset: Offset = 0,
    ) -> ShipmentPage:
        """Shipments from or to your scope, newest first. A `destination` outside your scope is
        403: blanks only move down a subtree, so none of its shipments can be yours to see."""
        if destination is not None:
            readable(actor, destination)
        rows, total = await shipments.listing(
            scope=actor.region, source=source, destination=destination,
            status=status.value if status else None, limit=limit, offset=offset,
        )
        return ShipmentPage(items=await shipment_views(rows), total=total)

    @get("/{shipment_id:int}", operation_id="get_shipment", responses=responses(401, 403, 404))
    async def get_shipment(self, shipment_id: FromPath[int], actor: CurrentActor) -> ShipmentOut:
        return await visible_shipment(shipment_id, actor)


@get("/api/v1/serials/{serial:int}", operation_id="locate_serial", tags=["shipments"],
     responses=responses(400, 401, 403, 404))
async def locate_serial(
    serial: FromPath[int], actor: CurrentActor, on: FromQuery[date | None] = None
) -> SerialLocation:
    """Which region held blank `serial` on day `on` (today when omitted), and in what state."""
    day = on or local_date(actor.region, utcnow())
    if not 0 <= serial <= MAX_SERIAL:  # beyond the column's 64 bits a serial names nothing
        raise NotFound("serial", serial)
    row = await serials.where_was(serial, day)
    if row is None:
        raise NotFound("serial", f"{serial} on record on {day}")
    readable(actor, row.region)
    return serial_location(serial, row)
