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
        await _drop_expired(now - ttl, IdempotencyRecord.id == row["id"])
        return None
    return row


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
    not only where it was found: a request may take the expired key over meanwhile
    (`take_all`), and PostgreSQL checks the condition again on the row that request wrote."""
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


# A group of print runs claims all its keys first and keeps their answers last, one statement
# each, both through the unique index on `scope_key` (`ON CONFLICT`): a lookup by `= ANY(…)`
# (or a join with `unnest`) was planned once as a sequential scan while the table was nearly
# empty and went on scanning it as it grew (bench/README.md, sessions 6 and 7). Keys already
# taken (retries) and keys given back (refusals) are rarer: they go one `scope_key = $1` at a
# time, which is an index scan whatever the plan.
TAKE_ALL_POSTGRES = Statement("""
INSERT INTO idempotency_record AS r (scope_key, fingerprint, status_code, content_type, body,
                                     created_at)
SELECT key, fingerprint, 0, '', ''::bytea, $3
FROM unnest($1::varchar[], $2::varchar[]) AS k(key, fingerprint)
ON CONFLICT (scope_key) DO UPDATE
SET fingerprint = excluded.fingerprint, status_code = 0, content_type = '', body = ''::bytea,
    created_at = excluded.created_at
WHERE r.created_at < $4
RETURNING scope_key
""")
KEEP_ALL_POSTGRES = Statement("""
INSERT INTO idempotency_record AS r (scope_key, fingerprint, status_code, content_type, body,
                                     created_at)
SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::varchar[], $5::bytea[],
                     $6::timestamptz[])
ON CONFLICT (scope_key) DO UPDATE
SET fingerprint = excluded.fingerprint, status_code = excluded.status_code,
    content_type = excluded.content_type, body = excluded.body
""")


async def take_all(keys: list[RequestKey], *, now: datetime) -> dict[str, dict[str, Any]]:
    """Claim each key for the caller's transaction (an expired record is taken over); the
    answers kept under the keys another request had taken already. A key that another
    transaction is claiming waits for it: its answer, if it commits one, is returned."""
    if not keys:
        return {}
    if is_sqlite():  # BEGIN IMMEDIATE: nobody else is claiming
        taken = {}
        for key in keys:
            if (stored := await find(key.scope_key, now=now, ttl=key.ttl)) is not None:
                taken[key.scope_key] = stored
            else:
                await claim(scope_key=key.scope_key, fingerprint=key.fingerprint,
                            status_code=0, content_type="", body=b"", now=now)
        return taken
    claimed = {row["scope_key"] for row in await fetch(
        TAKE_ALL_POSTGRES, [key.scope_key for key in keys], [key.fingerprint for key in keys],
        now, now - keys[0].ttl)}
    taken = {}
    for key in keys:
        if key.scope_key not in claimed and (
                stored := await find(key.scope_key, now=now, ttl=key.ttl)) is not None:
            taken[key.scope_key] = stored
    return taken


@dataclass(frozen=True)
class Answer:
    """A first answer to keep under a key its transaction took."""

    scope_key: str
    fingerprint: str
    status_code: int
    content_type: str
    body: bytes


async def keep_all(answers: list[Answer], *, now: datetime) -> None:
    """Store each answer under the key its transaction took with `take_all`."""
    if not answers:
        return
    if is_sqlite():
        for answer in answers:
            await IdempotencyRecord.update({
                IdempotencyRecord.fingerprint: answer.fingerprint,
                IdempotencyRecord.status_code: answer.status_code,
                IdempotencyRecord.content_type: answer.content_type,
                IdempotencyRecord.body: answer.body,
            }).where(IdempotencyRecord.scope_key == answer.scope_key)
        return
    await fetch(KEEP_ALL_POSTGRES, *[[getattr(answer, name) for answer in answers]
                                     for name in ("scope_key", "fingerprint", "status_code",
                                                  "content_type", "body")],
                [now] * len(answers))


async def release_all(scope_keys: list[str]) -> None:
    """Give back keys taken with `take_all` whose request ends without an answer to keep."""
    for scope_key in scope_keys:
        await IdempotencyRecord.delete().where(IdempotencyRecord.scope_key == scope_key)
