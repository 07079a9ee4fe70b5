"""Serial custody rows: which region held which range of serials, from when until when.

A row is open (`valid_to` null) while its region still holds the range in that status. When
part of a range moves, the row is closed on that day and replaced by the pieces left behind
(keeping their `since`) and a row for the part that moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from blanko_tracker.db.tables import SerialCustody, ShipmentRange
from blanko_tracker.domain import serials
from blanko_tracker.domain.errors import SerialConflict
from blanko_tracker.domain.serials import Range

VOID = "void"  # custody opened by a movement that was later reversed: never really held


@dataclass(frozen=True, slots=True)
class CustodyRow:
    """A region's custody of serials first_serial..last_serial in one status, from
    `valid_from` until `valid_to` (None: still so); `since` is when the region got them."""

    id: int
    first_serial: int
    last_serial: int
    region: str
    status: str  # in_stock | in_transit | used | spoiled | damaged | missing | void
    since: date
    valid_from: date
    valid_to: date | None
    movement_id: int | None  # the movement that brought them in, if any
    shipment_id: int | None  # the shipment that carried them, if any

    @property
    def range(self) -> Range:
        return (self.first_serial, self.last_serial)

    @classmethod
    def of(cls, row: dict[str, Any]) -> CustodyRow:
        return cls(id=row["id"], first_serial=row["first_serial"],
                   last_serial=row["last_serial"], region=row["region"], status=row["status"],
                   since=row["since"], valid_from=row["valid_from"], valid_to=row["valid_to"],
                   movement_id=row["movement_id"], shipment_id=row["shipment_id"])


async def overlapping(ranges: list[Range]) -> list[CustodyRow]:
    """Any custody row, past or present (not voided), sharing a serial with `ranges`."""
    found: list[CustodyRow] = []
    for first, last in ranges:
        found += [CustodyRow.of(row) for row in await SerialCustody.select().where(
            (SerialCustody.first_serial <= last)
            & (SerialCustody.last_serial >= first)
            & (SerialCustody.status != VOID)
        ).limit(1)]
    return found


async def hold(
    ranges: list[Range], *, region: str, status: str, on: date,
    movement_id: int | None = None, shipment_id: int | None = None,
    since: dict[Range, date] | None = None,
) -> None:
    """Open custody of `ranges` by `region` from `on` (`since` keeps older start days)."""
    if not ranges:
        return
    await SerialCustody.insert(
        *[
            SerialCustody(
                first_serial=first, last_serial=last, region=region, status=status,
                since=(since or {}).get((first, last), on), valid_from=on,
                movement_id=movement_id, shipment_id=shipment_id,
            )
            for first, last in ranges
        ]
    )


async def move(
    ranges: list[Range], *, holder: str, status: str, to_region: str, to_status: str, on: date,
    shipment_id: int | None = None,
) -> None:
    """Hand `ranges`, all held by `holder` in `status`, to `to_region` in `to_status` on `on`.

    SerialConflict (nothing written) if any of them is not held so. A handful of statements
    whatever the number of ranges: one read, one update, two inserts.
    """
    if not ranges:
        return
    rows = await _open_rows_touching(ranges, region=holder, status=status)
    held = [(row.id, row.range) for row in rows]
    touched, left = serials.carve(held, ranges, holder=holder)
    if late := [row for row in rows if row.id in touched and row.valid_from > on]:
        raise SerialConflict(
            f"Serials {late[0].first_serial}–{late[0].last_serial} reached {holder} on "
            f"{late[0].valid_from}; they cannot move on {on}, before that.",
            rule="serials_moved_too_early",
            values={"first": str(late[0].first_serial), "last": str(late[0].last_serial),
                    "region": holder, "reached": late[0].valid_from, "on": on})
    since_of = {row.id: row.since for row in rows}
    await SerialCustody.update({SerialCustody.valid_to: on}).where(
        SerialCustody.id.is_in(touched)
    )
    await hold([piece for _, piece in left], region=holder, status=status, on=on,
               since={piece: since_of[key] for key, piece in left})
    await hold(serials.merge(ranges), region=to_region, status=to_status, on=on,
               shipment_id=shipment_id)


async def _open_rows_touching(ranges: list[Range], *, region: str, status: str
                              ) -> list[CustodyRow]:
    """Open rows of `region` in `status` sharing a serial with `ranges`: one query over their
    whole span, then the exact overlap in Python."""
    merged = serials.merge(ranges)
    span = await SerialCustody.select().where(
        (SerialCustody.region == region)
        & (SerialCustody.status == status)
        & SerialCustody.valid_to.is_null()
        & (SerialCustody.first_serial <= merged[-1][1])
        & (SerialCustody.last_serial >= merged[0][0])
    )
    return [CustodyRow.of(row) for row in span
            if any(serials.overlap((row["first_serial"], row["last_serial"]), r)
                   for r in merged)]


async def where_was(serial: int, on: date) -> CustodyRow | None:
    """The custody row covering `serial` on day `on` (the latest of that day), if any.

    No ORDER BY … LIMIT: PostgreSQL would walk the primary key backwards through the whole
    table for it; a serial's history is a few rows, picked here instead.
    """
    found = await SerialCustody.select().where(
        (SerialCustody.first_serial <= serial)
        & (SerialCustody.last_serial >= serial)
        & (SerialCustody.valid_from <= on)
        & (SerialCustody.valid_to.is_null() | (SerialCustody.valid_to > on))
        & (SerialCustody.status != VOID)
    )
    return CustodyRow.of(max(found, key=lambda row: row["id"])) if found else None


async def still_held_as_received(movement_id: int) -> bool:
    """True when every range that came with the movement is still held, unsplit, in stock."""
    rows = await SerialCustody.select(SerialCustody.valid_to, SerialCustody.status).where(
        SerialCustody.movement_id == movement_id
    )
    return all(row["valid_to"] is None and row["status"] == "in_stock" for row in rows)


async def void_for_movement(movement_id: int, *, on: date) -> None:
    """Close the custody a reversed movement opened: those serials were never really held."""
    await SerialCustody.update({SerialCustody.valid_to: on, SerialCustody.status: VOID}).where(
        (SerialCustody.movement_id == movement_id) & SerialCustody.valid_to.is_null()
    )


async def attach_to_shipment(shipment_id: int, ranges: list[Range]) -> None:
    if ranges:
        await ShipmentRange.insert(
            *[ShipmentRange(shipment_id=shipment_id, first_serial=first, last_serial=last)
              for first, last in ranges]
        )


async def of_shipment(shipment_id: int) -> list[Range]:
    rows = await ShipmentRange.select().where(ShipmentRange.shipment_id == shipment_id).order_by(
        ShipmentRange.first_serial
    )
    return [(row["first_serial"], row["last_serial"]) for row in rows]


async def of_shipments(shipment_ids: list[int]) -> dict[int, list[Range]]:
    if not shipment_ids:
        return {}
    rows = await ShipmentRange.select().where(
        ShipmentRange.shipment_id.is_in(shipment_ids)
    ).order_by(ShipmentRange.first_serial)
    found: dict[int, list[Range]] = {}
    for row in rows:
        found.setdefault(row["shipment_id"], []).append((row["first_serial"], row["last_serial"]))
    return found
