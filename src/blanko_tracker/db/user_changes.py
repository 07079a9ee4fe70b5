"""PostgreSQL's word that a user row changed (migration 0013 notifies on every update,
delete and truncate of app_user), delivered to one listening connection per worker."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

CHANNEL = "blanko_user_changed"
EVERY_USER = "*"  # the payload of a truncate; otherwise the changed user's id
Listener = asyncpg.Connection
APPLICATION_NAME = "blanko-tracker user changes"  # how pg_stat_activity shows the listener


# Without them nobody would ever be told of a change: then nothing may be kept.
TRIGGERS_ON = """SELECT count(*) = 2 FROM pg_trigger
WHERE tgrelid = 'app_user'::regclass AND tgenabled <> 'D'
  AND tgname IN ('app_user_changed', 'app_user_truncated')"""


def can_listen(engine: Engine) -> bool:
    return isinstance(engine, PostgresEngine)


async def listen(engine: Engine, on_change: Callable[[str], None],
                 on_lost: Callable[[], None]) -> Listener:
    """A connection of its own (outside the pool: it stays checked out for the worker's
    life) that calls `on_change(payload)` for each notification and `on_lost()` once when
    it closes for any reason."""
    connection = await asyncpg.connect(engine.config["dsn"],
                                       server_settings={"application_name": APPLICATION_NAME})
    if not await connection.fetchval(TRIGGERS_ON):
        await connection.close()
        raise RuntimeError("app_user's change triggers are missing or disabled: run "
                           "`blanko-tracker migrate` (migration 0013)")
    connection.add_termination_listener(lambda _connection: on_lost())
    await connection.add_listener(CHANNEL, lambda _c, _pid, _channel, payload: on_change(payload))
    return connection


async def ping(connection: Listener) -> None:
    """Raises when the listening connection no longer reaches PostgreSQL."""
    await connection.execute("SELECT 1")
