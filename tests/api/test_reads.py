"""Reads on the embedded SQLite default share one connection per request (api/reads.py); on
PostgreSQL, stock levels asked for at once share one statement."""

from __future__ import annotations

import asyncio

import aiosqlite
import pytest
from piccolo.engine.sqlite import SQLiteEngine

from blanko_tracker.db import stock
from blanko_tracker.domain.access import Role
from blanko_tracker.services import views
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


async def test_stock_levels_asked_for_at_once_share_a_statement_and_see_every_write_before(
    database, client, monkeypatch
):
    """PostgreSQL: concurrent stock levels share one statement (services/views.py); each
    caller still gets its own region, and a level read after a write includes it."""
    if database.kind != "postgres":
        pytest.skip("SQLite reads run in the request's own snapshot, one statement each")
    await given_stock("31", 40)
    await given_stock("31.71", 10)
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "31")
    asked: list[list[str]] = []
    levels = stock.levels

    async def counted(regions: list[str]) -> dict:
        asked.append(regions)
        return await levels(regions)

    monkeypatch.setattr(stock, "levels", counted)
    codes = ["31", "31.71", "31.72", "31", "31.71"]

    direct = await asyncio.gather(*[views.stock_level(code) for code in codes])
    served = await asyncio.gather(*[client.get(f"/api/v1/stock/{code}", headers=headers)
                                    for code in codes])

    assert asked[0] == ["31", "31.71", "31.72"]  # one statement, each region once
    assert [(level.region, level.on_hand) for level in direct] == [
        ("31", 40), ("31.71", 10), ("31.72", 0), ("31", 40), ("31.71", 10)]
    assert [(a.json()["region"], a.json()["on_hand"]) for a in served] == [
        ("31", 40), ("31.71", 10), ("31.72", 0), ("31", 40), ("31.71", 10)]
    await given_stock("31.71", 5)
    assert (await client.get("/api/v1/stock/31.71", headers=headers)).json()["on_hand"] == 15
