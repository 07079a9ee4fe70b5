"""Users admin: the users in the admin's scope, a form to create one (one role, one region;
the password rules are the service's), and each user's page, where the admin deactivates or
reactivates them, changes their role and region, or resets their password. Every change ends
that user's tokens and browser sessions (services/users.py)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import users
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain.access import Action, Actor, Role, authorize
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.schemas import CreateUser, UpdateUser
from blanko_tracker.services import users as actions
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import as_picked, command, pickable, submit
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

CHANGES = ("active", "role", "region", "password")  # what a user's page may change
FORMS = ("status", "placement", "password")  # its three forms, by the `form` field each sends


async def users_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                     typed: dict[str, str] | None = None,
                     problem: dict[str, Any] | None = None, saved: str | None = None
                     ) -> Template:
    authorize(session.actor, Action.MANAGE_USERS, session.actor.region)
    rows, total = await users.listing(scope=session.actor.region, limit=1000, offset=0)
    # The password is never sent back into the page.
    kept = {key: value for key, value in (typed or {}).items() if key != "password"}
    return page(request, "users.html", session=session,
                status=problem["status"] if problem else 200, rows=rows, total=total,
                roles=list(Role),
                typed=kept or {"region": await as_picked(session.actor.region)},
                problem=problem, saved=saved, picks=await pickable(session.actor.region))


async def authorized_user(actor: Actor, user_id: int) -> UserRow:
    """The user, once the admin may manage users where they are (403 otherwise, 404 if there
    is none): checked before a user's page is shown or its form read."""
    authorize(actor, Action.MANAGE_USERS, actor.region)
    user = await users.by_id(user_id)
    if user is None:
        raise NotFound("user", user_id)
    authorize(actor, Action.MANAGE_USERS, user.region)
    return user


async def user_page(request: Request[Any, Any, Any], session: BrowserSession, user_id: int,
                    *, typed: dict[str, str] | None = None,
                    problem: dict[str, Any] | None = None, saved: bool = False) -> Template:
    user = await authorized_user(session.actor, user_id)
    form = (typed or {}).get("form")
    # A refused form keeps what was typed (never a password); the others show the user.
    kept = {key: value for key, value in (typed or {}).items() if key != "password"}
    return page(request, "user.html", session=session,
                status=problem["status"] if problem else 200, user=user,
                own=user.id == session.actor.id, roles=list(Role), problem=problem,
                form=form if form in FORMS else None, saved=saved,
                picks=await pickable(session.actor.region),
                typed=kept if form == "placement" else {
                    "role": user.role.value, "region": await as_picked(user.region)})


def changes(user: UserRow, fields: dict[str, str]) -> dict[str, str]:
    """What the form changes: only what differs from the user as stored, so saving a form
    unchanged ends nobody's sessions (the service refuses it: nothing to change)."""
    now = {"active": "true" if user.active else "false", "role": user.role.value,
           "region": user.region}
    return {key: value for key, value in fields.items()
            if key in CHANGES and value != now.get(key)}


class UserPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/users")
    async def list_users(self, request: Request[Any, Any, Any], session: CurrentSession,
                         saved: FromQuery[str | None] = None) -> Template:
        return await users_page(request, session, saved=saved)

    @post("/users")
    async def create_user(self, request: Request[Any, Any, Any], session: CurrentSession
                          ) -> Template | Redirect:
        # The role first; the region the form names is the service's to authorize: refused,
        # the form comes back with what was typed, on a page of the caller's own scope only.
        authorize(session.actor, Action.MANAGE_USERS, session.actor.region)
        return await submit(
            request, session,
            lambda fields: actions.create_user(
                command(CreateUser, fields, lang=language_of(request)), actor=session.actor),
            then=lambda user: f"/users?saved={user.username}",
            refused=lambda typed, problem: users_page(request, session, typed=typed,
                                                      problem=problem),
            region_fields=("region",))

    @get("/users/{user_id:int}")
    async def user(self, request: Request[Any, Any, Any], session: CurrentSession,
                   user_id: FromPath[int], saved: FromQuery[bool] = False) -> Template:
        return await user_page(request, session, user_id, saved=saved)

    @post("/users/{user_id:int}")
    async def update_user(self, request: Request[Any, Any, Any], session: CurrentSession,
                          user_id: FromPath[int]) -> Template | Redirect:
        """One of the page's forms: the status, the role and region, or a new password."""
        user = await authorized_user(session.actor, user_id)
        return await submit(
            request, session,
            lambda fields: actions.update_user(
                user_id, command(UpdateUser, changes(user, fields), lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/users/{user_id}?saved=true",
            refused=lambda typed, problem: user_page(request, session, user_id, typed=typed,
                                                     problem=problem),
            region_fields=("region",))
