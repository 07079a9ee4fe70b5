"""Every daily-work page has its words in both languages (a missing one would fail it)."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.plugins.jinja import JinjaTemplateEngine

import blanko_tracker
from blanko_tracker.domain.access import Role
from blanko_tracker.web import forms, i18n, render
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


def test_every_refused_field_rule_is_worded_in_both_languages_from_its_values():
    """Each `rule=` an InvalidInput names (and each msgspec message forms.py maps) has an
    `invalid_<rule>` entry whose placeholders, in Indonesian and in English, are exactly the
    values the raise gives it (a missing one would break the page that shows it)."""
    given: dict[str, list[set[str]]] = {}  # each raise of a rule: the values it gives
    for path in Path(blanko_tracker.__file__).parent.rglob("*.py"):
        for rule, values in RAISED.findall(path.read_text()):
            given.setdefault(rule, []).append(set(re.findall(r'"(\w+)":', values)))
    for pattern, rule in forms._RULES:
        given.setdefault(rule, []).append(set(pattern.groupindex))
    given["adjustment_negative"] = given["adjustment_positive"] = [set()]  # f"adjustment_{…}"
    assert len(given) > 40
    for rule, raises in given.items():
        for text in i18n.MESSAGES[f"invalid_{rule}"]:
            for names in raises:
                assert _placeholders(text) <= names, (rule, text, names)


RAISED = re.compile(r'rule="(\w+)"(?:,\s*values=(\{[^{}]*\}))?')


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("lang", "shown"), [
    ("id", "83.000 · 98,7% · 2 Februari 2023 · Februari 2023"),
    ("en", "83,000 · 98.7% · 2 February 2023 · February 2023"),
])
def test_the_templates_write_numbers_and_days_in_the_pages_language(lang, shown):
    engine = JinjaTemplateEngine(directory=render.TEMPLATES)
    render._configure(engine)
    # 20:00 UTC on 1 February is already the 2nd in Gorontalo (WITA, UTC+8).
    text = engine.engine.from_string(
        "{{ n|number }} · {{ r|percent }} · {{ at|long_date('75.05') }} · {{ m|month_year }}"
    ).render(lang=lang, n=83_000, r=0.987, at=datetime(2023, 2, 1, 20, tzinfo=UTC),
             m="2023-02")

    assert text == shown
