"""User actions: an admin creates users inside its own scope."""

from __future__ import annotations

from blanko_tracker.db import users
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain.access import Action, Actor, authorize, check_placement
from blanko_tracker.domain.errors import AlreadyExists
from blanko_tracker.domain.passwords import check_password
from blanko_tracker.schemas import CreateUser, UserOut
from blanko_tracker.services.auth import hash_password
from blanko_tracker.services.common import audit_write, require_region, utcnow


async def create_user(cmd: CreateUser, *, actor: Actor | None) -> UserOut:
    """A new user with one role and one region; `actor=None` is the command line's set-up."""
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS, cmd.region)
    check_password(cmd.username, cmd.password)
    # ~0.3 s of argon2 before this action's own transaction (over HTTP the request's
    # transaction is already open: user creation is rare enough for that to be fine).
    password_hash = await hash_password(cmd.password)
    now = utcnow()
    async with write_transaction():
        region = await require_region(cmd.region)
        check_placement(cmd.role, region["level"])
        row = await users.insert(
            username=cmd.username, password_hash=password_hash, role=cmd.role.value,
            region=cmd.region, now=now,
        )
        if row is None:
            raise AlreadyExists(f"The username {cmd.username} is taken.")
        await audit_write(
            actor, "create_user", target=f"user:{row['id']}", region=cmd.region,
            detail={"username": cmd.username, "role": cmd.role.value}, now=now,
        )
    return UserOut(id=row["id"], username=row["username"], role=cmd.role, region=row["region"])
