"""Browser sessions (`web_session`): the token's hash, its user and its CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blanko_tracker.db.tables import WebSession
from blanko_tracker.db.users import UserRow, by_id


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A live session and its user as they are now."""

    csrf_token: str
    user: UserRow


async def insert(*, token_hash: str, user_id: int, user_stamp: str, csrf_token: str,
                 now: datetime, expires_at: datetime) -> None:
    await WebSession.insert(WebSession(token_hash=token_hash, user_id=user_id,
                                       user_stamp=user_stamp, csrf_token=csrf_token,
                                       created_at=now, expires_at=expires_at))


async def find(token_hash: str, *, now: datetime) -> SessionRow | None:
    """The live session, if its user is still active and unchanged since it began."""
    session = await WebSession.select(
        WebSession.user_id, WebSession.user_stamp, WebSession.csrf_token).where(
        (WebSession.token_hash == token_hash) & (WebSession.expires_at > now)).first()
    if session is None:
        return None
    user = await by_id(session["user_id"])
    if user is None or not user.active or user.stamp != session["user_stamp"]:
        return None
    return SessionRow(session["csrf_token"], user)


async def end_all(user_id: int) -> None:
    """Every session of the user (they would be refused anyway: this frees their rows)."""
    await WebSession.delete().where(WebSession.user_id == user_id)


async def delete(token_hash: str) -> None:
    await WebSession.delete().where(WebSession.token_hash == token_hash)


async def purge_expired(now: datetime) -> int:
    return len(await WebSession.delete().where(WebSession.expires_at <= now
                                               ).returning(WebSession.id))
