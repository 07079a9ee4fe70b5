"""Form fields → the same command structs the API takes, with the API's field errors."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from blanko_tracker.domain.errors import InvalidInput

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
