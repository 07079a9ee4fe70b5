"""Parameter types shared by the controllers: the caller, paging."""

from __future__ import annotations

from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from blanko_tracker.domain.access import Actor

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
