"""The stock every regency announces to the public each day (the Dirjen's request, so that
nobody can be told "the blanks ran out" when they did not): on hand, days of cover and
print debt, as the dashboards read them (`services/standings.py`), with no personal data.

Read only: no transaction, nothing written; anyone may ask, so nothing here depends on who
asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from blanko_tracker.db import regions
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import Level, local_date
from blanko_tracker.services.standings import Standing, regency_standings


@dataclass(frozen=True, slots=True)
class PublicStock:
    """*Stok blanko publik*: the regencies under `parent` as of its office's day."""

    parent: str
    as_of: date
    regencies: list[Standing]


async def public_stock(parent: str, now: datetime) -> PublicStock:
    """Each regency at or under `parent` (the nation, a province, or a regency itself)."""
    region = await regions.known(parent)
    if region.level is Level.DISTRICT:
        raise InvalidInput("parent", "a district keeps no blanks: ask for its regency",
                           rule="public_stock_of_district", values={"code": parent})
    today = local_date(parent, now)
    return PublicStock(parent=parent, as_of=today,
                       regencies=await regency_standings(parent, today))
