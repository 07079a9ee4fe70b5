"""A token names its user, and every request reads that user as the database holds it now:
a removed or changed user counts on the very next request, on both engines."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from blanko_tracker.api.app import create_app
from blanko_tracker.db.tables import AppUser
from blanko_tracker.domain.access import Role
from tests.builders import given_user, problem, sign_in


def _client(database) -> httpx.AsyncClient:
    app = create_app(database.settings(), engine=database.engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                             base_url="http://testserver")


async def test_a_removed_users_token_stops_working_at_once(database):
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    async with _client(database) as client:
        headers = await sign_in(client, head)
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

        await AppUser.delete().where(AppUser.id == head.id)

        problem(await client.get("/api/v1/me", headers=headers), 401, "not_authenticated")


async def test_a_changed_region_counts_on_the_next_request(database):
    head = await given_user(Role.PROVINCIAL_HEAD, "75")
    async with _client(database) as client:
        headers = await sign_in(client, head)
        assert (await client.get("/api/v1/stock/75", headers=headers)).status_code == 200

        await AppUser.update({AppUser.region: "75.01"}).where(AppUser.id == head.id)

        assert (await client.get("/api/v1/me", headers=headers)).json()["region"] == "75.01"
        problem(await client.get("/api/v1/stock/75", headers=headers), 403, "out_of_scope")


async def test_user_changes_notify_nobody_any_more(database):
    """Migration 0014 drops the triggers and function that migration 0013 added."""
    if database.kind == "sqlite":
        pytest.skip("the triggers existed on PostgreSQL only")
    connection = await asyncpg.connect(database.url)
    try:
        triggers = await connection.fetchval(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'app_user'::regclass"
            " AND NOT tgisinternal")
        functions = await connection.fetchval(
            "SELECT count(*) FROM pg_proc WHERE proname = 'app_user_changed'")
    finally:
        await connection.close()
    assert (triggers, functions) == (0, 0)
