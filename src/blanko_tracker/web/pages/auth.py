"""Signing in and out, changing one's own password (*ubah kata sandi*), and the language
switch."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.domain.client_address import client_address
from blanko_tracker.domain.errors import (
    BlankoError,
    InvalidCredentials,
    InvalidInput,
    StaleForm,
    TooManyAttempts,
)
from blanko_tracker.schemas import ChangePassword
from blanko_tracker.services import sessions, users
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web import i18n
from blanko_tracker.web.forms import command
from blanko_tracker.web.render import language_of, page, problem_of
from blanko_tracker.web.session import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentSession,
    cookie,
    provide_session,
    read_form,
)


def safe_next(target: str | None) -> str:
    """Only a path on this site: `//evil.example` and `https://…` are not followed."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _address(request: Request[Any, Any, Any]) -> str:
    """The client's address, as the sign-in throttle counts it."""
    return client_address(request.client.host if request.client else "",
                          request.headers.get("x-forwarded-for"),
                          request.app.state["trusted_proxies"])


def _session_ttl(request: Request[Any, Any, Any]) -> timedelta:
    return timedelta(seconds=request.app.state["settings"].token_ttl_seconds)


def _password_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                   problem: dict[str, Any] | None = None, saved: bool = False) -> Template:
    return page(request, "password.html", session=session,
                status=problem["status"] if problem else 200, problem=problem, saved=saved)


def _login_page(request: Request[Any, Any, Any], token: str, *, next_path: str,
                status: int = 200, message_key: str | None = None, username: str = ""
                ) -> Template:
    response = page(request, "login.html", session=None, status=status, next=next_path,
                    login_token=token, message_key=message_key, username=username)
    response.cookies.append(cookie(request, LOGIN_CSRF_COOKIE, token, max_age=3600))
    return response


class AuthPages(Controller):
    include_in_schema = False

    @get("/login")
    async def login_form(self, request: Request[Any, Any, Any], next: FromQuery[str | None] = None
                         ) -> Template:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
        return _login_page(request, token, next_path=safe_next(next))

    @post("/login")
    async def login(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """A wrong password and an unknown user get the same answer (and the same delay)."""
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not expected:  # the form was not loaded in this browser (or cookies are off)
            raise StaleForm()
        form = await read_form(request, expected)
        username, next_path = form.get("username", ""), safe_next(form.get("next"))
        ttl = _session_ttl(request)
        try:
            signed_in = await sessions.sign_in(username, form.get("password", ""),
                                               address=_address(request), ttl=ttl)
        except TooManyAttempts:
            return _login_page(request, expected, next_path=next_path, status=429,
                               message_key="too_many_attempts", username=username)
        except InvalidCredentials:
            return _login_page(request, expected, next_path=next_path, status=401,
                               message_key="wrong_credentials", username=username)
        response = Redirect(next_path, status_code=303)
        response.cookies.append(cookie(request, SESSION_COOKIE, signed_in.token,
                                       max_age=int(ttl.total_seconds())))
        return response

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        signed_in = await provide_session(request)
        await read_form(request, signed_in.csrf_token)
        await sessions.sign_out(signed_in.token)
        response = Redirect("/login", status_code=303)
        response.cookies.append(cookie(request, SESSION_COOKIE, "", max_age=0))
        return response

    @get("/password", dependencies={"session": Provide(provide_session)})
    async def password_form(self, request: Request[Any, Any, Any], session: CurrentSession,
                            saved: FromQuery[bool] = False) -> Template:
        return _password_page(request, session, saved=saved)

    @post("/password", dependencies={"session": Provide(provide_session)})
    async def change_password(self, request: Request[Any, Any, Any], session: CurrentSession
                              ) -> Template | Redirect:
        """The current password, and the new one twice. No request transaction wraps this
        one (api/idempotency.py UNWRAPPED_PATHS): the service owns its own, so a wrong
        current password still counts toward the sign-in throttle, as at /login.

        Changed, every session of the user has ended, this browser's too: it carries on in a
        new one, under the user's new stamp."""
        form = await read_form(request, session.csrf_token)
        try:
            if form.get("new_password") != form.get("new_password_again"):
                raise InvalidInput("new_password_again", "the two new passwords differ",
                                   rule="password_mismatch")
            user = await users.change_own_password(
                command(ChangePassword, {key: form[key] for key in
                                         ("current_password", "new_password") if key in form},
                        lang=language_of(request)),
                actor=session.actor, address=_address(request))
        except BlankoError as error:
            return _password_page(request, session, problem=problem_of(error))
        ttl = _session_ttl(request)
        fresh = await sessions.start(user, ttl=ttl)
        response = Redirect("/password?saved=true", status_code=303)
        response.cookies.append(cookie(request, SESSION_COOKIE, fresh.token,
                                       max_age=int(ttl.total_seconds())))
        return response

    @get("/lang/{code:str}")
    async def switch_language(self, request: Request[Any, Any, Any], code: FromPath[str],
                              next: FromQuery[str | None] = None) -> Redirect:
        response = Redirect(safe_next(next), status_code=303)
        response.cookies.append(cookie(request, LANGUAGE_COOKIE, i18n.choose(code),
                                       max_age=365 * 24 * 3600))
        return response

