"""A token names its user; the user row is read again on every request unless the operator
chose to let each worker reuse it for a while (`BLANKO_USER_CACHE_SECONDS`)."""

from __future__ import annotations

import asyncio

import httpx

from blanko_tracker.api.app import create_app
from blanko_tracker.db.tables import AppUser
from blanko_tracker.domain.access import Role
from blanko_tracker.settings import Settings
from tests.builders import given_user, problem, sign_in
from tests.conftest import SECRET


async def _client(database, **settings) -> httpx.AsyncClient:
    app = create_app(Settings(database_url=database.url, secret_key=SECRET,
                              fast_password_hashing=True, **settings), engine=database.engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_a_removed_users_token_stops_working_at_once_by_default(database):
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    async with await _client(database) as client:
        headers = await sign_in(client, head)
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

        await AppUser.delete().where(AppUser.id == head.id)

        problem(await client.get("/api/v1/me", headers=headers), 401, "not_authenticated")


async def test_with_a_user_cache_a_removed_user_counts_once_it_expires(database):
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    async with await _client(database, user_cache_seconds=1.0) as client:
        headers = await sign_in(client, head)
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

        await AppUser.delete().where(AppUser.id == head.id)
        still = await client.get("/api/v1/me", headers=headers)
        await asyncio.sleep(1.1)
        gone = await client.get("/api/v1/me", headers=headers)

    assert still.status_code == 200  # the trade the setting makes, for at most its seconds
    problem(gone, 401, "not_authenticated")
