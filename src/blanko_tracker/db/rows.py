"""Row plumbing the query modules share: insert, update and upsert returning the row, and a
by-id read that can hold the row's lock, each typed as the caller's row class."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol, Self, TypeVar

from piccolo.columns.combination import Where
from piccolo.table import Table

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.tables import MAX_ID


class Stored(Protocol):
    """A typed row (`ShipmentRow`, …) made from the columns Piccolo gives as a dict."""

    @classmethod
    def of(cls, row: dict[str, Any]) -> Self: ...


R = TypeVar("R", bound=Stored)


def under(column: Any, code: str) -> Any | None:
    """`column` at or under region `code` (a prefix match, not an IN list); None for `00`,
    which covers everything."""
    if code == "00":
        return None
    return (column == code) | column.like(f"{code}.%")


def as_date(value: Any) -> date:
    """A day from raw SQL: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def by_id(table: type[Table], kind: type[R], row_id: int, *, lock: bool = False
                ) -> R | None:
    """The row, or None (also for ids no 32-bit serial can hold). `lock` holds it until the
    transaction ends: FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already excludes
    other writers."""
    if not 0 < row_id <= MAX_ID:
        return None
    query = table.select().where(table._meta.primary_key == row_id)
    if lock and not is_sqlite():
        query = query.lock_rows()
    found = await query.first()
    return kind.of(found) if found is not None else None


async def insert(table: type[Table], kind: type[R], **values: Any) -> R:
    rows = await table.insert(table(**values)).returning(*table.all_columns())
    return kind.of(rows[0])


async def update(table: type[Table], kind: type[R], row_id: int, **values: Any) -> R:
    changes = {getattr(table, name): value for name, value in values.items()}
    rows = await table.update(changes).where(table._meta.primary_key == row_id).returning(
        *table.all_columns()
    )
    return kind.of(rows[0])


async def upsert(table: type[Table], kind: type[R], match: Where, **values: Any) -> R:
    """Update the row `match` finds, or insert one with `values` (the caller holds the lock
    or the unique index that makes this safe)."""
    existing = await table.select(table._meta.primary_key).where(match).first()
    if existing is None:
        return await insert(table, kind, **values)
    return await update(table, kind, existing[table._meta.primary_key._meta.name], **values)
