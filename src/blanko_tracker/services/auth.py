"""Signing in: argon2id password hashes (pwdlib) and who a token belongs to."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from blanko_tracker.db import users
from blanko_tracker.domain.access import Actor, Role
from blanko_tracker.domain.errors import InvalidCredentials, TooManyAttempts

_hasher = PasswordHash((Argon2Hasher(),))
_dummy_hash: str | None = None


def use_fast_hashing() -> None:
    """Tests only: argon2id at a tiny cost (the real cost is ~0.3 s a hash)."""
    global _hasher, _dummy_hash
    _hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    _dummy_hash = None


def _dummy() -> str:
    """Verified against when the username is unknown, so both failures take the same time."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a real password")
    return _dummy_hash


async def hash_password(password: str) -> str:
    """argon2id, off the event loop: ~0.3 s of CPU must not stall other requests."""
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify(password: str, password_hash: str) -> bool:
    return await asyncio.to_thread(_hasher.verify, password, password_hash)


def to_actor(row: dict) -> Actor:
    return Actor(id=row["id"], username=row["username"], role=Role(row["role"]),
                 region=row["region"])


# Sign-in guessing is throttled per username and per address over a sliding window; the
# counts live in the database, so they hold across worker processes.
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 10
MAX_FAILURES_PER_ADDRESS = 50


async def authenticate(username: str, password: str, *, address: str = "") -> Actor:
    """The user these credentials belong to; InvalidCredentials never says which part failed.

    TooManyAttempts (before any hashing) once the username or the address has failed too
    often within the window; a success clears the username's failures.
    """
    now = datetime.now(UTC)
    by_user, by_address = await users.recent_failures(username, address, since=now - WINDOW)
    if by_user >= MAX_FAILURES_PER_USER or by_address >= MAX_FAILURES_PER_ADDRESS:
        raise TooManyAttempts(int(WINDOW.total_seconds()))
    row = await users.by_username(username)
    valid = await _verify(password, row["password_hash"] if row else _dummy())
    if row is None or not valid:
        await users.record_failure(username, address, at=now)
        raise InvalidCredentials()
    await users.clear_failures(username)
    return to_actor(row)


async def actor_by_id(user_id: int) -> Actor | None:
    row = await users.by_id(user_id)
    return to_actor(row) if row else None
