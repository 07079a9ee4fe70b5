"""Who is looking at a page: the session cookie, resolved on every request, and the CSRF
token every form carries (synchroniser pattern: one random token per session, compared in
constant time on every submission)."""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie
from litestar.di import NamedDependency

from blanko_tracker.domain.errors import StaleForm
from blanko_tracker.services import sessions
from blanko_tracker.services.sessions import BrowserSession

SESSION_COOKIE = "blanko_session"
LOGIN_CSRF_COOKIE = "blanko_login_csrf"
LANGUAGE_COOKIE = "blanko_lang"
CSRF_FIELD = "csrf_token"


class SignInNeeded(Exception):
    """No live session: the page redirects to /login and comes back after."""


def cookie(request: Request[Any, Any, Any], key: str, value: str, *, max_age: int | None,
           http_only: bool = True) -> Cookie:
    secure = request.url.scheme == "https" or request.app.state["settings"].secure_cookies
    return Cookie(key=key, value=value, max_age=max_age, httponly=http_only, samesite="lax",
                  secure=secure, path="/")


CurrentSession = NamedDependency[BrowserSession]
"""A page handler's `session` parameter: the signed-in browser (see `provide_session`)."""


async def provide_session(request: Request[Any, Any, Any]) -> BrowserSession:
    token = request.cookies.get(SESSION_COOKIE)
    found = await sessions.resume(token) if token else None
    if found is None:
        raise SignInNeeded()
    return found


async def read_form(request: Request[Any, Any, Any], expected_token: str) -> dict[str, str]:
    """The submitted fields (trimmed; empty ones dropped), after the CSRF check."""
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not secrets.compare_digest(given, expected_token):
        raise StaleForm()
    return {key: value.strip() for key, value in form.items()
            if key != CSRF_FIELD and isinstance(value, str) and value.strip()}
