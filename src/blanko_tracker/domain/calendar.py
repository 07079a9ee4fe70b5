"""The civil-registration offices' working calendar, for the forecast.

Rules held here:
- a working day is Monday to Friday, unless it is an Indonesian public holiday or a
  *cuti bersama* (joint leave day decreed around a holiday, e.g. the week of Idul Fitri);
- holidays come from the maintained `holidays` package (categories `public` and
  `government`: the latter carries the cuti bersama), never from a hand-typed list;
- cuti bersama are decreed a year or so ahead, so far-future years have public holidays
  only (Islamic dates are the package's estimates) until the package learns the decree.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

# `government` is where the package keeps cuti bersama; `public` the national holidays.
_WANTED = ("public", "government")


@cache
def _categories() -> tuple[str, ...]:
    """The wanted categories this installed `holidays` knows for Indonesia.

    An older release without `government` still gives the public holidays rather than
    failing; the forecast then counts cuti bersama as working days (slightly optimistic).
    """
    supported = set(holidays.country_holidays("ID").supported_categories)
    return tuple(c for c in _WANTED if c in supported) or ("public",)


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=_categories()))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days(start: date, end: date) -> list[date]:
    """The working days from `start` to `end`, both included (empty if `end` < `start`)."""
    return [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if is_working_day(start + timedelta(days=i))
    ]
