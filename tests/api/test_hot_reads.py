"""`GET /api/v1/stock/{code}` answered ahead of the router on PostgreSQL (api/hot_reads.py):
the same answer as the route's, byte for byte, and every other request left to the
application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest

from blanko_tracker.api import hot_reads
from blanko_tracker.api.app import create_app
from blanko_tracker.api.controllers import stock as stock_routes
from blanko_tracker.domain.access import Role
from tests.api.test_refusals import BAD_CREDENTIALS
from tests.builders import as_user, given_stock, given_user, sign_in


class Routed:
    """The application behind the hot path, noting each request that reaches it."""

    def __init__(self, app: Any) -> None:
        self.app, self.paths = app, []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"] + "?" * bool(scope["query_string"]))
        await self.app(scope, receive, send)


@pytest.fixture
async def both(database) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, Routed]]:
    """A client of the default app (hot path first) and one of an app without it, on one
    database; and what reached the router behind the hot path."""
    if database.kind == "sqlite":
        pytest.skip("on SQLite the router answers every level (api/app.py)")
    hot_app = create_app(database.settings(), engine=database.engine)
    plain_app = create_app(msgspec.structs.replace(database.settings(), hot_stock_level=False),
                           engine=database.engine)
    hot = hot_app.asgi_handler
    assert isinstance(hot, hot_reads.HotStockLevel)
    assert not isinstance(plain_app.asgi_handler, hot_reads.HotStockLevel)
    routed = hot.app = Routed(hot.app)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=hot_app), base_url="http://t") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=plain_app), base_url="http://t") as b,
    ):
        yield a, b, routed


async def same_answer(hot: httpx.AsyncClient, plain: httpx.AsyncClient, path: str,
                      headers: dict[str, str]) -> httpx.Response:
    first, second = await hot.get(path, headers=headers), await plain.get(path, headers=headers)
    assert first.status_code == second.status_code, (path, first.text, second.text)
    assert list(first.headers.items()) == list(second.headers.items()), path
    assert first.content == second.content, path
    return first


async def test_a_readable_level_is_answered_ahead_of_the_router_with_the_routes_bytes(both):
    hot, plain, routed = both
    await given_stock("31", 40)
    await given_stock("31.71", 12)
    headers = await as_user(hot, Role.PROVINCIAL_HEAD, "31")
    routed.paths.clear()

    for code, on_hand in [("31", 40), ("31.71", 12), ("31.72", 0)]:
        answer = await same_answer(hot, plain, f"/api/v1/stock/{code}", headers)
        assert answer.status_code == 200
        assert answer.json() == {"region": code, "on_hand": on_hand, "incoming_dispatched": 0,
                                 "incoming_planned": 0}
        assert answer.headers["content-security-policy"].startswith("default-src 'self'")
        assert answer.headers["x-content-type-options"] == "nosniff"

    assert routed.paths == []


async def test_a_level_read_after_a_write_includes_it(both):
    hot, _, routed = both
    await given_stock("31.71", 12)
    headers = await as_user(hot, Role.PRINT_OPERATOR, "31.71")
    assert (await hot.get("/api/v1/stock/31.71", headers=headers)).json()["on_hand"] == 12

    await given_stock("31.71", 30)

    assert (await hot.get("/api/v1/stock/31.71", headers=headers)).json()["on_hand"] == 42
    assert "/api/v1/stock/31.71" not in routed.paths


@pytest.mark.parametrize("path", [
    "/api/v1/stock/32",           # another province: 403
    "/api/v1/stock/31.99",        # no such regency: 404
    "/api/v1/stock/not-a-code",   # 404
    "/api/v1/stock/31.71/",       # not the route's path
    "/api/v1/stock/31.71?x=1",    # a query string: the router reads it
    "/api/v1/stock",              # the list, another route
])
async def test_what_the_hot_path_does_not_answer_reaches_the_router_and_is_answered_alike(
    both, path
):
    hot, plain, routed = both
    headers = await as_user(hot, Role.PROVINCIAL_HEAD, "31")
    routed.paths.clear()

    await same_answer(hot, plain, path, headers)

    assert routed.paths == [path.split("?")[0] + "?" * ("?" in path)]


@pytest.mark.parametrize("credentials", BAD_CREDENTIALS)
async def test_a_caller_without_valid_credentials_gets_the_routers_401(both, credentials):
    hot, plain, routed = both
    user = await given_user(Role.PROVINCIAL_HEAD, "31")
    routed.paths.clear()
    headers = BAD_CREDENTIALS[credentials](user.id)

    answer = await same_answer(hot, plain, "/api/v1/stock/31", headers)

    assert answer.status_code == 401
    assert routed.paths == ["/api/v1/stock/31"]


async def test_a_failing_read_is_read_again_and_answered_by_the_router(both, monkeypatch):
    hot, plain, routed = both
    await given_stock("31", 40)
    headers = await sign_in(hot, await given_user(Role.PROVINCIAL_HEAD, "31"))
    failures = []

    async def failing(code: str) -> Any:
        failures.append(code)
        raise OSError("the database went away")

    monkeypatch.setattr(stock_routes, "stock_level", failing)
    routed.paths.clear()

    answer = await same_answer(hot, plain, "/api/v1/stock/31", headers)

    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert routed.paths == ["/api/v1/stock/31"]
    assert failures == ["31", "31", "31"]  # the hot path, the router behind it, the plain app


async def test_on_sqlite_the_router_answers_every_level(database):
    """A read on SQLite costs its connection, which the router's path shares with the
    caller's user (api/reads.py); the hot path would open one more."""
    app = create_app(database.settings(), engine=database.engine)

    assert isinstance(app.asgi_handler, hot_reads.HotStockLevel) is (database.kind == "postgres")
