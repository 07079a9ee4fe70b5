"""A token names its user. On PostgreSQL each worker keeps the users it has read while
PostgreSQL can tell it of every change (api/user_cache.py); otherwise, and with the cache
off, every request reads its user again. Either way a removed or changed user counts."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import httpx
import pytest
from litestar import Litestar

from blanko_tracker.api.app import create_app
from blanko_tracker.api.user_cache import UserCache
from blanko_tracker.db.tables import AppUser
from blanko_tracker.db.user_changes import APPLICATION_NAME, CHANNEL
from blanko_tracker.domain.access import Actor, Role
from blanko_tracker.services import auth
from blanko_tracker.settings import Settings
from tests.builders import given_user, problem, sign_in
from tests.conftest import SECRET

DEADLINE = 5.0  # seconds for a notification to reach the cache: generous, for a loaded host


async def eventually(check: Callable[[], bool | Awaitable[bool]],
                     seconds: float = DEADLINE) -> float:
    """Seconds until `check()` held; fails the test after `seconds`."""
    start = time.monotonic()
    while True:
        held = check()
        if held if not inspect.isawaitable(held) else await held:
            return time.monotonic() - start
        assert time.monotonic() - start < seconds, "did not happen in time"
        await asyncio.sleep(0.01)


class CountingLoader:
    """Reads users as the app does, counting; while `held` is cleared, each read waits for it
    after reading (a request slow to finish its lookup)."""

    def __init__(self) -> None:
        self.reads = 0
        self.held = asyncio.Event()
        self.held.set()

    async def __call__(self, user_id: int) -> Actor | None:
        self.reads += 1
        found = await auth.actor_by_id(user_id)
        await self.held.wait()
        return found


@pytest.fixture
async def listening(database) -> AsyncIterator[tuple[UserCache, CountingLoader]]:
    """A cache listening on this run's PostgreSQL database (skipped on SQLite: it has no
    notifications), stopped afterwards."""
    if database.kind == "sqlite":
        pytest.skip("PostgreSQL notifications")
    loader = CountingLoader()
    cache = UserCache(loader, ping_every=0.2, retry_after=1.0)
    await cache.start(database.engine)
    try:
        await eventually(lambda: cache.live)
        yield cache, loader
    finally:
        await cache.stop()


async def as_admin(database, sql: str, *args: object) -> object:
    """`sql` on a connection of its own, as an operator at `psql` would run it."""
    connection = await asyncpg.connect(database.url)
    try:
        return await connection.fetchval(sql, *args)
    finally:
        await connection.close()


async def test_on_sqlite_the_user_is_read_every_time(database):
    if database.kind != "sqlite":
        pytest.skip("the embedded default")
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    loader = CountingLoader()
    cache = UserCache(loader)
    await cache.start(database.engine)
    await cache.actor(head.id)
    await cache.actor(head.id)
    await cache.stop()
    assert not cache.live and loader.reads == 2


async def test_a_kept_user_is_read_once_and_forgotten_when_it_changes(listening):
    cache, loader = listening
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    assert (await cache.actor(head.id)).role is Role.PROVINCIAL_HEAD
    assert (await cache.actor(head.id)).role is Role.PROVINCIAL_HEAD
    assert loader.reads == 1

    await AppUser.update({AppUser.region: "75.01"}).where(AppUser.id == head.id)
    await eventually(lambda: _region_is(cache, head.id, "75.01"))

    await AppUser.delete().where(AppUser.id == head.id)
    await eventually(lambda: _is_gone(cache, head.id))


async def _region_is(cache: UserCache, user_id: int, region: str) -> bool:
    return (await cache.actor(user_id)).region == region


async def _is_gone(cache: UserCache, user_id: int) -> bool:
    return await cache.actor(user_id) is None


async def test_a_truncate_forgets_every_kept_user(listening, database):
    cache, _ = listening
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    await cache.actor(head.id)
    # RESTART IDENTITY: the next user created gets the same id
    await as_admin(database, "TRUNCATE app_user RESTART IDENTITY CASCADE")
    await eventually(lambda: _is_gone(cache, head.id))
    other = await given_user(Role.ADMIN, "00")
    assert other.id == head.id and (await cache.actor(other.id)).role is Role.ADMIN


async def test_while_the_listener_is_lost_every_request_reads_its_user(listening, database):
    cache, loader = listening
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    await cache.actor(head.id)
    assert loader.reads == 1
    killed = await as_admin(  # what a PostgreSQL restart does to the listening connection
        database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        " WHERE application_name = $1 AND datname = current_database()", APPLICATION_NAME)
    assert killed == 1
    await eventually(lambda: not cache.live)

    # Changes made while nobody listens are never served from what was kept before.
    await AppUser.update({AppUser.region: "75.01"}).where(AppUser.id == head.id)
    reads = loader.reads
    assert (await cache.actor(head.id)).region == "75.01" and loader.reads == reads + 1

    await eventually(lambda: cache.live)  # it listens again
    await cache.actor(head.id)
    reads = loader.reads
    await cache.actor(head.id)
    assert loader.reads == reads


async def test_without_its_triggers_nothing_is_kept(database, caplog):
    """A database not migrated to 0013, or with the triggers disabled, would never notify."""
    if database.kind == "sqlite":
        pytest.skip("PostgreSQL notifications")
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    loader = CountingLoader()
    cache = UserCache(loader, retry_after=0.2)
    await as_admin(database, "ALTER TABLE app_user DISABLE TRIGGER app_user_changed")
    try:
        await cache.start(database.engine)
        await eventually(lambda: "triggers are missing or disabled" in caplog.text)
        await cache.actor(head.id)
        await cache.actor(head.id)
        assert not cache.live and loader.reads == 2

        await as_admin(database, "ALTER TABLE app_user ENABLE TRIGGER app_user_changed")
        await eventually(lambda: cache.live)  # it tries again, and listens once they are on
    finally:
        await as_admin(database, "ALTER TABLE app_user ENABLE TRIGGER app_user_changed")
        await cache.stop()


async def test_a_user_read_across_a_change_is_not_kept(listening, database):
    """A read that began before a notification may hold the old row: it is not kept."""
    cache, loader = listening
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    witness = await asyncpg.connect(database.url)  # hears what the cache hears
    heard = asyncio.Event()
    await witness.add_listener(CHANNEL, lambda *_: heard.set())
    try:
        loader.held.clear()
        reading = asyncio.create_task(cache.actor(head.id))
        await eventually(lambda: loader.reads == 1)
        await AppUser.update({AppUser.region: "75.01"}).where(AppUser.id == head.id)
        await asyncio.wait_for(heard.wait(), DEADLINE)
        await asyncio.sleep(0.05)  # the cache's own callback, on the same event loop
        loader.held.set()
        assert (await reading).region == "75"  # what it read before the change

        assert (await cache.actor(head.id)).region == "75.01" and loader.reads == 2
    finally:
        await witness.close()


async def _client(database, **settings) -> tuple[Litestar, httpx.AsyncClient]:
    app = create_app(Settings(database_url=database.url, secret_key=SECRET,
                              fast_password_hashing=True, **settings), engine=database.engine)
    return app, httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                  base_url="http://testserver")


@pytest.mark.parametrize("user_cache", [True, False], ids=["cache", "no-cache"])
async def test_a_removed_users_token_stops_working(database, user_cache):
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    app, client = await _client(database, user_cache=user_cache)
    async with app.lifespan(), client:  # the lifespan starts the cache's listener
        cache = app.state["user_cache"]
        if user_cache and database.kind == "postgres":
            await eventually(lambda: cache.live)
        headers = await sign_in(client, head)
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

        await AppUser.delete().where(AppUser.id == head.id)

        async def refused() -> bool:
            return (await client.get("/api/v1/me", headers=headers)).status_code == 401

        if not (user_cache and database.kind == "postgres"):
            assert await refused()  # read on every request: at once
        else:
            await eventually(refused)  # once the notification arrives
        problem(await client.get("/api/v1/me", headers=headers), 401, "not_authenticated")
