"""Who is calling: bearer JWTs for the API, resolved to an `Actor` on every request.

What an actor may do is decided in one place, `domain.access.authorize`: services call it
for writes, read endpoints through `readable` below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.security.jwt import JWTAuth, Token

from blanko_tracker.api.user_cache import LoadActor, UserCache
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.services import auth
from blanko_tracker.settings import Settings

# Paths that need no bearer token: health, the OpenAPI document and signing in. Pages carry
# their own session and opt out with `opt={"exclude_from_auth": True}` on their router.
PUBLIC_PATHS = ["^/health$", "^/schema", "^/api/v1/auth/token$"]


RetrieveActor = Callable[[Token, ASGIConnection[Any, Any, Any, Any]], Awaitable[Actor | None]]


def actor_lookup(load: LoadActor) -> RetrieveActor:
    """The token's user as `load` finds them: `auth.actor_by_id` reads the database, so a
    removed user's token stops working at once; a `UserCache` keeps users while PostgreSQL
    notifies their changes (api/user_cache.py)."""

    async def retrieve(token: Token, connection: ASGIConnection[Any, Any, Any, Any]
                       ) -> Actor | None:
        try:
            return await load(int(token.sub))
        except ValueError:
            return None

    return retrieve


class VerifiedToken(Token):
    """A token whose signature this process has already verified is not verified again (the
    check cost ~10 % of a write's CPU). The same bytes under the same key always verify the
    same way, so only successes are remembered; expiry is checked on every request, and an
    expired token goes through the full check again for its precise 401."""

    @classmethod
    def decode(cls, encoded_token: str, secret: str, algorithm: str,  # type: ignore[override]
               *args: Any, **kwargs: Any) -> Token:
        if args or any(kwargs.get(name, usual) != usual for name, usual in _USUAL.items()):
            return super().decode(encoded_token, secret, algorithm, *args, **kwargs)
        token = _verified(cls, encoded_token, secret, algorithm)
        if token.exp <= datetime.now(UTC):
            return super().decode(encoded_token, secret, algorithm, **kwargs)  # raises
        return token


# The options JWTAuth passes as configured here; anything else is decoded in full each time.
_USUAL = {"audience": None, "issuer": None, "require_claims": None, "verify_exp": True,
          "verify_nbf": True, "strict_audience": False}


@lru_cache(maxsize=4096)
def _verified(cls: type[Token], encoded_token: str, secret: str, algorithm: str) -> Token:
    return Token.decode.__func__(cls, encoded_token, secret, algorithm)  # type: ignore[attr-defined]


def jwt_auth(settings: Settings, cache: UserCache | None = None) -> JWTAuth[Actor, Token]:
    return JWTAuth[Actor, Token](
        retrieve_user_handler=actor_lookup(cache.actor if cache else auth.actor_by_id),
        token_cls=VerifiedToken,
        token_secret=settings.secret_key,
        default_token_expiration=timedelta(seconds=settings.token_ttl_seconds),
        exclude=PUBLIC_PATHS,
    )


def provide_actor(request: Request[Actor, Token, Any]) -> Actor:
    return request.user


def readable(actor: Actor, region: str) -> None:
    """Reading is every role's right, inside its own subtree."""
    authorize(actor, Action.READ, region)
