"""Who is calling: bearer JWTs for the API, resolved to an `Actor` on every request.

What an actor may do is decided in one place, `domain.access.authorize`: services call it
for writes, read endpoints through `readable` below.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.security.jwt import JWTAuth, Token

from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.services import auth
from blanko_tracker.settings import Settings

# Paths that need no bearer token: health, the OpenAPI document and signing in. Pages carry
# their own session and opt out with `opt={"exclude_from_auth": True}` on their router.
PUBLIC_PATHS = ["^/health$", "^/schema", "^/api/v1/auth/token$"]


async def retrieve_actor(token: Token, connection: ASGIConnection[Any, Any, Any, Any]
                         ) -> Actor | None:
    """The token's user as the database holds them now: a removed, deactivated or changed
    user's token stops working at once."""
    try:
        user_id = int(token.sub)
    except ValueError:
        return None
    return await auth.actor_for(user_id, token.extras.get("stamp"))


def jwt_auth(settings: Settings) -> JWTAuth[Actor, Token]:
    return JWTAuth[Actor, Token](
        retrieve_user_handler=retrieve_actor,
        token_secret=settings.secret_key,
        default_token_expiration=timedelta(seconds=settings.token_ttl_seconds),
        exclude=PUBLIC_PATHS,
    )


def provide_actor(request: Request[Actor, Token, Any]) -> Actor:
    return request.user


def readable(actor: Actor, region: str) -> None:
    """Reading is every role's right, inside its own subtree."""
    authorize(actor, Action.READ, region)
