"""Every request body is bounded before anything reads it whole, signed in or not: a body
larger than its route takes is refused with 413 as soon as its `Content-Length` says so, or
as soon as the bytes read pass the limit — never after holding all of it."""

from __future__ import annotations

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from blanko_tracker.domain.errors import TooLarge
from blanko_tracker.problems import problem_document

KB, MB = 1024, 1024 * 1024
PAGE_LIMIT = 64 * KB  # forms and sign-in: a few fields
JSON_LIMIT = 1 * MB  # an API write: the longest lists (serial ranges, allocations) fit
IMPORT_LIMIT = 10 * MB  # an office's spreadsheet
# The longest prefix decides.
LIMITS = [
    ("/api/v1/imports/", IMPORT_LIMIT),
    ("/imports", IMPORT_LIMIT),
    ("/api/v1/auth/", PAGE_LIMIT),
    ("/api/", JSON_LIMIT),
    ("/", PAGE_LIMIT),
]


def limit_for(path: str) -> int:
    return next(limit for prefix, limit in LIMITS if path.startswith(prefix))


class BodyLimit:
    """ASGI middleware, outside every other: reads at most the route's limit (plus one
    chunk) before it refuses, and hands the app the body it read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    status, document = problem_document(TooLarge(limit))
    body = msgspec.json.encode(document)
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the rest of the body is never read
        (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` for the app: the body read already, then whatever the client sends next
    (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
