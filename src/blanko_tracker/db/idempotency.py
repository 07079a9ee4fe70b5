"""Stored first answers to keyed requests (shared by every worker process)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.sql import Statement, fetch
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


# A group of print runs looks up and keeps all its keys in one statement each (PostgreSQL).
FIND_ALL_POSTGRES = Statement("""
SELECT * FROM idempotency_record WHERE scope_key = ANY($1::varchar[])
""")
DROP_ALL_POSTGRES = Statement("DELETE FROM idempotency_record WHERE id = ANY($1::int[])")
CLAIM_ALL_POSTGRES = Statement("""
INSERT INTO idempotency_record (scope_key, fingerprint, status_code, content_type, body,
                                created_at)
SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::varchar[], $5::bytea[],
                     $6::timestamptz[])
ON CONFLICT (scope_key) DO NOTHING
RETURNING scope_key
""")


async def find_all(scope_keys: list[str], *, now: datetime, ttl: timedelta
                   ) -> dict[str, dict[str, Any]]:
    """`find` for several keys: the live record of each key that has one (expired ones are
    dropped, as `find` drops them)."""
    if is_sqlite():
        found = {key: await find(key, now=now, ttl=ttl) for key in scope_keys}
        return {key: row for key, row in found.items() if row is not None}
    if not scope_keys:
        return {}
    rows = await fetch(FIND_ALL_POSTGRES, scope_keys)
    if expired := [row["id"] for row in rows if row["created_at"] < now - ttl]:
        await fetch(DROP_ALL_POSTGRES, expired)
    return {row["scope_key"]: row for row in rows if row["created_at"] >= now - ttl}


@dataclass(frozen=True)
class Answer:
    """A first answer to keep under its key."""

    scope_key: str
    fingerprint: str
    status_code: int
    content_type: str
    body: bytes


async def claim_all(answers: list[Answer], *, now: datetime) -> set[str]:
    """`claim` for several answers: the keys whose answer was kept (the others had one)."""
    if is_sqlite():
        return {answer.scope_key for answer in answers if await claim(
            scope_key=answer.scope_key, fingerprint=answer.fingerprint,
            status_code=answer.status_code, content_type=answer.content_type,
            body=answer.body, now=now)}
    if not answers:
        return set()
    rows = await fetch(CLAIM_ALL_POSTGRES, *[[getattr(answer, name) for answer in answers]
                                             for name in ("scope_key", "fingerprint",
                                                          "status_code", "content_type",
                                                          "body")],
                       [now] * len(answers))
    return {row["scope_key"] for row in rows}
