"""Signing in, who am I, and accounts: an admin lists, creates and changes users; everyone
changes their own password."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.security.jwt import JWTAuth

from blanko_tracker.api.params import CurrentActor, Limit, Offset, OptionalRegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.db import users as user_rows
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.client_address import client_address
from blanko_tracker.schemas import (
    ChangePassword,
    CreateUser,
    Token,
    TokenRequest,
    UpdateUser,
    UserOut,
    UserPage,
)
from blanko_tracker.services import auth, users
from blanko_tracker.services.wire import user_out


def _address(request: Request[Any, Any, Any]) -> str:
    return client_address(request.client.host if request.client else "",
                          request.headers.get("x-forwarded-for"),
                          request.app.state["trusted_proxies"])


def _token(request: Request[Any, Any, Any], user: UserRow) -> Token:
    """A bearer token naming the user and the stamp it is issued under."""
    jwt: JWTAuth = request.app.state["jwt"]
    return Token(access_token=jwt.create_token(identifier=str(user.id),
                                               token_extras={"stamp": user.stamp}),
                 token_type="bearer",
                 expires_in=int(jwt.default_token_expiration.total_seconds()))


class AuthController(Controller):
    path = "/api/v1"
    tags = ["auth"]

    @post("/auth/token", operation_id="sign_in", status_code=200, security=[{}],
          responses=responses(400, 401, 429))
    async def sign_in(self, data: JSONBody[TokenRequest], request: Request[Any, Any, Any]
                      ) -> Token:
        """A bearer token; repeated failures are throttled per username and address (429)."""
        user = await auth.authenticate(data.username, data.password, address=_address(request))
        return _token(request, user)

    @get("/me", operation_id="who_am_i", responses=responses(401))
    async def me(self, actor: CurrentActor) -> UserOut:
        return UserOut(id=actor.id, username=actor.username, role=actor.role,
                       region=actor.region, active=True)

    @post("/me/password", operation_id="change_own_password", status_code=200,
          responses=responses(400, 401, 429))
    async def change_own_password(self, data: JSONBody[ChangePassword], actor: CurrentActor,
                                  request: Request[Any, Any, Any]) -> Token:
        """Every other token and session of yours ends; the answer is a new token."""
        user = await users.change_own_password(data, actor=actor, address=_address(request))
        return _token(request, user)

    @get("/users", operation_id="list_users", responses=responses(400, 401, 403))
    async def list_users(self, actor: CurrentActor, region: OptionalRegionQuery = None,
                         limit: Limit = 100, offset: Offset = 0) -> UserPage:
        """Users placed at or under `region` (default: your scope); admins only."""
        code = region or actor.region
        authorize(actor, Action.MANAGE_USERS, code)
        rows, total = await user_rows.listing(scope=code, limit=limit, offset=offset)
        return UserPage(items=[user_out(row) for row in rows], total=total)

    @post("/users", operation_id="create_user", responses=responses(400, 401, 403, 409))
    async def create_user(self, data: JSONBody[CreateUser], actor: CurrentActor) -> UserOut:
        return user_out(await users.create_user(data, actor=actor))

    @patch("/users/{user_id:int}", operation_id="update_user",
           responses=responses(400, 401, 403, 404))
    async def update_user(self, user_id: FromPath[int], data: JSONBody[UpdateUser],
                          actor: CurrentActor) -> UserOut:
        """Deactivate, reactivate, move, re-role or reset the password of a user: every
        token and session the user had ends at once."""
        authorize(actor, Action.MANAGE_USERS, actor.region)
        return user_out(await users.update_user(user_id, data, actor=actor))
