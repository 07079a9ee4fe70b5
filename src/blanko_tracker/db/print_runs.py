"""Print run queries: the locks a run decides under, the run's own row, and the runs of a
region for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.print_debt import CLASS_COLUMNS
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import MAX_ID, PrintDebtEntry, PrintRun
from blanko_tracker.domain.print_debt import DebtDay, reversal_reference


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


@dataclass(frozen=True, slots=True)
class Held:
    """What a print run decides on, read under its regency's locks."""

    on_hand: int
    latest: DebtDay | None  # the regency's latest day of print debt (None before any)


# Both rows locked as they are, without writing a new version of either.
LOCK_BOTH = f"""
SELECT b.on_hand, d.as_of, d.recorded, d.printed, {", ".join(f"d.{c}" for c in CLASS_COLUMNS)}
FROM print_debt d JOIN stock_balance b ON b.region = d.region
WHERE d.region = {{}}
FOR UPDATE
"""


async def lock(region: str) -> Held:
    """Lock the regency's print debt and its balance until the transaction ends. PostgreSQL:
    one statement once both rows exist; otherwise (the regency's first print run, or SQLite,
    whose BEGIN IMMEDIATE already excludes other writers) each row's own lock, the debt's
    first, as every writer of both takes them."""
    if not is_sqlite():
        rows = await PrintRun.raw(LOCK_BOTH, region)
        if rows:
            return Held(rows[0]["on_hand"], print_debt.latest_of(rows[0]))
    latest = await print_debt.lock(region)
    return Held(await stock.lock_balance(region), latest)


# The busiest write there is: its SQL is written once here rather than built on each run.
INSERT = """
INSERT INTO print_run (region, run_on, printed, spoiled, spoiled_reason, station, note,
                       created_at, created_by)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) RETURNING id
"""


async def insert(*, region: str, run_on: date, printed: int, spoiled: int,
                 spoiled_reason: str | None, station: str, note: str, created_at: datetime,
                 created_by: str) -> PrintRunRow:
    rows = await PrintRun.raw(INSERT, region, run_on, printed, spoiled, spoiled_reason, station,
                              note, created_at, created_by)
    return PrintRunRow(rows[0]["id"], region, run_on, printed, spoiled, spoiled_reason,
                       station, note, created_at, created_by)


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


async def get(run_id: int) -> PrintRunRow | None:
    if not 0 < run_id <= MAX_ID:
        return None
    row = await PrintRun.select().where(PrintRun.id == run_id).first()
    return PrintRunRow.of(row) if row is not None else None


async def undone_among(run_ids: list[int]) -> set[int]:
    """Which of these runs have been undone (each undo writes the debt entry naming it)."""
    if not run_ids:
        return set()
    references = {reversal_reference(f"print_run:{run_id}"): run_id
                  for run_id in run_ids}
    rows = await PrintDebtEntry.select(PrintDebtEntry.reference).where(
        PrintDebtEntry.reference.is_in(list(references)))
    return {references[row["reference"]] for row in rows}
