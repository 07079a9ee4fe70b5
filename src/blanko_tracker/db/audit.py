"""The audit trail: one entry per write, in the writer's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry of the audit trail: who did what to which record, in which region."""

    id: int
    at: datetime
    actor: str
    action: str  # the service action: "record_print_run", "approve_request", …
    target: str  # "print_run:412", "shipment:88"
    region: str
    detail: dict[str, Any]

    @classmethod
    def of(cls, row: dict[str, Any]) -> AuditRow:
        return cls(id=row["id"], at=row["at"], actor=row["actor"], action=row["action"],
                   target=row["target"], region=row["region"], detail=row["detail"])


# Every write adds one: its SQL is written once here rather than built again each time.
INSERT = ("INSERT INTO audit_entry (at, actor, action, target, region, detail) "
          "VALUES ({}, {}, {}, {}, {}, {})")


async def record(
    *, at: datetime, actor: str, action: str, target: str, region: str, detail: dict[str, Any]
) -> None:
    await AuditEntry.raw(INSERT, at, actor, action, target, region,
                         msgspec.json.encode(detail).decode())


async def listing(
    *, scope: str, region: str | None, actor: str | None, start: datetime | None,
    end: datetime | None, limit: int, offset: int,
) -> tuple[list[AuditRow], int]:
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
    return [AuditRow.of(row) for row in rows], await count
