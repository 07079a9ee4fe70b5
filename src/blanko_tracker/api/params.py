"""Parameter types shared by the controllers: the caller, paging."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import CODE
from blanko_tracker.schemas.common import whole
from blanko_tracker.services.common import check_day

CODE_PATTERN = whole(CODE)

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


# A moment in a query, ISO 8601: a day, or a day and time with an optional offset (UTC when
# none). Taken as text and read by `moment`: Litestar would read `to=0.5` as a Unix timestamp,
# and a naive moment compared with an aware one raised TypeError (a 500). No `pattern`: its
# violation would be reported under the Python parameter's name, not `from`/`to`.


def moment(text: str | None, *, field: str) -> datetime | None:
    """The aware datetime `text` names, inside the days the system takes."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput(field, f"{text!r} is not a moment such as 2023-02-01T08:00:00+07:00"
                           ) from error
    check_day(value.date(), field=field)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_MOMENT = "ISO 8601 day or moment, e.g. 2023-02-01 or 2023-02-01T08:00:00+07:00"
MomentFrom = Annotated[str | None, QueryParameter(name="from", description=_MOMENT)]
MomentTo = Annotated[str | None, QueryParameter(name="to", description=_MOMENT)]


def check_period(start: date | None, end: date | None) -> None:
    """`from` … `to` must run forwards, inside the days the system takes."""
    for name, day in (("from", start), ("to", end)):
        if day is not None:
            check_day(day, field=name)
    if start is not None and end is not None and start > end:
        raise InvalidInput("from", f"{start} is after to={end}")
