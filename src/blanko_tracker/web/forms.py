"""Form fields → the same command structs the API takes, with the API's field errors."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.response import Redirect, Template

from blanko_tracker.db import regions
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.domain.regions import CODE, STOCK_LEVELS, is_code, named, parent_of
from blanko_tracker.formats import number, parse_count, parse_number
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.render import problem_of
from blanko_tracker.web.session import read_form

T = TypeVar("T")
_NAME_AND_CODE = re.compile(rf".*\((?P<code>{CODE})\)")  # "Kota Bandung (32.73)"
_LONGEST_NAME = 100  # no region's name is longer; a longer text names none
_CHOICES_SHOWN = 5
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


def command(kind: type[T], fields: dict[str, Any], *, lang: str) -> T:
    """`fields` (strings from a form) converted and validated as `kind`; InvalidInput names
    the field, as the API's 400 does. Empty fields were dropped: they take their defaults.

    A number field is read as people write numbers in `lang`, the page's language (`1.000`
    is a thousand on an Indonesian page); its range is then checked by `kind`'s own rules.
    """
    numbers = _numbers_of(kind)
    fields = {name: _read_number(value, numbers[name], lang, field=name)
              if name in numbers and isinstance(value, str) else value
              for name, value in fields.items()}
    try:
        return msgspec.convert(fields, type=kind, strict=False)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _AT_FIELD.search(message) or _MISSING.search(message)
        field = found.group(1) if found else "form"
        text = _AT_FIELD.sub("", message)
        rule, values = _rule_of(text)
        raise InvalidInput(field, text, rule=rule, values=values) from None


@cache
def _numbers_of(kind: type[Any]) -> dict[str, type[int] | type[float]]:
    """The fields of `kind` typed as numbers (optional ones too), by their form name: whole
    counts (`int`) and quantities that may have decimals (`float`)."""
    info = msgspec.inspect.type_info(kind)
    assert isinstance(info, msgspec.inspect.StructType), kind  # forms fill command structs
    found: dict[str, type[int] | type[float]] = {}
    for field in info.fields:
        options = (field.type.types if isinstance(field.type, msgspec.inspect.UnionType)
                   else (field.type,))
        for option in options:
            if isinstance(option, msgspec.inspect.IntType):
                found[field.encode_name] = int
            elif isinstance(option, msgspec.inspect.FloatType):
                found[field.encode_name] = float
    return found


def shown_back(kind: type[Any], typed: dict[str, str], *, lang: str) -> dict[str, str]:
    """What was typed, shown again after a refusal: each count that reads as one written as
    `lang` writes it (`1000` → `1.000`), so the operator sees the number the server read;
    what does not read (`1,5`) stays as typed, beside its message."""
    counts = {name for name, kind_of in _numbers_of(kind).items() if kind_of is int}
    shown = dict(typed)
    for name in counts & typed.keys():
        with contextlib.suppress(InvalidInput):
            shown[name] = number(parse_count(typed[name], lang, field=name), lang, decimals=0)
    return shown


async def region_code(typed: str, *, field: str) -> str:
    """The code of the region a picker's field names: a code as is (`32.73`), a name with its
    code beside it as the picker's list offers it ("Kota Bandung (32.73)"), or a name alone
    when one ministry, province or regency is called so ("kota bandung"). Whether the caller
    may act there is the service's to say, as for a code typed into the API."""
    text = " ".join(typed.split())
    if is_code(text):
        return text
    if found := _NAME_AND_CODE.fullmatch(text):
        return found["code"]
    holders = await regions.stock_holders()
    codes = named(text, {code: row.name for code, row in holders.items()}
                  ) if len(text) <= _LONGEST_NAME else []
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise InvalidInput(field, f"no region is called {text!r}: type its name or its code",
                           rule="region_unknown", values={"typed": text[:_LONGEST_NAME]})
    choices = ", ".join(f"{holders[code].name} ({code})" for code in codes[:_CHOICES_SHOWN])
    more = ", …" if len(codes) > _CHOICES_SHOWN else ""
    raise InvalidInput(field, f"{text!r} names {len(codes)} regions: {choices}{more}",
                       rule="region_ambiguous",
                       values={"typed": text, "count": len(codes), "choices": choices + more})


async def as_picked(code: str) -> str:
    """A region as its picker shows it, name and code: "Kota Bandung (32.73)"."""
    region = await regions.get(code)
    return f"{region.name} ({code})" if region else code


async def pickable(code: str) -> list[RegionRow]:
    """What a region picker lists for a caller at `code`: their own region, the one above
    it and the stock holders right below it; any other is found by typing its name."""
    below, _ = await regions.children(code, limit=100, offset=0)  # 38 provinces at most
    above = parent_of(code)
    return ([await regions.known(code)] + ([await regions.known(above)] if above else [])
            + [row for row in below if row.level in STOCK_LEVELS])


async def region_codes(fields: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """`fields` with each region picker among `names` read as its code (`region_code`)."""
    found = dict(fields)
    for name in names:
        if found.get(name):
            found[name] = await region_code(found[name], field=name)
    return found


def require_confirmation(fields: dict[str, str], *, field: str = "confirm") -> None:
    """An action that cannot be taken back (cancelling a shipment) goes ahead only with its
    box ticked: a confirm step that works without JavaScript and that tests can see."""
    if fields.get(field) != "yes":
        raise InvalidInput(field, "tick the box to confirm", rule="confirm_required")


def _read_number(text: str, kind: type[int] | type[float], lang: str, *, field: str
                 ) -> int | float:
    if kind is int:
        return parse_count(text, lang, field=field)
    return parse_number(text, lang, field=field)


def _rule_of(message: str) -> tuple[str | None, dict[str, object]]:
    for pattern, rule in _RULES:
        if found := pattern.search(message):
            return rule, {name: _limit(value) for name, value in found.groupdict().items()}
    return None, {}


def _limit(text: str) -> int | float | str:
    """A limit as msgspec writes it (`0.99`, Python's notation, never a person's): a number,
    so the page writes it in its own language."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


async def submit(
    request: Request[Any, Any, Any], session: BrowserSession,
    act: Callable[[dict[str, str]], Awaitable[T]], *, then: Callable[[T], str],
    refused: Callable[[dict[str, str], dict[str, Any]], Awaitable[Template]],
    region_fields: tuple[str, ...] = (),
) -> Template | Redirect:
    """Every form post: read the fields (CSRF checked), the `region_fields` pickers as codes,
    `act` on them, and 303 to `then`. Refused, `refused(typed, problem)` shows the form again
    with the problem and what was typed; the request's transaction rolls back on its 4xx, so
    nothing is written."""
    fields = await read_form(request, session.csrf_token)
    try:
        done = await act(await region_codes(fields, region_fields))
    except BlankoError as error:
        return await refused(fields, problem_of(error))
    return Redirect(then(done), status_code=303)
