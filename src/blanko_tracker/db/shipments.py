"""Shipment queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Shipment
from blanko_tracker.domain.regions import within
from blanko_tracker.domain.shipments import ShipmentStatus


@dataclass(frozen=True, slots=True)
class ShipmentRow:
    """A shipment as stored: an installment or a transfer between two regions, with what
    its receipt counted."""

    id: int
    source: str
    destination: str
    quantity: int
    status: ShipmentStatus
    request_id: int | None  # the request it answers, if any
    installment: int | None
    expected_on: date | None
    note: str
    created_at: datetime
    created_by: str
    dispatched_at: datetime | None
    dispatched_on: date | None
    received_at: datetime | None
    received_on: date | None
    received: int | None  # good blanks counted on receipt
    damaged: int | None
    missing: int | None
    loan_id: int | None = None  # the loan it lends (purpose "loan") or repays ("loan_return")
    purpose: str = ""  # "" | "loan" | "loan_return"

    @property
    def reference(self) -> str:
        """How its stock-card lines and audit entries name it."""
        return f"shipment:{self.id}"

    @classmethod
    def of(cls, row: dict[str, Any]) -> ShipmentRow:
        return cls(
            id=row["id"], source=row["source"], destination=row["destination"],
            quantity=row["quantity"], status=ShipmentStatus(row["status"]),
            request_id=row["request_id"], installment=row["installment"],
            expected_on=row["expected_on"], note=row["note"], created_at=row["created_at"],
            created_by=row["created_by"], dispatched_at=row["dispatched_at"],
            dispatched_on=row["dispatched_on"], received_at=row["received_at"],
            received_on=row["received_on"], received=row["received"], damaged=row["damaged"],
            missing=row["missing"], loan_id=row.get("loan_id"),
            purpose=row.get("purpose") or "",
        )


@dataclass(frozen=True, slots=True)
class OpenShipment:
    """Blanks planned or dispatched to a region and not yet received."""

    source: str
    destination: str
    quantity: int
    status: str = "dispatched"  # or "planned": not on the road yet


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


async def get(shipment_id: int, *, lock: bool = False) -> ShipmentRow | None:
    return await rows.by_id(Shipment, ShipmentRow, shipment_id, lock=lock)


async def insert(**values: Any) -> ShipmentRow:
    return await rows.insert(Shipment, ShipmentRow, **values)


async def update(shipment_id: int, **values: Any) -> ShipmentRow:
    return await rows.update(Shipment, ShipmentRow, shipment_id, **values)


async def listing(
    *, scope: str, source: str | None, destination: str | None, status: str | None,
    limit: int, offset: int,
) -> tuple[list[ShipmentRow], int]:
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
    return [ShipmentRow.of(row) for row in found], await count


def touches(scope: str, row: ShipmentRow) -> bool:
    return within(scope, row.source) or within(scope, row.destination)


async def planned_out_of(source: str) -> int:
    """Blanks promised by planned (not yet dispatched) shipments out of `source`."""
    row = await Shipment.select(Sum(Shipment.quantity, alias="total")).where(
        (Shipment.source == source) & (Shipment.status == "planned")).first()
    return int(row["total"] or 0) if row else 0


async def open_into(code: str) -> list[OpenShipment]:
    """Planned and dispatched shipments to regions at or under `code`."""
    query = Shipment.select(Shipment.source, Shipment.destination, Shipment.quantity,
                            Shipment.status).where(
        Shipment.status.is_in(["dispatched", "planned"]))
    if (condition := under(Shipment.destination, code)) is not None:
        query = query.where(condition)
    return [OpenShipment(source=row["source"], destination=row["destination"],
                         quantity=row["quantity"], status=row["status"])
            for row in await query]
