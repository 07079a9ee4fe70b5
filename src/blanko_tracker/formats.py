"""Numbers and dates as people write them, in the pages' languages (`id`, `en`), by Babel.

Written: 83000 → `83.000` (id) / `83,000` (en); 2023-02-02 → `2 Februari 2023` /
`2 February 2023`. Read: what a person types in a count field — `1.000` and `1000` are a
thousand in Indonesian, `1,000` and `1000` in English. A count is a whole number, 0 or
more: `1,5`, `1.2.3` or `-1` are refused with an InvalidInput the catalogue words.

The edges (web pages, the monthly PDF and workbook) format; the domain hands them numbers
and dates.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import NumberFormatError, format_decimal, format_percent, parse_decimal

from blanko_tracker.domain.errors import InvalidInput

EMPTY = "–"  # what a figure that is not known (None) shows
_PERCENT = "#,##0.0%"
_LONG_DATE = "d MMMM y"
_MONTH = "MMMM y"


def number(value: float | None, lang: str, *, decimals: int = 1) -> str:
    """83000 → `83.000` (id) / `83,000` (en); 12.5 → `12,5` / `12.5`. Whole numbers show no
    decimals, fractions at most `decimals` (days of stock need one, a rate three)."""
    if value is None:
        return EMPTY
    return format_decimal(value, format="#,##0." + "#" * decimals, locale=lang)


def percent(rate: float | None, lang: str) -> str:
    """A fraction as a percentage: 0.987 → `98,7%` (id) / `98.7%` (en)."""
    if rate is None:
        return EMPTY
    return format_percent(rate, format=_PERCENT, locale=lang)


def long_date(value: date | str | None, lang: str) -> str:
    """2023-02-02 → `2 Februari 2023` / `2 February 2023`. An ISO string is read first; a
    datetime shows the day of its own time zone (convert it to the office's before)."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, _LONG_DATE, locale=lang)


def month_year(value: date | str, lang: str) -> str:
    """The month `value` falls in (a date, or `YYYY-MM`): `Februari 2023` / `February 2023`."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return format_date(value, _MONTH, locale=lang)


def parse_count(text: str, lang: str, *, field: str) -> int:
    """A count typed into `field`, read as `lang` writes numbers: thousands separators
    optional, and checked (`10.00` is refused in Indonesian, not read as a thousand).

    Raises InvalidInput (rule `required`, `whole_number` or `non_negative`).
    """
    typed = text.strip()
    if not typed:
        raise InvalidInput(field, "this field is required", rule="required")
    try:
        value = parse_decimal(typed, locale=lang, strict=True)
    except NumberFormatError:
        raise InvalidInput(field, f"{typed!r} is not a whole number",
                           rule="whole_number") from None
    # Any decimals (`1,0` too), an exponent or NaN: not how a count is written. Reading `1.000`
    # typed on an English page as 1 would be the one wrong answer.
    if value.as_tuple().exponent != 0:
        raise InvalidInput(field, f"{typed!r} is not a whole number", rule="whole_number")
    if value < 0:
        raise InvalidInput(field, f"{typed!r} is below 0", rule="non_negative")
    return int(value)


def parse_number(text: str, lang: str, *, field: str) -> float:
    """A quantity that may have decimals (a rate, a daily capacity), as `lang` writes it:
    `0,5` in Indonesian, `0.5` in English.

    Raises InvalidInput (rule `required` or `number`); the range is the caller's to check.
    """
    typed = text.strip()
    if not typed:
        raise InvalidInput(field, "this field is required", rule="required")
    try:
        value: Decimal = parse_decimal(typed, locale=lang, strict=True)
    except NumberFormatError:
        raise InvalidInput(field, f"{typed!r} is not a number", rule="number") from None
    reading = float(value)
    if not math.isfinite(reading):
        raise InvalidInput(field, f"{typed!r} is not a number", rule="number")
    return reading
