"""Signing in: argon2id password hashes (pwdlib) and who a token belongs to."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from blanko_tracker.db import users
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain.access import Actor
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


# argon2id runs off the event loop (~0.3 s of CPU must not stall other requests), and at most
# this many at once per worker: a burst of sign-ins queues instead of taking every core.
_hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_hashing, _hasher.hash, password)


async def _verify(password: str, password_hash: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(
        _hashing, _hasher.verify, password, password_hash)


def to_actor(user: UserRow) -> Actor:
    return Actor(id=user.id, username=user.username, role=user.role, region=user.region)


# Sign-in guessing is throttled over a sliding window, per username *and* client address (so
# a stranger's guesses never lock the real user out) and per client address (so one client
# cannot try every username). The counts live in the database: they hold across workers.
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 10  # from one address
MAX_FAILURES_PER_ADDRESS = 50


async def authenticate(username: str, password: str, *, address: str) -> UserRow:
    """The user these credentials belong to; InvalidCredentials never says which part failed.

    The attempt is written down before its password is hashed, and only the attempts before
    it count: of guesses sent at once, only as many as the limit are hashed, the rest are
    TooManyAttempts (and forgotten, so that being refused does not prolong the wait). A
    success clears this username's failures from this address.
    """
    now = datetime.now(UTC)
    attempt = await users.record_failure(username, address, at=now)
    by_user, by_address = await users.failures_before(attempt, username, address,
                                                      since=now - WINDOW)
    if by_user >= MAX_FAILURES_PER_USER or by_address >= MAX_FAILURES_PER_ADDRESS:
        await users.forget_failure(attempt)
        raise TooManyAttempts(int(WINDOW.total_seconds()))
    user = await users.by_username(username)
    valid = await _verify(password, user.password_hash if user else _dummy())
    if user is None or not valid or not user.active:
        raise InvalidCredentials()
    await users.clear_failures(username, address)
    return user


async def actor_for(user_id: int, stamp: object) -> Actor | None:
    """Who a token or session names, if that user is still active and unchanged since it
    was issued (its `stamp`): every request asks, so a change counts at once."""
    user = await users.by_id(user_id)
    if user is None or not user.active or user.stamp != stamp:
        return None
    return to_actor(user)
