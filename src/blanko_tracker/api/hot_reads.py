"""The stock level, `GET /api/v1/stock/{code}`, answered ahead of the router when it can be.

Dashboards and print stations poll a region's level more than anything else is asked. Through
the framework, two thirds of the app's CPU for a level went to routing, dependency injection
and building the response (bench/README.md, session 7). This wrapper answers the plain case
itself, with the same parts the route uses: Litestar's own JWT middleware authenticates the
caller, `read_stock_level` is the route's body, and the answer is the route's bytes and headers.
Anything else goes on to the application unchanged, which then answers it as always: a query
string, a missing or expired token, a region out of scope or unknown, a database error (the
level is read again there, and the error is answered by `api/problems.py`).
"""

from __future__ import annotations

import re
from typing import Any, cast

import msgspec
from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.middleware.authentication import AbstractAuthenticationMiddleware
from litestar.security.jwt import JWTAuth
from litestar.types import ASGIApp, Receive, Scope, Send

from blanko_tracker.api.controllers.stock import StockController, read_stock_level
from blanko_tracker.web.headers import HEADERS

STOCK_LEVEL_PATH = re.compile(re.escape(StockController.path) + r"/stock/([^/]+)")


class HotStockLevel:
    """Wraps the application's ASGI handler (inside Litestar's entry point, as its
    OpenTelemetry plugin wraps it)."""

    def __init__(self, app: ASGIApp, authenticator: AbstractAuthenticationMiddleware) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            found = STOCK_LEVEL_PATH.fullmatch(scope["path"])
            if found is not None and (body := await self._level(scope, found[1])) is not None:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *HEADERS,
                ]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _level(self, scope: Scope, code: str) -> bytes | None:
        """The answer's body, or None when the application should answer instead."""
        try:
            caller = await self.authenticator.authenticate_request(ASGIConnection(scope))
            return msgspec.json.encode(await read_stock_level(caller.user, code))
        except Exception:  # a refusal or a failure: the application answers it, as always
            return None


def answer_stock_levels_first(app: Litestar, jwt: JWTAuth[Any, Any]) -> None:
    """Put `HotStockLevel` in front of a built application, authenticating with the very
    middleware `jwt` puts on its routes."""
    authenticator = cast(AbstractAuthenticationMiddleware, jwt.middleware(app.asgi_handler))
    app.asgi_handler = HotStockLevel(app.asgi_handler, authenticator)
