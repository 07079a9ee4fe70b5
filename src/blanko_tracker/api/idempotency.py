"""One request, one transaction, one effect.

Every write request (POST/PUT/PATCH/DELETE) runs inside a single write transaction that
commits only if the answer is a success: an error answer never leaves a partial write.
With an `Idempotency-Key` header, the first answer is stored *in that same transaction*, so a
retry after a crash or a lost reply either finds the stored answer (the write happened) or
runs anew (it did not); there is no in-between. The same key with another request is 409
`idempotency_key_reused`. Keys are per user and kept in the database, so they hold across
worker processes and restarts.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import msgspec
from litestar.connection import ASGIConnection
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from blanko_tracker.api.body_limit import replaying
from blanko_tracker.db import idempotency
from blanko_tracker.db.idempotency import StoredAnswer
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain.errors import BlankoError, IdempotencyKeyReused, InvalidInput
from blanko_tracker.problems import INTERNAL_DOCUMENT, problem_document
from blanko_tracker.services import sessions
from blanko_tracker.services.common import utcnow
from blanko_tracker.web.session import SESSION_COOKIE

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Signing in hashes for ~0.3 s (no reason to hold the writer lock), and a refused sign-in
# must still count toward throttling, so it is not rolled back with its 401. Changing one's
# own password checks the current one the same way (its service owns its transaction).
UNWRAPPED_PATHS = {"/api/v1/auth/token", "/login", "/api/v1/me/password", "/password"}
REPLAYED_HEADER = (b"idempotent-replayed", b"true")
MAX_KEY_LENGTH = 255
# The document says the same (api/openapi.py): visible ASCII, inner spaces allowed. Spaces
# and tabs around a header's value are not part of it (RFC 9110, 5.5), so they are dropped.
OPTIONAL_WHITESPACE = " \t"
KEY_PATTERN = re.compile(f"[!-~]([ -~]{{0,{MAX_KEY_LENGTH - 2}}}[!-~])?")
logger = logging.getLogger("blanko_tracker")


@dataclass
class _Answer:
    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)

    async def capture(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == b"content-type":
                return value.decode("latin-1")
        return "application/json"

    async def send_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": bytes(self.body)})


class _Rollback(Exception):
    """Raised inside the transaction to undo it; the answer is still sent."""


class _Replay(Exception):
    def __init__(self, stored: StoredAnswer | None) -> None:
        self.stored = stored


def _stored_answer(stored: StoredAnswer) -> _Answer:
    return _Answer(
        status=stored.status_code,
        headers=[(b"content-type", stored.content_type.encode("latin-1")),
                 (b"content-length", str(len(stored.body)).encode()), REPLAYED_HEADER],
        body=bytearray(stored.body),
    )


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope["path"].encode(), scope["query_string"], body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class TransactionPerWrite:
    """ASGI middleware placed after authentication, so the caller is known."""

    def __init__(self, app: ASGIApp, ttl: timedelta) -> None:
        self.app = app
        self.ttl = ttl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITE_METHODS
            or scope["path"] in UNWRAPPED_PATHS
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        try:
            key = _checked_key(_header(scope, b"idempotency-key"))
            user_id = await _caller(scope) if key else None
            scope_key = f"{user_id}:{key}" if key and user_id is not None else None
            answer = await self._run(scope, receive, body, scope_key)
        except BlankoError as error:  # raised here, outside any handler: answered here too
            answer = _problem_answer(*problem_document(error))
        except Exception as error:
            logger.error("unexpected failure around a write", exc_info=error)
            answer = _problem_answer(500, INTERNAL_DOCUMENT)
        await answer.send_to(send)

    async def _run(self, scope: Scope, receive: Receive, body: bytes, scope_key: str | None
                   ) -> _Answer:
        answer = _Answer()
        fingerprint = _fingerprint(scope, body) if scope_key else ""
        try:
            async with write_transaction():
                if scope_key and (stored := await self._find(scope_key)):
                    raise _Replay(stored)
                await self.app(scope, replaying(body, receive), answer.capture)
                if answer.status >= 400:
                    raise _Rollback
                if scope_key and not await self._claim(scope_key, fingerprint, answer):
                    # A concurrent twin stored its answer first: ours must not count.
                    raise _Replay(await self._find(scope_key))
        except _Rollback:
            if scope_key and _kept_refusal(answer):
                answer = await self._keep_refusal(scope_key, fingerprint, answer)
        except _Replay as replay:
            return self._replayed(replay.stored, fingerprint)
        return answer

    async def _find(self, scope_key: str) -> StoredAnswer | None:
        return await idempotency.find(scope_key, now=utcnow(), ttl=self.ttl)

    async def _claim(self, scope_key: str, fingerprint: str, answer: _Answer) -> bool:
        return await idempotency.claim(
            scope_key=scope_key, fingerprint=fingerprint, status_code=answer.status,
            content_type=answer.content_type, body=bytes(answer.body), now=utcnow(),
        )

    async def _keep_refusal(self, scope_key: str, fingerprint: str, answer: _Answer) -> _Answer:
        """A refusal is an answer too: a retry gets the same one (it wrote nothing)."""
        async with write_transaction():
            if await self._claim(scope_key, fingerprint, answer):
                return answer
            stored = await self._find(scope_key)
        return self._replayed(stored, fingerprint)

    def _replayed(self, stored: StoredAnswer | None, fingerprint: str) -> _Answer:
        if stored is None or stored.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        return _stored_answer(stored)


# A refusal larger than this is sent but not kept: a retry runs again, which is harmless (a
# refusal wrote nothing), and no request can make the table keep a large body for a day.
MAX_KEPT_REFUSAL = 64 * 1024


def _kept_refusal(answer: _Answer) -> bool:
    """A refusal is kept under its key like any first answer, but for a 401 and a large one."""
    return (400 <= answer.status < 500 and answer.status != 401
            and len(answer.body) <= MAX_KEPT_REFUSAL)


async def _caller(scope: Scope) -> int | None:
    """Whose key it is: the bearer's user, or for a page's form (no bearer: pages carry their
    own session) the user of the live session its cookie names. No caller, no key: a
    signed-out page's post only redirects to /login and must not keep that answer."""
    user = scope.get("user")
    if user is not None:
        return int(user.id)
    token = ASGIConnection(scope).cookies.get(SESSION_COOKIE)
    found = await sessions.resume(token) if token else None
    return found.actor.id if found is not None else None


def _checked_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    key = raw.strip(OPTIONAL_WHITESPACE)
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput("Idempotency-Key", f"1 to {MAX_KEY_LENGTH} printable ASCII "
                           "characters")
    return key


def _problem_answer(status: int, document: dict[str, Any]) -> _Answer:
    return _Answer(
        status=status,
        headers=[(b"content-type", b"application/problem+json")],
        body=bytearray(msgspec.json.encode(document)),
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None
