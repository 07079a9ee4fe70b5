"""The audit trail: one entry per write, in the writer's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blanko_tracker.db.tables import AuditEntry


async def record(
    *, at: datetime, actor: str, action: str, target: str, region: str, detail: dict[str, Any]
) -> None:
    await AuditEntry.insert(
        AuditEntry(at=at, actor=actor, action=action, target=target, region=region, detail=detail)
    )
