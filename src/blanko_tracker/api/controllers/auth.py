"""Signing in and who am I."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.security.jwt import JWTAuth

from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.domain.client_address import client_address
from blanko_tracker.schemas import CreateUser, Token, TokenRequest, UserOut
from blanko_tracker.services import auth, users


class AuthController(Controller):
    path = "/api/v1"
    tags = ["auth"]

    @post("/auth/token", operation_id="sign_in", status_code=200, security=[{}],
          responses=responses(400, 401, 429))
    async def sign_in(self, data: JSONBody[TokenRequest], state: State,
                      request: Request) -> Token:
        """A bearer token; repeated failures are throttled per username and address (429)."""
        address = client_address(request.client.host if request.client else "",
                                 request.headers.get("x-forwarded-for"),
                                 request.app.state["trusted_proxies"])
        actor = await auth.authenticate(data.username, data.password, address=address)
        jwt: JWTAuth = state.jwt
        ttl = int(jwt.default_token_expiration.total_seconds())
        return Token(access_token=jwt.create_token(identifier=str(actor.id)), token_type="bearer",
                     expires_in=ttl)

    @get("/me", operation_id="who_am_i", responses=responses(401))
    async def me(self, actor: CurrentActor) -> UserOut:
        return UserOut(id=actor.id, username=actor.username, role=actor.role, region=actor.region)

    @post("/users", operation_id="create_user", responses=responses(400, 401, 403, 409))
    async def create_user(self, data: JSONBody[CreateUser], actor: CurrentActor) -> UserOut:
        return await users.create_user(data, actor=actor)
