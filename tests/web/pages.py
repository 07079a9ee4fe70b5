"""Driving the pages over HTTP as a browser would: cookies, the login form, CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from httpx import ASGITransport, AsyncClient, Response

from blanko_tracker.api.app import create_app
from blanko_tracker.domain.access import Actor
from tests.builders import PASSWORD
from tests.conftest import Database

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


@asynccontextmanager
async def another_browser(database: Database) -> AsyncIterator[AsyncClient]:
    """A second browser (cookie jar of its own) on the test's database, as another device
    would be: sessions live in the database, so both see the same ones."""
    app = create_app(database.settings(), engine=database.engine)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver"
                           ) as http:
        yield http


async def signed_in(client: AsyncClient, actor: Actor) -> str:
    """Signs `actor` in and returns the session's CSRF token (taken from the dashboard)."""
    answer = await page_sign_in(client, actor)
    assert answer.status_code == 303, answer.text
    return csrf_of(await client.get("/"))
