"""Every daily-work page has its words in both languages (a missing one would fail it)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import blanko_tracker
from blanko_tracker.domain.access import Role
from blanko_tracker.web import forms, i18n
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


def test_every_refused_field_rule_is_worded_in_both_languages():
    """Each `rule=` an InvalidInput names (and each msgspec message forms.py maps) has an
    `invalid_<rule>` entry, with the same placeholders in Indonesian and English."""
    source = Path(blanko_tracker.__file__).parent
    named = {rule for path in source.rglob("*.py")
             for rule in re.findall(r'rule="(\w+)"', path.read_text())}
    named |= {rule for _, rule in forms._RULES}
    named |= {"adjustment_negative", "adjustment_positive"}  # rule=f"adjustment_{direction}"
    assert len(named) > 20
    for rule in named:
        indonesian, english = i18n.MESSAGES[f"invalid_{rule}"]
        assert _placeholders(indonesian) == _placeholders(english), rule


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
