"""Stored first answers to keyed requests (shared by every worker process)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from blanko_tracker.db.tables import IdempotencyRecord


@dataclass(frozen=True)
class RequestKey:
    """A keyed request: its key scoped to the caller, and what it asked (a hash of it)."""

    scope_key: str
    fingerprint: str
    ttl: timedelta


async def find(scope_key: str, *, now: datetime, ttl: timedelta) -> dict[str, Any] | None:
    """The live record for this key; an expired one is dropped so the key can be used anew."""
    row = await IdempotencyRecord.select().where(IdempotencyRecord.scope_key == scope_key).first()
    if row is None:
        return None
    if row["created_at"] < now - ttl:
        await IdempotencyRecord.delete().where(IdempotencyRecord.id == row["id"])
        return None
    return row


async def claim(
    *, scope_key: str, fingerprint: str, status_code: int, content_type: str, body: bytes,
    now: datetime,
) -> bool:
    """Store the first answer; False when another request stored one for this key first."""
    rows = await (
        IdempotencyRecord.insert(
            IdempotencyRecord(
                scope_key=scope_key,
                fingerprint=fingerprint,
                status_code=status_code,
                content_type=content_type,
                body=body,
                created_at=now,
            )
        )
        .on_conflict(target=IdempotencyRecord.scope_key, action="DO NOTHING")
        .returning(IdempotencyRecord.id)
    )
    return bool(rows)
