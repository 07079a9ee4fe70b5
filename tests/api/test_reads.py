"""Reads on the embedded SQLite default share one connection per request (api/reads.py); a
stock level is one statement of its own, on either engine."""

from __future__ import annotations

import asyncio

import aiosqlite
import pytest
from piccolo.engine.sqlite import SQLiteEngine

from blanko_tracker.db import stock
from blanko_tracker.domain.access import Role
from blanko_tracker.services.stock_levels import stock_level
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


async def test_stock_levels_asked_for_at_once_each_answer_for_their_region_and_see_every_write(
    database, client, monkeypatch
):
    """Each stock level is its own statement (`db.stock.level`); levels asked for at once
    each get their own region, and a level read after a write includes it."""
    await given_stock("31", 40)
    await given_stock("31.71", 10)
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "31")
    asked: list[str] = []
    read_level = stock.level

    async def counted(region: str) -> tuple[int, int, int]:
        asked.append(region)
        return await read_level(region)

    monkeypatch.setattr(stock, "level", counted)
    codes = ["31", "31.71", "31.72", "31", "31.71"]

    direct = await asyncio.gather(*[stock_level(code) for code in codes])
    served = await asyncio.gather(*[client.get(f"/api/v1/stock/{code}", headers=headers)
                                    for code in codes])

    assert asked[:len(codes)] == codes  # one statement per level asked for, none shared
    assert [(level.region, level.on_hand) for level in direct] == [
        ("31", 40), ("31.71", 10), ("31.72", 0), ("31", 40), ("31.71", 10)]
    assert [(a.json()["region"], a.json()["on_hand"]) for a in served] == [
        ("31", 40), ("31.71", 10), ("31.72", 0), ("31", 40), ("31.71", 10)]
    await given_stock("31.71", 5)
    assert (await client.get("/api/v1/stock/31.71", headers=headers)).json()["on_hand"] == 15
