"""Shipments: blanks moving between two regions, the ministry's installments and a province's
transfers alike.

`planned → dispatched → received`, `planned → cancelled`. Dispatch takes the blanks out of the
source (they are in transit); receipt puts the good ones into the destination and records the
damaged and missing rest, so received + damaged + missing == quantity, always. A shipment is
received at most once.
"""

from __future__ import annotations

from enum import StrEnum

from blanko_tracker.domain.errors import (
    AlreadyReceived,
    InvalidInput,
    InvalidState,
    QuantityMismatch,
)
from blanko_tracker.domain.regions import within


class ShipmentStatus(StrEnum):
    PLANNED = "planned"
    DISPATCHED = "dispatched"
    RECEIVED = "received"
    CANCELLED = "cancelled"


def check_route(source: str, destination: str, *, scope: str) -> None:
    """Blanks move between two different regions, both inside the shipper's scope."""
    if source == destination:
        raise InvalidInput("destination", "a shipment goes to another region than its source",
                           rule="shipment_to_itself")
    if not within(scope, destination):
        raise InvalidInput("destination", f"{destination} is outside your scope ({scope})",
                           rule="destination_out_of_scope",
                           values={"destination": destination, "scope": scope})


def check_dispatch(shipment_id: int, status: ShipmentStatus) -> None:
    if status != ShipmentStatus.PLANNED:
        raise InvalidState(f"Shipment {shipment_id} is {status.value}; only a planned one is "
                           "dispatched.", rule="dispatch_needs_planned",
                           values={"shipment": str(shipment_id), "status": status.value})


def check_cancel(shipment_id: int, status: ShipmentStatus) -> None:
    if status != ShipmentStatus.PLANNED:
        raise InvalidState(f"Shipment {shipment_id} is {status.value}; only a planned one can be "
                           "cancelled.", rule="cancel_needs_planned",
                           values={"shipment": str(shipment_id), "status": status.value})


def missing_on_receipt(
    shipment_id: int, status: ShipmentStatus, quantity: int, received: int, damaged: int
) -> int:
    """How many blanks never arrived; refuses a second receipt or counts that exceed the load."""
    if status == ShipmentStatus.RECEIVED:
        raise AlreadyReceived(f"Shipment {shipment_id} has already been received.",
                              rule="already_received", values={"shipment": str(shipment_id)})
    if status != ShipmentStatus.DISPATCHED:
        raise InvalidState(f"Shipment {shipment_id} is {status.value}; only a dispatched one can "
                           "be received.", rule="receipt_needs_dispatched",
                           values={"shipment": str(shipment_id), "status": status.value})
    missing = quantity - received - damaged
    if missing < 0:
        raise QuantityMismatch(
            f"Received {received} + damaged {damaged} is more than the {quantity} shipped.",
            rule="received_exceeds_shipped",
            values={"received": received, "damaged": damaged, "shipped": quantity})
    return missing
