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
_AT_FIELD = re.compile(r" - at `\$\.([A-Za-z_]+)")


def command(kind: type[T], fields: dict[str, Any]) -> T:
    """`fields` (strings from a form) converted and validated as `kind`; InvalidInput names
    the field, as the API's 400 does. Empty fields were dropped: they take their defaults."""
    try:
        return msgspec.convert(fields, type=kind, strict=False)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _AT_FIELD.search(message)
        field = found.group(1) if found else "form"
        raise InvalidInput(field, _AT_FIELD.sub("", message)) from None


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
