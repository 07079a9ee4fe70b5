"""User actions: an admin creates, changes and ends accounts inside its own scope; everyone
changes their own password. A change of role, region, password or activity gives the user a
new stamp, which ends every token and browser session issued before it."""

from __future__ import annotations

import secrets

from blanko_tracker.db import sessions, users
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain.access import Action, Actor, authorize, check_placement
from blanko_tracker.domain.errors import AlreadyExists, InvalidInput, NotFound
from blanko_tracker.domain.passwords import check_password
from blanko_tracker.schemas import ChangePassword, CreateUser, UpdateUser
from blanko_tracker.services import auth
from blanko_tracker.services.common import audit_write, require_region, utcnow


def new_stamp() -> str:
    return secrets.token_hex(16)


async def create_user(cmd: CreateUser, *, actor: Actor | None) -> UserRow:
    """A new user with one role and one region; `actor=None` is the command line's set-up."""
    if actor is not None:
        authorize(actor, Action.MANAGE_USERS, cmd.region)
    check_password(cmd.username, cmd.password)
    # ~0.3 s of argon2 before this action's own transaction (over HTTP the request's
    # transaction is already open: user creation is rare enough for that to be fine).
    password_hash = await auth.hash_password(cmd.password)
    now = utcnow()
    async with write_transaction():
        region = await require_region(cmd.region)
        check_placement(cmd.role, region.level)
        user = await users.insert(
            username=cmd.username, password_hash=password_hash, role=cmd.role.value,
            region=cmd.region, stamp=new_stamp(), now=now,
        )
        if user is None:
            raise AlreadyExists(f"The username {cmd.username} is taken.",
                                rule="username_taken", values={"username": cmd.username})
        await audit_write(
            actor, "create_user", target=f"user:{user.id}", region=cmd.region,
            detail={"username": cmd.username, "role": cmd.role.value}, now=now,
        )
    return user


async def update_user(user_id: int, cmd: UpdateUser, *, actor: Actor) -> UserRow:
    """An admin deactivates, reactivates, moves, re-roles or resets the password of a user in
    its scope (and into its scope). Admins do not end or re-role themselves here, so that
    nobody locks the last door by accident."""
    given = {name: getattr(cmd, name) for name in ("active", "role", "region", "password")
             if getattr(cmd, name) is not None}
    if not given:
        raise InvalidInput("body", "give at least one of active, role, region, password",
                           rule="nothing_to_change")
    password_hash = await auth.hash_password(cmd.password) if cmd.password else None
    now = utcnow()
    async with write_transaction():
        user = await users.by_id(user_id, lock=True)
        if user is None:
            raise NotFound("user", user_id)
        authorize(actor, Action.MANAGE_USERS, user.region)
        if user.id == actor.id and (cmd.active is False or cmd.role not in (None, actor.role)):
            raise InvalidInput("user", "admins do not deactivate or re-role themselves",
                               rule="own_account")
        region = cmd.region or user.region
        authorize(actor, Action.MANAGE_USERS, region)
        check_placement(cmd.role or user.role, (await require_region(region)).level)
        if cmd.password:
            check_password(user.username, cmd.password)
        changed = await users.update(user.id, stamp=new_stamp(), active=cmd.active,
                                     role=cmd.role,
                                     region=cmd.region, password_hash=password_hash)
        await sessions.end_all(user.id)
        await audit_write(actor, "update_user", target=f"user:{user.id}", region=region,
                          detail={name: value for name, value in given.items()
                                  if name != "password"} | (
                                      {"password": "reset"} if cmd.password else {}),
                          now=now)
    return changed


async def change_own_password(cmd: ChangePassword, *, actor: Actor, address: str) -> UserRow:
    """Everyone's own password, given the current one (wrong guesses count toward the same
    throttle as signing in). Every other token and session of the user ends; the caller
    carries its own on with the new stamp."""
    await auth.authenticate(actor.username, cmd.current_password, address=address)
    check_password(actor.username, cmd.new_password)
    password_hash = await auth.hash_password(cmd.new_password)
    now = utcnow()
    async with write_transaction():
        user = await users.by_id(actor.id, lock=True)
        if user is None or not user.active:
            raise NotFound("user", actor.id)
        changed = await users.update(user.id, stamp=new_stamp(), password_hash=password_hash)
        await sessions.end_all(user.id)
        await audit_write(actor, "change_own_password", target=f"user:{user.id}",
                          region=user.region, detail={}, now=now)
    return changed
