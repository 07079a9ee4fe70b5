"""Printer queries: a regency's printers and the rated capacity of the active ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import by_id, under
from blanko_tracker.db.tables import Printer


@dataclass(frozen=True, slots=True)
class PrinterRow:
    id: int
    region: str
    name: str
    cards_per_day: int
    status: str  # active | broken | retired
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> PrinterRow:
        return cls(id=row["id"], region=row["region"], name=row["name"],
                   cards_per_day=row["cards_per_day"], status=row["status"],
                   updated_at=row["updated_at"], updated_by=row["updated_by"])


async def insert(*, region: str, name: str, cards_per_day: int, now: datetime, by: str
                 ) -> PrinterRow:
    return await rows.insert(Printer, PrinterRow, region=region, name=name,
                             cards_per_day=cards_per_day, status="active", updated_at=now,
                             updated_by=by)


async def get(printer_id: int, *, lock: bool = False) -> PrinterRow | None:
    return await by_id(Printer, PrinterRow, printer_id, lock=lock)


async def set_status(printer_id: int, status: str, *, now: datetime, by: str) -> PrinterRow:
    return await rows.update(Printer, PrinterRow, printer_id, status=status, updated_at=now,
                             updated_by=by)


async def listing(scope: str, *, limit: int, offset: int) -> tuple[list[PrinterRow], int]:
    """The printers at or under `scope`, by region then id."""
    query, count = Printer.select(), Printer.count()
    if (condition := under(Printer.region, scope)) is not None:
        query, count = query.where(condition), count.where(condition)
    found = await query.order_by(Printer.region).order_by(Printer.id).limit(limit).offset(offset)
    return [PrinterRow.of(row) for row in found], await count


async def capacity_of(scope: str) -> dict[str, int]:
    """Σ cards a day of the active printers of each regency at or under `scope` that has
    any printer on record (0 where none is active: a regency whose printers are all broken
    prints nothing)."""
    query = Printer.select(Printer.region, Printer.cards_per_day, Printer.status)
    if (condition := under(Printer.region, scope)) is not None:
        query = query.where(condition)
    found: dict[str, int] = {}
    for row in await query:
        found[row["region"]] = found.get(row["region"], 0) + (
            row["cards_per_day"] if row["status"] == "active" else 0)
    return found


async def active_count(region: str) -> int:
    """How many of a regency's printers are active now (the register keeps no history)."""
    return await Printer.count().where((Printer.region == region)
                                       & (Printer.status == "active"))
