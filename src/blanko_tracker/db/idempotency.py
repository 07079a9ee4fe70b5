"""Stored first answers to keyed requests (shared by every worker process)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from blanko_tracker.db.tables import IdempotencyRecord


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """The first answer to a keyed request, and a hash of what that request asked."""

    fingerprint: str
    status_code: int
    content_type: str
    body: bytes


async def find(scope_key: str, *, now: datetime, ttl: timedelta) -> StoredAnswer | None:
    """The live answer kept for this key; an expired one is dropped so the key can be used
    anew."""
    row = await IdempotencyRecord.select().where(IdempotencyRecord.scope_key == scope_key).first()
    if row is None:
        return None
    if row["created_at"] < now - ttl:
        await _drop_expired(now - ttl, IdempotencyRecord.id == row["id"])
        return None
    return StoredAnswer(row["fingerprint"], row["status_code"], row["content_type"],
                        bytes(row["body"]))


PURGE_BATCH = 5_000  # rows a statement deletes: short statements, no long-held locks


async def purge_expired(*, before: datetime) -> int:
    """Drop the records made before `before`, a batch at a time; how many were dropped."""
    dropped = 0
    while True:
        batch = IdempotencyRecord.select(IdempotencyRecord.id).where(
            IdempotencyRecord.created_at < before).limit(PURGE_BATCH)
        removed = await _drop_expired(before, IdempotencyRecord.id.is_in(batch))
        dropped += removed
        if removed < PURGE_BATCH:
            return dropped


async def _drop_expired(before: datetime, which: Any) -> int:
    """Delete `which` rows still made before `before`. The age is checked on the row deleted,
    not only where it was found: a request may store a new answer under the key meanwhile,
    and PostgreSQL checks the condition again on the row that request wrote."""
    rows = await IdempotencyRecord.delete().where(
        which & (IdempotencyRecord.created_at < before)).returning(IdempotencyRecord.id)
    return len(rows)


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
