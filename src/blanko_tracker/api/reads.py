"""Reads on the embedded SQLite default: one connection and one snapshot per request."""

from __future__ import annotations

from litestar.config.app import AppConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from blanko_tracker.db.transaction import read_transaction

READ_METHODS = {"GET", "HEAD"}


class SnapshotPerRead:
    """ASGI middleware, added only on SQLite: a read request's queries share one connection
    (instead of one each) and so see one state of the database, however many a page runs.
    Reads write nothing, so the deferred transaction never needs the writer lock."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in READ_METHODS:
            await self.app(scope, receive, send)
            return
        async with read_transaction():
            await self.app(scope, receive, send)


def snapshot_reads_first(app_config: AppConfig) -> AppConfig:
    """Place SnapshotPerRead outside every other middleware, authentication included (JWTAuth
    puts its own first on app init: this hook runs after it), so that the token's user is
    read on the request's one connection too rather than on a connection of its own."""
    app_config.middleware.insert(0, SnapshotPerRead)
    return app_config
