"""Signing a browser in and out: a random token in an HttpOnly cookie, its hash in the
database (so every worker process knows it and signing out ends it everywhere)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from blanko_tracker.db import sessions
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain.access import Actor
from blanko_tracker.services import auth
from blanko_tracker.services.common import utcnow


@dataclass(frozen=True, slots=True)
class BrowserSession:
    token: str  # goes to the cookie; never stored
    csrf_token: str  # goes into every form of this session
    actor: Actor


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_in(username: str, password: str, *, address: str, ttl: timedelta
                  ) -> BrowserSession:
    """As `auth.authenticate` (same refusals, same throttling), then a new session."""
    return await start(await auth.authenticate(username, password, address=address), ttl=ttl)


async def start(user: UserRow, *, ttl: timedelta) -> BrowserSession:
    """A new session for `user` as they are now (signed in, or their password just changed)."""
    now = utcnow()
    await sessions.purge_expired(now)
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await sessions.insert(token_hash=_hash(token), user_id=user.id, user_stamp=user.stamp,
                          csrf_token=csrf_token, now=now, expires_at=now + ttl)
    return BrowserSession(token=token, csrf_token=csrf_token, actor=auth.to_actor(user))


async def resume(token: str) -> BrowserSession | None:
    """The live session this cookie names, with its user as they are now."""
    found = await sessions.find(_hash(token), now=utcnow())
    if found is None:
        return None
    return BrowserSession(token=token, csrf_token=found.csrf_token,
                          actor=auth.to_actor(found.user))


async def sign_out(token: str) -> None:
    await sessions.delete(_hash(token))
