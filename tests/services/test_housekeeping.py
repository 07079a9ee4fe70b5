"""Expired records are purged (services/housekeeping.py): stored Idempotency-Key answers past
their time, failed sign-ins past the throttle's window, ended browser sessions; live ones stay,
and a key a request is taking over while the purge runs is not lost."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from blanko_tracker.db import idempotency, sessions, users
from blanko_tracker.db.tables import IdempotencyRecord, LoginFailure, WebSession
from blanko_tracker.domain.access import Role
from blanko_tracker.services import auth
from blanko_tracker.services.housekeeping import Housekeeper, Purged, purge_expired
from tests.builders import given_user
from tests.conftest import run_cli

TTL = timedelta(hours=24)


async def stored(key: str, *, age: timedelta) -> None:
    await idempotency.claim(scope_key=key, fingerprint="f", status_code=201,
                            content_type="application/json", body=b"{}",
                            now=datetime.now(UTC) - age)


async def keys() -> set[str]:
    return {row["scope_key"] for row in await IdempotencyRecord.select(
        IdempotencyRecord.scope_key)}


async def test_what_has_expired_is_purged_and_what_lives_stays(database, monkeypatch):
    monkeypatch.setattr(idempotency, "PURGE_BATCH", 2)  # three batches, the last one short
    for number in range(5):
        await stored(f"1:old-{number}", age=TTL + timedelta(minutes=1))
    await stored("1:fresh", age=TTL - timedelta(minutes=1))
    now = datetime.now(UTC)
    await users.record_failure("budi", "10.0.0.1", at=now - auth.WINDOW - timedelta(seconds=5))
    await users.record_failure("budi", "10.0.0.1", at=now - timedelta(minutes=1))
    user = await given_user(Role.PRINT_OPERATOR, "31.71")
    for name, ends in [("ended", now - timedelta(seconds=1)), ("live", now + timedelta(hours=1))]:
        await sessions.insert(token_hash=name, user_id=user.id, user_stamp="s", csrf_token="c",
                              now=now - timedelta(hours=2), expires_at=ends)

    purged = await purge_expired(idempotency_ttl=TTL)

    assert purged == Purged(idempotency_records=5, login_failures=1, browser_sessions=1)
    assert await keys() == {"1:fresh"}
    assert await LoginFailure.count() == 1
    assert await users.failures_before(2**31 - 1, "budi", "10.0.0.1",
                                       since=now - auth.WINDOW) == (1, 1)
    assert [row["token_hash"] for row in await WebSession.select(WebSession.token_hash)] == [
        "live"]
    assert await purge_expired(idempotency_ttl=TTL) == Purged(
        idempotency_records=0, login_failures=0, browser_sessions=0)


async def until_a_lock_is_awaited(url: str) -> None:
    """Until a session of this database waits for a lock (the purge's delete of a row)."""
    watcher = await asyncpg.connect(url)
    try:
        for _ in range(200):
            waiting = await watcher.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'")
            if waiting:
                return
            await asyncio.sleep(0.025)
        raise AssertionError("no session waited for a lock")
    finally:
        await watcher.close()


async def test_a_key_taken_over_while_the_purge_waits_for_it_is_not_purged(database):
    """PostgreSQL: a retried request takes the expired key over (uncommitted: its answer is
    stored anew in the row); the purge found the row expired, waits for it, then leaves it."""
    if database.kind != "postgres":
        pytest.skip("SQLite has one writer at a time: the purge cannot overlap a take-over")
    await stored("1:retried", age=TTL + timedelta(minutes=1))
    other = await asyncpg.connect(database.url)
    try:
        taking = other.transaction()
        await taking.start()
        await other.execute(
            "UPDATE idempotency_record SET fingerprint = 'g', created_at = $1"
            " WHERE scope_key = '1:retried'", datetime.now(UTC))
        purging = asyncio.create_task(purge_expired(idempotency_ttl=TTL))
        await until_a_lock_is_awaited(database.url)
        await taking.commit()
        purged = await purging
    finally:
        await other.close()

    assert purged.idempotency_records == 0
    assert await keys() == {"1:retried"}


async def test_a_lookup_drops_an_expired_record(database):
    """Through the same age check as the purge (`_drop_expired`)."""
    await stored("1:old", age=TTL + timedelta(minutes=1))
    now = datetime.now(UTC)

    assert await idempotency.find("1:old", now=now, ttl=TTL) is None
    assert await keys() == set()


async def test_each_worker_purges_in_the_background_until_stopped(database):
    await stored("1:old", age=TTL + timedelta(minutes=1))
    keeper = Housekeeper(idempotency_ttl=TTL, every=timedelta(milliseconds=20))
    keeper.start()
    try:
        for _ in range(250):
            if not await keys():
                break
            await asyncio.sleep(0.02)
        assert await keys() == set()
    finally:
        await keeper.stop()

    await stored("1:later", age=TTL + timedelta(minutes=1))
    await asyncio.sleep(0.1)
    assert await keys() == {"1:later"}  # stopped: nothing purges any more


async def test_the_purge_command_says_what_it_dropped(database):
    await stored("1:old", age=TTL + timedelta(minutes=1))
    await stored("1:fresh", age=timedelta(minutes=1))

    done = run_cli("purge", database_url=database.url)

    assert done.stdout.strip() == "purged: 1 idempotency records, 0 failed sign-ins, 0 sessions"
    assert await keys() == {"1:fresh"}
