"""Form fields → the same command structs the API takes, with the API's field errors."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.response import Redirect, Template

from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.render import problem_of
from blanko_tracker.web.session import read_form

T = TypeVar("T")
_AT_FIELD = re.compile(r" - at `\$\.([A-Za-z_]+)`")
_MISSING = re.compile(r"^Object missing required field `([A-Za-z_]+)`")
# msgspec's own messages → the rule the pages' catalogue words (web/i18n.py `invalid_<rule>`)
_RULES = [
    (re.compile(r"^Expected `(?:int|float)` >= (?P<limit>\S+)$"), "at_least"),
    (re.compile(r"^Expected `(?:int|float)` > (?P<limit>\S+)$"), "more_than"),
    (re.compile(r"^Expected `(?:int|float)` <= (?P<limit>\S+)$"), "at_most"),
    (re.compile(r"^Expected `int`, got"), "whole_number"),
    (re.compile(r"^Expected `float`, got"), "number"),
    (re.compile(r"^Expected `str` of length <= (?P<limit>\d+)$"), "too_long"),
    (re.compile(r"^Expected `str` of length >= (?P<limit>\d+)$"), "too_short"),
    (re.compile(r"^Object missing required field"), "required"),
    (re.compile(r"^Invalid enum value"), "choice"),
    (re.compile(r"^Invalid RFC3339 encoded date"), "date"),
]


def command(kind: type[T], fields: dict[str, Any]) -> T:
    """`fields` (strings from a form) converted and validated as `kind`; InvalidInput names
    the field, as the API's 400 does. Empty fields were dropped: they take their defaults."""
    try:
        return msgspec.convert(fields, type=kind, strict=False)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _AT_FIELD.search(message) or _MISSING.search(message)
        field = found.group(1) if found else "form"
        text = _AT_FIELD.sub("", message)
        rule, values = _rule_of(text)
        raise InvalidInput(field, text, rule=rule, values=values) from None


def _rule_of(message: str) -> tuple[str | None, dict[str, object]]:
    for pattern, rule in _RULES:
        if found := pattern.search(message):
            return rule, {name: int(value) if value.lstrip("-").isdigit() else value
                          for name, value in found.groupdict().items()}
    return None, {}


async def submit(
    request: Request[Any, Any, Any], session: BrowserSession,
    act: Callable[[dict[str, str]], Awaitable[T]], *, then: Callable[[T], str],
    refused: Callable[[dict[str, str], dict[str, Any]], Awaitable[Template]],
) -> Template | Redirect:
    """Every form post: read the fields (CSRF checked), `act` on them, and 303 to `then`.
    Refused, `refused(typed, problem)` shows the form again with the problem and what was
    typed; the request's transaction rolls back on its 4xx, so nothing is written."""
    fields = await read_form(request, session.csrf_token)
    try:
        done = await act(fields)
    except BlankoError as error:
        return await refused(fields, problem_of(error))
    return Redirect(then(done), status_code=303)
