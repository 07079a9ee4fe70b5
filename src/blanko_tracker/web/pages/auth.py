"""Signing in and out, and the language switch."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.domain.client_address import client_address
from blanko_tracker.domain.errors import InvalidCredentials, StaleForm, TooManyAttempts
from blanko_tracker.services import sessions
from blanko_tracker.web import i18n
from blanko_tracker.web.render import page
from blanko_tracker.web.session import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    cookie,
    provide_session,
    read_form,
)


def safe_next(target: str | None) -> str:
    """Only a path on this site: `//evil.example` and `https://…` are not followed."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


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
        ttl = timedelta(seconds=request.app.state["settings"].token_ttl_seconds)
        address = client_address(request.client.host if request.client else "",
                                 request.headers.get("x-forwarded-for"),
                                 request.app.state["trusted_proxies"])
        try:
            signed_in = await sessions.sign_in(username, form.get("password", ""),
                                               address=address, ttl=ttl)
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

    @get("/lang/{code:str}")
    async def switch_language(self, request: Request[Any, Any, Any], code: FromPath[str],
                              next: FromQuery[str | None] = None) -> Redirect:
        response = Redirect(safe_next(next), status_code=303)
        response.cookies.append(cookie(request, LANGUAGE_COOKIE, i18n.choose(code),
                                       max_age=365 * 24 * 3600))
        return response

