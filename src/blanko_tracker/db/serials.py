"""Serial custody rows: which region held which range of serials, from when until when."""

from __future__ import annotations

from datetime import date
from typing import Any

from blanko_tracker.db.tables import SerialCustody
from blanko_tracker.domain.serials import Range

VOID = "void"  # custody opened by a movement that was later reversed: never really held


async def overlapping(ranges: list[Range]) -> list[dict[str, Any]]:
    """Any custody row, past or present (not voided), sharing a serial with `ranges`."""
    found: list[dict[str, Any]] = []
    for first, last in ranges:
        found += await SerialCustody.select().where(
            (SerialCustody.first_serial <= last)
            & (SerialCustody.last_serial >= first)
            & (SerialCustody.status != VOID)
        ).limit(1)
    return found


async def hold(
    ranges: list[Range], *, region: str, status: str, on: date,
    movement_id: int | None = None, shipment_id: int | None = None,
) -> None:
    """Open custody of `ranges` by `region` from `on`."""
    if not ranges:
        return
    await SerialCustody.insert(
        *[
            SerialCustody(
                first_serial=first, last_serial=last, region=region, status=status,
                since=on, valid_from=on, movement_id=movement_id, shipment_id=shipment_id,
            )
            for first, last in ranges
        ]
    )


async def still_held_as_received(movement_id: int) -> bool:
    """True when every range that came with the movement is still held, unsplit, in stock."""
    rows = await SerialCustody.select(SerialCustody.valid_to, SerialCustody.status).where(
        SerialCustody.movement_id == movement_id
    )
    return all(row["valid_to"] is None and row["status"] == "in_stock" for row in rows)


async def void_for_movement(movement_id: int, *, on: date) -> None:
    """Close the custody a reversed movement opened: those serials were never really here."""
    await SerialCustody.update({SerialCustody.valid_to: on, SerialCustody.status: VOID}).where(
        (SerialCustody.movement_id == movement_id) & SerialCustody.valid_to.is_null()
    )
