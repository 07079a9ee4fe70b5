"""User queries (the table is `app_user`: `user` is reserved in PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import MAX_ID, AppUser, LoginFailure

PUBLIC = (AppUser.id, AppUser.username, AppUser.role, AppUser.region)


async def by_username(username: str) -> dict[str, Any] | None:
    return await AppUser.select().where(AppUser.username == username).first()


async def by_id(user_id: int) -> dict[str, Any] | None:
    """Every request resolves its token's user here, so a removed user's token stops working
    at once."""
    if not 0 < user_id <= MAX_ID:
        return None
    return await AppUser.select(*PUBLIC).where(AppUser.id == user_id).first()


async def insert(
    *, username: str, password_hash: str, role: str, region: str, now: datetime
) -> dict[str, Any] | None:
    """The new user's public row, or None when the username is taken."""
    rows = await (
        AppUser.insert(
            AppUser(
                username=username,
                password_hash=password_hash,
                role=role,
                region=region,
                created_at=now,
            )
        )
        .on_conflict(target=AppUser.username, action="DO NOTHING")
        .returning(*PUBLIC)
    )
    return rows[0] if rows else None


async def record_failure(username: str, address: str, *, at: datetime) -> int:
    """A sign-in attempt, counted as failed until it succeeds; its id."""
    rows = await LoginFailure.insert(LoginFailure(
        username=username[:64], address=address[:64], at=at)).returning(LoginFailure.id)
    return rows[0]["id"]


async def failures_before(attempt: int, username: str, address: str, *, since: datetime
                          ) -> tuple[int, int]:
    """Failed sign-ins since `since` written before `attempt`: for this username from this
    address, and from this address."""
    earlier = (LoginFailure.id < attempt) & (LoginFailure.at >= since) & (
        LoginFailure.address == address[:64])
    by_user = await LoginFailure.count().where(earlier & (LoginFailure.username == username[:64]))
    by_address = await LoginFailure.count().where(earlier)
    return by_user, by_address


async def forget_failure(attempt: int) -> None:
    await LoginFailure.delete().where(LoginFailure.id == attempt)


async def clear_failures(username: str, address: str) -> None:
    await LoginFailure.delete().where((LoginFailure.username == username[:64])
                                      & (LoginFailure.address == address[:64]))


async def purge_failures(*, before: datetime) -> int:
    """Drop failed sign-ins older than `before` (they no longer count against anyone)."""
    return len(await LoginFailure.delete().where(LoginFailure.at < before
                                                 ).returning(LoginFailure.id))


async def listing(*, scope: str, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Users placed at or under `scope`, by region then username, with the total."""
    query = AppUser.select(*PUBLIC)
    count = AppUser.count()
    if (condition := under(AppUser.region, scope)) is not None:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(AppUser.region, AppUser.username).limit(limit).offset(offset)
    return found, await count
