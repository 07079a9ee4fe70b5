"""A request body larger than its route takes is refused with 413 before it is read whole,
signed in or not: pages and sign-in 64 KB, JSON writes 1 MB, imports 10 MB. A body that
claims its size is refused unread; one that does not is refused once the bytes read pass the
limit, and the rest is never read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from blanko_tracker.api.body_limit import IMPORT_LIMIT, JSON_LIMIT, PAGE_LIMIT
from blanko_tracker.db.tables import TABLES, Region
from blanko_tracker.domain.access import Role
from tests.builders import given_user, problem, sign_in
from tests.conftest import serving

CHUNK = 16 * 1024


class Endless:
    """A streamed body with no length, counting what the server pulled from it."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < 100 * IMPORT_LIMIT:  # far past any limit: the server must stop
            self.sent += CHUNK
            yield b"x" * CHUNK


async def _rows() -> int:
    return sum([await table.count() for table in TABLES if table is not Region])


@pytest.mark.parametrize(("path", "limit"), [
    ("/logout", PAGE_LIMIT), ("/login", PAGE_LIMIT), ("/api/v1/auth/token", PAGE_LIMIT),
    ("/regions/31.71/print-runs/new", PAGE_LIMIT), ("/imports", IMPORT_LIMIT),
])
async def test_an_anonymous_body_past_the_limit_is_refused_unread(client, path, limit):
    before = await _rows()
    declared = await client.post(path, content=b"x" * (limit + 1))
    streamed = Endless()
    undeclared = await client.post(path, content=streamed)

    for answer in (declared, undeclared):
        body = problem(answer, 413, "body_too_large")
        assert body["limit"] == limit
    assert streamed.sent <= limit + 2 * CHUNK  # read up to the limit, no further
    assert await _rows() == before


@pytest.mark.parametrize("path", ["/api/v1/print-runs", "/api/v1/imports/print_debt"])
async def test_an_anonymous_api_write_is_refused_before_its_body_is_read(client, path):
    streamed = Endless()
    problem(await client.post(path, content=streamed), 401, "not_authenticated")
    assert streamed.sent <= 2 * CHUNK


async def test_a_signed_in_json_write_past_a_megabyte_is_refused(client):
    headers = await sign_in(client, await given_user(Role.PRINT_OPERATOR, "31.71"))
    padding = "x" * JSON_LIMIT
    answer = await client.post("/api/v1/print-runs", headers=headers, json={
        "region": "31.71", "printed": 1, "spoiled": 0, "note": padding})
    problem(answer, 413, "body_too_large")


async def test_bodies_within_their_limits_go_through(client):
    answer = await client.post("/api/v1/auth/token",
                               json={"username": "nobody", "password": "x" * 200})
    problem(answer, 401, "invalid_credentials")
    near_limit = b"region,date,pending\n" + b"31.71,2023-01-02,5\n" * 20_000  # ~0.4 MB
    headers = await sign_in(client, await given_user(Role.ADMIN, "00"))
    imported = await client.post("/api/v1/imports/print_debt", headers=headers,
                                 params={"dry_run": "true"},
                                 files={"file": ("debt.csv", near_limit, "text/csv")})
    assert imported.status_code == 200, imported.text[:300]


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`blanko-tracker serve` on a fresh embedded database."""
    with serving(tmp_path_factory.mktemp("body-limits")) as base:
        yield base


async def _raw_post(base: str, head: str, chunks: int) -> bytes:
    """A POST written on the socket by hand (`head`: its headers), then up to `chunks`
    chunks of 16 KB, one at a time, stopping as soon as the server answers; the answer."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(head.encode() + b"\r\n")
    answer = b""
    try:
        for _ in range(chunks + 1):
            try:
                answer = await asyncio.wait_for(reader.read(), timeout=1)  # to its close
                break
            except TimeoutError:
                writer.write(b"4000\r\n" + b"x" * CHUNK + b"\r\n")
                await writer.drain()
    finally:
        writer.close()
    return answer


async def test_the_limit_holds_on_a_real_server(served_app):
    """uvicorn in front: a gigabyte announced is refused without one byte of it sent, and a
    body without a length is refused once 64 KB of it have arrived."""
    announced = await _raw_post(served_app, "POST /logout HTTP/1.1\r\nHost: x\r\n"
                                "Content-Length: 1073741824\r\n", chunks=0)
    streamed = await _raw_post(served_app, "POST /logout HTTP/1.1\r\nHost: x\r\n"
                               "Transfer-Encoding: chunked\r\n", chunks=8)

    for answer in (announced, streamed):
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b'"code":"body_too_large"' in answer
