"""Browser sessions (`web_session`): the token's hash, its user and its CSRF token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blanko_tracker.db.tables import AppUser, WebSession


async def insert(*, token_hash: str, user_id: int, csrf_token: str, now: datetime,
                 expires_at: datetime) -> None:
    await WebSession.insert(WebSession(token_hash=token_hash, user_id=user_id,
                                       csrf_token=csrf_token, created_at=now,
                                       expires_at=expires_at))


async def find(token_hash: str, *, now: datetime) -> dict[str, Any] | None:
    """The live session's CSRF token and its user's public row, or None."""
    session = await WebSession.select(WebSession.user_id, WebSession.csrf_token).where(
        (WebSession.token_hash == token_hash) & (WebSession.expires_at > now)).first()
    if session is None:
        return None
    user = await AppUser.select(AppUser.id, AppUser.username, AppUser.role, AppUser.region
                                ).where(AppUser.id == session["user_id"]).first()
    return {"user": user, "csrf_token": session["csrf_token"]} if user else None


async def delete(token_hash: str) -> None:
    await WebSession.delete().where(WebSession.token_hash == token_hash)


async def purge_expired(now: datetime) -> int:
    return len(await WebSession.delete().where(WebSession.expires_at <= now
                                               ).returning(WebSession.id))
