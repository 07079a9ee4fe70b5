"""Changing one's own password on the page ("Ubah kata sandi"): the current password and the
new one twice; this browser carries on in a new session, every other one of the user ends."""

from __future__ import annotations

import pytest

from blanko_tracker.db.tables import LoginFailure, WebSession
from blanko_tracker.domain.access import Role
from tests.builders import PASSWORD, given_user, sign_in
from tests.web.pages import another_browser, page_sign_in, signed_in

NEW = "another-long-pw-7"


def change(token: str, current: str = PASSWORD, new: str = NEW, again: str | None = None
           ) -> dict[str, str]:
    return {"csrf_token": token, "current_password": current, "new_password": new,
            "new_password_again": NEW if again is None else again}


async def test_every_page_links_to_the_password_page(client):
    await signed_in(client, await given_user(Role.PRINT_OPERATOR, "31.71"))

    dashboard = await client.get("/")
    form = await client.get("/password")

    assert 'href="/password"' in dashboard.text.split("</header>")[0]
    assert form.status_code == 200 and "Ubah kata sandi" in form.text
    for name in ("current_password", "new_password", "new_password_again"):
        assert f'name="{name}"' in form.text and f'for="f-{name}"' in form.text


async def test_a_new_password_keeps_this_browser_and_ends_every_other_session(database,
                                                                              client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    async with another_browser(database) as elsewhere:
        await signed_in(elsewhere, operator)
        token = await signed_in(client, operator)
        old_cookie = client.cookies["blanko_session"]
        bearer = await sign_in(client, operator)

        changed = await client.post("/password", data=change(token))
        shown = await client.get(changed.headers["location"])
        here = await client.get("/")
        there = await elsewhere.get("/regions/31.71")

    assert changed.status_code == 303 and changed.headers["location"] == "/password?saved=true"
    assert client.cookies["blanko_session"] != old_cookie
    assert "Kata sandi diganti" in shown.text
    assert here.status_code == 200
    assert there.status_code == 303 and there.headers["location"].startswith("/login?next=")
    assert (await client.get("/api/v1/me", headers=bearer)).status_code == 401
    assert await WebSession.count() == 1  # only this browser's new session
    async with another_browser(database) as fresh:
        assert (await page_sign_in(fresh, operator)).status_code == 401
        assert (await page_sign_in(fresh, operator, password=NEW)).status_code == 303


@pytest.mark.parametrize(("form", "status", "says"), [
    ({"again": "another-long-pw-8"}, 400, "Kedua isian kata sandi baru tidak sama."),
    ({"current": "not-my-password"}, 401, "Kata sandi saat ini tidak cocok."),
    ({"new": "pendek", "again": "pendek"}, 400, "Isian ini minimal 10 karakter."),
    ({"new": "aaaaaaaaaaaa", "again": "aaaaaaaaaaaa"}, 400,
     "Kata sandi perlu minimal"),
])
async def test_a_refused_change_says_why_in_bahasa_and_changes_nothing(client, form, status,
                                                                      says):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    token = await signed_in(client, operator)

    refused = await client.post("/password", data=change(token, **form))

    assert refused.status_code == status, refused.text
    assert says in refused.text and 'class="problem"' in refused.text
    assert NEW not in refused.text and PASSWORD not in refused.text
    assert (await client.get("/")).status_code == 200  # still signed in
    assert (await sign_in(client, operator))  # the password is as it was


async def test_the_refusals_are_worded_in_english_too(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, "31.71"))
    client.cookies.set("blanko_lang", "en")

    mismatch = await client.post("/password", data=change(token, again="another-long-pw-8"))
    wrong = await client.post("/password", data=change(token, current="not-my-password"))

    assert "The two new passwords differ." in mismatch.text
    assert "The current password does not match." in wrong.text


async def test_wrong_current_passwords_count_toward_the_sign_in_throttle(database, client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    token = await signed_in(client, operator)

    for _ in range(10):
        wrong = await client.post("/password", data=change(token, current="guess-guess"))
        assert wrong.status_code == 401
    throttled = await client.post("/password", data=change(token))

    assert throttled.status_code == 429 and "Terlalu banyak percobaan" in throttled.text
    assert await LoginFailure.count() == 10  # kept: the page's refusals roll nothing back
    async with another_browser(database) as elsewhere:
        assert (await page_sign_in(elsewhere, operator)).status_code == 429


async def test_a_change_without_the_forms_token_is_refused(client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    await signed_in(client, operator)

    forged = await client.post("/password", data=change("forged"))

    assert forged.status_code == 403 and "<form" not in forged.text
    assert (await sign_in(client, operator))  # the password is as it was


async def test_without_a_session_the_page_sends_to_login(client):
    form = await client.get("/password")
    posted = await client.post("/password", data=change("none"))
    for answer in (form, posted):
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/password"
