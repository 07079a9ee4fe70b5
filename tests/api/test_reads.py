"""Reads on the embedded SQLite default share one connection per request (api/reads.py)."""

from __future__ import annotations

import aiosqlite
import pytest
from piccolo.engine.sqlite import SQLiteEngine

from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock


async def test_a_read_of_many_queries_opens_one_connection_the_callers_user_included(
    database, client, monkeypatch
):
    if database.kind != "sqlite":
        pytest.skip("PostgreSQL reads take their connections from the pool")
    await given_stock("31", 40)
    await given_stock("31.71", 10)
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "31")
    opened, queries = [], []
    connect, run = aiosqlite.connect, SQLiteEngine.run_querystring

    def counting_connect(*args, **kwargs):
        opened.append(1)
        return connect(*args, **kwargs)

    async def counting_run(self, *args, **kwargs):
        queries.append(1)
        return await run(self, *args, **kwargs)

    monkeypatch.setattr(aiosqlite, "connect", counting_connect)
    monkeypatch.setattr(SQLiteEngine, "run_querystring", counting_run)

    answer = await client.get("/api/v1/forecast/31", headers=headers)

    assert answer.status_code == 200
    assert len(queries) >= 5
    assert len(opened) == 1  # the token's user is read inside the read's snapshot too
