"""Every daily-work page has its words in both languages (a missing one would fail it)."""

from __future__ import annotations

import pytest

from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import signed_in

PAGES = ["/requests", "/shipments", "/shipments/new", "/planning?quantity=100&parent=75",
         "/regions/75.05/scenario?daily_capacity=10", "/reports?region=75&month=2023-02",
         "/imports", "/users"]


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_the_admins_pages_render_in_each_language(client, lang):
    await signed_in(client, await given_user(Role.ADMIN, "00"))
    client.cookies.set("blanko_lang", lang)
    for path in PAGES:
        answer = await client.get(path)
        assert answer.status_code == 200, (path, answer.text[-2000:])
        assert f'<html lang="{lang}">' in answer.text
