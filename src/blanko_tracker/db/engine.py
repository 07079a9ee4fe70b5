"""One engine per process, chosen by URL, bound to every table."""

from __future__ import annotations

from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.querystring import QueryString

from blanko_tracker.db.tables import TABLES
from blanko_tracker.settings import DEFAULT_DATABASE_POOL_SIZE

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def make_engine(url: str) -> Engine:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db` or `postgresql://user@host:port/db`."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        # A writer waits for BEGIN IMMEDIATE instead of failing with "database is locked".
        return SQLiteEngine(path=url[len("sqlite:///") :], timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if scheme in ("postgresql", "postgres"):
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"BLANKO_DATABASE_URL must be postgresql://… or sqlite:///…, not {url!r}")


def bind(engine: Engine) -> None:
    """Point every table at `engine` (tests switch between SQLite and PostgreSQL this way)."""
    for table in TABLES:
        table._meta.db = engine


def current() -> Engine:
    return TABLES[0]._meta.db


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or current(), SQLiteEngine)


async def open_pool(engine: Engine, size: int) -> None:
    """At most `size` connections to PostgreSQL (Settings.database_pool_size)."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=min(2, size), max_size=size)


async def max_connections(engine: Engine) -> int | None:
    """PostgreSQL's `max_connections` less the slots kept for superusers (None on SQLite)."""
    if not isinstance(engine, PostgresEngine):
        return None
    rows = await engine.run_querystring(QueryString(
        "SELECT current_setting('max_connections')::int"
        " - current_setting('superuser_reserved_connections')::int AS available"))
    return rows[0]["available"]


async def close_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


class connected:
    """`async with connected(url):` — bind the tables to a fresh engine for a command."""

    def __init__(self, url: str, pool_size: int = DEFAULT_DATABASE_POOL_SIZE) -> None:
        self.engine = make_engine(url)
        self.pool_size = pool_size

    async def __aenter__(self) -> Engine:
        bind(self.engine)
        await open_pool(self.engine, self.pool_size)
        return self.engine

    async def __aexit__(self, *exc: object) -> None:
        await close_pool(self.engine)
