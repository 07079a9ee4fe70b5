"""Refusals on the pages, worded in each language from the problem's members (web/i18n)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from blanko_tracker.domain.access import Action, Role
from blanko_tracker.domain.errors import (
    InsufficientStock,
    InvalidInput,
    InvalidState,
    NotFound,
    NotPermitted,
    OutOfScope,
)
from blanko_tracker.web import i18n
from blanko_tracker.web.render import problem_of


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


# Every refusal a page can meet is raised below `api/` (the pages never call it): each names
# its rule, and the catalogue words that rule in both languages, so no page shows the API's
# English. A rule built at run time (`adjustment_{direction}`) or passed on is checked where
# its words are tested.
REFUSALS = {"InvalidInput", "InvalidState", "AlreadyReceived", "AlreadyExists",
            "SerialConflict", "QuantityMismatch", "ExceedsOwed", "RuleViolated", "Conflict"}
PACKAGE = Path(i18n.__file__).parents[1]


def refusals_raised() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "api" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in REFUSALS:
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node))
    return found


def test_every_refusal_below_the_api_names_a_rule_the_pages_word():
    unworded = []
    for path, line, call in refusals_raised():
        rule = next((k.value for k in call.keywords if k.arg == "rule"), None)
        if rule is None:
            unworded.append(f"{path}:{line} names no rule")
        elif isinstance(rule, ast.Constant) and not i18n.has(f"invalid_{rule.value}"):
            unworded.append(f"{path}:{line} rule {rule.value!r} has no words")
    assert refusals_raised() and unworded == []


@pytest.mark.parametrize("error", [
    InvalidState("Shipment 7 is received; only a planned one can be cancelled.",
                 rule="cancel_needs_planned", values={"shipment": "7", "status": "received"}),
    NotFound("print run", 1234),
])
def test_a_state_or_a_missing_thing_reads_in_indonesian(error):
    problem = problem_of(error)
    sentence = i18n.problem_detail("id", problem["code"], problem["members"],
                                   problem["detail"], rule=problem["rule"],
                                   values=problem["values"])

    assert sentence in ("Kiriman #7 berstatus diterima; hanya kiriman yang direncanakan "
                        "dapat dibatalkan.", "Pencetakan 1234 tidak ditemukan.")
