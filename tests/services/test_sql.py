"""db/sql.py: hand-written statements run the same in a transaction, from the pool, and on an
engine with no pool (PostgreSQL's last resort goes through Piccolo, as SQLite always does)."""

from __future__ import annotations

from blanko_tracker.db import engine as db_engine
from blanko_tracker.db.sql import Statement, fetch, fetch_one
from blanko_tracker.db.transaction import write_transaction
from tests.builders import given_stock

ON_HAND = Statement("SELECT region, on_hand FROM stock_balance WHERE region = {} OR region = {}"
                    " ORDER BY region")


async def test_a_statement_answers_alike_in_and_out_of_a_transaction(database):
    await given_stock("31", 7)
    await given_stock("75", 9)
    expected = [{"region": "31", "on_hand": 7}, {"region": "75", "on_hand": 9}]

    assert await fetch(ON_HAND, "31", "75") == expected
    async with write_transaction():
        assert await fetch(ON_HAND, "31", "75") == expected
    assert await fetch_one(ON_HAND, "99", "98") is None


async def test_an_engine_without_a_pool_still_runs_statements(database):
    await given_stock("31", 7)
    bare = db_engine.make_engine(database.url)  # no pool opened
    db_engine.bind(bare)
    try:
        assert await fetch(ON_HAND, "31", "31") == [{"region": "31", "on_hand": 7}]
    finally:
        db_engine.bind(database.engine)
