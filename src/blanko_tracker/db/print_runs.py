"""Print run queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import PrintRun


async def insert(**values: Any) -> dict[str, Any]:
    return await rows.insert(PrintRun, **values)


async def listing(
    *, code: str, start: date | None, end: date | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
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
    return found, await count
