"""Print run queries: the run's own row, and the runs of a region for the stock pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import PrintRun


@dataclass(frozen=True, slots=True)
class PrintRunRow:
    """A print run as stored: one operator's report for a regency and day."""

    id: int
    region: str
    run_on: date
    printed: int
    spoiled: int
    spoiled_reason: str | None
    station: str
    note: str
    created_at: datetime
    created_by: str

    @property
    def reference(self) -> str:
        """How the run's stock-card lines, debt entry and audit entry name it."""
        return f"print_run:{self.id}"

    @classmethod
    def of(cls, row: dict[str, Any]) -> PrintRunRow:
        return cls(**{name: row[name] for name in cls.__slots__})  # type: ignore[attr-defined]


async def insert(*, region: str, run_on: date, printed: int, spoiled: int,
                 spoiled_reason: str | None, station: str, note: str, created_at: datetime,
                 created_by: str) -> PrintRunRow:
    rows = await PrintRun.insert(PrintRun(
        region=region, run_on=run_on, printed=printed, spoiled=spoiled,
        spoiled_reason=spoiled_reason, station=station, note=note, created_at=created_at,
        created_by=created_by,
    )).returning(*PrintRun.all_columns())
    return PrintRunRow.of(rows[0])


async def listing(
    *, code: str, start: date | None, end: date | None, limit: int, offset: int
) -> tuple[list[PrintRunRow], int]:
    """Runs of `code` and the regencies under it, newest day first."""
    query = PrintRun.select()
    count = PrintRun.count()
    conditions = []
    if (condition := under(PrintRun.region, code)) is not None:
        conditions.append(condition)
    if start is not None:
        conditions.append(PrintRun.run_on >= start)
    if end is not None:
        conditions.append(PrintRun.run_on <= end)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(PrintRun.run_on, ascending=False).order_by(
        PrintRun.id, ascending=False
    ).limit(limit).offset(offset)
    return [PrintRunRow.of(row) for row in found], await count
