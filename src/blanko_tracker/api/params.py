"""Parameter types shared by the controllers: the caller, paging."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import InvalidInput

CODE_PATTERN = r"^(00|\d{2}(\.\d{2}(\.\d{2})?)?)$"

CurrentActor = NamedDependency[Actor]
RegionQuery = Annotated[
    str, QueryParameter(pattern=CODE_PATTERN, description="Kemendagri code: 00, 75, 75.05")
]
OptionalRegionQuery = Annotated[
    str | None, QueryParameter(pattern=CODE_PATTERN, description="Kemendagri code")
]
Limit = Annotated[int, QueryParameter(ge=1, le=1000, description="page size, at most 1000")]
Offset = Annotated[int, QueryParameter(ge=0)]


def check_period(start: date | None, end: date | None) -> None:
    """`from` … `to` must run forwards."""
    if start is not None and end is not None and start > end:
        raise InvalidInput("from", f"{start} is after to={end}")
