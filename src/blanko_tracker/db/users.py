"""User queries (the table is `app_user`: `user` is reserved in PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import MAX_ID, AppUser, LoginFailure
from blanko_tracker.domain.access import Role


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user as stored: one role, one region; `stamp` changes with every change of them."""

    id: int
    username: str
    role: Role
    region: str
    active: bool
    stamp: str
    password_hash: str = field(default="", repr=False)  # read only to sign in

    @classmethod
    def of(cls, row: dict[str, Any]) -> UserRow:
        return cls(id=row["id"], username=row["username"], role=Role(row["role"]),
                   region=row["region"], active=bool(row["active"]), stamp=row["stamp"],
                   password_hash=row.get("password_hash", ""))


PUBLIC = (AppUser.id, AppUser.username, AppUser.role, AppUser.region, AppUser.active,
          AppUser.stamp)


BY_ID = "SELECT id, username, role, region, active, stamp FROM app_user WHERE id = {}"


async def by_username(username: str) -> UserRow | None:
    """With the password hash, to sign in."""
    row = await AppUser.select().where(AppUser.username == username).first()
    return UserRow.of(row) if row else None


async def by_id(user_id: int, *, lock: bool = False) -> UserRow | None:
    """Every request resolves its token's user here, so a removed or changed user counts at
    once. `lock` holds the row until the transaction ends (PostgreSQL; SQLite's BEGIN
    IMMEDIATE already excludes other writers)."""
    if not 0 < user_id <= MAX_ID:
        return None
    # Every request asks: the SQL is written once here rather than built again each time.
    rows = await AppUser.raw(BY_ID + (" FOR UPDATE" if lock and not is_sqlite() else ""),
                             user_id)
    return UserRow.of(rows[0]) if rows else None


async def insert(*, username: str, password_hash: str, role: str, region: str, stamp: str,
                 now: datetime) -> UserRow | None:
    """The new user, or None when the username is taken."""
    rows = await AppUser.insert(AppUser(
        username=username, password_hash=password_hash, role=role, region=region,
        created_at=now, active=True, stamp=stamp,
    )).on_conflict(target=AppUser.username, action="DO NOTHING").returning(*PUBLIC)
    return UserRow.of(rows[0]) if rows else None


async def update(user_id: int, *, stamp: str, role: Role | None = None,
                 region: str | None = None, active: bool | None = None,
                 password_hash: str | None = None) -> UserRow:
    """Change what is given, and the stamp with it (the caller holds `by_id(lock=True)`)."""
    changes: dict[Any, Any] = {AppUser.stamp: stamp}
    for column, value in ((AppUser.role, role.value if role else None), (AppUser.region, region),
                          (AppUser.active, active), (AppUser.password_hash, password_hash)):
        if value is not None:
            changes[column] = value
    rows = await AppUser.update(changes).where(AppUser.id == user_id).returning(*PUBLIC)
    return UserRow.of(rows[0])


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


async def listing(*, scope: str, limit: int, offset: int) -> tuple[list[UserRow], int]:
    """Users placed at or under `scope`, by region then username, with the total."""
    query = AppUser.select(*PUBLIC)
    count = AppUser.count()
    if (condition := under(AppUser.region, scope)) is not None:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(AppUser.region, AppUser.username).limit(limit).offset(offset)
    return [UserRow.of(row) for row in found], await count
