"""Shipment actions: plan, dispatch, receive, cancel — installments and transfers alike.

Dispatch takes the blanks out of the source's stock card (`transfer_out`); receipt puts the
good ones into the destination's (`receipt`). Serial ranges, when a shipment carries them,
follow the blanks: in transit on dispatch, in the destination's stock (or recorded damaged or
missing) on receipt.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import serials, shipments, stock, stock_requests
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import shipments as rules
from blanko_tracker.domain import stock_requests as request_rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput, NotFound
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.serials import Range, check_ranges, merge, size, subtract
from blanko_tracker.domain.shipments import ShipmentStatus
from blanko_tracker.schemas import CreateShipment, DispatchShipment, ReceiveShipment
from blanko_tracker.services.common import (
    audit_write,
    check_day,
    day_of,
    require_stock_region,
    utcnow,
)


async def create_shipment(cmd: CreateShipment, *, actor: Actor) -> ShipmentRow:
    """Plan a shipment (a promise the forecast counts on), or dispatch it at once."""
    authorize(actor, Action.SHIP, cmd.source)
    rules.check_route(cmd.source, cmd.destination, scope=actor.region)
    ranges = check_ranges(cmd.serial_ranges, cmd.quantity) if cmd.serial_ranges else []
    if cmd.expected_on is not None:
        check_day(cmd.expected_on, field="expected_on")
    now = utcnow()
    async with write_transaction():
        await require_stock_region(cmd.source, field="source")
        await require_stock_region(cmd.destination, field="destination")
        if cmd.request_id is not None:
            await _check_against_request(cmd)
        row = await shipments.insert(
            source=cmd.source, destination=cmd.destination, quantity=cmd.quantity,
            status=ShipmentStatus.PLANNED.value, request_id=cmd.request_id,
            installment=cmd.installment, expected_on=cmd.expected_on, note=cmd.note,
            created_at=now, created_by=actor.username,
        )
        await serials.attach_to_shipment(row.id, ranges)
        await audit_write(actor, "plan_shipment", target=row.reference,
                          region=cmd.destination,
                          detail={"source": cmd.source, "quantity": cmd.quantity,
                                  "request_id": cmd.request_id,
                                  "installment": cmd.installment}, now=now)
        if cmd.status == ShipmentStatus.DISPATCHED:
            row = await _dispatch(row, cmd.dispatched_on, actor=actor)
    return row


async def _check_against_request(cmd: CreateShipment) -> None:
    assert cmd.request_id is not None
    request = await stock_requests.get(cmd.request_id, lock=True)
    if request is None:
        raise InvalidInput("request_id", f"there is no request {cmd.request_id}",
                           rule="no_request", values={"request": str(cmd.request_id)})
    if (request.region, request.supplier) != (cmd.destination, cmd.source):
        raise InvalidInput("request_id", f"request {cmd.request_id} is for {request.region} "
                           f"from {request.supplier}, not this route",
                           rule="request_other_route", values={
                               "request": str(cmd.request_id), "region": request.region,
                               "supplier": request.supplier})
    totals = (await stock_requests.fulfilment([cmd.request_id]))[cmd.request_id]
    request_rules.check_shipment_for(
        cmd.request_id, request.status, request.approved_quantity,
        totals.received, totals.in_flight, cmd.quantity,
    )


async def _locked(shipment_id: int) -> ShipmentRow:
    row = await shipments.get(shipment_id, lock=True)
    if row is None:
        raise NotFound("shipment", shipment_id)
    return row


async def dispatch_shipment(
    shipment_id: int, cmd: DispatchShipment | None = None, *, actor: Actor
) -> ShipmentRow:
    """The blanks leave the source: out of its stock, in transit until received."""
    async with write_transaction():
        row = await _locked(shipment_id)
        authorize(actor, Action.SHIP, row.source)
        return await _dispatch(row, cmd.dispatched_on if cmd else None, actor=actor)


async def dispatch_within(row: ShipmentRow, on: date | None, *, actor: Actor) -> ShipmentRow:
    """Dispatch a planned shipment inside the caller's write transaction (a loan and its
    returns are shipments dispatched as they are created)."""
    return await _dispatch(row, on, actor=actor)


async def _dispatch(row: ShipmentRow, on: date | None, *, actor: Actor) -> ShipmentRow:
    rules.check_dispatch(row.id, row.status)
    now = utcnow()
    on = day_of(on, row.source, now, field="dispatched_on")
    movement = await stock.post(
        Movement(row.source, MovementKind.TRANSFER_OUT, -row.quantity, on,
                 reference=row.reference, note=f"to {row.destination}"),
        actor=actor.username, reason=row.purpose or None,  # a loan or its return, if either
    )
    await serials.move(
        await serials.of_shipment(row.id), holder=row.source, status="in_stock",
        to_region=row.destination, to_status="in_transit", on=on, shipment_id=row.id,
    )
    row = await shipments.update(row.id, status=ShipmentStatus.DISPATCHED.value,
                                 dispatched_at=now, dispatched_on=on)
    await audit_write(actor, "dispatch_shipment", target=row.reference,
                      region=row.source,
                      detail={"movement": movement.id, "quantity": row.quantity}, now=now)
    return row


async def receive_shipment(shipment_id: int, cmd: ReceiveShipment, *, actor: Actor
                           ) -> ShipmentRow:
    """Count what arrived: good blanks into stock, damaged and missing recorded, once."""
    now = utcnow()
    async with write_transaction():
        row = await _locked(shipment_id)
        authorize(actor, Action.RECEIVE, row.destination)
        missing = rules.missing_on_receipt(shipment_id, row.status,
                                           row.quantity, cmd.received, cmd.damaged)
        on = day_of(cmd.received_on, row.destination, now, field="received_on")
        if on < row.dispatched_on:
            raise InvalidInput("received_on", f"before the dispatch on {row.dispatched_on}",
                               rule="received_before_dispatch",
                               values={"dispatched_on": row.dispatched_on})
        if cmd.received:
            await stock.post(
                Movement(row.destination, MovementKind.RECEIPT, cmd.received, on,
                         reference=f"shipment:{shipment_id}", note=cmd.note),
                actor=actor.username, reason=row.purpose or None,
            )
        await _settle_serials(row, cmd, missing=missing, on=on)
        row = await shipments.update(
            shipment_id, status=ShipmentStatus.RECEIVED.value, received_at=now, received_on=on,
            received=cmd.received, damaged=cmd.damaged, missing=missing,
        )
        if row.request_id is not None:
            await _update_request(row.request_id)
        await audit_write(actor, "receive_shipment", target=f"shipment:{shipment_id}",
                          region=row.destination,
                          detail={"received": cmd.received, "damaged": cmd.damaged,
                                  "missing": missing, "received_on": on.isoformat()}, now=now)
    return row


async def _settle_serials(row: ShipmentRow, cmd: ReceiveShipment, *, missing: int,
                          on: date) -> None:
    """In-transit serials become the destination's stock, or damaged / missing as counted.

    Which serials were damaged or missing must be said when the shipment carries serials:
    custody of security items is not guessed.
    """
    carried = await serials.of_shipment(row.id)
    if not carried:
        return
    damaged = _named(cmd.damaged_ranges, cmd.damaged, "damaged_ranges")
    lost = _named(cmd.missing_ranges, missing, "missing_ranges")
    good = _remaining(carried, damaged + lost)
    destination = row.destination
    for ranges, status in ((good, "in_stock"), (damaged, "damaged"), (lost, "missing")):
        await serials.move(ranges, holder=destination, status="in_transit",
                           to_region=destination, to_status=status, on=on,
                           shipment_id=row.id)


def _named(ranges: list[tuple[int, int]] | None, count: int, field: str) -> list[Range]:
    if not count:
        if ranges:
            raise InvalidInput(field, "no blanks of this kind were counted",
                               rule="serials_without_count")
        return []
    if not ranges:
        raise InvalidInput(field, f"this shipment carries serials: name the {count} serials",
                           rule="serials_required", values={"count": count})
    return check_ranges(ranges, count, field=field)


def _remaining(carried: list[Range], taken: list[Range]) -> list[Range]:
    if size(merge(taken)) != size(taken):
        raise InvalidInput("damaged_ranges", "damaged and missing serials overlap",
                           rule="damaged_missing_overlap")
    return subtract(carried, taken)


async def _update_request(request_id: int) -> None:
    request = await stock_requests.get(request_id, lock=True)
    assert request is not None  # shipments only name existing requests
    received = (await stock_requests.fulfilment([request_id]))[request_id].received
    status = request_rules.status_after_receipt(
        request.status, request.approved_quantity, received
    )
    if status != request.status:
        await stock_requests.update(request_id, status=status.value)


async def cancel_shipment(shipment_id: int, *, actor: Actor) -> ShipmentRow:
    """Withdraw a planned shipment: nothing has moved, so nothing moves back."""
    now = utcnow()
    async with write_transaction():
        row = await _locked(shipment_id)
        authorize(actor, Action.SHIP, row.source)
        rules.check_cancel(shipment_id, row.status)
        row = await shipments.update(shipment_id, status=ShipmentStatus.CANCELLED.value)
        await audit_write(actor, "cancel_shipment", target=f"shipment:{shipment_id}",
                          region=row.destination, detail={}, now=now)
    return row
