"""Stock actions: procurements into the national warehouse, adjustments, reversals.

A balance changes only when a movement is posted (`db.stock.post`), inside the action's
write transaction, with its audit entry.
"""

from __future__ import annotations

from blanko_tracker.db import serials, stock
from blanko_tracker.db.stock import MovementRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import ledger
from blanko_tracker.domain.access import (
    Action,
    Actor,
    Role,
    authorize,
    authorize_undo,
    may_at_all,
)
from blanko_tracker.domain.errors import (
    InvalidInput,
    InvalidState,
    NotFound,
    NotPermitted,
    OutOfScope,
    SerialConflict,
)
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.regions import NATIONAL, local_date
from blanko_tracker.domain.serials import check_ranges
from blanko_tracker.schemas import AdjustStock, RecordProcurement, ReverseMovement
from blanko_tracker.services import printing
from blanko_tracker.services.common import (
    audit_write,
    day_of,
    require_stock_region,
    utcnow,
)


async def record_procurement(cmd: RecordProcurement, *, actor: Actor) -> MovementRow:
    """Blanks from the card maker, serials optional: the ministry's (`apbn`) arrive at the
    national warehouse `00`; a region's own purchase (`apbd`, *blangko mandiri*) arrives at
    that region, recorded by its own warehouse staff or an admin. The stock-card line carries
    the funding as its `reason`."""
    region = cmd.region
    if cmd.funding == "apbn":
        authorize(actor, Action.PROCURE, NATIONAL)
        if region != NATIONAL:
            raise InvalidInput("region", f"an APBN procurement arrives at 00, not {region}",
                               rule="apbn_at_national", values={"region": region})
    else:
        authorize(actor, Action.PROCURE_REGIONAL, region)
        if actor.role is Role.WAREHOUSE_STAFF and actor.region != region:
            raise OutOfScope(actor.region, region)  # a region's budget buys for itself
        if region == NATIONAL:
            raise InvalidInput("region", "an APBD purchase is recorded at the region that "
                               "bought it, not at 00", rule="apbd_at_region")
    ranges = check_ranges(cmd.serial_ranges, cmd.quantity) if cmd.serial_ranges else []
    now = utcnow()
    on = day_of(cmd.on, region, now, field="on")
    async with write_transaction():
        if region != NATIONAL:
            await require_stock_region(region)
        # Lock first: two procurements racing with the same serials must not both see none.
        await stock.lock_balance(region)
        if clash := await serials.overlapping(ranges):
            held = clash[0]
            raise SerialConflict(
                f"Serials {held.first_serial}–{held.last_serial} are already on record "
                f"(held by {held.region} since {held.since}).", rule="serials_on_record",
                values={"first": str(held.first_serial), "last": str(held.last_serial),
                        "region": held.region, "since": held.since})
        movement = await stock.post(
            Movement(region, MovementKind.PROCUREMENT, cmd.quantity, on,
                     reference="procurement", note=cmd.note),
            actor=actor.username, reason=cmd.funding,
        )
        await serials.hold(ranges, region=region, status="in_stock", on=on,
                           movement_id=movement.id)
        await audit_write(
            actor, "record_procurement", target=f"movement:{movement.id}", region=region,
            detail={"quantity": cmd.quantity, "funding": cmd.funding,
                    "serial_ranges": [list(r) for r in ranges]},
            now=now,
        )
    return movement


async def adjust_stock(cmd: AdjustStock, *, actor: Actor) -> MovementRow:
    """A counted correction, a loss, storage damage or a find, with its reason."""
    authorize(actor, Action.ADJUST, cmd.region)
    ledger.check_adjustment(cmd.quantity, cmd.reason)
    now = utcnow()
    async with write_transaction():
        await require_stock_region(cmd.region)
        on = day_of(cmd.on, cmd.region, now, field="on")
        movement = await stock.post(
            Movement(cmd.region, MovementKind.ADJUSTMENT, cmd.quantity, on,
                     reference=f"adjustment:{cmd.reason.value}", note=cmd.note),
            actor=actor.username, reason=cmd.reason.value,
        )
        await audit_write(
            actor, "adjust_stock", target=f"movement:{movement.id}", region=cmd.region,
            detail={"quantity": cmd.quantity, "reason": cmd.reason.value, "note": cmd.note},
            now=now,
        )
    return movement


async def reverse_movement(
    movement_id: int, cmd: ReverseMovement, *, actor: Actor
) -> MovementRow:
    """Mend a mistaken procurement or adjustment with a movement that cancels it, once."""
    if not any(may_at_all(actor, right) for right in (
            Action.ADJUST, Action.PROCURE, Action.PROCURE_REGIONAL)):
        raise NotPermitted(actor.role.value, Action.ADJUST.value)  # before revealing any id
    now = utcnow()
    async with write_transaction():
        original = await stock.get_movement(movement_id)
        if original is None:
            raise NotFound("movement", movement_id)
        if original.kind == MovementKind.ADJUSTMENT:
            # A counted correction is undone by who entered it or their supervisor
            # (domain.access.authorize_undo), as print runs and recordings are.
            authorize_undo(actor, Action.ADJUST, original.region,
                           await printing.entrant(original.actor))
        else:
            authorize(actor, _procure_right(original.reason)
                      if original.kind == MovementKind.PROCUREMENT else Action.ADJUST,
                      original.region)
        await stock.lock_balance(original.region)  # serialises rival reversals
        quantity = ledger.reversal_of(
            movement_id, original.kind, original.quantity,
            already_reversed=await stock.is_reversed(movement_id),
        )
        if not await serials.still_held_as_received(movement_id):
            raise InvalidState(
                f"Some serials of movement {movement_id} have moved on; it cannot be reversed.",
                rule="serials_moved_on", values={"movement": str(movement_id)})
        reversal = await stock.post(
            Movement(original.region, MovementKind.REVERSAL, quantity,
                     local_date(original.region, now),
                     reference=f"movement:{movement_id}", reverses=movement_id, note=cmd.note),
            actor=actor.username,
        )
        await serials.void_for_movement(movement_id, on=local_date(original.region, now))
        await audit_write(
            actor, "reverse_movement", target=f"movement:{reversal.id}",
            region=original.region,
            detail={"reverses": movement_id, "quantity": quantity, "note": cmd.note}, now=now,
        )
    return reversal


def _procure_right(funding: str | None) -> Action:
    """Who may undo a procurement: the ministry its own, a region's staff their purchase."""
    return Action.PROCURE_REGIONAL if funding == "apbd" else Action.PROCURE
