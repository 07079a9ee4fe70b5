"""Driving the pages over HTTP as a browser would: cookies, the login form, CSRF tokens."""

from __future__ import annotations

import re

from httpx import AsyncClient, Response

from blanko_tracker.domain.access import Actor
from tests.builders import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: Response | str) -> str:
    """The CSRF token in a rendered page's forms."""
    html = page if isinstance(page, str) else page.text
    found = _TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def page_sign_in(client: AsyncClient, actor: Actor, password: str = PASSWORD
                       ) -> Response:
    """Through /login like a person; the client keeps the session cookie. Returns the
    answer to the form (303 to the dashboard on success)."""
    form = await client.get("/login")
    assert form.status_code == 200, form.text
    return await client.post("/login", data={
        "csrf_token": csrf_of(form), "username": actor.username, "password": password,
        "next": "/",
    })


async def signed_in(client: AsyncClient, actor: Actor) -> str:
    """Signs `actor` in and returns the session's CSRF token (taken from the dashboard)."""
    answer = await page_sign_in(client, actor)
    assert answer.status_code == 303, answer.text
    return csrf_of(await client.get("/"))
