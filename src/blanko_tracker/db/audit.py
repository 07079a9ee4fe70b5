"""The audit trail: one entry per write, in the writer's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import AuditEntry


async def record(
    *, at: datetime, actor: str, action: str, target: str, region: str, detail: dict[str, Any]
) -> None:
    await AuditEntry.insert(
        AuditEntry(at=at, actor=actor, action=action, target=target, region=region, detail=detail)
    )


async def listing(
    *, scope: str, region: str | None, actor: str | None, start: datetime | None,
    end: datetime | None, limit: int, offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """Entries for `region` (default: the scope) and everything under it, newest first."""
    root = region or scope
    conditions = []
    if (condition := under(AuditEntry.region, root)) is not None:
        conditions.append(condition)
    if actor:
        conditions.append(AuditEntry.actor == actor)
    if start is not None:
        conditions.append(AuditEntry.at >= start)
    if end is not None:
        conditions.append(AuditEntry.at < end)
    query = AuditEntry.select().output(load_json=True)
    count = AuditEntry.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(AuditEntry.id, ascending=False).limit(limit).offset(offset)
    return rows, await count
