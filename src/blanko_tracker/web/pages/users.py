"""Users admin: the users in the admin's scope and a form to create one (one role, one
region; the password rules are the service's)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import users
from blanko_tracker.domain.access import Action, Role, authorize
from blanko_tracker.domain.errors import BlankoError
from blanko_tracker.schemas import CreateUser
from blanko_tracker.services import users as actions
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command
from blanko_tracker.web.render import language_of, page, problem_of
from blanko_tracker.web.session import CurrentSession, provide_session, read_form


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
                roles=list(Role), typed=kept or {"region": session.actor.region},
                problem=problem, saved=saved)


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
        fields = await read_form(request, session.csrf_token)
        try:
            user = await actions.create_user(command(CreateUser, fields, lang=language_of(request)),
                                             actor=session.actor)
        except BlankoError as error:
            return await users_page(request, session, typed=fields, problem=problem_of(error))
        return Redirect(f"/users?saved={user.username}", status_code=303)
