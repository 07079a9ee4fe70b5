"""Parameter types shared by the controllers: the caller, paging."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.services.common import check_day

CODE_PATTERN = r"^(00|\d{2}(\.\d{2}(\.\d{2})?)?)$"

CurrentActor = NamedDependency[Actor]
RegionQuery = Annotated[
    str, QueryParameter(pattern=CODE_PATTERN, description="Kemendagri code: 00, 75, 75.05")
]
OptionalRegionQuery = Annotated[
    str | None, QueryParameter(pattern=CODE_PATTERN, description="Kemendagri code")
]
Limit = Annotated[int, QueryParameter(ge=1, le=1000, description="page size, at most 1000")]
# Bounded so the database never sees a number beyond its integer type (a 500, not a page).
Offset = Annotated[int, QueryParameter(ge=0, le=2_000_000_000)]


def check_period(start: date | None, end: date | None) -> None:
    """`from` … `to` must run forwards, inside the days the system takes."""
    for name, day in (("from", start), ("to", end)):
        if day is not None:
            check_day(day, field=name)
    if start is not None and end is not None and start > end:
        raise InvalidInput("from", f"{start} is after to={end}")
