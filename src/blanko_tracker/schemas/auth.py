"""Signing in and users: the token asked for and given, a user created and shown."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.domain.access import Role
from blanko_tracker.schemas.common import NO_NUL, RegionCode, whole


class TokenRequest(Struct, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=64, pattern=NO_NUL)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class Token(Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_in: int


Password = Annotated[str, Meta(min_length=10, max_length=256)]


class CreateUser(Struct, kw_only=True):
    username: Annotated[str, Meta(pattern=whole(r"[a-z0-9][a-z0-9._-]{2,63}"))]
    password: Password
    role: Role
    region: RegionCode


class UserOut(Struct, kw_only=True):
    id: int
    username: str
    role: Role
    region: str
    active: bool


class UserPage(Struct, kw_only=True):
    items: list[UserOut]
    total: int


class UpdateUser(Struct, kw_only=True):
    """What an admin changes of a user; every earlier token and session of the user ends."""

    active: bool | None = None
    role: Role | None = None
    region: RegionCode | None = None
    password: Password | None = None


class ChangePassword(Struct, kw_only=True):
    current_password: Annotated[str, Meta(min_length=1, max_length=256)]
    new_password: Password
