"""Refusals on the pages, worded in each language from the problem's members (web/i18n)."""

from __future__ import annotations

import pytest

from blanko_tracker.domain.access import Action, Role
from blanko_tracker.domain.errors import (
    InsufficientStock,
    InvalidInput,
    NotPermitted,
    OutOfScope,
)
from blanko_tracker.web import i18n


def worded(lang: str, error) -> str:
    return i18n.problem_detail(lang, error.code, error.context(), error.detail)


def test_insufficient_stock_reads_with_each_languages_numbers():
    error = InsufficientStock("31.71", requested=83_000, available=30_000)

    assert worded("id", error) == "Stok 31.71 tinggal 30.000 blanko; yang diminta 83.000."
    assert worded("en", error) == ("Region 31.71 has 30,000 blanks on hand; 83,000 were "
                                   "asked for.")


def test_out_of_scope_names_the_region_and_the_scope():
    assert worded("id", OutOfScope("31", "75")) == "Wilayah 75 di luar cakupan Anda (31)."


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_every_role_and_action_has_its_words(role, action):
    error = NotPermitted(role.value, action.value)
    for lang in i18n.LANGUAGES:
        sentence = worded(lang, error)
        assert "{" not in sentence and "_" not in sentence


def test_not_permitted_names_the_role_and_the_action_in_words():
    error = NotPermitted(Role.PROVINCIAL_HEAD.value, Action.APPROVE.value)

    assert worded("en", error) == "Your role (Provincial head) may not approve requests."


def test_a_problem_without_words_keeps_the_apis_detail():
    error = InvalidInput("date", "2027-01-01 is in the future")

    assert worded("id", error) == error.detail
