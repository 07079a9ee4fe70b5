"""Hand-written SQL for the hot paths (a print run, the caller's user, a stock level).

Piccolo rebuilds a query's SQL from Python objects on every call, which cost about half of a
print run's CPU (`bench/README.md`). A `Statement` is written once with `{}` placeholders,
compiled once per engine (`$1…` for PostgreSQL, `?` for SQLite), and run on the caller's
transaction connection, so asyncpg reuses its prepared statement. Values go in as the driver
takes them: JSON as text.
"""

from __future__ import annotations

from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

from blanko_tracker.db.engine import current, is_sqlite


class Statement:
    """One SQL statement with `{}` placeholders, compiled lazily per engine."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._postgres: str | None = None

    def postgres(self) -> str:
        """PostgreSQL's form; a statement written only for PostgreSQL uses `$n` itself."""
        if self._postgres is None:
            parts = self.text.split("{}")
            self._postgres = parts[0] + "".join(
                f"${number}{part}" for number, part in enumerate(parts[1:], start=1))
        return self._postgres


async def fetch(statement: Statement, *args: Any) -> list[dict[str, Any]]:
    """The statement's rows, in the current transaction when there is one."""
    engine: Engine = current()
    if isinstance(engine, PostgresEngine):
        transaction = engine.current_transaction.get()
        if transaction is not None:
            return [dict(row) for row in
                    await transaction.connection.fetch(statement.postgres(), *args)]
        if engine.pool is not None:
            async with engine.pool.acquire() as connection:
                return [dict(row) for row in
                        await connection.fetch(statement.postgres(), *args)]
    # SQLite (and a PostgreSQL engine without a pool): Piccolo's own path, which knows the
    # transaction's connection and the engine's value conversions.
    return [dict(row) for row in
            await engine.run_querystring(QueryString(statement.text, *args))]


async def fetch_one(statement: Statement, *args: Any) -> dict[str, Any] | None:
    rows = await fetch(statement, *args)
    return rows[0] if rows else None


class RowLock:
    """One row locked until the transaction ends, created first when missing. On PostgreSQL
    `existing` (`SELECT … FOR UPDATE`) locks it without writing a new version of it; only
    when it finds nothing does `create` run, an upsert whose `ON CONFLICT … DO UPDATE` takes
    the lock. On SQLite the caller's `BEGIN IMMEDIATE` already serialises writers: `create`
    alone. Both statements return the row's columns the caller decides on."""

    def __init__(self, existing: str, create: str) -> None:
        self.existing = Statement(existing)
        self.create = Statement(create)

    async def take(self, *args: Any) -> dict[str, Any]:
        if not is_sqlite() and (row := await fetch_one(self.existing, *args)) is not None:
            return row
        row = await fetch_one(self.create, *args)
        assert row is not None, "an upsert with RETURNING returns its row"
        return row
